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
 * <p>{@link #forward} takes {x} or {x, class} and returns the encoder's outputs {mu, logVar}; families compose
 * {@link #encode} and {@link #decode} in their objectives.
 */
public final class LatentNetwork extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Block encoder;
    private final Block decoder;
    private final Likelihood likelihood;
    private final int inputSize;
    private final int latent;
    private final int classes;

    /**
     * Composes a network.
     *
     * @param encoder {x} or {x, one-hot class} to (batch, 2 * latent): means, then log-variances
     * @param decoder {z} or {z, one-hot class} to (batch, k * inputSize)
     * @param likelihood the head, whose own parameters this block registers
     * @param inputSize D, the values of one input row
     * @param latent the latent size
     * @param classes condition classes, 0 for an unconditional network
     */
    public LatentNetwork(Block encoder, Block decoder, Likelihood likelihood, int inputSize, int latent, int classes) {
        super(VERSION);
        this.encoder = addChildBlock("encoder", encoder);
        this.decoder = addChildBlock("decoder", decoder);
        this.likelihood = likelihood;
        for (Parameter p : likelihood.ownParameters()) {
            addParameter(p);
        }
        this.inputSize = inputSize;
        this.latent = latent;
        this.classes = classes;
    }

    /** @return the encoder block */
    public Block encoder() {
        return encoder;
    }

    /** @return the decoder block */
    public Block decoder() {
        return decoder;
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
     * @param x (batch, D)
     * @param condition the classes (batch) int64, or {@code null} for an unconditional network
     * @param training whether in training mode
     * @return {mu, logVar}, each (batch, latent)
     */
    public NDList encode(ParameterStore store, NDArray x, NDArray condition, boolean training) {
        NDArray h = encoder.forward(store, withCondition(x, condition), training).singletonOrThrow();
        return h.split(2, 1);
    }

    /**
     * Decodes latent codes to the parameters of p(x | z).
     *
     * @param store the parameter store
     * @param z (batch, latent)
     * @param condition the classes (batch) int64, or {@code null} for an unconditional network
     * @param training whether in training mode
     * @return the likelihood's parameters, in the layout {@link Likelihood#perValue} reads
     */
    public NDArray decode(ParameterStore store, NDArray z, NDArray condition, boolean training) {
        NDArray out = decoder.forward(store, withCondition(z, condition), training).singletonOrThrow();
        return likelihood.parameters(out, store, training);
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
            encoder.initialize(manager, dataType, new Shape(batch, inputSize));
            decoder.initialize(manager, dataType, new Shape(batch, latent));
        } else {
            encoder.initialize(manager, dataType, new Shape(batch, inputSize), new Shape(batch, classes));
            decoder.initialize(manager, dataType, new Shape(batch, latent), new Shape(batch, classes));
        }
    }
}
