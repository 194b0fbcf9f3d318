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

    /** The sequence model: training, then greedy decoding, leave the model's manager as they found it. */
    @org.junit.jupiter.api.Test
    void theSequenceModelsManagerDoesNotGrowEither() {
        org.vae4j.text.Tokenizer words = new org.vae4j.text.Tokenizer("word", false);
        org.vae4j.text.TextCorpus corpus = org.vae4j.text.TextCorpus.read(TestData.folder().resolve("text")
                .resolve("wordnet-examples-300.txt"), org.vae4j.text.TextCorpus.Format.TEXT, words, 8);
        org.vae4j.data.ArrayExamples data = org.vae4j.text.TokenData.examples(corpus,
                org.vae4j.text.TokenData.field(corpus, words, 8, 2), false);
        ModelDefinition gru = ModelDefinition.vae(data.schema(), new org.vae4j.model.ModelSpec("gru", List.of(8, 8),
                2, List.of(), false, "categorical", 0.1));
        int[] counts = new int[2];
        for (int run = 0; run < 2; run++) {
            try (LatentModel model = LatentModel.create(gru, 1)) {
                new Trainer(model, new TrainConfig(run == 0 ? 1 : 3, 50, 1e-3, 1)).fit(data, null,
                        new TrainingListener() {});
                org.vae4j.text.SequenceDecoding.decode(model, LatentModel.priorDraws(3, 2, 1), 3, 0, 1);
                org.vae4j.text.SequenceDecoding.beam(model, LatentModel.priorDraws(2, 2, 1), 2, 2);
                counts[run] = model.manager().getManagedArrays().size();
            }
        }
        assertEquals(counts[0], counts[1], "arrays in the model's manager after 1 and 3 epochs");
    }
}
