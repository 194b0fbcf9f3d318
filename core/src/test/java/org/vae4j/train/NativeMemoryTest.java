package org.vae4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vae4j.TestData;
import org.vae4j.image.ImageDataset;
import org.vae4j.model.ModelDefinition;
import org.vae4j.model.LatentModel;

/**
 * Training leaves nothing behind in the model's manager: after 1 epoch and after 4 epochs (four times the steps)
 * it holds the same number of native arrays (weights, Adam's moments). An op that starts from a parameter and is
 * not freed with its batch would show here as a count growing with the steps.
 */
class NativeMemoryTest {
    private static final ImageDataset DATA = TestData.fashionMnist200();

    private static int arraysAfter(ModelDefinition config, int epochs) {
        try (LatentModel model = LatentModel.create(config, 1)) {
            new Trainer(model, new TrainConfig(epochs, 20, 1e-3, 1)).fit(DATA, DATA, new TrainingListener() {});
            model.sample(4, 1);
            model.reconstruct(DATA.first(1));
            return model.manager().getManagedArrays().size();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "conv", "conv-bn"})
    void theModelsManagerDoesNotGrowWithTheSteps(String architecture) {
        ModelDefinition mlp = org.vae4j.TestData.definition("mlp", 1, 28, 28, List.of(16), 2, "gaussian-global", 0.05, 1);
        ModelDefinition config = architecture.equals("mlp") ? mlp : mlp.withModel(mlp.model().withConv(List.of(4, 8), architecture.equals("conv-bn")));
        assertEquals(arraysAfter(config, 1), arraysAfter(config, 4));
    }
}
