package org.vae4j.loss;

import ai.djl.ndarray.NDArray;
import org.vae4j.Tensors;

/** The KL divergence between the encoder's diagonal Gaussian q(z|x) and the standard normal prior. */
public final class Kl {
    private Kl() {}

    /**
     * KL(N(mu, exp(logVar)) || N(0, I)) = 0.5 * sum(mu^2 + exp(logVar) - logVar - 1), per example. It is never
     * negative (each term is a convex function of logVar with minimum 0 at logVar = 0, plus mu^2).
     *
     * @param mu means, shape (batch, latent)
     * @param logVar log variances, shape (batch, latent)
     * @return shape (batch): the KL of each example in nats
     */
    public static NDArray toStandardNormal(NDArray mu, NDArray logVar) {
        return perDimension(mu, logVar).sum(new int[] {1});
    }

    /**
     * The KL of each latent dimension, 0.5 * (mu^2 + exp(logVar) - logVar - 1).
     *
     * @param mu means, shape (batch, latent)
     * @param logVar log variances, shape (batch, latent)
     * @return shape (batch, latent), in nats
     */
    public static NDArray perDimension(NDArray mu, NDArray logVar) {
        return Tensors.times(Tensors.plus(mu.square().add(logVar.exp()).sub(logVar), -1f), 0.5f);
    }
}
