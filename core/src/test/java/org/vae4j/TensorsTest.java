package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class TensorsTest {

    /**
     * The constant must outlive garbage collection between forward and backward (see {@link Tensors}): the gradient
     * of sum(3 * (a * 0.5 + 2)) is 1.5 for every entry, however often the collector runs.
     */
    @Test
    void constantsSurviveGarbageCollectionBetweenForwardAndBackward() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(64, 64));
            a.setRequiresGradient(true);
            // The batch manager owns what the loop computes from a, as a training step's does.
            for (int round = 0; round < 20; round++) {
                try (NDManager batch = m.newSubManager();
                        GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    NDArray y = Tensors.times(Tensors.plus(Tensors.times(a, 0.5f), 2f), 3f).sum();
                    for (int i = 0; i < 3; i++) {
                        // Churn the heap so that any freed direct buffer is reclaimed and reused.
                        byte[][] junk = new byte[200][];
                        for (int j = 0; j < junk.length; j++) {
                            junk[j] = new byte[64 * 1024];
                        }
                        System.gc();
                        java.nio.ByteBuffer.allocateDirect(1 << 20).putFloat(0, 123f);
                    }
                    c.backward(y);
                }
                float[] grad = a.getGradient().toFloatArray();
                for (float g : grad) {
                    assertEquals(1.5f, g, 0f);
                }
                a.getGradient().subi(a.getGradient());
            }
        }
    }

    /**
     * The control case: a constant that wraps Java memory (what {@code NDManager.create} makes) is read again by the
     * backward pass, so whatever happens to that memory between forward and backward lands in the gradient. Here the
     * memory is changed on purpose instead of being freed by a collection, which makes the failure certain. The
     * engine-owned constant of {@link Tensors#scalar} has no Java memory to change.
     */
    @Test
    void aJavaBackedConstantIsReadAgainByTheBackwardPassButAnEngineOwnedOneIsNot() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.ones(new Shape(4));
            a.setRequiresGradient(true);
            java.nio.ByteBuffer memory = java.nio.ByteBuffer.allocateDirect(4).order(java.nio.ByteOrder.nativeOrder());
            memory.putFloat(0, 0.5f);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray wrapped = m.create(memory, new Shape(), ai.djl.ndarray.types.DataType.FLOAT32);
                NDArray y = a.mul(wrapped).sum();
                memory.putFloat(0, 7f); // after the forward pass, before the backward pass
                c.backward(y);
            }
            assertEquals(7f, a.getGradient().toFloatArray()[0], 0f, "the backward pass read the Java memory again");
            a.getGradient().subi(a.getGradient());
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray y = Tensors.times(a, 0.5f).sum();
                memory.putFloat(0, 7f);
                c.backward(y);
            }
            assertEquals(0.5f, a.getGradient().toFloatArray()[0], 0f);
            // Arrays made from Java data by Tensors.fromJava are copies the engine owns as well.
            float[] values = {1f, 2f};
            NDArray copy = Tensors.fromJava(m, values, new Shape(2));
            values[0] = 9f;
            assertEquals(1f, copy.toFloatArray()[0], 0f);
        }
    }
}
