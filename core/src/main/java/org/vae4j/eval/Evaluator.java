package org.vae4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.vae4j.Noise;
import org.vae4j.data.Batch;
import org.vae4j.data.ExampleSet;
import org.vae4j.loss.Objective;
import org.vae4j.loss.TermSums;
import org.vae4j.model.LatentModel;
import org.vae4j.train.TermValues;

/** Scores a model on data: its objective's terms, and the active units of its latent space. */
public final class Evaluator {
    private static final long EVAL_NOISE = 0xE7A1;
    private static final int BATCH = 1000;

    /** Burda et al.'s threshold on Cov_x(E_q[z_u]) for an active unit. */
    public static final double ACTIVE_THRESHOLD = 0.01;

    private Evaluator() {}

    /**
     * An evaluation of an objective's terms.
     *
     * @param values the objective's loss and each term's mean per example
     * @param parts for terms made of parts (the KL of each latent dimension), each part's mean
     * @param count how many examples were scored
     */
    public record Result(TermValues values, Map<String, List<Double>> parts, int count) {
        /**
         * @param name a term
         * @return its mean per example
         */
        public double term(String name) {
            return values.term(name);
        }

        /** @return the sum of every term's mean: for a VAE the negative ELBO, recon + KL, whatever beta is */
        public double termSum() {
            return values.terms().values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /**
     * The objective's terms per example, with the noise of every example drawn from its own stream of the seed (so
     * an example's score does not depend on the others, nor on the batch size). For a VAE: one posterior sample per
     * example, the reconstruction term and the analytic KL; for a conditional VAE, with each example's label.
     *
     * @param model the model
     * @param data examples that fit the model's schema
     * @param seed seed of the noise; the same seed gives the same result
     * @return the loss and terms
     * @throws org.vae4j.BadInputException if the data does not fit the schema
     */
    public static Result evaluate(LatentModel model, ExampleSet data, long seed) {
        model.schema().checkData(data);
        Objective objective = model.objective();
        TermSums sums = new TermSums(objective.terms());
        int n = data.size();
        for (int start = 0; start < n; start += BATCH) {
            int end = Math.min(n, start + BATCH);
            try (NDManager batch = model.manager().newSubManager()) {
                Batch b = data.batch(batch, start, end);
                Map<String, NDArray> terms = objective.compute(model, b,
                        Noise.perExample(seed, EVAL_NOISE, start, end - start), false);
                sums.add(sums.read(terms));
            }
        }
        Map<String, Double> means = sums.means(sums.total(), n);
        return new Result(new TermValues(objective.loss(means), means), sums.parts(n), n);
    }

    /**
     * Active units (Burda et al. 2015): latent dimensions u whose posterior mean varies across the data,
     * Cov_x(E_q[z_u]) above a threshold (0.01 in the paper). An inactive dimension carries no information about x.
     *
     * @param model the model
     * @param data examples that fit the model's schema, at least 2
     * @param threshold the variance above which a dimension counts as active, e.g. {@link #ACTIVE_THRESHOLD}
     * @return the variance of each dimension's posterior mean over the data and how many exceed the threshold
     */
    public static ActiveUnits activeUnits(LatentModel model, ExampleSet data, double threshold) {
        LatentModel.Encoding e = model.encode(data);
        int n = e.count();
        int latent = e.latent();
        double[] sum = new double[latent];
        double[] sumSq = new double[latent];
        float[] mu = e.mu();
        for (int i = 0; i < mu.length; i++) {
            sum[i % latent] += mu[i];
            sumSq[i % latent] += (double) mu[i] * mu[i];
        }
        double[] variance = new double[latent];
        int active = 0;
        for (int u = 0; u < latent; u++) {
            double mean = sum[u] / n;
            variance[u] = Math.max(0, sumSq[u] / n - mean * mean);
            if (variance[u] > threshold) {
                active++;
            }
        }
        return new ActiveUnits(active, variance, threshold);
    }

    /**
     * The active units of a model on a dataset.
     *
     * @param count how many dimensions are active
     * @param variance Cov_x(E_q[z_u]) of each dimension u (population variance over the data)
     * @param threshold the variance above which a dimension is active
     */
    public record ActiveUnits(int count, double[] variance, double threshold) {}
}
