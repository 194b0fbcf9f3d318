package org.vae4j.inpaint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.vae4j.BadInputException;
import org.vae4j.Noise;
import org.vae4j.Seeds;
import org.vae4j.Tensors;
import org.vae4j.data.Batch;
import org.vae4j.model.LatentModel;

/**
 * Fills missing values with a trained unconditional model by a Markov chain over (z, x_miss), the observed values
 * held fixed.
 *
 * <ul>
 *   <li>{@link Method#PSEUDO_GIBBS} (Rezende et al. 2014): z ~ q(z | x), then x_miss ~ p(x_miss | z). It targets
 *       p(x_miss | x_obs) only if q(z | x) is the exact posterior.
 *   <li>{@link Method#METROPOLIS_WITHIN_GIBBS} (Mattei and Frellsen 2018): z' ~ q(z | x) is proposed and accepted
 *       with probability min(1, p(x | z') p(z') q(z | x) / (p(x | z) p(z) q(z' | x))), then x_miss ~ p(x_miss | z):
 *       the chain targets p(x_miss | x_obs) for any encoder.
 * </ul>
 *
 * The missing values start at zero, as the encoder sees them when they are masked; missing values of the input are
 * never read. The fill is the mean of E[x_miss | z_t] over the iterations after the burn-in.
 *
 * <p>{@link #fill} runs Metropolis-within-Gibbs's burn-in as pseudo-Gibbs steps, which always move: from the
 * zero-filled start, whose code is that of a dark image, Metropolis-Hastings steps rarely accept (on Fashion-MNIST
 * with three quadrants missing the chain kept its first code for most of 200 steps). The steps after the burn-in
 * are Metropolis-Hastings steps, so the chain's target is exact whatever state the burn-in leaves it in.
 */
public final class GibbsFill {
    private static final long NOISE = 0x61BB5;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /** The two chains. */
    public enum Method {
        /** z ~ q(z | x), x_miss ~ p(x_miss | z). */
        PSEUDO_GIBBS,
        /** z proposed from q(z | x) and accepted with the exact Metropolis-Hastings ratio. */
        METROPOLIS_WITHIN_GIBBS
    }

    private GibbsFill() {}

    /**
     * Fills the missing values of some examples.
     *
     * @param model an unconditional model whose inputs are the D values of each example
     * @param values count x D values; missing ones are ignored
     * @param missing count x D flags, true where a value is missing
     * @param method the chain
     * @param iterations iterations per example, more than {@code burnIn}
     * @param burnIn iterations left out of the average
     * @param seed seed of the chain
     * @param firstIndex the position of the first example in its set (example i uses stream firstIndex + i)
     * @return count x D values: the observed ones unchanged, the missing ones filled
     * @throws BadInputException if the sizes do not fit, the model is conditional, the iteration counts are wrong,
     *     or an observed value is not finite
     */
    public static float[] fill(LatentModel model, float[] values, boolean[] missing, Method method, int iterations,
            int burnIn, long seed, long firstIndex) {
        return fill(model, values, missing, null, method, iterations, burnIn, seed, firstIndex).values();
    }

    /**
     * Fills the missing values and, given the original values, scores the fill: log (1 / T) sum_t p(x_miss | z_t)
     * over the T kept steps of the chain, the chain's estimate of log p(x_miss | x_obs) (consistent for
     * Metropolis-within-Gibbs, whose z chain targets p(z | x_obs); pseudo-Gibbs's chain targets another
     * distribution, and its score shows how far). The original is read only for the score.
     *
     * @param model an unconditional model
     * @param values count x D values; missing ones are ignored
     * @param missing count x D flags, true where a value is missing
     * @param original count x D true values, or {@code null} for no score
     * @param method the chain
     * @param iterations iterations per example, more than {@code burnIn}
     * @param burnIn iterations left out
     * @param seed seed of the chain
     * @param firstIndex the position of the first example in its set
     * @return the filled values and, with an original, each example's score
     */
    public static Inpainting.Filled fill(LatentModel model, float[] values, boolean[] missing, float[] original,
            Method method, int iterations, int burnIn, long seed, long firstIndex) {
        FillInput.check(model, values, missing, method.toString());
        if (burnIn < 0 || iterations <= burnIn) {
            throw new BadInputException("inpainting: " + iterations + " iterations with a burn-in of " + burnIn
                    + "; expected more iterations than the burn-in, and a burn-in of at least 0");
        }
        int d = model.inputSize();
        float[] out = values.clone();
        double[] scores = original == null ? null : new double[values.length / d];
        double[] acceptance = method == Method.METROPOLIS_WITHIN_GIBBS ? new double[values.length / d] : null;
        for (int n = 0; n < values.length / d; n++) {
            boolean[] seen = new boolean[d];
            float[] row = FillInput.observedRow(values, missing, d, n, firstIndex, seen);
            float[] truth = original == null ? null : java.util.Arrays.copyOfRange(original, n * d, (n + 1) * d);
            Chain chain = run(model, row, seen, truth, method, iterations,
                    method == Method.METROPOLIS_WITHIN_GIBBS ? burnIn : 0, Seeds.derive(seed, NOISE, firstIndex + n));
            if (acceptance != null) {
                acceptance[n] = chain.accepted() / (double) (iterations - Math.max(burnIn, 1)); // step 0 proposes nothing
            }
            if (scores != null) {
                double lse = Double.NEGATIVE_INFINITY;
                for (int t = burnIn; t < iterations; t++) {
                    lse = Inpainting.logAddExp(lse, chain.logMissing[t]);
                }
                scores[n] = lse - Math.log(iterations - burnIn);
            }
            System.arraycopy(chain.completed(row, seen, burnIn), 0, out, n * d, d);
        }
        return new Inpainting.Filled(out, scores, null, acceptance);
    }

    /**
     * The states of a chain: the completed x and E[x | z] of every iteration, log p(x_miss | z) of the true missing
     * values at every iteration (zeros without them), and how many Metropolis-Hastings proposals were taken (every
     * step of pseudo-Gibbs counts as taken).
     */
    record Chain(float[][] draws, float[][] means, double[] logMissing, int accepted) {
        /**
         * @param row the observed values (any value where {@code seen} is false)
         * @param seen the observed flags
         * @param from the first step averaged (the burn-in)
         * @return the row with each missing value the mean of E[x | z_t] over steps from {@code from} on
         */
        float[] completed(float[] row, boolean[] seen, int from) {
            float[] out = row.clone();
            for (int i = 0; i < row.length; i++) {
                if (!seen[i]) {
                    double sum = 0;
                    for (int t = from; t < means.length; t++) {
                        sum += means[t][i];
                    }
                    out[i] = (float) (sum / (means.length - from));
                }
            }
            return out;
        }
    }

    /** Runs one example's chain; {@code row} holds zeros where {@code seen} is false. */
    static Chain run(LatentModel model, float[] row, boolean[] seen, Method method, int iterations, long seed) {
        return run(model, row, seen, null, method, iterations, 0, seed);
    }

    /**
     * As above; with {@code truth}, also log p(x_miss | z_t) of the true missing values at every step; the first
     * {@code warmUp} steps of Metropolis-within-Gibbs are pseudo-Gibbs steps (not counted as accepted).
     */
    static Chain run(LatentModel model, float[] row, boolean[] seen, float[] truth, Method method, int iterations,
            int warmUp, long seed) {
        int d = row.length;
        int latent = model.latent();
        Noise noise = new Noise(seed);
        SplittableRandom accept = new SplittableRandom(Seeds.derive(seed, NOISE, -1));
        float[] x = row.clone();
        float[] z = null;
        float[][] draws = new float[iterations][];
        float[][] means = new float[iterations][];
        double[] logMissing = new double[iterations];
        int accepted = 0;
        try (NDManager work = model.manager().newSubManager()) {
            for (int t = 0; t < iterations; t++) {
                try (NDManager step = work.newSubManager()) {
                    NDArray xs = Tensors.fromJava(step, x, new Shape(1, d));
                    NDList q = model.encode(Batch.of(xs), false);
                    float[] mu = q.get(0).toFloatArray();
                    float[] logVar = q.get(1).toFloatArray();
                    float[] eps = noise.normal(step, new Shape(1, latent)).toFloatArray();
                    float[] proposal = new float[latent];
                    for (int j = 0; j < latent; j++) {
                        proposal[j] = mu[j] + (float) Math.exp(0.5 * logVar[j]) * eps[j];
                    }
                    float[] kept;
                    NDArray params;
                    if (method == Method.PSEUDO_GIBBS || z == null || t < warmUp) {
                        kept = proposal;
                        params = model.decode(Tensors.fromJava(step, proposal, new Shape(1, latent)), null, false);
                        accepted += t < warmUp || z == null ? 0 : 1; // the first state and the burn-in propose nothing
                    } else {
                        float[] both = new float[2 * latent];
                        System.arraycopy(z, 0, both, 0, latent);
                        System.arraycopy(proposal, 0, both, latent, latent);
                        NDArray p2 = model.decode(Tensors.fromJava(step, both, new Shape(2, latent)), null, false);
                        double[] logPx = model.likelihood()
                                .negLogLikelihood(p2, xs.broadcast(new Shape(2, d)), null).neg()
                                .toType(DataType.FLOAT64, false).toDoubleArray();
                        double logRatio = logPx[1] + logPrior(proposal) - logQ(proposal, mu, logVar)
                                - (logPx[0] + logPrior(z) - logQ(z, mu, logVar));
                        if (Double.isNaN(logRatio)) {
                            throw new IllegalStateException("inpainting: the Metropolis-Hastings ratio at step " + t
                                    + " is not a number; the model gives no finite density to the completed image");
                        }
                        boolean take = logRatio >= 0 || Math.log(accept.nextDouble()) < logRatio;
                        kept = take ? proposal : z;
                        accepted += take ? 1 : 0;
                        params = p2.get(take ? 1 : 0).expandDims(0);
                    }
                    z = kept;
                    float[] fresh = model.likelihood().sample(params, noise).toFloatArray();
                    means[t] = model.likelihood().mean(params).toFloatArray();
                    if (truth != null) {
                        logMissing[t] = Inpainting.missingLogLikelihood(model, params, truth, seen, 1)[0];
                    }
                    for (int i = 0; i < d; i++) {
                        if (!seen[i]) {
                            x[i] = fresh[i];
                        }
                    }
                    draws[t] = x.clone();
                }
            }
        }
        return new Chain(draws, means, logMissing, accepted);
    }

    private static double logPrior(float[] z) {
        double s = 0;
        for (float v : z) {
            s += v * (double) v + LOG_2PI;
        }
        return -0.5 * s;
    }

    private static double logQ(float[] z, float[] mu, float[] logVar) {
        double s = 0;
        for (int j = 0; j < z.length; j++) {
            double u = z[j] - (double) mu[j];
            s += u * u / Math.exp(logVar[j]) + logVar[j] + LOG_2PI;
        }
        return -0.5 * s;
    }
}
