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
                    batch.getClass();
                }
                float[] grad = a.getGradient().toFloatArray();
                for (float g : grad) {
                    assertEquals(1.5f, g, 0f);
                }
                a.getGradient().subi(a.getGradient());
            }
        }
    }
}
