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
 * @param klPerDim the training KL of each latent dimension, mean over the epoch's examples (they add up to
 *     {@code trainKl}); empty when not recorded
 */
public record EpochMetrics(
        int epoch,
        double trainLoss,
        double trainRecon,
        double trainKl,
        Double valLoss,
        Double valRecon,
        Double valKl,
        double seconds,
        java.util.List<Double> klPerDim) {

    /** Keeps an unmodifiable copy of the per-dimension KL. */
    public EpochMetrics {
        klPerDim = klPerDim == null ? java.util.List.of() : java.util.List.copyOf(klPerDim);
    }

    /**
     * Metrics without the per-dimension KL.
     *
     * @param epoch the epoch, from 1
     * @param trainLoss training loss
     * @param trainRecon training reconstruction term
     * @param trainKl training KL term
     * @param valLoss validation loss, or {@code null}
     * @param valRecon validation reconstruction term, or {@code null}
     * @param valKl validation KL term, or {@code null}
     * @param seconds seconds of the training pass
     */
    public EpochMetrics(int epoch, double trainLoss, double trainRecon, double trainKl, Double valLoss,
            Double valRecon, Double valKl, double seconds) {
        this(epoch, trainLoss, trainRecon, trainKl, valLoss, valRecon, valKl, seconds, java.util.List.of());
    }

    /** @return whether validation values are present */
    public boolean hasValidation() {
        return valLoss != null;
    }
}
