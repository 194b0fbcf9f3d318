package org.vae4j;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with constants that is safe under autograd on DJL's PyTorch engine.
 *
 * <p>In DJL 0.36, {@code array.mul(0.5f)} wraps the constant in a tensor whose memory is a Java direct buffer, then
 * closes that wrapper as soon as the op returns. Autograd still holds the constant for the backward pass (d(a*c)/da
 * needs c), so a garbage collection between forward and backward frees memory the backward pass then reads: the
 * gradients turn to garbage at random, and training runs stop being reproducible or diverge to NaN. The constants
 * made here are allocated by the engine itself ({@code full}), so the graph owns them properly.
 *
 * <p>Use these wherever a constant meets an array that requires a gradient.
 *
 * <p>The same holds for every array made from Java data: DJL wraps the Java buffer without copying it, and only the
 * Java object keeps the buffer alive, while views, autograd and in-place updates share the memory.
 * {@link #fromJava} copies such data into memory the engine allocated and owns, which also has the engine's own
 * (64-byte) alignment.
 */
public final class Tensors {
    private Tensors() {}

    /**
     * A 0-d float32 constant owned by the engine, in the same manager and on the same device as {@code like}.
     *
     * @param like an array whose manager will own the constant
     * @param value the constant
     * @return the constant
     */
    public static NDArray scalar(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, DataType.FLOAT32);
    }

    /**
     * @param a an array
     * @param c a constant
     * @return a * c
     */
    public static NDArray times(NDArray a, float c) {
        return a.mul(scalar(a, c));
    }

    /**
     * @param a an array
     * @param c a constant
     * @return a + c
     */
    public static NDArray plus(NDArray a, float c) {
        return a.add(scalar(a, c));
    }

    /**
     * A view of a parameter owned by another manager, usually the batch's. DJL attaches an op's result to the
     * manager of its first operand; ops that start from a parameter (rearranging a kernel, broadcasting a shared
     * value) would otherwise pile their results up in the model's manager for the whole run. The view stays in the
     * autograd graph, so gradients still reach the parameter.
     *
     * @param parameter an array owned by the model
     * @param owner the manager that should own what is computed from it, closed after the batch
     * @return a view of {@code parameter} owned by {@code owner}
     */
    public static NDArray borrow(NDArray parameter, ai.djl.ndarray.NDManager owner) {
        NDArray view = parameter.reshape(parameter.getShape());
        view.attach(owner);
        return view;
    }

    /**
     * Floats from Java as an array whose memory the engine allocated and owns (see the class comment).
     *
     * @param manager owner of the array
     * @param values the values, row-major
     * @param shape their shape
     * @return the array, float32
     */
    public static NDArray fromJava(NDManager manager, float[] values, Shape shape) {
        try (NDArray wrapped = manager.create(values, shape)) {
            return wrapped.duplicate();
        }
    }

    /**
     * Longs from Java as an engine-owned int64 vector (see {@link #fromJava(NDManager, float[], Shape)}).
     *
     * @param manager owner of the array
     * @param values the values
     * @return the array, shape (values.length), int64
     */
    public static NDArray fromJava(NDManager manager, long[] values) {
        try (NDArray wrapped = manager.create(values)) {
            return wrapped.duplicate();
        }
    }

    /**
     * Makes an array the engine owns out of one that may wrap Java memory (as arrays read with
     * {@code NDManager.decode} do): a copy in the same manager, and the original closed.
     *
     * @param array an array
     * @return an engine-owned copy of it
     */
    public static NDArray owned(NDArray array) {
        NDArray copy = array.duplicate();
        array.close();
        return copy;
    }
}
