package org.vae4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vae4j.BadInputException;
import org.vae4j.TestData;
import org.vae4j.data.ArrayExamples;
import org.vae4j.data.TokenSequenceField;
import org.vae4j.model.LatentModel;
import org.vae4j.model.ModelDefinition;
import org.vae4j.model.ModelSpec;
import org.vae4j.train.TrainConfig;
import org.vae4j.train.Trainer;
import org.vae4j.train.TrainingListener;

/** Step-by-step decoding of a briefly trained sequence VAE: deterministic greedy, beam 1 = greedy, seeded sampling. */
class SequenceDecodingTest {
    private static LatentModel model;
    private static TokenSequenceField field;

    @BeforeAll
    static void train() {
        Tokenizer words = new Tokenizer("word", false);
        TextCorpus corpus = TextCorpus.read(TestData.folder().resolve("text").resolve("wordnet-examples-300.txt"),
                TextCorpus.Format.TEXT, words, 10);
        field = TokenData.field(corpus, words, 10, 2);
        ArrayExamples data = TokenData.examples(corpus, field, false);
        model = LatentModel.create(ModelDefinition.vae(data.schema(), new ModelSpec("gru", List.of(16, 32), 4,
                List.of(), false, "categorical", 0.1)), 1);
        new Trainer(model, new TrainConfig(6, 32, 1e-2, 2)).fit(data, null, new TrainingListener() {});
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void greedyIsDeterministicAndBeamOneIsGreedy() {
        float[] z = LatentModel.priorDraws(5, 4, 7);
        List<List<String>> greedy = SequenceDecoding.decode(model, z, 5, 0, 1);
        assertEquals(greedy, SequenceDecoding.decode(model, z, 5, 0, 99), "greedy draws nothing");
        assertEquals(greedy, SequenceDecoding.beam(model, z, 5, 1));
        for (List<String> s : greedy) {
            assertTrue(s.size() <= field.maxLength(), "ends with <eos> within the field: " + s);
            assertTrue(s.stream().allMatch(field.vocabulary()::contains), s.toString());
        }
        assertTrue(greedy.stream().anyMatch(s -> !s.isEmpty()), "a trained model says something: " + greedy);
        List<List<String>> wide = SequenceDecoding.beam(model, z, 5, 4);
        assertEquals(5, wide.size());
    }

    @Test
    void samplingIsSeededAndACoolTemperatureIsGreedy() {
        float[] z = LatentModel.priorDraws(8, 4, 3);
        List<List<String>> a = SequenceDecoding.decode(model, z, 8, 1.0, 5);
        List<List<String>> hot = SequenceDecoding.decode(model, LatentModel.priorDraws(60, 4, 1), 60, 2.0, 5);
        assertTrue(hot.stream().allMatch(s -> s.size() <= field.maxLength() && !s.contains(Vocabulary.BOS)
                && !s.contains(Vocabulary.PAD)), "hot samples fit the field too: " + hot);
        assertEquals(a, SequenceDecoding.decode(model, z, 8, 1.0, 5));
        assertNotEquals(a, SequenceDecoding.decode(model, z, 8, 1.0, 6), "another seed, other draws");
        assertEquals(SequenceDecoding.decode(model, z, 8, 0, 1), SequenceDecoding.decode(model, z, 8, 1e-4, 5));
        assertThrows(BadInputException.class, () -> SequenceDecoding.decode(model, z, 8, -1, 5));
        assertThrows(BadInputException.class, () -> SequenceDecoding.beam(model, z, 8, 0));
    }

    /** Decoding runs a few hundred codes at a time; rows on both sides of a chunk boundary decode as they do alone. */
    @Test
    void manyCodesDecodeAsEachDoesAlone() {
        int n = 300;
        float[] z = LatentModel.priorDraws(n, model.latent(), 9);
        List<List<String>> greedy = SequenceDecoding.decode(model, z, n, 0, 1);
        List<List<String>> drawn = SequenceDecoding.decode(model, z, n, 1.0, 4);
        for (int i : new int[] {0, 255, 256, 299}) {
            float[] one = java.util.Arrays.copyOfRange(z, i * model.latent(), (i + 1) * model.latent());
            assertEquals(SequenceDecoding.decode(model, one, 1, 0, 1).get(0), greedy.get(i), "row " + i);
        }
        // the draws of row i come from stream i of the seed, wherever the chunk boundaries fall
        float[] head = java.util.Arrays.copyOfRange(z, 0, 10 * model.latent());
        assertEquals(SequenceDecoding.decode(model, head, 10, 1.0, 4), drawn.subList(0, 10));
    }
}
