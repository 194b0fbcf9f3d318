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
import org.vae4j.model.LatentModel;

/**
 * Fills missing values with a trained unconditional model by importance sampling (the MIWAE imputation of Mattei
 * and Frellsen 2019): K draws z_k ~ q(z | x_obs), weights w_k proportional to p(x_obs | z_k) p(z_k) / q(z_k | x_obs),
 * and each missing value is the weighted mean of E[x | z_k]. As K grows this tends to E[x_miss | x_obs] under the
 * model; with K = 1 it is the mean of p(x | z) at one draw from q. Missing values are never read: they are
 * replaced by zeros before anything reaches the engine, and the encoder and the likelihood see the mask.
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
     * @throws BadInputException if the sizes do not fit the model, or the model is conditional
     */
    public static float[] fill(LatentModel model, float[] values, boolean[] missing, int samples, long seed) {
        int d = model.inputSize();
        if (model.classes() > 0) {
            throw new BadInputException("importance filling needs an unconditional model; this one is conditioned"
                    + " on " + model.classes() + " classes");
        }
        if (samples < 1) {
            throw new BadInputException("--samples " + samples + ": expected at least 1");
        }
        if (values.length % d != 0 || missing.length != values.length) {
            throw new BadInputException("inpainting: " + values.length + " values and " + missing.length
                    + " mask flags for a model of " + d + " inputs; expected whole examples and one flag per value");
        }
        int count = values.length / d;
        float[] out = values.clone();
        for (int n = 0; n < count; n++) {
            float[] row = new float[d];
            boolean[] seen = new boolean[d];
            for (int i = 0; i < d; i++) {
                seen[i] = !missing[n * d + i];
                row[i] = seen[i] ? values[n * d + i] : 0f; // a missing value is never read
            }
            float[] filled = fillOne(model, row, seen, samples, Seeds.derive(seed, NOISE, n));
            for (int i = 0; i < d; i++) {
                if (!seen[i]) {
                    out[n * d + i] = filled[i];
                }
            }
        }
        return out;
    }

    private static float[] fillOne(LatentModel model, float[] row, boolean[] seen, int samples, long seed) {
        int d = row.length;
        try (NDManager work = model.manager().newSubManager()) {
            NDArray x = Tensors.fromJava(work, row, new Shape(1, d));
            NDArray mask = work.create(seen, new Shape(1, d));
            NDList q = model.encode(new Batch(new NDList(x), mask, null), false);
            NDArray mu = q.get(0);
            NDArray logVar = q.get(1);
            NDArray eps = new Noise(seed).normal(work, new Shape(samples, model.latent()));
            NDArray z = eps.mul(Tensors.times(logVar, 0.5f).exp()).add(mu);
            NDArray params = model.decode(z, null, false);
            NDArray xs = x.broadcast(new Shape(samples, d));
            NDArray masks = mask.broadcast(new Shape(samples, d));
            NDArray logPx = model.likelihood().negLogLikelihood(params, xs, masks).neg();
            // log p(z) - log q(z | x_obs) = -0.5 sum z^2 + 0.5 sum (eps^2 + log var); the 2 pi terms cancel
            NDArray logPzOverQ = Tensors.times(eps.square().add(logVar).sub(z.square()).sum(new int[] {1}), 0.5f);
            double[] logW = logPx.toType(DataType.FLOAT64, false).add(logPzOverQ.toType(DataType.FLOAT64, false))
                    .toDoubleArray();
            float[] means = model.likelihood().mean(params).toFloatArray();
            double max = Double.NEGATIVE_INFINITY;
            for (double w : logW) {
                max = Math.max(max, w);
            }
            double total = 0;
            double[] w = new double[samples];
            for (int k = 0; k < samples; k++) {
                w[k] = Math.exp(logW[k] - max);
                total += w[k];
            }
            float[] filled = new float[d];
            for (int i = 0; i < d; i++) {
                double sum = 0;
                for (int k = 0; k < samples; k++) {
                    sum += w[k] * means[k * d + i];
                }
                filled[i] = (float) (sum / total);
            }
            return filled;
        }
    }
}
