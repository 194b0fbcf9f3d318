package org.vae4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.vae4j.Seeds;
import org.vae4j.Tensors;
import org.vae4j.model.VaeModel;

/**
 * The importance-weighted estimate of log p(x) (Burda, Grosse and Salakhutdinov 2015, "Importance Weighted
 * Autoencoders"): with z_1..z_K drawn from q(z | x),
 *
 * <pre>
 *   log p(x) ~ log (1/K) sum_k p(x | z_k) p(z_k) / q(z_k | x)
 * </pre>
 *
 * <p>Its expectation is a lower bound on log p(x) that rises with K and reaches log p(x) as K grows; with K = 1 its
 * expectation is the ELBO. The K log-weights of an example are computed in chunks and combined with a running
 * log-sum-exp in double precision, so memory stays bounded whatever K is: at most {@link #rowsPerStep(int)}
 * decoder rows are alive at a time.
 */
public final class ImportanceWeighted {
    /** Input values (rows x values per row) run through the decoder together: about 16 MB of inputs. */
    private static final int VALUES_PER_STEP = 1 << 22;

    private static final long IW_NOISE = 0x1A5E;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

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
     * Estimates log p(x) of each row of {@code x}.
     *
     * @param model the model
     * @param x flat inputs already in native memory, shape (N, D)
     * @param samples K, the importance samples per example, at least 1
     * @param seed seed of the samples; the same seed gives the same estimate
     * @param progress told how many examples are done after each step (may be {@code null})
     * @return the estimate per example and its summary
     * @throws IllegalArgumentException if {@code samples} is below 1
     */
    public static LogLikelihood estimate(VaeModel model, NDArray x, int samples, long seed, IntConsumer progress) {
        if (samples < 1) {
            throw new IllegalArgumentException("importance samples " + samples + ": expected at least 1");
        }
        int n = Math.toIntExact(x.getShape().get(0));
        if (n == 0) {
            throw new IllegalArgumentException("no examples to score");
        }
        int latent = model.config().latent();
        int rows = rowsPerStep(model.config().inputSize());
        int chunk = Math.min(samples, rows);
        int examplesPerStep = Math.max(1, rows / chunk);
        double[] logPx = new double[n];
        for (int start = 0; start < n; start += examplesPerStep) {
            int b = Math.min(examplesPerStep, n - start);
            LogSumExp[] sums = new LogSumExp[b];
            // Each example draws its samples, in order, from its own stream: its estimate does not depend on which
            // examples it was grouped with, nor on the chunk size.
            SplittableRandom[] noise = new SplittableRandom[b];
            for (int i = 0; i < b; i++) {
                sums[i] = new LogSumExp();
                noise[i] = new SplittableRandom(Seeds.derive(seed, IW_NOISE, start + i));
            }
            try (NDManager step = model.manager().newSubManager()) {
                NDArray xb = x.get(start + ":" + (start + b));
                xb.attach(step);
                NDList q = model.network().encode(model.parameterStore(), xb, false);
                Posterior posterior = new Posterior(xb, q.get(0).expandDims(1), q.get(1).expandDims(1));
                for (int done = 0; done < samples; done += chunk) {
                    int c = Math.min(chunk, samples - done);
                    float[] eps = new float[b * c * latent];
                    for (int i = 0; i < b; i++) {
                        for (int j = i * c * latent; j < (i + 1) * c * latent; j++) {
                            eps[j] = (float) noise[i].nextGaussian();
                        }
                    }
                    double[] logW;
                    try (NDManager inner = step.newSubManager()) {
                        logW = logWeights(model, posterior, inner.create(eps, new Shape(b, c, latent)));
                    }
                    for (int i = 0; i < b; i++) {
                        sums[i].add(logW, i * c, c);
                    }
                }
            }
            for (int i = 0; i < b; i++) {
                logPx[start + i] = sums[i].value() - Math.log(samples);
            }
            if (progress != null) {
                progress.accept(start + b);
            }
        }
        return LogLikelihood.of(logPx, samples);
    }

    /**
     * A group of examples with the parameters of q(z | x), shaped for broadcasting over samples.
     *
     * @param x the inputs, shape (b, D)
     * @param mu means, shape (b, 1, L)
     * @param logVar log-variances, shape (b, 1, L)
     */
    record Posterior(NDArray x, NDArray mu, NDArray logVar) {}

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
    static double[] logWeights(VaeModel model, Posterior q, NDArray eps) {
        NDManager inner = eps.getManager();
        Shape shape = eps.getShape();
        long b = shape.get(0);
        long c = shape.get(1);
        NDArray logVar = Tensors.borrow(q.logVar(), inner);
        NDArray z = eps.mul(Tensors.times(logVar, 0.5f).exp()).add(q.mu());             // (b, c, L)
        NDArray xRep = Tensors.borrow(q.x(), inner).expandDims(1)
                .broadcast(new Shape(b, c, q.x().getShape().get(1))).reshape(b * c, -1);
        NDArray out = model.network().decode(model.parameterStore(), z.reshape(b * c, shape.get(2)), false);
        NDArray logPxz = model.likelihood().negLogLikelihood(out, xRep).neg().reshape(b, c);
        // log p(z) - log q(z | x) = -0.5 sum z^2 + 0.5 sum (eps^2 + log var); the -0.5 L log(2 pi) of each cancels.
        NDArray logPzOverQ = Tensors.times(eps.square().add(logVar).sub(z.square()).sum(new int[] {2}), 0.5f);
        return logPxz.toType(DataType.FLOAT64, false).add(logPzOverQ.toType(DataType.FLOAT64, false))
                .toDoubleArray();
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
