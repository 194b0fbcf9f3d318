package org.vae4j.likelihood;

import ai.djl.ndarray.NDArray;

/**
 * The decoder's observation model p(x | z): how a decoder output scores an input and what picture it stands for.
 *
 * <p>Inputs and decoder outputs are flat, shape (batch, D).
 */
public interface Likelihood {

    /** @return the name used in model files and on the command line, e.g. {@code bernoulli} */
    String name();

    /**
     * The reconstruction term -log p(x | z) of each example, in nats.
     *
     * @param decoderOutput the decoder's raw output, shape (batch, D)
     * @param x the inputs, shape (batch, D)
     * @return shape (batch): the negative log-likelihood of each example, summed over its D values
     */
    NDArray negLogLikelihood(NDArray decoderOutput, NDArray x);

    /**
     * The expected value of x under p(x | z), for pictures and reconstructions.
     *
     * @param decoderOutput the decoder's raw output, shape (batch, D)
     * @return the mean, shape (batch, D)
     */
    NDArray mean(NDArray decoderOutput);

    /**
     * Builds a likelihood from its name.
     *
     * @param name {@code bernoulli} or {@code gaussian}
     * @param sigma the fixed standard deviation for {@code gaussian}; ignored for {@code bernoulli}
     * @return the likelihood
     * @throws IllegalArgumentException for an unknown name or a non-positive sigma
     */
    static Likelihood of(String name, double sigma) {
        return switch (name) {
            case "bernoulli" -> new Bernoulli();
            case "gaussian" -> new Gaussian(sigma);
            default -> throw new IllegalArgumentException(
                    "unknown likelihood '" + name + "', expected bernoulli or gaussian");
        };
    }
}
