package org.vae4j.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;
import org.vae4j.Tensors;

/**
 * A minibatch as the engine sees it, every array owned by the batch's child {@code NDManager}.
 *
 * @param inputs one array per input field of the schema, each (B, field size), float32
 * @param mask which input values are observed, (B, input size) boolean in the layout of {@link #input()}, or
 *     {@code null} when all are; likelihoods sum over observed values only
 * @param condition the class index of each example, (B) int64, or {@code null} for an unconditional batch
 */
public record Batch(NDList inputs, NDArray mask, NDArray condition) {
    /** Checks that there is an input. */
    public Batch {
        Objects.requireNonNull(inputs, "inputs");
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one input array");
        }
    }

    /**
     * @param input the flat inputs, (B, D)
     * @return a batch of one input array, fully observed, without condition
     */
    public static Batch of(NDArray input) {
        return new Batch(new NDList(input), null, null);
    }

    /**
     * Gathers rows of flat Java data into a batch of one input array, with their labels as the condition.
     *
     * @param manager owns the batch's arrays (engine-owned copies)
     * @param values count x width values, row after row
     * @param width values per row
     * @param labels one class per row, or {@code null}
     * @param rows the rows to gather, in order
     * @return (rows, width) inputs and, with labels, the rows' classes
     * @throws IndexOutOfBoundsException if a row is not in the data
     */
    public static Batch ofRows(NDManager manager, float[] values, int width, int[] labels, long[] rows) {
        int count = values.length / width;
        float[] out = new float[Math.multiplyExact(rows.length, width)];
        long[] rowLabels = labels == null ? null : new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            int src = java.util.Objects.checkIndex(Math.toIntExact(rows[i]), count);
            System.arraycopy(values, src * width, out, i * width, width);
            if (rowLabels != null) {
                rowLabels[i] = labels[src];
            }
        }
        return new Batch(new NDList(Tensors.fromJava(manager, out, new Shape(rows.length, width))), null,
                rowLabels == null ? null : Tensors.fromJava(manager, rowLabels));
    }

    /** @return the number of examples */
    public int size() {
        return Math.toIntExact(inputs.head().getShape().get(0));
    }

    /** @return all inputs as one flat (B, D) array: the only input, or the inputs concatenated in schema order */
    public NDArray input() {
        return inputs.size() == 1 ? inputs.head() : NDArrays.concat(inputs, 1);
    }

    /**
     * @return this batch with every missing value replaced by 0 (the batch itself when all are observed), so that
     *     nothing computed from the inputs, gradients included, depends on what stood where values are missing
     */
    public Batch observed() {
        if (mask == null) {
            return this;
        }
        NDArray x = input();
        NDArray filled = NDArrays.where(mask, x, Tensors.scalar(x, 0f));
        if (inputs.size() == 1) {
            return new Batch(new NDList(filled), mask, condition);
        }
        long[] cuts = new long[inputs.size() - 1];
        long at = 0;
        for (int i = 0; i < cuts.length; i++) {
            at += inputs.get(i).getShape().get(1);
            cuts[i] = at;
        }
        return new Batch(filled.split(cuts, 1), mask, condition);
    }

    /**
     * @param labels class indices (B) int64, or {@code null}
     * @return this batch with another condition
     */
    public Batch withCondition(NDArray labels) {
        return new Batch(inputs, mask, labels);
    }
}
