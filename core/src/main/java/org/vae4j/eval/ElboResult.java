package org.vae4j.eval;

/**
 * The evidence lower bound of a model on a dataset, in nats per example.
 *
 * @param negElbo the negative ELBO, recon + kl: an upper bound on -log p(x)
 * @param recon the reconstruction term, the mean of -log p(x|z) with z ~ q(z|x)
 * @param kl the mean KL(q(z|x) || N(0, I))
 * @param count how many examples were scored
 * @param klPerDim the mean KL of each latent dimension (they add up to {@code kl})
 */
public record ElboResult(double negElbo, double recon, double kl, int count, java.util.List<Double> klPerDim) {

    /** Keeps an unmodifiable copy of the per-dimension KL. */
    public ElboResult {
        klPerDim = klPerDim == null ? java.util.List.of() : java.util.List.copyOf(klPerDim);
    }

    /**
     * The training loss, with the KL weighted by beta.
     *
     * @param beta the KL weight
     * @return recon + beta * kl
     */
    public double loss(double beta) {
        return recon + beta * kl;
    }
}
