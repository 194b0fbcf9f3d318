package org.vae4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
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
import org.vae4j.Noise;
import org.vae4j.data.Batch;
import org.vae4j.data.Schema;
import org.vae4j.image.ImageDataset;
import org.vae4j.io.ModelFolder;
import org.vae4j.io.ModelStore;

class ConvVaeTest {

    private static ModelDefinition conv(int channels, int height, int width, String likelihood, boolean norm) {
        return ModelDefinition.vae(Schema.image(channels, height, width),
                new ModelSpec("conv", List.of(32), 4, List.of(8, 16), norm, likelihood, 0.05));
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
        ModelDefinition c = conv(channels, height, width, likelihood, false);
        try (LatentModel model = LatentModel.create(c, 1); NDManager m = model.manager().newSubManager()) {
            int d = channels * height * width;
            NDList q = model.encode(Batch.of(new Noise(1).uniform(m, new Shape(5, d))), false);
            assertEquals(new Shape(5, 4), q.get(0).getShape(), "mu");
            assertEquals(new Shape(5, 4), q.get(1).getShape(), "log-variance");
            NDArray params = model.decode(q.get(0), null, false);
            int k = likelihood.equals("bernoulli") || likelihood.equals("gaussian") ? 1 : 2;
            assertEquals(new Shape(5, (long) k * d), params.getShape(), "the likelihood's parameters");
            assertEquals(new Shape(5, d), model.likelihood().mean(params).getShape());
            assertEquals(5 * d, model.sample(5, 1).length);
        }
    }

    @Test
    void theDecoderRetracesOddSizes() {
        // 28 -> 14 -> 7 -> 3 on the way down; the transposed convolutions' output padding gives 3 -> 7 -> 14 -> 28.
        assertArrayEquals(new int[] {28, 14, 7, 3}, ConvArchitecture.sizes(28, 3));
        ModelDefinition c = ModelDefinition.vae(Schema.image(1, 28, 28),
                new ModelSpec("conv", List.of(), 2, List.of(4, 4, 4), true, "bernoulli", 0.1));
        try (LatentModel model = LatentModel.create(c, 1)) {
            assertEquals(784 * 3, model.sample(3, 2).length);
        }
    }

    @Test
    void imagesTooSmallForTheStackAreRejected() {
        Schema small = Schema.image(1, 12, 12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelDefinition.vae(small,
                new ModelSpec("conv", List.of(), 2, List.of(8, 8, 8, 8), false, "bernoulli", 0.1)));
        assertTrue(e.getMessage().contains("12x12") && e.getMessage().contains("16x16"), e.getMessage());
        Schema image = Schema.image(1, 28, 28);
        assertThrows(IllegalArgumentException.class, () -> ModelDefinition.vae(image,
                new ModelSpec("conv", List.of(), 2, List.of(), false, "bernoulli", 0.1)));
        assertThrows(IllegalArgumentException.class, () -> ModelDefinition.vae(image,
                new ModelSpec("conv", List.of(), 2, List.of(8, 0), false, "bernoulli", 0.1)));
        assertThrows(IllegalArgumentException.class, () -> ModelDefinition.vae(image,
                new ModelSpec("mlp", List.of(), 2, List.of(8), false, "bernoulli", 0.1)));
        e = assertThrows(IllegalArgumentException.class, () -> ModelDefinition.vae(
                org.vae4j.data.ArrayExamples.numericSchema(5, 0), ModelSpec.conv()));
        assertTrue(e.getMessage().contains("conv") && e.getMessage().contains("images"), e.getMessage());
    }

    @Test
    void aConvModelWithBatchNormAndASharedVarianceSurvivesSaveAndLoad(@TempDir Path dir) throws IOException {
        ModelDefinition c = conv(3, 32, 32, "gaussian-global", true);
        ImageDataset x = org.vae4j.TestData.colourRectangles(6, 32, 4);
        float[] samples;
        float[] recon;
        try (LatentModel model = LatentModel.create(c, 5)) {
            // One training-mode pass moves the batch-norm running statistics away from their start.
            try (NDManager m = model.manager().newSubManager()) {
                model.encode(x.batch(m, 0, 6), true);
            }
            samples = model.sample(4, 9);
            recon = model.reconstruct(x);
            ModelStore.save(dir.resolve("m"), model);
        }
        try (ModelFolder loaded = ModelStore.load(dir.resolve("m"))) {
            assertEquals(c, loaded.info().definition());
            assertArrayEquals(samples, loaded.model().sample(4, 9));
            assertArrayEquals(recon, loaded.model().reconstruct(x));
            assertTrue(loaded.model().parameterShapes().containsKey("sharedLogVar"));
        }
    }
}
