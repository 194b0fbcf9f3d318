package org.vae4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.vae4j.data.Batch;
import org.vae4j.likelihood.Likelihood;

/**
 * A model's networks as one DJL block: an encoder from x (and, conditional, the one-hot class) to the parameters of
 * q(z|x), a decoder from z (and the class) to its raw output, and the likelihood head that completes that output into
 * the parameters of p(x|z). The head's own parameters (a shared variance) are this block's direct parameters; the
 * encoder and decoder are its two children, {@code encoder} and {@code decoder}, so the weights file lists them in
 * that order (the same layout format-1 folders have).
 *
 * <p>Two other shapes share the block: a completion model ({@link #completion}) adds a third child, {@code prior},
 * the network of p(z|x_obs), and its networks take inputs of their own widths, which the family's objective
 * assembles; a direct predictor ({@link #direct}) has a decoder only, from its input straight to the likelihood's
 * parameters.
 *
 * <p>{@link #forward} takes {x} or {x, class} and returns the encoder's outputs {mu, logVar}; families compose
 * {@link #encode}, {@link #prior} and {@link #decode} in their objectives.
 */
public final class LatentNetwork extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Block encoder;
    private final Block decoder;
    private final Block prior;
    private final Likelihood likelihood;
    private final int inputSize;
    private final int latent;
    private final int classes;
    private final long encoderWidth;
    private final long decoderWidth;
    private final boolean readsInput;

    /**
     * Composes a VAE's network.
     *
     * @param encoder {x} or {x, one-hot class} to (batch, 2 * latent): means, then log-variances
     * @param decoder {z} or {z, one-hot class} to (batch, k * inputSize)
     * @param likelihood the head, whose own parameters this block registers
     * @param inputSize D, the values of one input row
     * @param latent the latent size
     * @param classes condition classes, 0 for an unconditional network
     */
    public LatentNetwork(Block encoder, Block decoder, Likelihood likelihood, int inputSize, int latent, int classes) {
        this(encoder, decoder, null, likelihood, inputSize, latent, classes, inputSize, latent, false);
    }

    /**
     * Composes a VAE's network whose decoder reads the example it reconstructs beside z (teacher forcing, as a
     * sequence decoder does): {z, x} to its output.
     *
     * @param encoder x to (batch, 2 * latent)
     * @param decoder {z, x} to (batch, k * inputSize)
     * @param likelihood the head
     * @param inputSize D
     * @param latent the latent size
     * @return the network
     */
    public static LatentNetwork teacherForced(Block encoder, Block decoder, Likelihood likelihood, int inputSize,
            int latent) {
        return new LatentNetwork(encoder, decoder, null, likelihood, inputSize, latent, 0, inputSize, latent, true);
    }

    /**
     * A language model's network: one child, {@code decoder}, that reads the sequence it predicts (teacher forcing)
     * and no latent space.
     *
     * @param decoder {z of width 0, x} to (batch, k * inputSize)
     * @param likelihood the head
     * @param inputSize D
     * @return the network
     */
    public static LatentNetwork languageModel(Block decoder, Likelihood likelihood, int inputSize) {
        return new LatentNetwork(null, decoder, null, likelihood, inputSize, 0, 0, 0, 0, true);
    }

    private LatentNetwork(Block encoder, Block decoder, Block prior, Likelihood likelihood, int inputSize, int latent,
            int classes, long encoderWidth, long decoderWidth, boolean readsInput) {
        super(VERSION);
        this.encoder = encoder == null ? null : addChildBlock("encoder", encoder);
        this.decoder = addChildBlock("decoder", decoder);
        this.prior = prior == null ? null : addChildBlock("prior", prior);
        this.likelihood = likelihood;
        for (Parameter p : likelihood.ownParameters()) {
            addParameter(p);
        }
        this.inputSize = inputSize;
        this.latent = latent;
        this.classes = classes;
        this.encoderWidth = encoderWidth;
        this.decoderWidth = decoderWidth;
        this.readsInput = readsInput;
    }

    /**
     * Composes a completion model's network: children {@code encoder} (the recognition network), {@code decoder} (the
     * generator) and {@code prior}, in that order in the weights file.
     *
     * @param recognition (batch, conditionWidth) to (batch, 2 * latent): q(z | x_obs, x_miss)
     * @param generator (batch, latent + conditionWidth) to (batch, k * inputSize): p(x_miss | z, x_obs)
     * @param prior (batch, conditionWidth) to (batch, 2 * latent): p(z | x_obs)
     * @param likelihood the head
     * @param inputSize D
     * @param latent the latent size
     * @param conditionWidth the width of the networks' input that describes the observed part
     * @return the network
     */
    public static LatentNetwork completion(Block recognition, Block generator, Block prior, Likelihood likelihood,
            int inputSize, int latent, long conditionWidth) {
        return new LatentNetwork(recognition, generator, prior, likelihood, inputSize, latent, 0, conditionWidth,
                latent + conditionWidth, false);
    }

    /**
     * A network without a latent space: one child, {@code decoder}, from its input to the likelihood's parameters.
     *
     * @param net (batch, width) to (batch, k * inputSize)
     * @param likelihood the head
     * @param inputSize D
     * @param width the net's input width
     * @return the network
     */
    public static LatentNetwork direct(Block net, Likelihood likelihood, int inputSize, long width) {
        return new LatentNetwork(null, net, null, likelihood, inputSize, 0, 0, 0, width, false);
    }

    /** @return the encoder block ({@code null} for a direct network) */
    public Block encoder() {
        return encoder;
    }

    /** @return the decoder block */
    public Block decoder() {
        return decoder;
    }

    /** @return the prior network of a completion model, {@code null} for the others */
    public Block priorNetwork() {
        return prior;
    }

    /** @return the likelihood head */
    public Likelihood likelihood() {
        return likelihood;
    }

    /** @return the number of condition classes, 0 when unconditional */
    public int classes() {
        return classes;
    }

    private NDList withCondition(NDArray first, NDArray condition) {
        if (classes == 0) {
            return new NDList(first);
        }
        if (condition == null) {
            throw new IllegalArgumentException("this network is conditional on " + classes
                    + " classes: expected a class for every example");
        }
        return new NDList(first, condition.oneHot(classes));
    }

    /**
     * Encodes a batch.
     *
     * @param store the parameter store
     * @param batch the inputs and, for a conditional network, the classes
     * @param training whether in training mode (batch normalisation uses batch statistics)
     * @return {mu, logVar}, each (batch, latent)
     */
    public NDList encode(ParameterStore store, Batch batch, boolean training) {
        return encode(store, batch.input(), batch.condition(), training);
    }

    /**
     * Encodes flat inputs.
     *
     * @param store the parameter store
     * @param x (batch, D), or for a completion model its recognition input
     * @param condition the classes (batch) int64, or {@code null} for an unconditional network
     * @param training whether in training mode
     * @return {mu, logVar}, each (batch, latent)
     * @throws IllegalStateException for a direct network, which has no encoder
     */
    public NDList encode(ParameterStore store, NDArray x, NDArray condition, boolean training) {
        if (encoder == null) {
            throw new IllegalStateException("this network has no latent space to encode into");
        }
        NDArray h = encoder.forward(store, withCondition(x, condition), training).singletonOrThrow();
        return h.split(2, 1);
    }

    /**
     * The prior p(z | x_obs) of a completion model.
     *
     * @param store the parameter store
     * @param input (batch, conditionWidth)
     * @param training whether in training mode
     * @return {mu, logVar}, each (batch, latent)
     * @throws IllegalStateException if this network has no prior network
     */
    public NDList prior(ParameterStore store, NDArray input, boolean training) {
        if (prior == null) {
            throw new IllegalStateException("this network has no prior network; its prior is N(0, I)");
        }
        return prior.forward(store, new NDList(input), training).singletonOrThrow().split(2, 1);
    }

    /**
     * Decodes latent codes to the parameters of p(x | z).
     *
     * @param store the parameter store
     * @param z (batch, latent), or the decoder input of a completion or direct network
     * @param condition the classes (batch) int64, or {@code null} for an unconditional network
     * @param training whether in training mode
     * @return the likelihood's parameters, in the layout {@link Likelihood#perValue} reads
     */
    public NDArray decode(ParameterStore store, NDArray z, NDArray condition, boolean training) {
        if (readsInput) {
            throw new IllegalStateException("this decoder reads the example it reconstructs (teacher forcing); "
                    + "decode with the example");
        }
        NDArray out = decoder.forward(store, withCondition(z, condition), training).singletonOrThrow();
        return likelihood.parameters(out, store, training);
    }

    /**
     * Decodes latent codes to the parameters of p(x | z) of given examples: a teacher-forced decoder reads x beside
     * z; the others ignore it.
     *
     * @param store the parameter store
     * @param z (batch, latent)
     * @param condition the classes, or {@code null}
     * @param x (batch, D), the examples being reconstructed
     * @param training whether in training mode
     * @return the likelihood's parameters
     */
    public NDArray decode(ParameterStore store, NDArray z, NDArray condition, NDArray x, boolean training) {
        if (!readsInput) {
            return decode(store, z, condition, training);
        }
        NDArray out = decoder.forward(store, new NDList(z, x), training).singletonOrThrow();
        return likelihood.parameters(out, store, training);
    }

    /** @return the width of the codes the decoder reads: the latent size, 0 for a network without latent space */
    public int latent() {
        return latent;
    }

    /** @return whether the decoder reads the example it reconstructs */
    public boolean decoderReadsInput() {
        return readsInput;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return encode(store, inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape latentShape = new Shape(inputShapes[0].get(0), latent);
        return new Shape[] {latentShape, latentShape};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        if (classes == 0) {
            if (encoder != null) {
                encoder.initialize(manager, dataType, new Shape(batch, encoderWidth));
            }
            if (readsInput) {
                decoder.initialize(manager, dataType, new Shape(batch, decoderWidth), new Shape(batch, inputSize));
            } else {
                decoder.initialize(manager, dataType, new Shape(batch, decoderWidth));
            }
            if (prior != null) {
                prior.initialize(manager, dataType, new Shape(batch, encoderWidth));
            }
        } else {
            encoder.initialize(manager, dataType, new Shape(batch, encoderWidth), new Shape(batch, classes));
            decoder.initialize(manager, dataType, new Shape(batch, decoderWidth), new Shape(batch, classes));
        }
    }
}
