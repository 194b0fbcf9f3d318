package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EngineWarmUpTest {

    /**
     * What the warm-up is for: after it, an exp that the engine splits between its threads (2560 values, above its
     * grain of 2048) gives every value bit for bit what the calling thread alone computes for it (16 at a time), in
     * both halves. Before the warm-up existed, the second thread's half of the first such call differed in about one
     * fresh process in fifty (bench/first_ops_probe.sh), so this cannot catch a missing warm-up reliably; it does
     * catch a warm-up that leaves the threads computing differently.
     */
    @Test
    void aThreadedExpAgreesBitForBitWithOneThreadsExpAfterTheWarmUp() {
        EngineWarmUp.once();
        EngineWarmUp.once(); // a second call does nothing
        float[] h = new float[2560];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) (random.nextDouble() * 6 - 4); // the range of logVar / 2 early in training
        }
        try (NDManager m = NDManager.newBaseManager()) {
            float[] threaded = Tensors.fromJava(m, h, new Shape(h.length)).exp().toFloatArray();
            float[] alone = new float[h.length];
            for (int from = 0; from < h.length; from += 16) {
                float[] part = Arrays.copyOfRange(h, from, from + 16);
                float[] e = Tensors.fromJava(m, part, new Shape(16)).exp().toFloatArray();
                System.arraycopy(e, 0, alone, from, 16);
            }
            assertArrayEquals(alone, threaded, 0f);
            for (int i = 0; i < h.length; i += 97) {
                double relative = Math.abs(threaded[i] - Math.exp(h[i])) / Math.exp(h[i]);
                assertTrue(relative < 1e-6, "exp(" + h[i] + ") = " + threaded[i] + ", Java: " + Math.exp(h[i]));
            }
        }
    }
}
