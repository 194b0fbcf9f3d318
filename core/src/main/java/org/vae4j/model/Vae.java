package org.vae4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import org.vae4j.Tensors;

/**
 * The VAE network as a DJL block with two children: an encoder that maps a flat input (batch, D) to the mean and
 * log-variance of q(z|x), and a decoder that maps a latent z (batch, latent) to the likelihood's parameters
 * (batch, D).
 *
 * <p>{@link #forward} takes {x} and returns {decoder output, mu, logVar}, with z drawn from q(z|x) by the
 * reparameterisation trick z = mu + exp(logVar / 2) * eps, eps ~ N(0, I), so gradients flow through mu and logVar.
 * For a deterministic pass use {@link #encode} and {@link #decode} with z = mu.
 *
 * <p>Fully connected layers start from PyTorch's default initialisation, uniform in +-1/sqrt(fan_in) for weights
 * and biases, so that vae4j trains like the PyTorch example it is compared with.
 */
public final class Vae extends AbstractBlock {
    private static final byte VERSION = 1;

    private final VaeConfig config;
    private final Block encoder;
    private final Block decoder;

    /**
     * Builds the (uninitialised) network for a configuration.
     *
     * @param config the architecture
     */
    public Vae(VaeConfig config) {
        super(VERSION);
        this.config = config;
        int d = config.inputSize();
        SequentialBlock enc = new SequentialBlock();
        int fanIn = d;
        for (int h : config.hidden()) {
            enc.add(linear(h, fanIn)).add(Activation::relu);
            fanIn = h;
        }
        enc.add(linear(2L * config.latent(), fanIn));
        SequentialBlock dec = new SequentialBlock();
        fanIn = config.latent();
        for (int i = config.hidden().size() - 1; i >= 0; i--) {
            int h = config.hidden().get(i);
            dec.add(linear(h, fanIn)).add(Activation::relu);
            fanIn = h;
        }
        dec.add(linear(d, fanIn));
        this.encoder = addChildBlock("encoder", enc);
        this.decoder = addChildBlock("decoder", dec);
    }

    private static Linear linear(long units, int fanIn) {
        Linear layer = Linear.builder().setUnits(units).build();
        UniformInitializer init = new UniformInitializer((float) (1.0 / Math.sqrt(fanIn)));
        layer.setInitializer(init, Parameter.Type.WEIGHT);
        layer.setInitializer(init, Parameter.Type.BIAS);
        return layer;
    }

    /** @return the architecture this network was built from */
    public VaeConfig config() {
        return config;
    }

    /** @return the encoder block, x -> [mu, logVar] concatenated, shape (batch, 2 * latent) */
    public Block encoder() {
        return encoder;
    }

    /** @return the decoder block, z -> likelihood parameters, shape (batch, D) */
    public Block decoder() {
        return decoder;
    }

    /**
     * Encodes a batch.
     *
     * @param store the parameter store
     * @param x flat inputs, shape (batch, D)
     * @param training whether in training mode
     * @return {mu, logVar}, each (batch, latent)
     */
    public NDList encode(ParameterStore store, NDArray x, boolean training) {
        NDArray h = encoder.forward(store, new NDList(x), training).singletonOrThrow();
        return h.split(2, 1);
    }

    /**
     * Decodes a batch of latent codes.
     *
     * @param store the parameter store
     * @param z latent codes, shape (batch, latent)
     * @param training whether in training mode
     * @return the decoder output (likelihood parameters), shape (batch, D)
     */
    public NDArray decode(ParameterStore store, NDArray z, boolean training) {
        return decoder.forward(store, new NDList(z), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDList stats = encode(store, x, training);
        NDArray mu = stats.get(0);
        NDArray logVar = stats.get(1);
        NDArray eps = x.getManager().randomNormal(mu.getShape());
        NDArray z = mu.add(Tensors.times(logVar, 0.5f).exp().mul(eps));
        return new NDList(decode(store, z, training), mu, logVar);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        Shape latent = new Shape(batch, config.latent());
        return new Shape[] {new Shape(batch, config.inputSize()), latent, latent};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        encoder.initialize(manager, dataType, new Shape(batch, config.inputSize()));
        decoder.initialize(manager, dataType, new Shape(batch, config.latent()));
    }
}
