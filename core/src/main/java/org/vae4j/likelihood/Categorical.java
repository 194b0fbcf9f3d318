package org.vae4j.likelihood;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.vae4j.Noise;

/**
 * A categorical distribution over {@code classes} values at every position: the likelihood of token sequences (the
 * sequence VAE's decoder, issue 11). A row x holds D ids as floats; the decoder gives D x classes logits per row,
 * the logits of position i contiguous ((batch, D * classes), read as (batch, D, classes)). {@code -log p(x_i)} is
 * {@code -log softmax(logits_i)[x_i]}. Padding ({@code <pad>}, id 0) is never scored: {@link #negLogLikelihood}
 * leaves it out with or without a mask, so its positions add nothing to the loss or its gradient.
 *
 * <p>A categorical has no mean: {@link #mean} gives the most likely id at each position (greedy decoding), and
 * {@link #sample} draws ids by inverse transform sampling from the call's noise.
 */
public final class Categorical implements Likelihood {
    private final int classes;

    /**
     * @param classes the number of values (the vocabulary size), at least 2
     */
    public Categorical(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("a categorical likelihood needs at least 2 classes, got " + classes);
        }
        this.classes = classes;
    }

    /** @return the number of values */
    public int classes() {
        return classes;
    }

    @Override
    public String name() {
        return "categorical";
    }

    @Override
    public int decoderOutputsPerValue() {
        return classes;
    }

    private NDArray logits(NDArray parameters) {
        Shape s = parameters.getShape();
        return parameters.reshape(s.get(0), s.get(1) / classes, classes);
    }

    @Override
    public NDArray perValue(NDArray parameters, NDArray x) {
        NDArray logProbs = logits(parameters).logSoftmax(2);
        NDArray ids = x.toType(DataType.INT64, false).expandDims(2);
        return logProbs.gather(ids, 2).squeeze(2).neg();
    }

    /**
     * {@inheritDoc} Positions holding {@code <pad>} (id 0) are never scored, whatever mask is given: the given mask
     * and {@code x != 0} together say which positions count.
     */
    @Override
    public NDArray negLogLikelihood(NDArray parameters, NDArray x, NDArray observed) {
        NDArray real = x.neq(0);
        return Likelihood.super.negLogLikelihood(parameters, x, observed == null ? real : observed.logicalAnd(real));
    }

    @Override
    public NDArray mean(NDArray parameters) {
        return logits(parameters).argMax(2).toType(DataType.FLOAT32, false);
    }

    @Override
    public NDArray sample(NDArray parameters, Noise noise) {
        NDArray p = logits(parameters).softmax(2);
        Shape s = p.getShape();
        NDArray cumulative = p.cumSum(2);
        // u on the scale of the last cumulative sum, which float rounding may leave a little below 1: the id is the
        // number of classes whose cumulative probability lies below u (the cap only guards u == total)
        NDArray total = cumulative.get(":, :, -1:");
        NDArray u = noise.uniform(parameters.getManager(), new Shape(s.get(0), s.get(1))).expandDims(2).mul(total);
        NDArray below = cumulative.lt(u).toType(DataType.FLOAT32, false).sum(new int[] {2});
        return below.minimum(classes - 1);
    }

    @Override
    public String toString() {
        return "categorical (" + classes + " classes)";
    }
}
