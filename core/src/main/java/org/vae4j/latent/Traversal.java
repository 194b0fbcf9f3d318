package org.vae4j.latent;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;
import org.vae4j.data.ExampleSet;
import org.vae4j.loss.Kl;
import org.vae4j.model.LatentModel;

/**
 * Latent traversals: start from one example's posterior mean, set one latent dimension to evenly spaced values in
 * {@code [-R, R]} while holding the others, and decode, one row per dimension. Rows are ordered by the dimension's KL
 * on the data, largest first, so the dimensions the model uses come first and collapsed ones (KL near 0, whose
 * traversals change nothing) last.
 *
 * <p>The KL of dimension {@code j} is the mean over the data of
 * {@code 0.5 * (mu_j^2 + sigma_j^2 - 1 - log sigma_j^2)} ({@link Kl#perDimension(double, double)}), with {@code mu}
 * and {@code log sigma^2} the encoder's outputs, computed in double precision from {@link LatentModel#encode}.
 * Dimensions are numbered from 0 in this API; the command line labels them from 1 ({@code z1} is dimension 0), as
 * {@code vae4j info} does. A conditional model decodes every code of a traversal with one class, the example's own.
 */
public final class Traversal {

    /** The default half-width R of the range of values, 3 (three standard deviations of the prior). */
    public static final double DEFAULT_RANGE = 3.0;

    /** The default number of values per dimension, 9. */
    public static final int DEFAULT_STEPS = 9;

    /**
     * What to traverse.
     *
     * @param range the half-width R: each dimension takes values from -R to R; finite and above 0
     * @param steps how many values per dimension, from 2, both ends included
     * @param dims how many dimensions to draw, those of largest KL; 0 for all of them
     */
    public record Options(double range, int steps, int dims) {

        /**
         * Checks the options.
         *
         * @param range the half-width of the range, finite and above 0
         * @param steps values per dimension, from 2
         * @param dims dimensions to draw, from 1, or 0 for all
         * @throws IllegalArgumentException if a value is out of range
         */
        public Options {
            if (!(range > 0) || Double.isInfinite(range)) {
                throw new IllegalArgumentException("range must be a finite number above 0, found " + range);
            }
            if (steps < 2) {
                throw new IllegalArgumentException("steps must be at least 2, found " + steps);
            }
            if (dims < 0) {
                throw new IllegalArgumentException("dims must be 0 (all) or more, found " + dims);
            }
        }

        /**
         * The defaults: range {@value Traversal#DEFAULT_RANGE}, {@value Traversal#DEFAULT_STEPS} steps, every
         * dimension.
         *
         * @return the default options
         */
        public static Options defaults() {
            return new Options(DEFAULT_RANGE, DEFAULT_STEPS, 0);
        }

        /**
         * @param value the half-width of the range
         * @return these options with another range
         */
        public Options withRange(double value) {
            return new Options(value, steps, dims);
        }

        /**
         * @param value values per dimension
         * @return these options with another number of steps
         */
        public Options withSteps(int value) {
            return new Options(range, value, dims);
        }

        /**
         * @param value dimensions to draw, or 0 for all
         * @return these options with another number of dimensions
         */
        public Options withDims(int value) {
            return new Options(range, steps, value);
        }
    }

    /**
     * A traversal: the codes of every row and their decodings.
     *
     * <p>The arrays are the ones computed, not copies.
     *
     * @param base the example's posterior mean, {@code latent} values, which every code starts from
     * @param dimensions the dimension each row varies, from 0, in row order (KL descending)
     * @param kl the KL of every dimension in nats, indexed by dimension ({@code latent} values)
     * @param values the values each varied dimension takes, in column order, from {@code -range} to {@code range}
     * @param codes {@code rows x steps x latent} values: code {@code (r, s)} is {@code base} with dimension
     *     {@code dimensions[r]} set to {@code values[s]}
     * @param images {@code rows x steps x D} values: the mean of p(x | z) of every code, in the same order
     * @param rows how many rows, {@code dimensions.length}
     * @param steps values per row
     * @param latent the latent size
     * @param classes the class every image was decoded with, or {@code null} for an unconditional model
     */
    public record Result(
            float[] base,
            int[] dimensions,
            double[] kl,
            double[] values,
            float[] codes,
            float[] images,
            int rows,
            int steps,
            int latent, int[] classes) {}

    private Traversal() {}

    /**
     * The KL of each latent dimension on a dataset, mean over its examples.
     *
     * @param model the model
     * @param data images with the model's input shape
     * @return {@code latent} values in nats
     * @throws org.vae4j.BadInputException if the data does not fit the model
     */
    public static double[] klPerDimension(LatentModel model, ExampleSet data) {
        return klPerDimension(model.encode(data));
    }

    /**
     * The KL of each latent dimension, mean over the encoded examples.
     *
     * @param encoding the encoder's output for at least one example
     * @return {@code latent} values in nats
     */
    public static double[] klPerDimension(LatentModel.Encoding encoding) {
        int n = encoding.count();
        int latent = encoding.latent();
        if (n < 1) {
            throw new IllegalArgumentException("expected at least one encoded example, found " + n);
        }
        double[] sums = new double[latent];
        float[] mu = encoding.mu();
        float[] logVar = encoding.logVar();
        for (int i = 0; i < n * latent; i++) {
            sums[i % latent] += Kl.perDimension(mu[i], logVar[i]);
        }
        for (int j = 0; j < latent; j++) {
            sums[j] /= n;
        }
        return sums;
    }

    /**
     * Orders dimensions by KL.
     *
     * @param kl the KL of each dimension
     * @return every dimension, largest KL first; equal values keep the order of their dimensions
     */
    public static int[] byKl(double[] kl) {
        return IntStream.range(0, kl.length)
                .boxed()
                .sorted((a, b) -> {
                    int c = Double.compare(kl[b], kl[a]);
                    return c != 0 ? c : Integer.compare(a, b);
                })
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /**
     * The values a traversed dimension takes: {@code range * (2k - (steps - 1)) / (steps - 1)} for
     * {@code k = 0 .. steps - 1}, evenly spaced from {@code -range} to {@code range}, symmetric about 0 and holding 0
     * exactly when {@code steps} is odd.
     *
     * @param range the half-width
     * @param steps how many values, from 2
     * @return the values
     * @throws IllegalArgumentException if the range is not finite and above 0 or {@code steps < 2}
     */
    public static double[] values(double range, int steps) {
        if (!(range > 0) || Double.isInfinite(range) || steps < 2) {
            throw new IllegalArgumentException("range " + range + " and steps " + steps
                    + ": expected a finite range above 0 and at least 2 steps");
        }
        double[] v = new double[steps];
        for (int k = 0; k < steps; k++) {
            v[k] = range * (2 * k - (steps - 1)) / (steps - 1);
        }
        return v;
    }

    /**
     * Traverses the latent space around one example of a dataset, ordering dimensions by their KL on the whole
     * dataset. The dataset is encoded once.
     *
     * @param model the model
     * @param data examples that fit the model
     * @param index the example whose posterior mean the traversal starts from (and, for a conditional model, whose
     *     label every code is decoded with)
     * @param options range, steps and how many dimensions
     * @return the traversal
     * @throws org.vae4j.BadInputException if the data does not fit the model
     * @throws IndexOutOfBoundsException if {@code index} is not an example of {@code data}
     * @throws IllegalArgumentException if {@code options.dims()} exceeds the latent size
     */
    public static Result traverse(LatentModel model, ExampleSet data, int index, Options options) {
        Objects.checkIndex(index, data.size());
        LatentModel.Encoding encoding = model.encode(data);
        int latent = encoding.latent();
        float[] base = Arrays.copyOfRange(encoding.mu(), index * latent, (index + 1) * latent);
        int label = model.classes() == 0 ? -1 : data.labels().orElseThrow()[index];
        return traverse(model, base, klPerDimension(encoding), label, options);
    }

    /**
     * Traverses the latent space around a given code, ordering dimensions by given KL values.
     *
     * @param model the model
     * @param base the code to start from, {@code latent} values (usually an example's posterior mean)
     * @param kl the KL of each dimension, {@code latent} values, which set the order of the rows
     * @param label the class every code is decoded with for a conditional model; ignored (give -1) otherwise
     * @param options range, steps and how many dimensions
     * @return the traversal
     * @throws IllegalArgumentException if an array is not {@code latent} long or {@code options.dims()} exceeds the
     *     latent size
     */
    public static Result traverse(LatentModel model, float[] base, double[] kl, int label, Options options) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        int latent = model.latent();
        if (base.length != latent || kl.length != latent) {
            throw new IllegalArgumentException("expected " + latent + " values in base and kl, found "
                    + base.length + " and " + kl.length);
        }
        if (options.dims() > latent) {
            throw new IllegalArgumentException(
                    "dims " + options.dims() + " exceeds the latent size " + latent);
        }
        int rows = options.dims() == 0 ? latent : options.dims();
        int steps = options.steps();
        int[] dimensions = Arrays.copyOf(byKl(kl), rows);
        double[] values = values(options.range(), steps);
        float[] codes = new float[Math.multiplyExact(rows * steps, latent)];
        for (int r = 0; r < rows; r++) {
            for (int s = 0; s < steps; s++) {
                int at = (r * steps + s) * latent;
                System.arraycopy(base, 0, codes, at, latent);
                codes[at + dimensions[r]] = (float) values[s];
            }
        }
        int[] classes = classes(model, label, rows * steps);
        float[] images = model.decode(codes, rows * steps, classes);
        return new Result(base.clone(), dimensions, kl.clone(), values, codes, images, rows, steps, latent, classes);
    }

    /** @return {@code count} copies of the label for a conditional model, {@code null} for an unconditional one */
    static int[] classes(LatentModel model, int label, int count) {
        if (model.classes() == 0) {
            return null;
        }
        int[] out = new int[count];
        Arrays.fill(out, label);
        return out;
    }
}
