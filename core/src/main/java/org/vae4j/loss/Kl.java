package org.vae4j.loss;

import ai.djl.ndarray.NDArray;
import org.vae4j.Tensors;

/** The KL divergence between the encoder's diagonal Gaussian q(z|x) and the standard normal prior. */
public final class Kl {
    private Kl() {}

    /**
     * The KL of each latent dimension, KL(N(mu, exp(logVar)) || N(0, 1)) = 0.5 * (mu^2 + exp(logVar) - logVar - 1).
     * It is never negative: each term is a convex function of logVar with minimum 0 at logVar = 0, plus mu^2 / 2.
     *
     * @param mu means, shape (batch, latent)
     * @param logVar log variances, shape (batch, latent)
     * @return shape (batch, latent), in nats
     */
    public static NDArray perDimension(NDArray mu, NDArray logVar) {
        return Tensors.times(Tensors.plus(mu.square().add(logVar.exp()).sub(logVar), -1f), 0.5f);
    }

    /**
     * The same in double precision, for one value.
     *
     * @param mu a mean
     * @param logVar its log-variance
     * @return 0.5 * (mu^2 + exp(logVar) - logVar - 1)
     */
    public static double perDimension(double mu, double logVar) {
        return 0.5 * (mu * mu + Math.exp(logVar) - logVar - 1);
    }
}
