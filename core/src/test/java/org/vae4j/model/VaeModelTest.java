package org.vae4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VaeModelTest {

    @Test
    void theClassicModelHasThePyTorchExampleShapes() {
        try (VaeModel model = VaeModel.create(VaeConfig.classic(1, 28, 28), 1)) {
            // fc1 784->400, fc21+fc22 400->2x20, fc3 20->400, fc4 400->784
            assertEquals(784 * 400 + 400 + 400 * 40 + 40 + 20 * 400 + 400 + 400 * 784 + 784, model.parameterCount());
            Map<String, Shape> shapes = model.parameterShapes();
            assertTrue(shapes.containsValue(new Shape(400, 784)));
            assertTrue(shapes.containsValue(new Shape(40, 400)));
            assertTrue(shapes.containsValue(new Shape(784, 400)));
        }
    }

    @Test
    void weightsStartUniformInPlusMinusOneOverRootFanIn() {
        try (VaeModel model = VaeModel.create(VaeConfig.classic(1, 28, 28), 1)) {
            float[] w = model.network().getParameters().get(0).getValue().getArray().toFloatArray();
            double bound = 1 / Math.sqrt(784);
            double sumSq = 0;
            for (float v : w) {
                assertTrue(Math.abs(v) <= bound, "weight " + v + " outside +-" + bound);
                sumSq += v * v;
            }
            // The variance of U(-b, b) is b^2 / 3.
            assertEquals(bound * bound / 3, sumSq / w.length, 0.02 * bound * bound);
        }
    }

    @Test
    void samplesAreReproducibleProbabilities() {
        try (VaeModel model = VaeModel.create(VaeConfig.classic(1, 8, 8).withHidden(List.of(16)), 3)) {
            float[] a = model.sample(5, 42);
            assertEquals(5 * 64, a.length);
            assertArrayEquals(a, model.sample(5, 42));
            assertFalse(Arrays.equals(a, model.sample(5, 43)));
            for (float v : a) {
                assertTrue(v >= 0 && v <= 1);
            }
        }
    }

    @Test
    void reconstructionDecodesTheEncoderMean() {
        try (VaeModel model = VaeModel.create(VaeConfig.classic(1, 4, 4).withHidden(List.of(8)).withLatent(2), 3)) {
            float[] x = new float[3 * 16];
            for (int i = 0; i < x.length; i++) {
                x[i] = (i % 7) / 7f;
            }
            VaeModel.Encoding code = model.encode(x, 3);
            assertEquals(6, code.mu().length);
            assertArrayEquals(model.decode(code.mu(), 3), model.reconstruct(x, 3));
            assertThrows(IllegalArgumentException.class, () -> model.encode(x, 4));
        }
    }

    @Test
    void configurationsAreValidated() {
        VaeConfig ok = VaeConfig.classic(1, 28, 28);
        assertThrows(IllegalArgumentException.class, () -> ok.withLatent(0));
        assertThrows(IllegalArgumentException.class, () -> ok.withHidden(List.of(400, -1)));
        assertThrows(IllegalArgumentException.class, () -> ok.withBeta(-1));
        assertThrows(IllegalArgumentException.class, () -> ok.withLikelihood("gaussian", 0));
        assertThrows(IllegalArgumentException.class, () -> ok.withLikelihood("laplace", 1));
        assertEquals("mlp 784-400-20, bernoulli, beta 1.0", ok.describe());
    }
}
