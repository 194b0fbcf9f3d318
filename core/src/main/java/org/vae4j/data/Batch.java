package org.vae4j.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.Objects;

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

    /** @return the number of examples */
    public int size() {
        return Math.toIntExact(inputs.head().getShape().get(0));
    }

    /** @return all inputs as one flat (B, D) array: the only input, or the inputs concatenated in schema order */
    public NDArray input() {
        return inputs.size() == 1 ? inputs.head() : NDArrays.concat(inputs, 1);
    }

    /**
     * @param labels class indices (B) int64, or {@code null}
     * @return this batch with another condition
     */
    public Batch withCondition(NDArray labels) {
        return new Batch(inputs, mask, labels);
    }
}
