package org.vae4j.model;

/**
 * The objective of the {@code lm} family: the negative log-likelihood of each sequence under a plain language model,
 * the VAE's decoder without z. It is the baseline that shows whether a sequence VAE's z carries anything.
 *
 * @param wordDropout the probability that each input token of the decoder is replaced by {@code <unk>} in training;
 *     0 for none
 */
public record LmSpec(double wordDropout) implements ObjectiveSpec {
    /**
     * Checks the dropout.
     *
     * @throws IllegalArgumentException if it is not in [0, 1)
     */
    public LmSpec {
        ElboSpec.checkWordDropout(wordDropout);
    }

    @Override
    public String describe() {
        return "no latent space" + (wordDropout > 0 ? ", word dropout " + wordDropout : "");
    }
}
