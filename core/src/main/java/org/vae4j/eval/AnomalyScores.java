package org.vae4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.vae4j.BadInputException;
import org.vae4j.Noise;
import org.vae4j.Tensors;
import org.vae4j.data.Batch;
import org.vae4j.data.ExampleSet;
import org.vae4j.loss.Kl;
import org.vae4j.model.LatentModel;

/**
 * An anomaly score per example from a trained VAE, higher meaning less like the training data. Missing values (a
 * table's empty cells) are skipped by every score, as by the likelihood. Each example draws from a noise stream of
 * its own (by its position in the data), so its score depends neither on the other examples nor on the batch size.
 */
public final class AnomalyScores {
    private static final long NOISE = 0xA40A;
    private static final int BATCH = 500;

    private AnomalyScores() {}

    /** The scores. */
    public enum Method {
        /**
         * The negative ELBO with beta 1, -E_q[log p(x | z)] + KL(q(z | x) || p(z)), the expectation over L draws.
         */
        ELBO,
        /** The importance-weighted estimate of -log p(x) with K samples (Burda et al. 2015). */
        IW,
        /**
         * The reconstruction probability of An and Cho (2015), as its negative logarithm:
         * -log (1/L sum_l p(x | z_l)), z_l ~ q(z | x).
         */
        RECON_PROB;

        /** @return the name on the command line */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /**
         * @param text a name on the command line
         * @return the method
         * @throws BadInputException for an unknown name
         */
        public static Method parse(String text) {
            for (Method m : values()) {
                if (m.label().equalsIgnoreCase(text.trim())) {
                    return m;
                }
            }
            throw new BadInputException("--method " + text + ": expected elbo, iw or recon-prob");
        }
    }

    /**
     * Scores every example.
     *
     * @param model a vae-family model (a conditional one scores each example with its own label)
     * @param data examples that fit the model
     * @param method the score
     * @param samples L (draws from q for elbo and recon-prob) or K (importance samples for iw), at least 1
     * @param seed the seed of the draws
     * @param progress told how many examples are done (may be {@code null})
     * @return one score per example, in nats
     * @throws BadInputException if the data does not fit the model or the model has no latent space
     */
    public static double[] score(LatentModel model, ExampleSet data, Method method, int samples, long seed,
            IntConsumer progress) {
        if (!model.objective().variational()) {
            throw new BadInputException("anomaly scores need a vae-family model; " + model.describe() + " is family "
                    + model.definition().family());
        }
        if (samples < 1) {
            throw new BadInputException("--samples " + samples + ": expected at least 1");
        }
        model.schema().checkData(data);
        if (method == Method.IW) {
            double[] logPx = ImportanceWeighted.estimate(model, data, samples, seed, progress).perExample();
            double[] out = new double[logPx.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = -logPx[i];
            }
            return out;
        }
        int n = data.size();
        double[] out = new double[n];
        for (int start = 0; start < n; start += BATCH) {
            int b = Math.min(BATCH, n - start);
            try (NDManager step = model.manager().newSubManager()) {
                Batch batch = data.batch(step, start, start + b);
                NDList q = model.encode(batch, false);
                NDArray mu = q.get(0);
                NDArray logVar = q.get(1);
                Noise noise = Noise.perExample(seed, NOISE, start, b);
                double[][] logPx = new double[samples][];
                for (int l = 0; l < samples; l++) {
                    try (NDManager draw = step.newSubManager()) {
                        NDArray eps = noise.normal(draw, mu.getShape());
                        NDArray z = eps.mul(Tensors.times(logVar, 0.5f).exp()).add(mu);
                        NDArray params = model.decode(z, batch.condition(), batch.input(), false);
                        logPx[l] = model.likelihood().negLogLikelihood(params, batch.input(), batch.mask())
                                .neg().toType(DataType.FLOAT64, false).toDoubleArray();
                    }
                }
                double[] kl = method == Method.ELBO
                        ? Kl.perDimension(mu, logVar).sum(new int[] {1}).toType(DataType.FLOAT64, false)
                                .toDoubleArray()
                        : null;
                for (int i = 0; i < b; i++) {
                    if (method == Method.ELBO) {
                        double recon = 0;
                        for (int l = 0; l < samples; l++) {
                            recon -= logPx[l][i];
                        }
                        out[start + i] = recon / samples + kl[i];
                    } else {
                        double[] column = new double[samples];
                        for (int l = 0; l < samples; l++) {
                            column[l] = logPx[l][i];
                        }
                        ImportanceWeighted.LogSumExp sum = new ImportanceWeighted.LogSumExp();
                        sum.add(column, 0, samples);
                        out[start + i] = -(sum.value() - Math.log(samples));
                    }
                }
            }
            if (progress != null) {
                progress.accept(start + b);
            }
        }
        return out;
    }

    /** @return the method names, as on the command line */
    public static List<String> names() {
        return java.util.Arrays.stream(Method.values()).map(Method::label).toList();
    }
}
