package org.vae4j.loss;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import org.vae4j.Noise;
import org.vae4j.data.Batch;
import org.vae4j.model.LatentModel;

/**
 * What a family trains and reports, as named terms. The trainer runs any objective and records whatever terms it
 * names: {@code metrics.csv} gets a column per term, the progress bar and {@code evaluate} show them.
 *
 * <p>A term is per example: shape (batch), or (batch, k) for a term made of k parts (the KL of every latent
 * dimension), whose value is the sum of its parts and whose parts are recorded too.
 */
public interface Objective {
    /**
     * A term an objective reports.
     *
     * @param name the column name, e.g. {@code recon} or {@code kl}
     * @param description what it is, for tables, e.g. {@code -E_q log p(x|z)}
     * @param parts whether the term has parts (shape (batch, k)), recorded as {@code NAME_1..NAME_k}
     */
    record Term(String name, String description, boolean parts) {}

    /** @return the terms, in the order they are shown */
    List<Term> terms();

    /**
     * Computes every term of a batch.
     *
     * @param model the model
     * @param batch the batch, in its own manager
     * @param noise the draws this call may use (reparameterisation)
     * @param training whether in training mode
     * @return term name to per-example values, (batch) or (batch, k)
     */
    Map<String, NDArray> compute(LatentModel model, Batch batch, Noise noise, boolean training);

    /**
     * The scalar the optimizer minimises for a batch: the batch's sum of the loss, with the training controls of
     * the step applied (KL warm-up, free bits).
     *
     * @param terms the batch's terms from {@link #compute}
     * @param step the training controls of this step
     * @return a scalar
     */
    NDArray trainingLoss(Map<String, NDArray> terms, Step step);

    /**
     * The loss reported for epochs and evaluations, from the terms' means (without warm-up or free bits, so that
     * epochs compare).
     *
     * @param means each term's mean per example
     * @return the loss per example
     */
    double loss(Map<String, Double> means);

    /**
     * @return whether the model has a diagonal Gaussian posterior q(z|x) and the prior N(0, I), so that the ELBO, the
     *     importance-weighted log-likelihood and active units apply to it (false unless an objective says so)
     */
    default boolean variational() {
        return false;
    }

    /**
     * The training controls of one step.
     *
     * @param klWeight the share of the KL weight this step gets (KL warm-up), in [0, 1]
     * @param freeBits nats per latent dimension below which the KL is not pushed, 0 for none
     */
    record Step(double klWeight, double freeBits) {
        /** No warm-up, no free bits. */
        public static final Step PLAIN = new Step(1, 0);
    }
}
