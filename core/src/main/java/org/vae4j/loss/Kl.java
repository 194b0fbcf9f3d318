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

    /**
     * KL(N(muQ, exp(logVarQ)) || N(muP, exp(logVarP))) of every dimension: the KL of a completion model's posterior
     * from its learned prior, 0.5 * (logVarP - logVarQ + (exp(logVarQ) + (muQ - muP)^2) / exp(logVarP) - 1).
     *
     * @param muQ means of q, (batch, latent)
     * @param logVarQ log variances of q
     * @param muP means of p
     * @param logVarP log variances of p
     * @return (batch, latent), each >= 0
     */
    public static NDArray between(NDArray muQ, NDArray logVarQ, NDArray muP, NDArray logVarP) {
        NDArray ratio = logVarQ.exp().add(muQ.sub(muP).square()).mul(logVarP.neg().exp());
        return Tensors.times(Tensors.plus(ratio.add(logVarP).sub(logVarQ), -1f), 0.5f);
    }

    /**
     * The same for one dimension in double precision, for checks.
     *
     * @param muQ mean of q
     * @param logVarQ log variance of q
     * @param muP mean of p
     * @param logVarP log variance of p
     * @return the KL in nats
     */
    public static double between(double muQ, double logVarQ, double muP, double logVarP) {
        double u = muQ - muP;
        return 0.5 * (logVarP - logVarQ + (Math.exp(logVarQ) + u * u) / Math.exp(logVarP) - 1);
    }
}
