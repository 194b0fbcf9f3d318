package org.vae4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import java.util.List;
import org.vae4j.Tensors;
import org.vae4j.nn.ConvTranspose2d;

/**
 * The VAE network as a DJL block with two children: an encoder that maps a flat input (batch, D) to the mean and
 * log-variance of q(z|x), and a decoder that maps a latent z (batch, latent) to the likelihood's parameters
 * (batch, k * D), k = {@link org.vae4j.likelihood.Likelihood#outputsPerValue()}.
 *
 * <p>Two architectures:
 *
 * <ul>
 *   <li>{@code mlp}: dense layers with ReLU, D - hidden... - 2 * latent and back.
 *   <li>{@code conv}: 4x4 convolutions of stride 2 and padding 1, each halving the image (rounding down), with
 *       optional batch normalisation and ReLU; dense layers to 2 * latent. The decoder mirrors it with transposed
 *       convolutions ({@link ConvTranspose2d}), whose output padding restores odd sizes exactly (28 -> 14 -> 7 -> 3
 *       and back to 28).
 * </ul>
 *
 * <p>{@link #forward} takes {x} and returns {decoder output, mu, logVar}, with z drawn from q(z|x) by the
 * reparameterisation trick z = mu + exp(logVar / 2) * eps, eps ~ N(0, I), so gradients flow through mu and logVar.
 * For a deterministic pass use {@link #encode} and {@link #decode} with z = mu.
 *
 * <p>Layers start from PyTorch's default initialisation, uniform in +-1/sqrt(fan_in) for weights and biases, so that
 * vae4j trains like the PyTorch models it is compared with. A {@code gaussian-global} likelihood adds one parameter,
 * the shared log-variance, starting at 0.
 */
public final class Vae extends AbstractBlock {
    private static final byte VERSION = 1;
    private static final int KERNEL = 4;
    private static final int STRIDE = 2;
    private static final int PADDING = 1;

    private final VaeConfig config;
    private final Block encoder;
    private final Block decoder;
    private final Parameter sharedLogVar;

    /**
     * Builds the (uninitialised) network for a configuration.
     *
     * @param config the architecture
     */
    public Vae(VaeConfig config) {
        super(VERSION);
        this.config = config;
        boolean conv = config.architecture().equals("conv");
        this.encoder = addChildBlock("encoder", conv ? convEncoder(config) : mlpEncoder(config));
        this.decoder = addChildBlock("decoder", conv ? convDecoder(config) : mlpDecoder(config));
        if (config.likelihood().equals("gaussian-global")) {
            sharedLogVar = addParameter(Parameter.builder()
                    .setName("sharedLogVar")
                    .setType(Parameter.Type.OTHER)
                    .optShape(new Shape(1))
                    .optInitializer(new ConstantInitializer(0f))
                    .build());
        } else {
            sharedLogVar = null;
        }
    }

    /** @return decoder outputs per input value: 2 when the decoder itself emits a variance per value */
    private static int decoderOutputsPerValue(VaeConfig config) {
        return config.likelihood().equals("gaussian-pixel") ? 2 : 1;
    }

    private static SequentialBlock mlpEncoder(VaeConfig c) {
        SequentialBlock enc = new SequentialBlock();
        int fanIn = c.inputSize();
        for (int h : c.hidden()) {
            enc.add(linear(h, fanIn)).add(Activation::relu);
            fanIn = h;
        }
        return enc.add(linear(2L * c.latent(), fanIn));
    }

    private static SequentialBlock mlpDecoder(VaeConfig c) {
        SequentialBlock dec = new SequentialBlock();
        int fanIn = c.latent();
        for (int i = c.hidden().size() - 1; i >= 0; i--) {
            int h = c.hidden().get(i);
            dec.add(linear(h, fanIn)).add(Activation::relu);
            fanIn = h;
        }
        return dec.add(linear((long) decoderOutputsPerValue(c) * c.inputSize(), fanIn));
    }

    /**
     * The spatial sizes through the conv encoder: the input size, then after each stride-2 convolution.
     *
     * @param size the input height or width
     * @param layers the number of convolutions
     * @return layers + 1 sizes
     */
    public static int[] convSizes(int size, int layers) {
        int[] sizes = new int[layers + 1];
        sizes[0] = size;
        for (int i = 1; i <= layers; i++) {
            sizes[i] = (sizes[i - 1] + 2 * PADDING - KERNEL) / STRIDE + 1;
        }
        return sizes;
    }

    private static SequentialBlock convEncoder(VaeConfig c) {
        SequentialBlock enc = new SequentialBlock();
        enc.add(new LambdaBlock(
                list -> new NDList(list.singletonOrThrow().reshape(-1, c.channels(), c.height(), c.width())),
                "toImage"));
        int in = c.channels();
        for (int ch : c.convChannels()) {
            Conv2d layer = Conv2d.builder()
                    .setKernelShape(new Shape(KERNEL, KERNEL))
                    .optStride(new Shape(STRIDE, STRIDE))
                    .optPadding(new Shape(PADDING, PADDING))
                    .setFilters(ch)
                    .build();
            uniform(layer, (long) in * KERNEL * KERNEL);
            enc.add(layer);
            if (c.batchNorm()) {
                enc.add(BatchNorm.builder().build());
            }
            enc.add(Activation::relu);
            in = ch;
        }
        enc.add(Blocks.batchFlattenBlock());
        int[] hs = convSizes(c.height(), c.convChannels().size());
        int[] ws = convSizes(c.width(), c.convChannels().size());
        int fanIn = in * hs[hs.length - 1] * ws[ws.length - 1];
        for (int h : c.hidden()) {
            enc.add(linear(h, fanIn)).add(Activation::relu);
            fanIn = h;
        }
        return enc.add(linear(2L * c.latent(), fanIn));
    }

    private static SequentialBlock convDecoder(VaeConfig c) {
        List<Integer> chans = c.convChannels();
        int layers = chans.size();
        int[] hs = convSizes(c.height(), layers);
        int[] ws = convSizes(c.width(), layers);
        int last = chans.get(layers - 1);
        SequentialBlock dec = new SequentialBlock();
        int fanIn = c.latent();
        for (int i = c.hidden().size() - 1; i >= 0; i--) {
            int h = c.hidden().get(i);
            dec.add(linear(h, fanIn)).add(Activation::relu);
            fanIn = h;
        }
        dec.add(linear((long) last * hs[layers] * ws[layers], fanIn)).add(Activation::relu);
        dec.add(new LambdaBlock(
                list -> new NDList(list.singletonOrThrow().reshape(-1, last, hs[layers], ws[layers])), "toMaps"));
        int outputs = decoderOutputsPerValue(c);
        for (int i = layers - 1; i >= 0; i--) {
            int out = i > 0 ? chans.get(i - 1) : outputs * c.channels();
            int padH = hs[i] - (hs[i + 1] - 1) * STRIDE + 2 * PADDING - KERNEL;
            int padW = ws[i] - (ws[i + 1] - 1) * STRIDE + 2 * PADDING - KERNEL;
            dec.add(new ConvTranspose2d(out, KERNEL, STRIDE, PADDING, padH, padW));
            if (i > 0) {
                if (c.batchNorm()) {
                    dec.add(BatchNorm.builder().build());
                }
                dec.add(Activation::relu);
            }
        }
        dec.add(new LambdaBlock(list -> {
            NDArray maps = list.singletonOrThrow();
            return new NDList(maps.reshape(maps.getShape().get(0), -1));
        }, "toFlat"));
        return dec;
    }

    private static Linear linear(long units, int fanIn) {
        Linear layer = Linear.builder().setUnits(units).build();
        uniform(layer, fanIn);
        return layer;
    }

    private static void uniform(Block layer, long fanIn) {
        UniformInitializer init = new UniformInitializer((float) (1.0 / Math.sqrt(fanIn)));
        layer.setInitializer(init, Parameter.Type.WEIGHT);
        layer.setInitializer(init, Parameter.Type.BIAS);
    }

    /** @return the architecture this network was built from */
    public VaeConfig config() {
        return config;
    }

    /** @return the encoder block, x -> [mu, logVar] concatenated, shape (batch, 2 * latent) */
    public Block encoder() {
        return encoder;
    }

    /** @return the decoder block, z -> likelihood parameters */
    public Block decoder() {
        return decoder;
    }

    /**
     * Encodes a batch.
     *
     * @param store the parameter store
     * @param x flat inputs, shape (batch, D)
     * @param training whether in training mode (batch normalisation uses batch statistics)
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
     * @return the likelihood's parameters, shape (batch, k * D)
     */
    public NDArray decode(ParameterStore store, NDArray z, boolean training) {
        NDArray out = decoder.forward(store, new NDList(z), training).singletonOrThrow();
        if (sharedLogVar == null) {
            return out;
        }
        NDArray logVar = Tensors.borrow(store.getValue(sharedLogVar, z.getDevice(), training), out.getManager());
        return NDArrays.concat(new NDList(out, logVar.broadcast(out.getShape())), 1);
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
        int k = config.createLikelihood().outputsPerValue();
        return new Shape[] {new Shape(batch, (long) k * config.inputSize()), latent, latent};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        encoder.initialize(manager, dataType, new Shape(batch, config.inputSize()));
        decoder.initialize(manager, dataType, new Shape(batch, config.latent()));
    }
}
