package org.vae4j.nn;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Joins flat inputs side by side: (B, a), (B, b), ... to (B, a + b + ...). How a conditional model's dense layers
 * take the one-hot class beside x or z.
 */
public final class Concat extends AbstractBlock {
    private static final byte VERSION = 1;

    /** Creates the block. */
    public Concat() {
        super(VERSION);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(NDArrays.concat(inputs, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        long width = 0;
        for (Shape s : inputs) {
            width += s.get(1);
        }
        return new Shape[] {new Shape(inputs[0].get(0), width)};
    }
}
