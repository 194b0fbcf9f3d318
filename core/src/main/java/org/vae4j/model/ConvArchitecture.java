package org.vae4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import java.util.List;
import org.vae4j.data.ImageField;
import org.vae4j.data.Schema;
import org.vae4j.nn.Concat;
import org.vae4j.nn.ConditionChannels;
import org.vae4j.nn.ConvTranspose2d;
import org.vae4j.nn.Init;

/**
 * {@code conv}, for images: 4x4 convolutions of stride 2 and padding 1, each halving the image (rounding down), with
 * optional batch normalisation and ReLU, then dense layers to the outputs. The decoder mirrors it with transposed
 * convolutions ({@link ConvTranspose2d}), whose output padding restores odd sizes exactly (28 -> 14 -> 7 -> 3 and
 * back to 28).
 *
 * <p>A conditional model gives the encoder the one-hot class as constant extra input channels
 * ({@link ConditionChannels}), so every convolution sees it, and concatenates it to the decoder's z.
 */
final class ConvArchitecture implements Architecture {
    private static final int KERNEL = 4;
    private static final int STRIDE = 2;
    private static final int PADDING = 1;

    @Override
    public String name() {
        return "conv";
    }

    /**
     * The spatial sizes through the conv encoder: the input size, then after each stride-2 convolution.
     *
     * @param size the input height or width
     * @param layers the number of convolutions
     * @return layers + 1 sizes
     */
    static int[] sizes(int size, int layers) {
        int[] sizes = new int[layers + 1];
        sizes[0] = size;
        for (int i = 1; i <= layers; i++) {
            sizes[i] = (sizes[i - 1] + 2 * PADDING - KERNEL) / STRIDE + 1;
        }
        return sizes;
    }

    @Override
    public void check(ModelSpec spec, Schema schema) {
        ImageField image = schema.image().orElseThrow(() -> new IllegalArgumentException(
                "the conv architecture works on images, but the data is " + schema.describeInputs()));
        List<Integer> chans = spec.convChannels();
        if (chans.isEmpty()) {
            throw new IllegalArgumentException("conv channels: expected at least one layer, e.g. [32, 64]");
        }
        for (Integer c : chans) {
            if (c == null || c <= 0) {
                throw new IllegalArgumentException("conv channels " + chans
                        + ": expected positive channel counts, e.g. [32, 64]");
            }
        }
        int smallest = 1 << chans.size();
        if (image.height() < smallest || image.width() < smallest) {
            throw new IllegalArgumentException("images of " + image.height() + "x" + image.width()
                    + " are too small for " + chans.size() + " stride-2 convolutions: expected at least " + smallest
                    + "x" + smallest);
        }
    }

    @Override
    public Block encoder(ModelSpec spec, Schema schema, int outputs, Init init) {
        ImageField image = schema.image().orElseThrow();
        int c = image.channels();
        int h = image.height();
        int w = image.width();
        SequentialBlock enc = new SequentialBlock();
        if (schema.conditional()) {
            enc.add(new ConditionChannels(c, h, w));
        } else {
            enc.add(new LambdaBlock(list -> new NDList(list.singletonOrThrow().reshape(-1, c, h, w)), "toImage"));
        }
        int in = c + schema.classes();
        for (int ch : spec.convChannels()) {
            Conv2d layer = Conv2d.builder()
                    .setKernelShape(new Shape(KERNEL, KERNEL))
                    .optStride(new Shape(STRIDE, STRIDE))
                    .optPadding(new Shape(PADDING, PADDING))
                    .setFilters(ch)
                    .build();
            Layers.initialise(layer, (long) in * KERNEL * KERNEL, init);
            enc.add(layer);
            if (spec.batchNorm()) {
                enc.add(BatchNorm.builder().build());
            }
            enc.add(Activation::relu);
            in = ch;
        }
        enc.add(Blocks.batchFlattenBlock());
        int layers = spec.convChannels().size();
        long fanIn = (long) in * sizes(h, layers)[layers] * sizes(w, layers)[layers];
        long last = Layers.dense(enc, spec.hidden(), fanIn, init);
        return enc.add(Layers.linear(outputs, last, init));
    }

    @Override
    public Block decoder(ModelSpec spec, Schema schema, int outputsPerValue, Init init) {
        ImageField image = schema.image().orElseThrow();
        List<Integer> chans = spec.convChannels();
        int layers = chans.size();
        int[] hs = sizes(image.height(), layers);
        int[] ws = sizes(image.width(), layers);
        int last = chans.get(layers - 1);
        SequentialBlock dec = new SequentialBlock();
        if (schema.conditional()) {
            dec.add(new Concat());
        }
        long in = Layers.dense(dec, Layers.reversed(spec.hidden()), spec.latent() + schema.classes(), init);
        dec.add(Layers.linear((long) last * hs[layers] * ws[layers], in, init)).add(Activation::relu);
        dec.add(new LambdaBlock(
                list -> new NDList(list.singletonOrThrow().reshape(-1, last, hs[layers], ws[layers])), "toMaps"));
        for (int i = layers - 1; i >= 0; i--) {
            int out = i > 0 ? chans.get(i - 1) : outputsPerValue * image.channels();
            int padH = hs[i] - (hs[i + 1] - 1) * STRIDE + 2 * PADDING - KERNEL;
            int padW = ws[i] - (ws[i + 1] - 1) * STRIDE + 2 * PADDING - KERNEL;
            ConvTranspose2d layer = new ConvTranspose2d(out, KERNEL, STRIDE, PADDING, padH, padW);
            // PyTorch computes a transposed convolution's fan-in from its weight's second axis, the output channels.
            layer.setInitializer(init.fanIn((long) out * KERNEL * KERNEL), Parameter.Type.WEIGHT);
            layer.setInitializer(init.fanIn((long) out * KERNEL * KERNEL), Parameter.Type.BIAS);
            dec.add(layer);
            if (i > 0) {
                if (spec.batchNorm()) {
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

    @Override
    public String describe(ModelSpec spec, Schema schema) {
        ImageField image = schema.image().orElseThrow();
        StringBuilder sb = new StringBuilder("conv ").append(image.shape());
        spec.convChannels().forEach(c -> sb.append("-c").append(c));
        if (spec.batchNorm()) {
            sb.append(" (batch norm)");
        }
        spec.hidden().forEach(h -> sb.append('-').append(h));
        return sb.append('-').append(spec.latent()).toString();
    }
}
