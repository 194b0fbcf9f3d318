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
import org.vae4j.data.Schema;
import org.vae4j.image.ImageDataset;

class LatentModelTest {

    @Test
    void theClassicModelHasThePyTorchExampleShapes() {
        try (LatentModel model = LatentModel.create(ModelDefinition.classic(1, 28, 28), 1)) {
            // fc1 784->400, fc21+fc22 400->2x20, fc3 20->400, fc4 400->784
            assertEquals(784 * 400 + 400 + 400 * 40 + 40 + 20 * 400 + 400 + 400 * 784 + 784, model.parameterCount());
            Map<String, Shape> shapes = model.parameterShapes();
            assertTrue(shapes.containsValue(new Shape(400, 784)));
            assertTrue(shapes.containsValue(new Shape(40, 400)));
            assertTrue(shapes.containsValue(new Shape(784, 400)));
        }
    }

    @Test
    void weightsStartUniformInPlusMinusOneOverRootFanInFromTheSeedAlone() {
        try (LatentModel model = LatentModel.create(ModelDefinition.classic(1, 28, 28), 1);
                LatentModel again = LatentModel.create(ModelDefinition.classic(1, 28, 28), 1);
                LatentModel other = LatentModel.create(ModelDefinition.classic(1, 28, 28), 2)) {
            float[] w = model.network().getParameters().get(0).getValue().getArray().toFloatArray();
            double bound = 1 / Math.sqrt(784);
            double sumSq = 0;
            for (float v : w) {
                assertTrue(Math.abs(v) <= bound, "weight " + v + " outside +-" + bound);
                sumSq += v * v;
            }
            // The variance of U(-b, b) is b^2 / 3.
            assertEquals(bound * bound / 3, sumSq / w.length, 0.02 * bound * bound);
            assertArrayEquals(w, again.network().getParameters().get(0).getValue().getArray().toFloatArray());
            assertFalse(Arrays.equals(w, other.network().getParameters().get(0).getValue().getArray().toFloatArray()));
        }
    }

    @Test
    void samplesAreReproducibleProbabilities() {
        ModelDefinition d = ModelDefinition.classic(1, 8, 8).withModel(ModelSpec.classic().withHidden(List.of(16)));
        try (LatentModel model = LatentModel.create(d, 3)) {
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
        ModelDefinition d = ModelDefinition.classic(1, 4, 4)
                .withModel(ModelSpec.classic().withHidden(List.of(8)).withLatent(2));
        try (LatentModel model = LatentModel.create(d, 3)) {
            float[] x = new float[3 * 16];
            for (int i = 0; i < x.length; i++) {
                x[i] = (i % 7) / 7f;
            }
            ImageDataset data = new ImageDataset("x", x, 1, 4, 4, null, null, null);
            LatentModel.Encoding code = model.encode(data);
            assertEquals(6, code.mu().length);
            assertArrayEquals(model.decode(code.mu(), 3, null), model.reconstruct(data));
            assertThrows(IllegalArgumentException.class, () -> model.decode(new float[5], 3, null));
            assertThrows(IllegalArgumentException.class, () -> model.decode(code.mu(), 3, new int[] {0, 1, 2}),
                    "classes for an unconditional model");
        }
    }

    @Test
    void definitionsAreValidated() {
        ModelSpec ok = ModelSpec.classic();
        assertThrows(IllegalArgumentException.class, () -> ok.withLatent(0));
        assertThrows(IllegalArgumentException.class, () -> ok.withHidden(List.of(400, -1)));
        assertThrows(IllegalArgumentException.class, () -> new ElboSpec(-1));
        assertThrows(IllegalArgumentException.class, () -> ok.withLikelihood("gaussian", 0));
        assertThrows(IllegalArgumentException.class, () -> ok.withLikelihood("laplace", 1));
        IllegalArgumentException family = assertThrows(IllegalArgumentException.class,
                () -> new ModelDefinition("gan", Schema.image(1, 28, 28), ok, new ElboSpec(1)));
        assertTrue(family.getMessage().contains("unknown family 'gan'") && family.getMessage().contains("vae"));
        IllegalArgumentException arch = assertThrows(IllegalArgumentException.class,
                () -> ModelDefinition.vae(Schema.image(1, 28, 28), new ModelSpec("rnn", List.of(), 2, List.of(),
                        false, "bernoulli", 0.1)));
        assertTrue(arch.getMessage().contains("unknown architecture 'rnn'"), arch.getMessage());
        assertEquals("vae, mlp 784-400-20, bernoulli, beta 1.0", ModelDefinition.classic(1, 28, 28).describe());
    }
}
