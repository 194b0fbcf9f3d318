package org.vae4j.likelihood;

import ai.djl.ndarray.NDArray;

/**
 * The decoder's observation model p(x | z): how a decoder output scores an input and what picture it stands for.
 *
 * <p>Inputs are flat, shape (batch, D); decoder outputs are flat too, shape (batch, k * D) where k is
 * {@link #outputsPerValue()}: one parameter per value (a logit or a mean), or two (a mean and a log-variance).
 */
public interface Likelihood {
    /** The names this version understands. */
    java.util.List<String> NAMES = java.util.List.of("bernoulli", "gaussian", "gaussian-global", "gaussian-pixel");

    /** @return how many decoder outputs describe one input value: 1, or 2 for a mean and a log-variance */
    default int outputsPerValue() {
        return 1;
    }

    /** @return the name used in model files and on the command line, e.g. {@code bernoulli} */
    String name();

    /**
     * The reconstruction term -log p(x | z) of each example, in nats.
     *
     * @param decoderOutput the decoder's raw output, shape (batch, k * D)
     * @param x the inputs, shape (batch, D)
     * @return shape (batch): the negative log-likelihood of each example, summed over its D values
     */
    NDArray negLogLikelihood(NDArray decoderOutput, NDArray x);

    /**
     * The expected value of x under p(x | z), for pictures and reconstructions.
     *
     * @param decoderOutput the decoder's raw output, shape (batch, k * D)
     * @return the mean, shape (batch, D)
     */
    NDArray mean(NDArray decoderOutput);

    /**
     * Builds a likelihood from its name.
     *
     * @param name {@code bernoulli}, {@code gaussian} (fixed sigma), {@code gaussian-global} (one learned variance)
     *     or {@code gaussian-pixel} (a learned variance per value)
     * @param sigma the fixed standard deviation for {@code gaussian}; for the learned ones, the smallest standard
     *     deviation they may learn; ignored for {@code bernoulli}
     * @return the likelihood
     * @throws IllegalArgumentException for an unknown name or a non-positive sigma
     */
    static Likelihood of(String name, double sigma) {
        return switch (name) {
            case "bernoulli" -> new Bernoulli();
            case "gaussian" -> new Gaussian(sigma);
            case "gaussian-global", "gaussian-pixel" -> new LearnedGaussian(name, sigma);
            default -> throw new IllegalArgumentException(
                    "unknown likelihood '" + name + "', expected one of " + NAMES);
        };
    }
}
