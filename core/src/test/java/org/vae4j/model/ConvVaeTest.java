package org.vae4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vae4j.io.ModelStore;
import org.vae4j.io.SavedModel;

class ConvVaeTest {

    private static VaeConfig conv(int channels, int height, int width, String likelihood, boolean norm) {
        return new VaeConfig("conv", channels, height, width, List.of(32), 4, likelihood, 0.05, 1, List.of(8, 16),
                norm);
    }

    @ParameterizedTest(name = "{0}x{1}x{2} {3}")
    @CsvSource({
        "1, 28, 28, bernoulli",
        "3, 28, 28, gaussian-pixel",
        "1, 32, 32, gaussian",
        "3, 32, 32, bernoulli",
        "1, 64, 64, gaussian-global",
        "3, 64, 64, gaussian-pixel",
        "3, 28, 22, bernoulli", // not square; 22 -> 11 -> 5 needs output padding where 28 -> 14 -> 7 does not
    })
    void shapesThroughTheConvStack(int channels, int height, int width, String likelihood) {
        VaeConfig c = conv(channels, height, width, likelihood, false);
        try (VaeModel model = VaeModel.create(c, 1); NDManager m = model.manager().newSubManager()) {
            int d = channels * height * width;
            NDList out = model.network().forward(model.parameterStore(), new NDList(m.randomUniform(0, 1,
                    new Shape(5, d))), false);
            int k = likelihood.equals("bernoulli") || likelihood.equals("gaussian") ? 1 : 2;
            assertEquals(new Shape(5, (long) k * d), out.get(0).getShape(), "decoder output");
            assertEquals(new Shape(5, 4), out.get(1).getShape(), "mu");
            assertEquals(new Shape(5, 4), out.get(2).getShape(), "log-variance");
            assertEquals(5 * d, model.sample(5, 1).length);
        }
    }

    @Test
    void theDecoderRetracesOddSizes() {
        // 28 -> 14 -> 7 -> 3 on the way down; the transposed convolutions' output padding gives 3 -> 7 -> 14 -> 28.
        assertArrayEquals(new int[] {28, 14, 7, 3}, Vae.convSizes(28, 3));
        VaeConfig c = new VaeConfig("conv", 1, 28, 28, List.of(), 2, "bernoulli", 0.1, 1, List.of(4, 4, 4), true);
        try (VaeModel model = VaeModel.create(c, 1)) {
            assertEquals(784 * 3, model.sample(3, 2).length);
        }
    }

    @Test
    void imagesTooSmallForTheStackAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VaeConfig("conv", 1, 12, 12, List.of(), 2, "bernoulli", 0.1, 1, List.of(8, 8, 8, 8), false));
        assertTrue(e.getMessage().contains("12x12") && e.getMessage().contains("16x16"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new VaeConfig("conv", 1, 28, 28, List.of(), 2, "bernoulli", 0.1, 1, List.of(), false));
        assertThrows(IllegalArgumentException.class,
                () -> new VaeConfig("conv", 1, 28, 28, List.of(), 2, "bernoulli", 0.1, 1, List.of(8, 0), false));
        assertThrows(IllegalArgumentException.class,
                () -> new VaeConfig("mlp", 1, 28, 28, List.of(), 2, "bernoulli", 0.1, 1, List.of(8), false));
    }

    @Test
    void aConvModelWithBatchNormAndASharedVarianceSurvivesSaveAndLoad(@TempDir Path dir) throws IOException {
        VaeConfig c = conv(3, 32, 32, "gaussian-global", true);
        float[] x = org.vae4j.TestData.colourRectangles(6, 32, 4).pixels();
        float[] samples;
        float[] recon;
        try (VaeModel model = VaeModel.create(c, 5)) {
            // One training-mode pass moves the batch-norm running statistics away from their start.
            try (NDManager m = model.manager().newSubManager()) {
                model.network().forward(model.parameterStore(), new NDList(m.create(x, new Shape(6, 3 * 32 * 32))),
                        true);
            }
            samples = model.sample(4, 9);
            recon = model.reconstruct(x, 6);
            ModelStore.save(dir.resolve("m"), model);
        }
        try (SavedModel loaded = ModelStore.load(dir.resolve("m"))) {
            assertEquals(c, loaded.info().model());
            assertArrayEquals(samples, loaded.model().sample(4, 9));
            assertArrayEquals(recon, loaded.model().reconstruct(x, 6));
            assertTrue(loaded.model().parameterShapes().containsKey("sharedLogVar"));
        }
    }
}
