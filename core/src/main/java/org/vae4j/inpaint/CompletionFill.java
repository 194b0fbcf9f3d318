package org.vae4j.inpaint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.vae4j.BadInputException;
import org.vae4j.Noise;
import org.vae4j.Tensors;
import org.vae4j.data.Batch;
import org.vae4j.data.ImageField;
import org.vae4j.eval.ImportanceWeighted;
import org.vae4j.loss.CompletionObjective;
import org.vae4j.loss.Kl;
import org.vae4j.model.LatentModel;
import org.vae4j.model.LatentNetwork;

/**
 * Fills images with a completion model ({@code complete} or {@code baseline}, see
 * {@link org.vae4j.model.CompletionFamily}) and scores it on the true missing values.
 *
 * <ul>
 *   <li>{@code complete}: the fill is the mean of E[x_miss | z, x_obs] over K draws z_k ~ p(z | x_obs), an estimate
 *       of E[x_miss | x_obs]; the scores are the conditional ELBO (K draws from q(z | x), with the KL from the prior
 *       network in closed form) and the importance-weighted estimate log (1/K) sum_k p(x_miss | z_k, x_obs)
 *       p(z_k | x_obs) / q(z_k | x), which is at least the ELBO in expectation and tends to log p(x_miss | x_obs)
 *       as K grows (Burda et al. 2016, conditioned).
 *   <li>{@code baseline}: the fill is the network's mean, the score its log-likelihood of the missing values.
 * </ul>
 *
 * The fill never reads the missing values (they are set to 0 before anything reaches the engine, and only the prior
 * network and the generator run); the scores read them, in a pass of their own.
 */
public final class CompletionFill {
    private static final long FILL_NOISE = 0xC0F1;
    private static final long SCORE_NOISE = 0xC05C;

    private CompletionFill() {}

    /**
     * Fills and, given the originals, scores.
     *
     * @param model a completion model
     * @param values count x D values; missing ones are ignored
     * @param missing count x D flags, the same in every channel of a pixel
     * @param original count x D true values, or {@code null} for no scores
     * @param samples K, draws per image for the fill and the scores (at least 1)
     * @param seed seed of the draws
     * @param firstIndex the position of the first image in its set (image i draws from its own streams)
     * @return the filled values, and with originals the importance-weighted log-likelihood and the ELBO of each
     *     image's missing values (for {@code baseline} both are its exact log-likelihood)
     * @throws BadInputException if the model is not a completion model or the sizes and mask do not fit
     */
    public static Inpainting.Filled fill(LatentModel model, float[] values, boolean[] missing, float[] original,
            int samples, long seed, long firstIndex) {
        return fill(model, values, missing, original, samples, seed, firstIndex, 0);
    }

    /** As above, with at most {@code rowsPerStep} rows through the networks at a time (0: as memory allows). */
    static Inpainting.Filled fill(LatentModel model, float[] values, boolean[] missing, float[] original,
            int samples, long seed, long firstIndex, int rowsPerStep) {
        if (!(model.objective() instanceof CompletionObjective)) {
            throw new BadInputException("inpainting with the model itself needs a completion model (train "
                    + "--complete); this one is family " + model.definition().family());
        }
        ImageField image = model.schema().requireImage("inpainting");
        int d = model.inputSize();
        int hw = image.height() * image.width();
        if (values.length % d != 0 || missing.length != values.length
                || (original != null && original.length != values.length)) {
            throw new BadInputException("inpainting: " + values.length + " values and " + missing.length
                    + " mask flags for a model of " + d + " inputs; expected whole images and one flag per value");
        }
        if (samples < 1) {
            throw new BadInputException("inpainting: " + samples + " samples; expected at least 1");
        }
        int count = values.length / d;
        boolean[] pixels = new boolean[count * hw];
        float[] clean = new float[values.length];
        boolean[] seen = new boolean[d];
        for (int i = 0; i < count; i++) {
            System.arraycopy(FillInput.observedRow(values, missing, d, i, firstIndex, seen), 0, clean, i * d, d);
            for (int c = 0; c < image.channels(); c++) {
                for (int p = 0; p < hw; p++) {
                    boolean m = missing[i * d + c * hw + p];
                    if (c == 0) {
                        pixels[i * hw + p] = m;
                    } else if (m != pixels[i * hw + p]) {
                        throw new BadInputException("inpainting: image " + (firstIndex + i) + ", pixel " + p
                                + " is missing in some channels only; a completion model takes masks of whole pixels");
                    }
                }
            }
        }
        boolean latent = model.network().priorNetwork() != null;
        int k = latent ? samples : 1;
        // rows through the networks at a time: whole images' draws together, or one image's draws in chunks
        int rows = rowsPerStep > 0 ? rowsPerStep : ImportanceWeighted.rowsPerStep(2 * d + model.latent());
        int chunk = Math.min(k, rows);
        int perStep = Math.max(1, rows / chunk);
        float[] out = values.clone();
        double[] iw = original == null ? null : new double[count];
        double[] elbo = original == null ? null : latent ? new double[count] : iw; // the baseline's is exact
        for (int start = 0; start < count; start += perStep) {
            int n = Math.min(perStep, count - start);
            double[] sum = new double[n * d];
            Score score = original == null ? null : new Score(n);
            for (int from = 0; from < k; from += chunk) {
                int c = Math.min(chunk, k - from);
                Draws draws = new Draws(start, n, from, c, k);
                float[] part = fillStep(model, image, clean, pixels, draws, seed, firstIndex);
                for (int v = 0; v < part.length; v++) {
                    sum[v] += part[v];
                }
                if (score != null) {
                    scoreStep(model, image, original, pixels, draws, seed, firstIndex, score);
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    int at = (start + i) * d + j;
                    if (missing[at]) {
                        out[at] = (float) (sum[i * d + j] / k);
                    }
                }
                if (score != null) {
                    iw[start + i] = latent ? score.lse[i] - Math.log(k) : score.logMiss[i];
                    if (latent) {
                        elbo[start + i] = score.logMiss[i] / k - score.kl[i];
                    }
                }
            }
        }
        return new Inpainting.Filled(out, iw, elbo, null);
    }

    /** Draws from..from+count of images start..start+n (all K draws of each when n > 1), of K per image. */
    private record Draws(int start, int n, int from, int count, int k) {
        Draws {
            if (n > 1 && count != k) { // the streams below are (image, draw) pairs only when whole images share a step
                throw new IllegalStateException(n + " images in a step with " + count + " of their " + k + " draws");
            }
        }

        long[] rows() {
            long[] rows = new long[n * count];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < count; j++) {
                    rows[i * count + j] = start + i;
                }
            }
            return rows;
        }

        boolean[] mask(boolean[] pixels, int hw) {
            boolean[] out = new boolean[n * count * hw];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < count; j++) {
                    System.arraycopy(pixels, (start + i) * hw, out, (i * count + j) * hw, hw);
                }
            }
            return out;
        }

        /** Each draw's own noise stream: draw j of image i is row i * K + j of the whole set. */
        Noise noise(long seed, long purpose, long firstIndex) {
            return Noise.perExample(seed, purpose, (firstIndex + start) * k + from, n * count);
        }
    }

    /** Per image, summed over the chunks: log sum_k w_k, sum_k log p(x_miss | z_k), and the KL (the same for all). */
    private static final class Score {
        final double[] lse;
        final double[] logMiss;
        final double[] kl;

        Score(int n) {
            lse = new double[n];
            java.util.Arrays.fill(lse, Double.NEGATIVE_INFINITY);
            logMiss = new double[n];
            kl = new double[n];
        }
    }

    /** The sum over the draws of E[x | z, x_obs] for each image, (n x D). */
    private static float[] fillStep(LatentModel model, ImageField image, float[] clean, boolean[] pixels,
            Draws draws, long seed, long firstIndex) {
        int d = image.size();
        int n = draws.n();
        int c = draws.count();
        LatentNetwork net = model.network();
        try (NDManager m = model.manager().newSubManager()) {
            Batch batch = Batch.ofRows(m, clean, d, null, draws.rows());
            CompletionObjective.Masked in = CompletionObjective.Masked.of(batch,
                    draws.mask(pixels, image.height() * image.width()), image);
            NDArray params;
            if (net.priorNetwork() == null) {
                params = net.decode(model.parameterStore(), in.condition(), null, false);
            } else {
                NDList p = net.prior(model.parameterStore(), in.condition(), false);
                NDArray eps = draws.noise(seed, FILL_NOISE, firstIndex).normal(m, p.get(0).getShape());
                NDArray z = p.get(0).add(Tensors.times(p.get(1), 0.5f).exp().mul(eps));
                params = net.decode(model.parameterStore(), NDArrays.concat(new NDList(z, in.condition()), 1), null,
                        false);
            }
            return model.likelihood().mean(params).reshape(n, c, d).sum(new int[] {1}).toFloatArray();
        }
    }

    private static void scoreStep(LatentModel model, ImageField image, float[] original, boolean[] pixels,
            Draws draws, long seed, long firstIndex, Score score) {
        int d = image.size();
        int n = draws.n();
        int c = draws.count();
        try (NDManager m = model.manager().newSubManager()) {
            Batch batch = Batch.ofRows(m, original, d, null, draws.rows());
            boolean[] mask = draws.mask(pixels, image.height() * image.width());
            LatentNetwork net = model.network();
            CompletionObjective.Masked in = CompletionObjective.Masked.of(batch, mask, image);
            if (net.priorNetwork() == null) {
                NDArray params = net.decode(model.parameterStore(), in.condition(), null, false);
                double[] nll = in.negLogLikelihood(model.likelihood(), params).toType(DataType.FLOAT64, false)
                        .toDoubleArray();
                for (int i = 0; i < n; i++) {
                    score.logMiss[i] = -nll[i];
                }
                return;
            }
            NDList q = net.encode(model.parameterStore(), in.recognition(), null, false);
            NDList p = net.prior(model.parameterStore(), in.condition(), false);
            NDArray eps = draws.noise(seed, SCORE_NOISE, firstIndex).normal(m, q.get(0).getShape());
            NDArray z = q.get(0).add(Tensors.times(q.get(1), 0.5f).exp().mul(eps));
            NDArray params = net.decode(model.parameterStore(), NDArrays.concat(new NDList(z, in.condition()), 1),
                    null, false);
            double[] logMiss = in.negLogLikelihood(model.likelihood(), params).neg()
                    .toType(DataType.FLOAT64, false).toDoubleArray();
            // log p(z | x_obs) - log q(z | x); the 2 pi terms cancel. (z - mu_q)^2 / var_q = eps^2.
            NDArray fromPrior = z.sub(p.get(0)).square().mul(p.get(1).neg().exp()).add(p.get(1));
            double[] logRatio = Tensors.times(eps.square().add(q.get(1)).sub(fromPrior).sum(new int[] {1}), 0.5f)
                    .toType(DataType.FLOAT64, false).toDoubleArray();
            double[] kl = Kl.between(q.get(0), q.get(1), p.get(0), p.get(1)).sum(new int[] {1})
                    .toType(DataType.FLOAT64, false).toDoubleArray();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < c; j++) {
                    int r = i * c + j;
                    score.lse[i] = Inpainting.logAddExp(score.lse[i], logMiss[r] + logRatio[r]);
                    score.logMiss[i] += logMiss[r];
                }
                score.kl[i] = kl[i * c];
            }
        }
    }
}
