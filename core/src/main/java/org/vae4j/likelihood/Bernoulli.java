package org.vae4j.likelihood;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * Bernoulli likelihood on values in [0, 1], parameterised by logits l: -log p(x | l) = softplus(l) - x * l per
 * value. This is binary cross-entropy written on logits, numerically stable for large |l|, and the classic choice
 * for MNIST-like pixels (as in the PyTorch VAE example).
 */
public final class Bernoulli implements Likelihood {

    @Override
    public String name() {
        return "bernoulli";
    }

    @Override
    public NDArray perValue(NDArray logits, NDArray x) {
        return Activation.softPlus(logits).sub(logits.mul(x));
    }

    @Override
    public NDArray mean(NDArray logits) {
        return Activation.sigmoid(logits);
    }

    @Override
    public NDArray sample(NDArray logits, org.vae4j.Noise noise) {
        NDArray u = noise.uniform(logits.getManager(), logits.getShape());
        return u.lt(Activation.sigmoid(logits)).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
    }

    @Override
    public String toString() {
        return "bernoulli";
    }
}
