package org.vae4j.model;

/**
 * The objective of the {@code vae} family: reconstruction + beta * KL(q(z|x) || N(0, I)).
 *
 * @param beta weight of the KL term (1 is the standard VAE, above 1 a beta-VAE, Higgins et al. 2017)
 */
public record ElboSpec(double beta) implements ObjectiveSpec {
    /**
     * Checks beta.
     *
     * @throws IllegalArgumentException if beta is negative or not finite
     */
    public ElboSpec {
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta " + beta + ": expected a number >= 0");
        }
    }

    @Override
    public String describe() {
        return "beta " + beta;
    }
}
