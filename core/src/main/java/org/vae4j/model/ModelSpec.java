package org.vae4j.model;

import java.util.List;
import java.util.Locale;
import org.vae4j.likelihood.Likelihood;

/**
 * The networks of a model and its likelihood head: the {@code model} section of {@code vae4j.json}. What the fields
 * mean in detail belongs to the architecture ({@link Architecture}) that {@code arch} names; the family
 * ({@link Family}) decides how the networks are put together and trained.
 *
 * @param arch the networks' architecture: {@code mlp} (dense layers) or {@code conv} (stride-2 convolutions and a
 *     transposed-convolution decoder)
 * @param hidden sizes of the dense hidden layers of the encoder (after the convolutions for {@code conv}); the
 *     decoder uses them in reverse
 * @param latent size of the latent space
 * @param convChannels for {@code conv}: the output channels of each stride-2 convolution, e.g. [32, 64]; empty
 *     otherwise
 * @param batchNorm for {@code conv}: batch normalisation after each convolution but the decoder's last
 * @param likelihood the observation model p(x | z): {@code bernoulli}, {@code gaussian}, {@code gaussian-global}
 *     or {@code gaussian-pixel} (see {@link Likelihood})
 * @param sigma the standard deviation of {@code gaussian}; the smallest one {@code gaussian-global} and
 *     {@code gaussian-pixel} may learn; unused for {@code bernoulli}
 */
public record ModelSpec(
        String arch,
        List<Integer> hidden,
        int latent,
        List<Integer> convChannels,
        boolean batchNorm,
        String likelihood,
        double sigma) {

    /**
     * Validates what does not depend on the architecture.
     *
     * @throws IllegalArgumentException naming the field and what was expected
     */
    public ModelSpec {
        arch = arch == null ? "mlp" : arch.toLowerCase(Locale.ROOT);
        likelihood = likelihood == null ? "bernoulli" : likelihood.toLowerCase(Locale.ROOT);
        hidden = hidden == null ? List.of() : List.copyOf(hidden);
        convChannels = convChannels == null ? List.of() : List.copyOf(convChannels);
        for (Integer h : hidden) {
            if (h == null || h <= 0) {
                throw new IllegalArgumentException("hidden sizes " + hidden + ": expected positive integers");
            }
        }
        if (latent <= 0) {
            throw new IllegalArgumentException("latent size " + latent + ": expected a positive integer");
        }
        if (!Likelihood.NAMES.contains(likelihood)) {
            throw new IllegalArgumentException("likelihood '" + likelihood + "': expected one of "
                    + String.join(", ", Likelihood.NAMES));
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma " + sigma + ": expected a positive number");
        }
    }

    /**
     * The classic model of the PyTorch VAE example: MLP with one hidden layer of 400, 20 latent dimensions,
     * Bernoulli likelihood.
     *
     * @return the spec
     */
    public static ModelSpec classic() {
        return new ModelSpec("mlp", List.of(400), 20, List.of(), false, "bernoulli", 0.1);
    }

    /**
     * A convolutional model: stride-2 convolutions with 32 and 64 channels, a dense layer of 256, 20 latent
     * dimensions, Bernoulli likelihood, no batch normalisation.
     *
     * @return the spec
     */
    public static ModelSpec conv() {
        return new ModelSpec("conv", List.of(256), 20, List.of(32, 64), false, "bernoulli", 0.1);
    }

    /**
     * @param value new hidden sizes
     * @return a copy with other hidden sizes
     */
    public ModelSpec withHidden(List<Integer> value) {
        return new ModelSpec(arch, value, latent, convChannels, batchNorm, likelihood, sigma);
    }

    /**
     * @param value new latent size
     * @return a copy with another latent size
     */
    public ModelSpec withLatent(int value) {
        return new ModelSpec(arch, hidden, value, convChannels, batchNorm, likelihood, sigma);
    }

    /**
     * @param name likelihood name
     * @param sigmaValue gaussian standard deviation (or the smallest one a learned variance may take)
     * @return a copy with another likelihood
     */
    public ModelSpec withLikelihood(String name, double sigmaValue) {
        return new ModelSpec(arch, hidden, latent, convChannels, batchNorm, name, sigmaValue);
    }

    /**
     * @param channels the channels of each stride-2 convolution
     * @param norm whether to add batch normalisation
     * @return a copy of this spec as a {@code conv} architecture
     */
    public ModelSpec withConv(List<Integer> channels, boolean norm) {
        return new ModelSpec("conv", hidden, latent, channels, norm, likelihood, sigma);
    }

    /** @return the likelihood described, e.g. {@code bernoulli} or {@code gaussian (sigma 0.1)} */
    public String describeLikelihood() {
        return Likelihood.describe(likelihood, sigma);
    }
}
