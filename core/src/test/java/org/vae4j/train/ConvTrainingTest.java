package org.vae4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.BadInputException;
import org.vae4j.TestData;
import org.vae4j.image.ImageDataset;
import org.vae4j.io.ModelStore;
import org.vae4j.io.ModelFolder;
import org.vae4j.model.ModelDefinition;
import org.vae4j.model.LatentModel;

class ConvTrainingTest {
    private static final ImageDataset FASHION = TestData.fashionMnist200();

    @Test
    void aShortConvRunLowersTheLoss() {
        ModelDefinition c = org.vae4j.TestData.definition("conv", 1, 28, 28, List.of(32), 4, "bernoulli", 0.1, 1, List.of(8, 16), false);
        ImageDataset[] parts = FASHION.split(0.25, 1);
        try (LatentModel model = LatentModel.create(c, 1)) {
            List<EpochMetrics> h = new Trainer(model, new TrainConfig(6, 32, 3e-3, 1))
                    .fit(parts[0], parts[1], new TrainingListener() {});
            assertTrue(h.get(5).trainLoss() < h.get(0).trainLoss() - 80,
                    "train loss " + h.get(0).trainLoss() + " -> " + h.get(5).trainLoss());
            assertTrue(h.get(5).valLoss() < h.get(0).valLoss() - 40,
                    "validation loss " + h.get(0).valLoss() + " -> " + h.get(5).valLoss());
            assertEquals(4, h.get(5).partsOf("kl").size());
            assertEquals(h.get(5).train().term("kl"), h.get(5).partsOf("kl").stream().mapToDouble(Double::doubleValue).sum(),
                    1e-6);
        }
    }

    @Test
    void aColourConvModelLearnsColourImages() {
        ImageDataset rects = TestData.colourRectangles(96, 32, 2);
        ModelDefinition c = org.vae4j.TestData.definition("conv", 3, 32, 32, List.of(32), 4, "gaussian-pixel", 0.02, 1, List.of(8, 16),
                true);
        try (LatentModel model = LatentModel.create(c, 1)) {
            List<EpochMetrics> h = new Trainer(model, new TrainConfig(8, 16, 3e-3, 1))
                    .fit(rects, null, new TrainingListener() {});
            assertTrue(h.get(7).trainLoss() < h.get(0).trainLoss() - 500,
                    "train loss " + h.get(0).trainLoss() + " -> " + h.get(7).trainLoss());
            // The reconstruction of a rectangle keeps its dominant colour channel.
            float[] r = model.reconstruct(rects.first(1));
            int plane = 32 * 32;
            int dominant = rects.labels().orElseThrow()[0];
            double[] channelMeans = new double[3];
            for (int ch = 0; ch < 3; ch++) {
                for (int i = 0; i < plane; i++) {
                    channelMeans[ch] += r[ch * plane + i] / plane;
                }
            }
            for (int ch = 0; ch < 3; ch++) {
                if (ch != dominant) {
                    assertTrue(channelMeans[dominant] > channelMeans[ch], java.util.Arrays.toString(channelMeans));
                }
            }
        }
    }

    /**
     * 4 epochs in one go against 2 epochs, save, load and 2 more: identical weights, with every stateful option on:
     * batch norm running statistics, a learned shared variance, KL warm-up across the break, free bits and a cosine
     * schedule.
     */
    @Test
    void aResumedConvRunEqualsAnUninterruptedOne(@TempDir Path dir) throws IOException {
        ImageDataset rects = TestData.colourRectangles(48, 16, 3);
        ModelDefinition c = org.vae4j.TestData.definition("conv", 3, 16, 16, List.of(16), 3, "gaussian-global", 0.02, 2, List.of(4, 8),
                true);
        TrainConfig config = new TrainConfig(4, 16, 2e-3, 7).withKl(3, 0.1).withSchedule("cosine", 0, 0);
        List<float[]> straight;
        try (LatentModel model = LatentModel.create(c, 7)) {
            new Trainer(model, config).fit(rects, rects, new TrainingListener() {});
            straight = TestData.weights(model);
        }
        Path folder = dir.resolve("run");
        try (LatentModel model = LatentModel.create(c, 7)) {
            // A crash right after epoch 2's checkpoint: the cosine schedule still counts the run's 4 epochs.
            class Crash extends RuntimeException {
                private static final long serialVersionUID = 1L;
            }
            TrainingListener checkpointThenCrash = new TrainingListener() {
                @Override
                public void onEpochEnd(EpochMetrics m, Trainer t) {
                    try {
                        ModelStore.save(folder, t);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    if (m.epoch() == 2) {
                        throw new Crash();
                    }
                }
            };
            assertThrows(Crash.class, () -> new Trainer(model, config).fit(rects, rects, checkpointThenCrash));
        }
        try (ModelFolder saved = ModelStore.load(folder)) {
            Trainer rest = new Trainer(saved.model(), config);
            ModelStore.restoreTrainer(folder, rest, saved.metrics());
            rest.fit(rects, rects, new TrainingListener() {});
            List<float[]> resumed = TestData.weights(saved.model());
            for (int i = 0; i < straight.size(); i++) {
                assertArrayEquals(straight.get(i), resumed.get(i), "parameter " + i);
            }
        }
    }

    /** Small training set, large model: the validation loss turns up and early stopping keeps the best epoch. */
    @Test
    void earlyStoppingKeepsTheBestEpochAndResumesToTheSameStop(@TempDir Path dir) throws IOException {
        ImageDataset train = FASHION.subset(java.util.stream.IntStream.range(0, 24).toArray(), "train");
        ImageDataset val = FASHION.subset(java.util.stream.IntStream.range(100, 200).toArray(), "val");
        ModelDefinition c = ModelDefinition.classic(1, 28, 28).withHidden(List.of(256)).withLatent(8);
        TrainConfig config = new TrainConfig(80, 8, 3e-3, 2).withPatience(3);
        Map<Integer, float[]> samplesByEpoch = new HashMap<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochMetrics m, Trainer t) {
                samplesByEpoch.put(m.epoch(), t.model().sample(3, 1));
            }
        };
        List<EpochMetrics> h;
        int best;
        float[] finalSamples;
        try (LatentModel model = LatentModel.create(c, 2)) {
            Trainer trainer = new Trainer(model, config);
            h = trainer.fit(train, val, recorder);
            assertTrue(trainer.stoppedEarly(), "the run should stop early, ran " + h.size() + " epochs");
            best = trainer.bestEpoch();
            double bestLoss = h.stream().mapToDouble(EpochMetrics::valLoss).min().orElseThrow();
            assertEquals(bestLoss, h.get(best - 1).valLoss());
            assertEquals(best + 3, h.size(), "stops after 3 epochs without improvement");
            finalSamples = model.sample(3, 1);
            assertArrayEquals(samplesByEpoch.get(best), finalSamples, "the model holds the best epoch's weights");
        }
        // The same run interrupted at the epoch after the best one, then resumed, stops at the same place.
        Path folder = dir.resolve("run");
        try (LatentModel model = LatentModel.create(c, 2)) {
            Trainer part = new Trainer(model, config.withEpochs(best + 1));
            part.fit(train, val, new TrainingListener() {});
            assertFalse(part.stoppedEarly());
            ModelStore.save(folder, part);
        }
        try (ModelFolder saved = ModelStore.load(folder)) {
            Trainer rest = new Trainer(saved.model(), config);
            ModelStore.restoreTrainer(folder, rest, saved.metrics());
            List<EpochMetrics> resumed = rest.fit(train, val, new TrainingListener() {});
            assertTrue(rest.stoppedEarly());
            assertEquals(h.size(), resumed.size());
            assertArrayEquals(finalSamples, saved.model().sample(3, 1));
            ModelStore.save(folder, rest);
        }
        try (ModelFolder stopped = ModelStore.load(folder)) {
            assertEquals(Boolean.TRUE, stopped.info().training().stoppedEarly());
            assertEquals(best, stopped.info().training().bestEpoch());
            assertArrayEquals(finalSamples, stopped.model().sample(3, 1), "the folder holds the best weights");
        }
    }

    @Test
    void earlyStoppingNeedsAValidationSet() {
        try (LatentModel model = LatentModel.create(ModelDefinition.classic(1, 28, 28).withHidden(List.of(8)), 1)) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> new Trainer(model, TrainConfig.defaults().withPatience(2))
                            .fit(FASHION, null, new TrainingListener() {}));
            assertTrue(e.getMessage().contains("validation"), e.getMessage());
        }
    }

    @Test
    void theScheduleSetsEachEpochsLearningRate() {
        List<Float> rates = new ArrayList<>();
        try (LatentModel model = LatentModel.create(ModelDefinition.classic(1, 28, 28).withHidden(List.of(8)), 1)) {
            TrainConfig config = new TrainConfig(5, 100, 1e-2, 1).withSchedule("step", 2, 0.5);
            new Trainer(model, config).fit(FASHION, null, new TrainingListener() {
                @Override
                public void onEpochEnd(EpochMetrics m, Trainer t) {
                    rates.add(t.optimizer().learningRate());
                }
            });
        }
        assertEquals(List.of(1e-2f, 1e-2f, 5e-3f, 5e-3f, 2.5e-3f), rates);
    }
}
