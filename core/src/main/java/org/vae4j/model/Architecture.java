package org.vae4j.model;

import ai.djl.nn.Block;
import org.vae4j.data.Schema;
import org.vae4j.nn.Init;

/**
 * The networks of a model, found by name ({@link Architectures}) from {@code --arch} and the model spec:
 * {@code mlp} and {@code conv} today. An architecture builds an encoder and a decoder for a schema; a family composes
 * them. When the schema has a condition, both networks take the one-hot class as a second input, and the
 * architecture decides how it enters.
 */
public interface Architecture {
    /** @return the name in {@code --arch} and {@code vae4j.json}, e.g. {@code mlp} */
    String name();

    /**
     * Checks the spec's fields that concern this architecture against the data.
     *
     * @param spec the networks
     * @param schema the data
     * @throws IllegalArgumentException naming the field and what was expected
     */
    void check(ModelSpec spec, Schema schema);

    /**
     * The encoder: {x} or, conditional, {x, one-hot class} to (batch, outputs).
     *
     * @param spec the networks
     * @param schema the data
     * @param outputs the encoder's output width, e.g. 2 * latent for a mean and a log-variance
     * @param init the weights' initialisation
     * @return the block
     */
    Block encoder(ModelSpec spec, Schema schema, int outputs, Init init);

    /**
     * The decoder: {z} or, conditional, {z, one-hot class} to (batch, outputsPerValue * input size).
     *
     * @param spec the networks
     * @param schema the data
     * @param outputsPerValue decoder outputs per input value (see
     *     {@link org.vae4j.likelihood.Likelihood#decoderOutputsPerValue()})
     * @param init the weights' initialisation
     * @return the block
     */
    Block decoder(ModelSpec spec, Schema schema, int outputsPerValue, Init init);

    /**
     * @param spec the networks
     * @param schema the data
     * @return a short description, e.g. {@code mlp 784-400-20}
     */
    String describe(ModelSpec spec, Schema schema);

    /**
     * @return whether the decoder reads the example it reconstructs as a second input (teacher forcing: a sequence
     *     decoder predicts each token from the ones before it); false for the feed-forward architectures
     */
    default boolean decoderReadsInput() {
        return false;
    }
}
