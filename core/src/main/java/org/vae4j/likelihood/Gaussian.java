package org.vae4j.likelihood;

import ai.djl.ndarray.NDArray;
import org.vae4j.Tensors;

/**
 * Gaussian likelihood with a fixed standard deviation sigma; the decoder outputs the mean directly:
 * -log p(x | m) = 0.5 * ((x - m) / sigma)^2 + log(sigma) + 0.5 * log(2 pi) per value.
 */
public final class Gaussian implements Likelihood {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private final double sigma;

    /**
     * Creates the likelihood.
     *
     * @param sigma the fixed standard deviation, positive
     */
    public Gaussian(double sigma) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("gaussian sigma " + sigma + ": expected a positive number");
        }
        this.sigma = sigma;
    }

    /** @return the fixed standard deviation */
    public double sigma() {
        return sigma;
    }

    @Override
    public String name() {
        return "gaussian";
    }

    @Override
    public NDArray perValue(NDArray mean, NDArray x) {
        return Tensors.plus(Tensors.times(x.sub(mean).square(), (float) (0.5 / (sigma * sigma))),
                (float) (Math.log(sigma) + HALF_LOG_2PI));
    }

    @Override
    public NDArray negLogLikelihood(NDArray mean, NDArray x, NDArray observed) {
        if (observed != null) {
            return Likelihood.super.negLogLikelihood(mean, x, observed);
        }
        // All observed: the constant once per example instead of once per value.
        long d = x.getShape().get(1);
        float constant = (float) (d * (Math.log(sigma) + HALF_LOG_2PI));
        float scale = (float) (0.5 / (sigma * sigma));
        return Tensors.plus(Tensors.times(x.sub(mean).square().sum(new int[] {1}), scale), constant);
    }

    @Override
    public NDArray mean(NDArray decoderOutput) {
        return decoderOutput;
    }

    @Override
    public NDArray sample(NDArray mean, org.vae4j.Noise noise) {
        return Tensors.times(noise.normal(mean.getManager(), mean.getShape()), (float) sigma).add(mean);
    }

    @Override
    public String toString() {
        return "gaussian(sigma=" + sigma + ")";
    }
}
