package org.vae4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
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
        int latent = model.config().latent();
        int rows = rowsPerStep(model.config().inputSize());
        int chunk = Math.min(samples, rows);
        int examplesPerStep = Math.max(1, rows / chunk);
        double[] logPx = new double[n];
        double logK = Math.log(samples);
        for (int start = 0; start < n; start += examplesPerStep) {
            int b = Math.min(examplesPerStep, n - start);
            double[] max = new double[b];
            double[] sum = new double[b];
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            try (NDManager step = model.manager().newSubManager()) {
                NDArray xb = x.get(start + ":" + (start + b));
                xb.attach(step);
                NDList q = model.network().encode(model.parameterStore(), xb, false);
                NDArray mu = q.get(0).expandDims(1);                           // (b, 1, L)
                NDArray logVar = q.get(1).expandDims(1);
                NDArray sd = Tensors.times(logVar, 0.5f).exp();
                // The constant -0.5 * L * log(2 pi) of log p(z) and log q(z | x) cancels; both are left out.
                NDArray logQConst = Tensors.times(logVar.sum(new int[] {2}), -0.5f); // (b, 1)
                for (int done = 0; done < samples; done += chunk) {
                    int c = Math.min(chunk, samples - done);
                    try (NDManager inner = step.newSubManager()) {
                        // One fixed stream per (example, sample block), so results do not depend on how the
                        // examples were grouped into steps.
                        Seeds.seedEngine(Seeds.derive(seed, IW_NOISE, (long) start * 1_000_003L + done));
                        NDArray eps = inner.randomNormal(new Shape(b, c, latent));
                        NDArray z = mu.add(sd.mul(eps));                           // (b, c, L)
                        NDArray xRep = xb.expandDims(1).broadcast(new Shape(b, c, xb.getShape().get(1)))
                                .reshape(b * (long) c, -1);
                        NDArray out = model.network().decode(model.parameterStore(), z.reshape(b * (long) c, latent),
                                false);
                        NDArray logPxz = model.likelihood().negLogLikelihood(out, xRep).neg().reshape(b, c);
                        NDArray logPz = Tensors.times(z.square().sum(new int[] {2}), -0.5f);
                        NDArray logQz = Tensors.times(eps.square().sum(new int[] {2}), -0.5f).add(logQConst);
                        float[] logW = logPxz.add(logPz).sub(logQz).toFloatArray();   // (b, c)
                        for (int i = 0; i < b; i++) {
                            double m = max[i];
                            for (int k = 0; k < c; k++) {
                                m = Math.max(m, logW[i * c + k]);
                            }
                            double s = m == Double.NEGATIVE_INFINITY ? 0 : sum[i] * Math.exp(max[i] - m);
                            for (int k = 0; k < c; k++) {
                                s += Math.exp(logW[i * c + k] - m);
                            }
                            max[i] = m;
                            sum[i] = s;
                        }
                    }
                }
            }
            for (int i = 0; i < b; i++) {
                logPx[start + i] = max[i] + Math.log(sum[i]) - logK;
            }
            if (progress != null) {
                progress.accept(start + b);
            }
        }
        return LogLikelihood.of(logPx, samples);
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
