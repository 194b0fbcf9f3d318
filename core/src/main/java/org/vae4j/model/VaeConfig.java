package org.vae4j.model;

import java.util.List;
import java.util.Locale;
import org.vae4j.likelihood.Likelihood;

/**
 * The architecture and objective of a VAE: everything needed to rebuild the network before loading its weights.
 * Validated on construction; serialised as part of a model folder's {@code vae4j.json}.
 *
 * @param architecture the encoder/decoder family; {@code mlp} (fully connected) for now
 * @param channels input channels (1 grayscale, 3 RGB)
 * @param height input height in pixels
 * @param width input width in pixels
 * @param hidden hidden layer sizes of the encoder; the decoder uses them in reverse
 * @param latent size of the latent space
 * @param likelihood {@code bernoulli} (pixels in [0, 1]) or {@code gaussian} (fixed sigma)
 * @param sigma standard deviation of the gaussian likelihood; unused for bernoulli
 * @param beta weight of the KL term in the training loss (1 is the standard VAE, above 1 a beta-VAE)
 */
public record VaeConfig(
        String architecture,
        int channels,
        int height,
        int width,
        List<Integer> hidden,
        int latent,
        String likelihood,
        double sigma,
        double beta) {

    /** The architecture families this version can build. */
    public static final List<String> ARCHITECTURES = List.of("mlp");

    /** The likelihood names this version understands. */
    public static final List<String> LIKELIHOODS = List.of("bernoulli", "gaussian");

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException naming the field and what was expected
     */
    public VaeConfig {
        architecture = architecture == null ? "mlp" : architecture.toLowerCase(Locale.ROOT);
        likelihood = likelihood == null ? "bernoulli" : likelihood.toLowerCase(Locale.ROOT);
        hidden = hidden == null ? List.of() : List.copyOf(hidden);
        if (!ARCHITECTURES.contains(architecture)) {
            throw new IllegalArgumentException(
                    "architecture '" + architecture + "': expected one of " + ARCHITECTURES);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels " + channels + ": expected 1 or 3");
        }
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size " + height + "x" + width + ": expected positive sizes");
        }
        for (Integer h : hidden) {
            if (h == null || h <= 0) {
                throw new IllegalArgumentException("hidden sizes " + hidden + ": expected positive integers");
            }
        }
        if (latent <= 0) {
            throw new IllegalArgumentException("latent size " + latent + ": expected a positive integer");
        }
        if (!LIKELIHOODS.contains(likelihood)) {
            throw new IllegalArgumentException("likelihood '" + likelihood + "': expected one of " + LIKELIHOODS);
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma " + sigma + ": expected a positive number");
        }
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta " + beta + ": expected a number >= 0");
        }
    }

    /**
     * The classic model of the PyTorch VAE example: MLP D-400-20 with ReLU, Bernoulli likelihood, beta 1.
     *
     * @param channels input channels
     * @param height input height
     * @param width input width
     * @return the configuration
     */
    public static VaeConfig classic(int channels, int height, int width) {
        return new VaeConfig("mlp", channels, height, width, List.of(400), 20, "bernoulli", 0.1, 1.0);
    }

    /** @return the number of values in one flattened input, channels x height x width */
    public int inputSize() {
        return channels * height * width;
    }

    /** @return the observation model named by {@link #likelihood()} */
    public Likelihood createLikelihood() {
        return Likelihood.of(likelihood, sigma);
    }

    /**
     * @param value new hidden sizes
     * @return a copy with other hidden sizes
     */
    public VaeConfig withHidden(List<Integer> value) {
        return new VaeConfig(architecture, channels, height, width, value, latent, likelihood, sigma, beta);
    }

    /**
     * @param value new latent size
     * @return a copy with another latent size
     */
    public VaeConfig withLatent(int value) {
        return new VaeConfig(architecture, channels, height, width, hidden, value, likelihood, sigma, beta);
    }

    /**
     * @param name likelihood name
     * @param sigmaValue gaussian standard deviation
     * @return a copy with another likelihood
     */
    public VaeConfig withLikelihood(String name, double sigmaValue) {
        return new VaeConfig(architecture, channels, height, width, hidden, latent, name, sigmaValue, beta);
    }

    /**
     * @param value new KL weight
     * @return a copy with another beta
     */
    public VaeConfig withBeta(double value) {
        return new VaeConfig(architecture, channels, height, width, hidden, latent, likelihood, sigma, value);
    }

    /** @return a short human description, e.g. {@code mlp 784-400-20, bernoulli, beta 1.0} */
    public String describe() {
        StringBuilder sb = new StringBuilder(architecture).append(' ').append(inputSize());
        hidden.forEach(h -> sb.append('-').append(h));
        sb.append('-').append(latent).append(", ").append(likelihood);
        if (likelihood.equals("gaussian")) {
            sb.append(" (sigma ").append(sigma).append(')');
        }
        return sb.append(", beta ").append(beta).toString();
    }
}
