package org.vae4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vae4j.BadInputException;
import org.vae4j.TestData;
import org.vae4j.image.ImageDataset;

/** The conditional VAE's networks take the class: q(z|x,y) and p(x|z,y), for both architectures. */
class ConditionalVaeTest {
    private static final ImageDataset DATA = TestData.fashionMnist200().first(12);

    private static ModelDefinition cvae(String arch) {
        ModelSpec spec = arch.equals("conv") ? new ModelSpec("conv", List.of(16), 3, List.of(4, 8), false,
                "bernoulli", 0.1) : ModelSpec.classic().withHidden(List.of(16)).withLatent(3);
        return ModelDefinition.vae(DATA.schema(), spec);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "conv"})
    void changingTheClassChangesTheDecodingOfTheSameZ(String arch) {
        try (LatentModel model = LatentModel.create(cvae(arch), 4)) {
            assertEquals(10, model.classes());
            float[] z = LatentModel.priorDraws(5, 3, 1);
            float[] asZero = model.decode(z, 5, new int[] {0, 0, 0, 0, 0});
            float[] asOne = model.decode(z, 5, new int[] {1, 1, 1, 1, 1});
            assertArrayEquals(asZero, model.decode(z, 5, new int[] {0, 0, 0, 0, 0}), "deterministic");
            int d = 784;
            for (int i = 0; i < 5; i++) {
                double diff = 0;
                for (int j = 0; j < d; j++) {
                    diff += Math.abs(asZero[i * d + j] - asOne[i * d + j]);
                }
                assertTrue(diff / d > 1e-4, "code " + i + ": classes 0 and 1 decode alike, mean |diff| " + diff / d);
            }
            // Mixed classes decode each code with its own class.
            float[] mixed = model.decode(z, 5, new int[] {0, 1, 0, 1, 0});
            assertArrayEquals(Arrays.copyOfRange(asOne, d, 2 * d), Arrays.copyOfRange(mixed, d, 2 * d), 1e-6f);
            assertArrayEquals(Arrays.copyOfRange(asZero, 0, d), Arrays.copyOfRange(mixed, 0, d), 1e-6f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "conv"})
    void theEncoderReadsTheClassToo(String arch) {
        try (LatentModel model = LatentModel.create(cvae(arch), 4)) {
            float[] own = model.encode(DATA).mu();
            int[] shifted = DATA.labels().orElseThrow().clone();
            for (int i = 0; i < shifted.length; i++) {
                shifted[i] = (shifted[i] + 1) % 10;
            }
            ImageDataset relabelled = new ImageDataset("relabelled", DATA.pixels(), 1, 28, 28, shifted,
                    DATA.classNames(), null);
            assertFalse(Arrays.equals(own, model.encode(relabelled).mu()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "conv"})
    void aConditionalModelNeedsLabelsAndClassesInRange(String arch) {
        try (LatentModel model = LatentModel.create(cvae(arch), 4)) {
            ImageDataset unlabelled = new ImageDataset("plain", DATA.pixels(), 1, 28, 28, null, null, null);
            BadInputException e = assertThrows(BadInputException.class, () -> model.encode(unlabelled));
            assertTrue(e.getMessage().contains("plain") && e.getMessage().contains("no labels"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> model.sample(2, new int[] {0, 10}, 1));
            assertThrows(IllegalArgumentException.class, () -> model.sample(2, null, 1));
        }
    }
}
