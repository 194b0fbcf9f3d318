package org.vae4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.vae4j.Seeds;
import org.vae4j.Tensors;
import org.vae4j.data.Batch;
import org.vae4j.data.ExampleSet;
import org.vae4j.model.LatentModel;

/**
 * The importance-weighted estimate of log p(x) (Burda, Grosse and Salakhutdinov 2015, "Importance Weighted
 * Autoencoders"): with z_1..z_K drawn from q(z | x),
 *
 * <pre>
 *   log p(x) ~ log (1/K) sum_k p(x | z_k) p(z_k) / q(z_k | x)
 * </pre>
 *
 * <p>Its expectation is a lower bound on log p(x) that rises with K and reaches log p(x) as K grows; with K = 1 its
 * expectation is the ELBO. For a conditional model every distribution takes the class y, and the estimate is of
 * log p(x | y); {@link #perClass} estimates it for every class, which gives the marginal
 * log p(x) = log (1/C) sum_y p(x | y) (a uniform prior over the C classes) and the generative classifier
 * argmax_y p(x | y).
 *
 * <p>The K log-weights of an example are computed in chunks and combined with a running log-sum-exp in double
 * precision, so memory stays bounded whatever K is: at most {@link #rowsPerStep(LatentModel)} decoder rows are
 * alive at a time. Every example draws its noise from its own stream of the seed, the same stream for every
 * class, so an estimate does not depend on how examples are grouped, and the classes of one example are compared
 * on common noise.
 */
public final class ImportanceWeighted {
    /** Input values (rows x values per row) run through the decoder together: about 16 MB of inputs. */
    private static final int VALUES_PER_STEP = 1 << 22;

    private static final long IW_NOISE = 0x1A5E;

    private ImportanceWeighted() {}

    /**
     * How many decoder rows (examples x samples) one step runs: 4096 for 28x28 images, fewer for larger ones, so
     * that a step's inputs and activations stay within a few hundred MB.
     *
     * @param valuesPerRow the model's input size D
     * @return rows per step, between 64 and 4096
     */
    public static int rowsPerStep(int valuesPerRow) {
        return Math.max(64, Math.min(4096, VALUES_PER_STEP / Math.max(1, valuesPerRow)));
    }

    /**
     * How many decoder rows one step of this model runs: {@link #rowsPerStep(int)} of the widest row among the image
     * and the outputs of the decoder's layers (walking into sequential blocks; a layer's internal tensors, such as
     * the polyphase convolution's (b, 4 * out, q, q), are not seen). A conv decoder's activations (32 x 14 x 14 =
     * 6272 values per row for the default model) are far wider than the image, and its memory-bound steps (pixel
     * shuffle, bias, ReLU) ran faster in chunks of 668 and 332 rows than of 4000: the default conv model's K = 1000
     * evaluation of the 10,000 test images took 513 s against 15 minutes before (bench/results/2026-12-01-vm-eval.md
     * and 2026-11-25-vm-eval.md).
     *
     * @param model the model
     * @return rows per step, between 64 and 4096
     */
    public static int rowsPerStep(LatentModel model) {
        if (model.network().decoderReadsInput()) { // a sequence decoder's widest rows are its logits
            long logits = (long) model.inputSize() * model.likelihood().decoderOutputsPerValue();
            return rowsPerStep((int) Math.min(Integer.MAX_VALUE, logits));
        }
        Shape z = new Shape(1, model.latent());
        Shape[] in = model.classes() == 0 ? new Shape[] {z} : new Shape[] {z, new Shape(1, model.classes())};
        long widest = Math.max(model.inputSize(), widestRow(model.network().decoder(), in));
        return rowsPerStep((int) Math.min(Integer.MAX_VALUE, widest));
    }

    /** The most values per row in any output of a block, or of the layers of a sequential block, for one row. */
    static long widestRow(Block block, Shape[] inputs) {
        long widest = 0;
        if (block instanceof SequentialBlock sequence) {
            Shape[] current = inputs;
            for (Block child : sequence.getChildren().values()) {
                widest = Math.max(widest, widestRow(child, current));
                current = child.getOutputShapes(current);
            }
            return widest;
        }
        for (Shape out : block.getOutputShapes(inputs)) {
            widest = Math.max(widest, out.size());
        }
        return widest;
    }

    /**
     * Estimates log p(x) of every example (log p(x | y) with its own label for a conditional model).
     *
     * @param model a model with a Gaussian posterior and a standard normal prior
     * @param data examples that fit the model's schema
     * @param samples K, the importance samples per example, at least 1
     * @param seed seed of the samples; the same seed gives the same estimate
     * @param progress told how many examples are done after each step (may be {@code null})
     * @return the estimate per example and its summary
     * @throws IllegalArgumentException if {@code samples} is below 1 or there are no examples
     */
    public static LogLikelihood estimate(LatentModel model, ExampleSet data, int samples, long seed,
            IntConsumer progress) {
        double[][] perClass = run(model, data, samples, seed, progress, false);
        double[] logPx = new double[perClass.length];
        for (int i = 0; i < logPx.length; i++) {
            logPx[i] = perClass[i][0];
        }
        return LogLikelihood.of(logPx, samples);
    }

    /**
     * Estimates log p(x | y) of every example for every class y of a conditional model.
     *
     * @param model a conditional model with a Gaussian posterior and a standard normal prior
     * @param data examples that fit the model's schema (labels, when present, give the conditional estimate and the
     *     classifier's accuracy)
     * @param samples K per example and class
     * @param seed seed of the samples
     * @param progress told how many examples are done after each step (may be {@code null})
     * @return the estimates
     * @throws IllegalArgumentException if the model is unconditional, {@code samples} is below 1 or there are no
     *     examples
     */
    public static PerClass perClass(LatentModel model, ExampleSet data, int samples, long seed,
            IntConsumer progress) {
        if (model.classes() == 0) {
            throw new IllegalArgumentException("per-class estimates need a conditional model");
        }
        double[][] logPxy = run(model, data, samples, seed, progress, true);
        int n = logPxy.length;
        int c = model.classes();
        double[] marginal = new double[n];
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            LogSumExp sum = new LogSumExp();
            sum.add(logPxy[i], 0, c);
            marginal[i] = sum.value() - Math.log(c);
            int best = 0;
            for (int y = 1; y < c; y++) {
                if (logPxy[i][y] > logPxy[i][best]) {
                    best = y;
                }
            }
            predicted[i] = best;
        }
        int[] labels = data.labels().orElse(null);
        LogLikelihood conditional = null;
        double accuracy = Double.NaN;
        if (labels != null) {
            double[] own = new double[n];
            int right = 0;
            for (int i = 0; i < n; i++) {
                own[i] = logPxy[i][labels[i]];
                right += predicted[i] == labels[i] ? 1 : 0;
            }
            conditional = LogLikelihood.of(own, samples);
            accuracy = (double) right / n;
        }
        return new PerClass(logPxy, LogLikelihood.of(marginal, samples), conditional, predicted, accuracy);
    }

    /**
     * Estimates for every class of a conditional model.
     *
     * @param logPxGivenY log p(x | y) of every example (rows) and class (columns)
     * @param marginal log p(x) = log (1/C) sum_y p(x | y) of every example
     * @param conditional log p(x | y) with each example's own label, or {@code null} for unlabelled data
     * @param predicted argmax_y log p(x | y) of every example: the generative classifier
     * @param accuracy the share of examples the classifier assigns to their label, NaN for unlabelled data
     */
    public record PerClass(double[][] logPxGivenY, LogLikelihood marginal, LogLikelihood conditional, int[] predicted,
            double accuracy) {}

    /** @return per example, log p(x | y) for every class (allClasses) or the one estimate with its own label */
    private static double[][] run(LatentModel model, ExampleSet data, int samples, long seed, IntConsumer progress,
            boolean allClasses) {
        if (samples < 1) {
            throw new IllegalArgumentException("importance samples " + samples + ": expected at least 1");
        }
        int n = data.size();
        if (n == 0) {
            throw new IllegalArgumentException("no examples to score");
        }
        if (allClasses) { // every class is scored, so the data need no labels; labels it has must fit
            model.schema().checkInputs(data);
            model.schema().checkLabels(data);
        } else {
            model.schema().checkData(data);
        }
        int classes = allClasses ? model.classes() : 1;
        int latent = model.latent();
        int rows = rowsPerStep(model);
        int chunk = Math.min(samples, rows);
        int examplesPerStep = Math.max(1, rows / chunk);
        double[][] out = new double[n][classes];
        for (int start = 0; start < n; start += examplesPerStep) {
            int b = Math.min(examplesPerStep, n - start);
            try (NDManager step = model.manager().newSubManager()) {
                Batch batch = data.batch(step, start, start + b);
                for (int y = 0; y < classes; y++) {
                    Batch xb = allClasses ? batch.withCondition(
                            Tensors.fromJava(step, filled(b, y))) : batch;
                    double[] logPx = estimateGroup(model, xb, start, samples, chunk, latent, seed);
                    for (int i = 0; i < b; i++) {
                        out[start + i][y] = logPx[i];
                    }
                }
            }
            if (progress != null) {
                progress.accept(start + b);
            }
        }
        return out;
    }

    private static long[] filled(int n, long value) {
        long[] v = new long[n];
        java.util.Arrays.fill(v, value);
        return v;
    }

    /** log p(x) of a group of examples with the batch's condition, K samples in chunks. */
    private static double[] estimateGroup(LatentModel model, Batch xb, int first, int samples, int chunk, int latent,
            long seed) {
        int b = xb.size();
        LogSumExp[] sums = new LogSumExp[b];
        SplittableRandom[] noise = new SplittableRandom[b];
        for (int i = 0; i < b; i++) {
            sums[i] = new LogSumExp();
            noise[i] = new SplittableRandom(Seeds.derive(seed, IW_NOISE, first + i));
        }
        try (NDManager group = xb.input().getManager().newSubManager()) {
            NDList q = model.encode(xb, false);
            q.attach(group);
            Posterior posterior = new Posterior(xb.input(), xb.condition(), xb.mask(), q.get(0).expandDims(1),
                    q.get(1).expandDims(1));
            for (int done = 0; done < samples; done += chunk) {
                int c = Math.min(chunk, samples - done);
                float[] eps = new float[b * c * latent];
                for (int i = 0; i < b; i++) {
                    for (int j = i * c * latent; j < (i + 1) * c * latent; j++) {
                        eps[j] = (float) noise[i].nextGaussian();
                    }
                }
                double[] logW;
                try (NDManager inner = group.newSubManager()) {
                    logW = logWeights(model, posterior, Tensors.fromJava(inner, eps, new Shape(b, c, latent)));
                }
                for (int i = 0; i < b; i++) {
                    sums[i].add(logW, i * c, c);
                }
            }
        }
        double[] logPx = new double[b];
        for (int i = 0; i < b; i++) {
            logPx[i] = sums[i].value() - Math.log(samples);
        }
        return logPx;
    }

    /**
     * A group of examples with the parameters of q(z | x), shaped for broadcasting over samples.
     *
     * @param x the inputs, shape (b, D)
     * @param condition the classes (b) int64, or {@code null}
     * @param mask the observed values (b, D), or {@code null}
     * @param mu means, shape (b, 1, L)
     * @param logVar log-variances, shape (b, 1, L)
     */
    record Posterior(NDArray x, NDArray condition, NDArray mask, NDArray mu, NDArray logVar) {}

    /**
     * The log importance weights log p(x|z) + log p(z) - log q(z|x) of one chunk of samples z = mu + sigma * eps.
     * Everything computed here belongs to {@code eps}'s manager, so closing it frees the chunk: memory does not grow
     * with the number of chunks.
     *
     * @param model the model
     * @param q the examples and their posteriors, owned by a longer-lived manager
     * @param eps standard normal noise, shape (b, c, L), owned by the chunk's manager
     * @return the log-weights, b x c in example-major order, in double precision
     */
    static double[] logWeights(LatentModel model, Posterior q, NDArray eps) {
        NDManager inner = eps.getManager();
        Shape shape = eps.getShape();
        long b = shape.get(0);
        long c = shape.get(1);
        long d = q.x().getShape().get(1);
        NDArray logVar = Tensors.borrow(q.logVar(), inner);
        NDArray z = eps.mul(Tensors.times(logVar, 0.5f).exp()).add(q.mu());             // (b, c, L)
        NDArray xRep = repeat(q.x(), inner, b, c, d);
        NDArray mask = q.mask() == null ? null : repeat(q.mask(), inner, b, c, d);
        NDArray condition = q.condition() == null ? null
                : Tensors.borrow(q.condition(), inner).expandDims(1).broadcast(new Shape(b, c)).reshape(b * c);
        // a sequence decoder reads each sample's example (teacher forcing); the others ignore it
        NDArray params = model.decode(z.reshape(b * c, shape.get(2)), condition, xRep, false);
        NDArray logPxz = model.likelihood().negLogLikelihood(params, xRep, mask).neg().reshape(b, c);
        // log p(z) - log q(z | x) = -0.5 sum z^2 + 0.5 sum (eps^2 + log var); the -0.5 L log(2 pi) of each cancels.
        NDArray logPzOverQ = Tensors.times(eps.square().add(logVar).sub(z.square()).sum(new int[] {2}), 0.5f);
        return logPxz.toType(DataType.FLOAT64, false).add(logPzOverQ.toType(DataType.FLOAT64, false))
                .toDoubleArray();
    }

    private static NDArray repeat(NDArray rows, NDManager owner, long b, long c, long d) {
        return Tensors.borrow(rows, owner).expandDims(1).broadcast(new Shape(b, c, d)).reshape(b * c, d);
    }

    /** A running log(sum exp(v)) over values that arrive in chunks, exact in double precision. */
    static final class LogSumExp {
        private double max = Double.NEGATIVE_INFINITY;
        private double sum;

        /**
         * Adds values.
         *
         * @param values an array holding them
         * @param from the first
         * @param count how many
         */
        void add(double[] values, int from, int count) {
            double m = max;
            for (int k = from; k < from + count; k++) {
                m = Math.max(m, values[k]);
            }
            if (m == Double.NEGATIVE_INFINITY) {
                return;
            }
            double s = max == Double.NEGATIVE_INFINITY ? 0 : sum * Math.exp(max - m);
            for (int k = from; k < from + count; k++) {
                s += Math.exp(values[k] - m);
            }
            max = m;
            sum = s;
        }

        /** @return log(sum exp(v)) over every value added, -infinity for none */
        double value() {
            return max + Math.log(sum);
        }
    }

    /**
     * The estimates of a dataset: log p(x) per example, their mean and its standard error over examples.
     *
     * @param perExample the estimate of log p(x) of each example, nats
     * @param samples K
     * @param mean the mean over examples
     * @param standardError the standard error of the mean over examples (sample standard deviation / sqrt(N))
     */
    public record LogLikelihood(double[] perExample, int samples, double mean, double standardError) {
        /**
         * Summarises per-example estimates.
         *
         * @param perExample log p(x) per example
         * @param samples K
         * @return the summary
         */
        public static LogLikelihood of(double[] perExample, int samples) {
            int n = perExample.length;
            double mean = 0;
            for (double v : perExample) {
                mean += v / n;
            }
            double ss = 0;
            for (double v : perExample) {
                ss += (v - mean) * (v - mean);
            }
            double se = n > 1 ? Math.sqrt(ss / (n - 1) / n) : Double.NaN;
            return new LogLikelihood(perExample, samples, mean, se);
        }

        /** @return the number of examples */
        public int count() {
            return perExample.length;
        }
    }
}
