package org.vae4j.train;

/**
 * What one training epoch measured. Losses are in nats per example: the negative ELBO ({@code loss}) and its two
 * parts, the reconstruction term and the KL term (before beta weighting). Validation values are {@code null} when
 * the run has no validation set.
 *
 * @param epoch the epoch number, from 1
 * @param trainLoss mean training loss (reconstruction + beta * KL) over the epoch
 * @param trainRecon mean training reconstruction term, -log p(x|z)
 * @param trainKl mean training KL(q(z|x) || N(0, I))
 * @param valLoss validation loss (reconstruction + beta * KL), or {@code null}
 * @param valRecon validation reconstruction term, or {@code null}
 * @param valKl validation KL term, or {@code null}
 * @param seconds wall-clock seconds spent on the training pass of this epoch
 */
public record EpochMetrics(
        int epoch,
        double trainLoss,
        double trainRecon,
        double trainKl,
        Double valLoss,
        Double valRecon,
        Double valKl,
        double seconds) {

    /** @return whether validation values are present */
    public boolean hasValidation() {
        return valLoss != null;
    }
}
