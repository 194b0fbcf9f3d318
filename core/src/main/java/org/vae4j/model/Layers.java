package org.vae4j.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.List;
import org.vae4j.nn.Init;

/** Dense layers as the architectures use them, initialised like PyTorch's. */
final class Layers {
    private Layers() {}

    static Linear linear(long units, long fanIn, Init init) {
        Linear layer = Linear.builder().setUnits(units).build();
        initialise(layer, fanIn, init);
        return layer;
    }

    /** PyTorch's default for weights and biases: uniform in +-1/sqrt(fan_in). */
    static void initialise(Block layer, long fanIn, Init init) {
        layer.setInitializer(init.fanIn(fanIn), Parameter.Type.WEIGHT);
        layer.setInitializer(init.fanIn(fanIn), Parameter.Type.BIAS);
    }

    /**
     * Adds dense layers with ReLU after each.
     *
     * @return the width of the last layer
     */
    static long dense(SequentialBlock block, List<Integer> sizes, long fanIn, Init init) {
        long in = fanIn;
        for (int h : sizes) {
            block.add(linear(h, in, init)).add(Activation::relu);
            in = h;
        }
        return in;
    }

    static List<Integer> reversed(List<Integer> sizes) {
        List<Integer> out = new java.util.ArrayList<>(sizes);
        java.util.Collections.reverse(out);
        return out;
    }
}
