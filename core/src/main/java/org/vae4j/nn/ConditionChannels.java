package org.vae4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Gives a convolutional encoder the class of a conditional model: flat images (B, C*H*W) and one-hot classes (B, K)
 * become maps (B, C + K, H, W) whose last K channels are constant, 1 for the example's class and 0 elsewhere (the
 * usual way a CVAE's conv encoder sees y).
 */
public final class ConditionChannels extends AbstractBlock {
    private static final byte VERSION = 1;
    private final int channels;
    private final int height;
    private final int width;

    /**
     * @param channels image channels
     * @param height image rows
     * @param width image columns
     */
    public ConditionChannels(int channels, int height, int width) {
        super(VERSION);
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        long batch = x.getShape().get(0);
        NDArray y = inputs.get(1);
        long k = y.getShape().get(1);
        NDArray maps = y.reshape(batch, k, 1, 1).broadcast(new Shape(batch, k, height, width));
        return new NDList(NDArrays.concat(new NDList(x.reshape(batch, channels, height, width), maps), 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), channels + inputs[1].get(1), height, width)};
    }
}
