package org.vae4j.model;

import java.util.List;
import java.util.Locale;
import org.vae4j.likelihood.Likelihood;

/**
 * The architecture and objective of a VAE: everything needed to rebuild the network before loading its weights.
 * Validated on construction; serialised as part of a model folder's {@code vae4j.json}.
 *
 * @param architecture {@code mlp} (fully connected) or {@code conv} (stride-2 convolutions, transposed-convolution
 *     decoder)
 * @param channels input channels (1 grayscale, 3 RGB)
 * @param height input height in pixels
 * @param width input width in pixels
 * @param hidden sizes of the dense hidden layers of the encoder (after the convolutions for {@code conv}); the
 *     decoder uses them in reverse
 * @param latent size of the latent space
 * @param likelihood {@code bernoulli} (pixels in [0, 1]), {@code gaussian} (fixed sigma), {@code gaussian-global}
 *     (one learned variance) or {@code gaussian-pixel} (a learned variance per value)
 * @param sigma the standard deviation of {@code gaussian}; the smallest one {@code gaussian-global} and
 *     {@code gaussian-pixel} may learn; unused for bernoulli
 * @param beta weight of the KL term in the training loss (1 is the standard VAE, above 1 a beta-VAE)
 * @param convChannels for {@code conv}: the output channels of each stride-2 convolution, e.g. [32, 64]; empty for
 *     {@code mlp}
 * @param batchNorm for {@code conv}: batch normalisation after each convolution but the decoder's last
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
        double beta,
        List<Integer> convChannels,
        boolean batchNorm) {

    /** The architecture families this version can build. */
    public static final List<String> ARCHITECTURES = List.of("mlp", "conv");

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException naming the field and what was expected
     */
    public VaeConfig {
        architecture = architecture == null ? "mlp" : architecture.toLowerCase(Locale.ROOT);
        likelihood = likelihood == null ? "bernoulli" : likelihood.toLowerCase(Locale.ROOT);
        hidden = hidden == null ? List.of() : List.copyOf(hidden);
        convChannels = convChannels == null ? List.of() : List.copyOf(convChannels);
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
        if (!Likelihood.NAMES.contains(likelihood)) {
            throw new IllegalArgumentException("likelihood '" + likelihood + "': expected one of " + Likelihood.NAMES);
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma " + sigma + ": expected a positive number");
        }
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta " + beta + ": expected a number >= 0");
        }
        if (architecture.equals("conv")) {
            if (convChannels.isEmpty()) {
                throw new IllegalArgumentException("conv channels: expected at least one layer, e.g. [32, 64]");
            }
            for (Integer c : convChannels) {
                if (c == null || c <= 0) {
                    throw new IllegalArgumentException("conv channels " + convChannels
                            + ": expected positive channel counts, e.g. [32, 64]");
                }
            }
            int smallest = 1 << convChannels.size();
            if (height < smallest || width < smallest) {
                throw new IllegalArgumentException("images of " + height + "x" + width + " are too small for "
                        + convChannels.size() + " stride-2 convolutions: expected at least " + smallest + "x"
                        + smallest);
            }
        } else if (!convChannels.isEmpty() || batchNorm) {
            throw new IllegalArgumentException(
                    "conv channels and batch normalisation apply to the conv architecture only, not " + architecture);
        }
    }

    /**
     * A configuration without convolutions (for the {@code mlp} architecture).
     *
     * @param architecture {@code mlp}
     * @param channels input channels
     * @param height input height
     * @param width input width
     * @param hidden hidden layer sizes
     * @param latent latent size
     * @param likelihood the likelihood's name
     * @param sigma the gaussian's standard deviation
     * @param beta the KL weight
     */
    public VaeConfig(String architecture, int channels, int height, int width, List<Integer> hidden, int latent,
            String likelihood, double sigma, double beta) {
        this(architecture, channels, height, width, hidden, latent, likelihood, sigma, beta, List.of(), false);
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
        return new VaeConfig(
                "mlp", channels, height, width, List.of(400), 20, "bernoulli", 0.1, 1.0, List.of(), false);
    }

    /**
     * A convolutional VAE: stride-2 convolutions with 32 and 64 channels, a dense layer of 256, 20 latent
     * dimensions, Bernoulli likelihood, no batch normalisation.
     *
     * @param channels input channels
     * @param height input height
     * @param width input width
     * @return the configuration
     */
    public static VaeConfig conv(int channels, int height, int width) {
        return new VaeConfig(
                "conv", channels, height, width, List.of(256), 20, "bernoulli", 0.1, 1.0, List.of(32, 64), false);
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
        return new VaeConfig(architecture, channels, height, width, value, latent, likelihood, sigma, beta,
                convChannels, batchNorm);
    }

    /**
     * @param value new latent size
     * @return a copy with another latent size
     */
    public VaeConfig withLatent(int value) {
        return new VaeConfig(architecture, channels, height, width, hidden, value, likelihood, sigma, beta,
                convChannels, batchNorm);
    }

    /**
     * @param name likelihood name
     * @param sigmaValue gaussian standard deviation (or the smallest one a learned variance may take)
     * @return a copy with another likelihood
     */
    public VaeConfig withLikelihood(String name, double sigmaValue) {
        return new VaeConfig(architecture, channels, height, width, hidden, latent, name, sigmaValue, beta,
                convChannels, batchNorm);
    }

    /**
     * @param value new KL weight
     * @return a copy with another beta
     */
    public VaeConfig withBeta(double value) {
        return new VaeConfig(architecture, channels, height, width, hidden, latent, likelihood, sigma, value,
                convChannels, batchNorm);
    }

    /**
     * @param value the channels of each stride-2 convolution
     * @param norm whether to add batch normalisation
     * @return a copy of this configuration as a conv architecture
     */
    public VaeConfig withConv(List<Integer> value, boolean norm) {
        return new VaeConfig("conv", channels, height, width, hidden, latent, likelihood, sigma, beta, value, norm);
    }

    /** @return a short human description, e.g. {@code mlp 784-400-20, bernoulli, beta 1.0} */
    public String describe() {
        StringBuilder sb = new StringBuilder(architecture).append(' ');
        if (architecture.equals("conv")) {
            sb.append(channels).append('x').append(height).append('x').append(width);
            convChannels.forEach(c -> sb.append("-c").append(c));
            if (batchNorm) {
                sb.append(" (batch norm)");
            }
        } else {
            sb.append(inputSize());
        }
        hidden.forEach(h -> sb.append('-').append(h));
        sb.append('-').append(latent).append(", ").append(likelihood);
        if (likelihood.equals("gaussian")) {
            sb.append(" (sigma ").append(sigma).append(')');
        } else if (likelihood.startsWith("gaussian-")) {
            sb.append(" (sigma >= ").append(sigma).append(')');
        }
        return sb.append(", beta ").append(beta).toString();
    }
}
