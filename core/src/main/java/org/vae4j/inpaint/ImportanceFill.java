package org.vae4j.inpaint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.vae4j.BadInputException;
import org.vae4j.Noise;
import org.vae4j.Seeds;
import org.vae4j.Tensors;
import org.vae4j.data.Batch;
import org.vae4j.eval.ImportanceWeighted;
import org.vae4j.model.LatentModel;

/**
 * Fills missing values with a trained unconditional model by importance sampling (the MIWAE imputation of Mattei
 * and Frellsen 2019): K draws z_k ~ q(z | x_obs), weights w_k proportional to p(x_obs | z_k) p(z_k) / q(z_k | x_obs),
 * and each missing value is the weighted mean of E[x | z_k]. As K grows this tends to E[x_miss | x_obs] under the
 * model; with K = 1 it is the mean of p(x | z) at one draw from q. Missing values are never read: they are
 * replaced by zeros before anything reaches the engine, and the encoder and the likelihood see the mask.
 *
 * <p>The proposal can be refined ({@code proposalSteps} > 0): the encoder then proposes at the observed image
 * completed by that many pseudo-Gibbs steps ({@link GibbsFill}; the mean of their E[x_miss | z]), and the weights are
 * p(x_obs | z) p(z) / q(z | x_completed), the exact density of the draws, so the estimator is as consistent as with
 * the zero-filled proposal. It matters when much is missing: a VAE trained on whole images encodes a zero-filled
 * image as a dark one, and with three quadrants missing on Fashion-MNIST 1000 draws from that proposal filled worse
 * than the mean image (bench/results/*-vm-inpaint.md).
 */
public final class ImportanceFill {
    private static final long NOISE = 0x1F11;

    private ImportanceFill() {}

    /**
     * Fills the missing values of some examples.
     *
     * @param model an unconditional model whose inputs are the D values of each example
     * @param values count x D values, row after row; missing ones are ignored
     * @param missing count x D flags, true where a value is missing
     * @param samples K, the importance samples per example, at least 1
     * @param seed seed of the draws (example i draws from a stream of its own)
     * @return count x D values: the observed ones unchanged, the missing ones filled
     * @throws BadInputException if the sizes do not fit the model, the model is conditional, or an observed value
     *     is not finite
     */
    public static float[] fill(LatentModel model, float[] values, boolean[] missing, int samples, long seed) {
        return fill(model, values, missing, samples, seed, 0);
    }

    /**
     * Fills the missing values of some examples of a larger set, drawing as a fill of the whole set would.
     *
     * @param model an unconditional model whose inputs are the D values of each example
     * @param values count x D values, row after row; missing ones are ignored
     * @param missing count x D flags, true where a value is missing
     * @param samples K, the importance samples per example, at least 1
     * @param seed seed of the draws
     * @param firstIndex the position of the first example in its set: example i draws from stream firstIndex + i
     * @return count x D values: the observed ones unchanged, the missing ones filled
     * @throws BadInputException if the sizes do not fit the model, the model is conditional, or an observed value
     *     is not finite
     */
    public static float[] fill(LatentModel model, float[] values, boolean[] missing, int samples, long seed,
            long firstIndex) {
        return fill(model, values, missing, samples, seed, firstIndex,
                Math.max(1, ImportanceWeighted.rowsPerStep(model)));
    }

    /** As {@link #fill(LatentModel, float[], boolean[], int, long, long)}, decoding {@code step} draws at a time. */
    static float[] fill(LatentModel model, float[] values, boolean[] missing, int samples, long seed, long firstIndex,
            int step) {
        return fillSteps(model, values, missing, null, samples, 0, seed, firstIndex, step).values();
    }

    /**
     * Fills the missing values and, given the original values, scores the fill: the estimate of
     * log p(x_miss | x_obs) from the same draws, log (sum_k w_k p(x_miss | z_k) / sum_k w_k), the ratio of the
     * importance-weighted estimates of p(x) and p(x_obs). The original is read only for the score, after the fill
     * is made.
     *
     * @param model an unconditional model whose inputs are the D values of each example
     * @param values count x D values; missing ones are ignored
     * @param missing count x D flags, true where a value is missing
     * @param original count x D true values, or {@code null} for no score
     * @param samples K
     * @param seed seed of the draws
     * @param firstIndex the position of the first example in its set
     * @return the filled values and, with an original, the log-likelihood of each example's missing values
     */
    public static Inpainting.Filled fill(LatentModel model, float[] values, boolean[] missing, float[] original,
            int samples, long seed, long firstIndex) {
        return fill(model, values, missing, original, samples, 0, seed, firstIndex);
    }

    /**
     * As {@link #fill(LatentModel, float[], boolean[], float[], int, long, long)}, with a refined proposal.
     *
     * @param model an unconditional model
     * @param values count x D values; missing ones are ignored
     * @param missing count x D flags
     * @param original count x D true values, or {@code null}
     * @param samples K
     * @param proposalSteps pseudo-Gibbs steps that complete the image the encoder proposes at; 0 for the
     *     zero-filled image
     * @param seed seed of the draws
     * @param firstIndex the position of the first example in its set
     * @return the filled values and their scores
     */
    public static Inpainting.Filled fill(LatentModel model, float[] values, boolean[] missing, float[] original,
            int samples, int proposalSteps, long seed, long firstIndex) {
        if (proposalSteps < 0) {
            throw new BadInputException("inpainting: " + proposalSteps + " proposal steps; expected at least 0");
        }
        return fillSteps(model, values, missing, original, samples, proposalSteps, seed, firstIndex,
                Math.max(1, ImportanceWeighted.rowsPerStep(model)));
    }

    /** The fill, decoding {@code step} draws at a time. */
    static Inpainting.Filled fillSteps(LatentModel model, float[] values, boolean[] missing, float[] original,
            int samples, int proposalSteps, long seed, long firstIndex, int step) {
        FillInput.check(model, values, missing, "importance sampling");
        if (samples < 1) {
            throw new BadInputException("inpainting: " + samples + " importance samples; expected at least 1");
        }
        int d = model.inputSize();
        int count = values.length / d;
        float[] out = values.clone();
        double[] scores = original == null ? null : new double[count];
        for (int n = 0; n < count; n++) {
            boolean[] seen = new boolean[d];
            float[] row = FillInput.observedRow(values, missing, d, n, firstIndex, seen);
            float[] truth = original == null ? null : java.util.Arrays.copyOfRange(original, n * d, (n + 1) * d);
            double[] score = new double[1];
            float[] filled = fillOne(model, row, seen, truth, score, samples, proposalSteps, Seeds.derive(seed,
                    NOISE, firstIndex + n), step);
            if (scores != null) {
                scores[n] = score[0];
            }
            for (int i = 0; i < d; i++) {
                if (!seen[i]) {
                    out[n * d + i] = filled[i];
                }
            }
        }
        return new Inpainting.Filled(out, scores);
    }

    private static float[] fillOne(LatentModel model, float[] row, boolean[] seen, float[] truth, double[] score,
            int samples, int proposalSteps, long seed, int step) {
        int d = row.length;
        // the K draws go through the decoder in steps bounded by its widest activation, and are combined with a
        // running maximum of the log-weights, so memory stays bounded for any K
        Noise noise = new Noise(seed);
        double max = Double.NEGATIVE_INFINITY;
        double total = 0;
        double[] sums = new double[d];
        double scored = Double.NEGATIVE_INFINITY; // log sum_k w_k p(x_miss | z_k), on the scale exp(0)
        try (NDManager work = model.manager().newSubManager()) {
            NDArray x = Tensors.fromJava(work, row, new Shape(1, d));
            NDArray mask = work.create(seen, new Shape(1, d));
            NDList q;
            if (proposalSteps > 0) {
                // the proposal's image: the observed values, and the mean of E[x_miss | z] over a pseudo-Gibbs chain
                GibbsFill.Chain c = GibbsFill.run(model, row, seen, null, GibbsFill.Method.PSEUDO_GIBBS,
                        proposalSteps, 0, Seeds.derive(seed, NOISE, -2));
                float[] completed = c.completed(row, seen, 0);
                q = model.encode(Batch.of(Tensors.fromJava(work, completed, new Shape(1, d))), false);
            } else {
                q = model.encode(new Batch(new NDList(x), mask, null), false);
            }
            NDArray mu = q.get(0);
            NDArray logVar = q.get(1);
            for (int from = 0; from < samples; from += step) {
                int k = Math.min(step, samples - from);
                try (NDManager chunk = work.newSubManager()) {
                    NDArray eps = noise.normal(chunk, new Shape(k, model.latent()));
                    NDArray z = eps.mul(Tensors.times(Tensors.borrow(logVar, chunk), 0.5f).exp()).add(mu);
                    NDArray params = model.decode(z, null, false);
                    NDArray logPx = model.likelihood().negLogLikelihood(params, x.broadcast(new Shape(k, d)),
                            mask.broadcast(new Shape(k, d))).neg();
                    // log p(z) - log q(z | x_obs) = -0.5 sum z^2 + 0.5 sum (eps^2 + log var); 2 pi terms cancel
                    NDArray logPzOverQ = Tensors.times(eps.square().add(logVar).sub(z.square()).sum(new int[] {1}),
                            0.5f);
                    double[] logW = logPx.toType(DataType.FLOAT64, false)
                            .add(logPzOverQ.toType(DataType.FLOAT64, false)).toDoubleArray();
                    float[] means = model.likelihood().mean(params).toFloatArray();
                    if (truth != null) {
                        double[] logMiss = Inpainting.missingLogLikelihood(model, params, truth, seen, k);
                        for (int j = 0; j < k; j++) {
                            scored = Inpainting.logAddExp(scored, logW[j] + logMiss[j]);
                        }
                    }
                    for (int j = 0; j < k; j++) {
                        if (!(logW[j] > max)) {
                            continue;
                        }
                        double scale = Math.exp(max - logW[j]); // 0 the first time
                        total *= scale;
                        for (int i = 0; i < d; i++) {
                            sums[i] *= scale;
                        }
                        max = logW[j];
                    }
                    for (int j = 0; j < k; j++) {
                        double w = Math.exp(logW[j] - max);
                        total += w;
                        for (int i = 0; i < d; i++) {
                            sums[i] += w * means[j * d + i];
                        }
                    }
                }
            }
        }
        if (!(total > 0) || !Double.isFinite(total)) {
            throw new IllegalStateException("inpainting: the importance weights are not finite (" + total
                    + "); the model gives no finite density to the observed values");
        }
        float[] filled = new float[d];
        for (int i = 0; i < d; i++) {
            filled[i] = (float) (sums[i] / total);
        }
        score[0] = scored - (max + Math.log(total));
        return filled;
    }
}
