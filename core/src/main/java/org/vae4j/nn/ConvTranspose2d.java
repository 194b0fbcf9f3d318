package org.vae4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import org.vae4j.Tensors;

/**
 * A 2-D transposed convolution with the semantics and weight layout of PyTorch's {@code nn.ConvTranspose2d}: square
 * kernel {@code k}, stride {@code s} and padding {@code p}, output padding {@code op} per axis; weight
 * (in, out, k, k), bias (out); output size (H - 1) * s - 2p + k + op. DJL 0.36's PyTorch engine has no deconvolution, so this computes it
 * in the polyphase (sub-pixel) form, which gives the same numbers:
 *
 * <p>An output row Y with Y + p = q*s + r only receives kernel rows ky = m*s + r from input rows q - m. So each of
 * the s*s phases (r, c) is an ordinary stride-1 convolution of the input with the kernel's rows and columns of that
 * phase, flipped. All phases together are one convolution to s*s*out channels with a rearranged kernel of size
 * ceil(k / s); a pixel shuffle interleaves the phases and a crop removes the padding.
 *
 * <p>Weights start like PyTorch's: uniform in +-1/sqrt(fan_in) with fan_in = out * k * k (PyTorch computes fan_in
 * from the weight's second dimension, which is the output channels for a transposed convolution).
 */
public final class ConvTranspose2d extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int outputPaddingH;
    private final int outputPaddingW;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * Creates the block.
     *
     * @param outChannels output channels
     * @param kernel kernel size
     * @param stride stride
     * @param padding implicit zero padding removed from each side of the full output
     * @param outputPadding extra rows and columns added to one side of the output, below the stride
     */
    public ConvTranspose2d(int outChannels, int kernel, int stride, int padding, int outputPadding) {
        this(outChannels, kernel, stride, padding, outputPadding, outputPadding);
    }

    /**
     * Creates the block with different output paddings for rows and columns.
     *
     * @param outChannels output channels
     * @param kernel kernel size
     * @param stride stride
     * @param padding implicit zero padding removed from each side of the full output
     * @param outputPaddingH extra rows added below the output, below the stride
     * @param outputPaddingW extra columns added right of the output, below the stride
     */
    public ConvTranspose2d(
            int outChannels, int kernel, int stride, int padding, int outputPaddingH, int outputPaddingW) {
        super(VERSION);
        if (outChannels <= 0 || kernel <= 0 || stride <= 0 || padding < 0 || outputPaddingH < 0
                || outputPaddingH >= stride || outputPaddingW < 0 || outputPaddingW >= stride) {
            throw new IllegalArgumentException("transposed convolution: out " + outChannels + ", kernel " + kernel
                    + ", stride " + stride + ", padding " + padding + ", output padding " + outputPaddingH + "x"
                    + outputPaddingW + ": expected positive sizes, padding >= 0 and output padding below the stride");
        }
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.outputPaddingH = outputPaddingH;
        this.outputPaddingW = outputPaddingW;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        this.bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
        UniformInitializer init = new UniformInitializer((float) (1 / Math.sqrt((double) outChannels * kernel * kernel)));
        setInitializer(init, Parameter.Type.WEIGHT);
        setInitializer(init, Parameter.Type.BIAS);
    }

    /**
     * The output size along one axis.
     *
     * @param in input size
     * @param kernel kernel size
     * @param stride stride
     * @param padding padding
     * @param outputPadding output padding
     * @return (in - 1) * stride - 2 * padding + kernel + outputPadding
     */
    public static long outputSize(long in, int kernel, int stride, int padding, int outputPadding) {
        return (in - 1) * stride - 2L * padding + kernel + outputPadding;
    }

    @Override
    protected void prepare(Shape[] inputs) {
        weight.setShape(new Shape(inputs[0].get(1), outChannels, kernel, kernel));
        bias.setShape(new Shape(outChannels));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        return new Shape[] {new Shape(in.get(0), outChannels,
                outputSize(in.get(2), kernel, stride, padding, outputPaddingH),
                outputSize(in.get(3), kernel, stride, padding, outputPaddingW))};
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = store.getValue(weight, x.getDevice(), training);
        NDArray b = store.getValue(bias, x.getDevice(), training);
        return new NDList(convTranspose2d(x, w, b, stride, padding, outputPaddingH, outputPaddingW));
    }

    /**
     * PyTorch's {@code conv_transpose2d} for a square kernel, computed in the polyphase form.
     *
     * @param x input, (batch, in, H, W)
     * @param weight (in, out, k, k)
     * @param bias (out), or {@code null}
     * @param stride stride
     * @param padding padding
     * @param outputPadding output padding, below the stride
     * @return (batch, out, (H - 1) * s - 2p + k + op, (W - 1) * s - 2p + k + op)
     */
    public static NDArray convTranspose2d(
            NDArray x, NDArray weight, NDArray bias, int stride, int padding, int outputPadding) {
        return convTranspose2d(x, weight, bias, stride, padding, outputPadding, outputPadding);
    }

    /**
     * PyTorch's {@code conv_transpose2d} for a square kernel with per-axis output padding.
     *
     * @param x input, (batch, in, H, W)
     * @param weight (in, out, k, k)
     * @param bias (out), or {@code null}
     * @param stride stride
     * @param padding padding
     * @param outputPaddingH output padding of the rows, below the stride
     * @param outputPaddingW output padding of the columns, below the stride
     * @return (batch, out, (H - 1) * s - 2p + k + opH, (W - 1) * s - 2p + k + opW)
     */
    public static NDArray convTranspose2d(NDArray x, NDArray weight, NDArray bias, int stride, int padding,
            int outputPaddingH, int outputPaddingW) {
        Shape xs = x.getShape();
        Shape ws = weight.getShape();
        long batch = xs.get(0);
        long inC = ws.get(0);
        long outC = ws.get(1);
        int k = (int) ws.get(2);
        int s = stride;
        int m = (k + s - 1) / s; // taps per phase
        long h = xs.get(2);
        long wIn = xs.get(3);
        long outH = outputSize(h, k, s, padding, outputPaddingH);
        long outW = outputSize(wIn, k, s, padding, outputPaddingW);
        // Kernel of every phase: pad k up to m*s, split ky = my*s + ry, flip my (correlation runs the other way),
        // and put (out, ry, rx) first as one channel axis of s*s*out channels.
        // Work on a view owned by the input's manager, so the rearranged kernel is freed with the batch.
        NDArray w = Tensors.borrow(weight, x.getManager());
        NDArray wk = m * s == k ? w : w.pad(new Shape(0, (long) m * s - k, 0, (long) m * s - k), 0);
        NDArray phases = wk.reshape(inC, outC, m, s, m, s)
                .flip(2, 4)
                .transpose(1, 3, 5, 0, 2, 4)
                .reshape(outC * s * s, inC, m, m);
        // Input padded by m - 1 on both sides (taps reach back m - 1 rows), plus, rarely, extra rows and columns
        // after it for the last output row. The symmetric part is left to the convolution: oneDNN pads faster
        // itself than a separately padded input (2.0 ms against 5.0 ms for the conv decoder's first layer).
        long extraH = Math.max(0, (padding + outH - 1) / s - (h + m - 2));
        long extraW = Math.max(0, (padding + outW - 1) / s - (wIn + m - 2));
        NDArray input = extraH == 0 && extraW == 0 ? x : x.pad(new Shape(0, extraW, 0, extraH), 0);
        // The bias goes into the convolution, repeated for every phase of its channel: one pass fewer over the
        // output forward, and its gradient comes out of the convolution's backward.
        NDArray phaseBias = bias == null ? null
                : Tensors.borrow(bias, x.getManager()).reshape(outC, 1).repeat(1, (long) s * s).reshape(outC * s * s);
        NDArray conv = Conv2d.conv2d(input, phases, phaseBias, new Shape(1, 1), new Shape(m - 1, m - 1),
                new Shape(1, 1)).singletonOrThrow();
        long qh = conv.getShape().get(2);
        long qw = conv.getShape().get(3);
        // Pixel shuffle: channel (o, ry, rx) at (qy, qx) goes to (o, qy*s + ry, qx*s + rx).
        NDArray full = conv.reshape(batch, outC, s, s, qh, qw)
                .transpose(0, 1, 4, 2, 5, 3)
                .reshape(batch, outC, qh * s, qw * s);
        return full.get(new NDIndex(":, :, {}:{}, {}:{}", padding, padding + outH, padding, padding + outW));
    }
}
