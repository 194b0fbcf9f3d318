package org.vae4j.model;

/**
 * The objective of the {@code vae} family: reconstruction + beta * KL(q(z|x) || N(0, I)).
 *
 * @param beta weight of the KL term (1 is the standard VAE, above 1 a beta-VAE, Higgins et al. 2017)
 * @param wordDropout for a decoder that reads the sequence it reconstructs (teacher forcing): the probability that
 *     each of its input tokens is replaced by {@code <unk>} in training (Bowman et al. 2016), so that it must rely
 *     on z; 0 for none, and 0 for every other decoder
 */
public record ElboSpec(double beta, double wordDropout) implements ObjectiveSpec {
    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if beta is negative or not finite, or the dropout is not in [0, 1)
     */
    public ElboSpec {
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta " + beta + ": expected a number >= 0");
        }
        checkWordDropout(wordDropout);
    }

    /**
     * @param beta weight of the KL term
     */
    public ElboSpec(double beta) {
        this(beta, 0);
    }

    static void checkWordDropout(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("word dropout " + p + ": expected a probability in [0, 1)");
        }
    }

    @Override
    public String describe() {
        return "beta " + beta + (wordDropout > 0 ? ", word dropout " + wordDropout : "");
    }
}
