package org.vae4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.BadInputException;
import org.vae4j.TestData;
import org.vae4j.image.ImageDataset;
import org.vae4j.io.ModelInfo;
import org.vae4j.io.ModelStore;
import org.vae4j.io.ModelFolder;
import org.vae4j.model.ModelDefinition;
import org.vae4j.model.ModelSpec;
import org.vae4j.model.LatentModel;

class TrainerTest {
    private static final ImageDataset DATA = TestData.fashionMnist200();
    private static final ModelDefinition SMALL = ModelDefinition.classic(1, 28, 28).withHidden(List.of(64)).withLatent(4);

    @Test
    void aShortRunLowersTheLoss() {
        ImageDataset[] parts = DATA.split(0.25, 1);
        try (LatentModel model = LatentModel.create(SMALL, 1)) {
            List<BatchMetrics> batches = new ArrayList<>();
            TrainingListener listener = new TrainingListener() {
                @Override
                public void onBatchEnd(BatchMetrics m) {
                    batches.add(m);
                }
            };
            List<EpochMetrics> h = new Trainer(model, new TrainConfig(8, 32, 3e-3, 1))
                    .fit(parts[0], parts[1], listener);
            assertEquals(8, h.size());
            assertEquals(8 * 5, batches.size(), "150 images in batches of 32: 5 per epoch");
            EpochMetrics first = h.get(0);
            EpochMetrics last = h.get(7);
            assertTrue(last.trainLoss() < first.trainLoss() - 60,
                    "train loss should fall well below " + first.trainLoss() + ", was " + last.trainLoss());
            assertTrue(last.valLoss() < first.valLoss() - 40,
                    "validation loss should fall below " + first.valLoss() + ", was " + last.valLoss());
            for (EpochMetrics m : h) {
                assertEquals(m.train().term("recon") + m.train().term("kl"), m.trainLoss(), 1e-6);
                assertTrue(m.train().term("kl") >= 0 && m.validation().term("kl") >= 0);
            }
        }
    }

    @Test
    void trainingWithoutValidationHasNoValidationNumbers() {
        try (LatentModel model = LatentModel.create(SMALL, 1)) {
            EpochMetrics m = new Trainer(model, new TrainConfig(1, 64, 1e-3, 1))
                    .fit(DATA, null, new TrainingListener() {}).get(0);
            assertNull(m.valLoss());
            assertNotNull(m.trainLoss());
        }
    }

    @Test
    void betaWeightsTheKlInTheLoss() {
        try (LatentModel model = LatentModel.create(SMALL.withBeta(4.0), 1)) {
            EpochMetrics m = new Trainer(model, new TrainConfig(1, 64, 1e-3, 1))
                    .fit(DATA, DATA, new TrainingListener() {}).get(0);
            assertEquals(m.train().term("recon") + 4.0 * m.train().term("kl"), m.trainLoss(), 1e-6);
            assertEquals(m.validation().term("recon") + 4.0 * m.validation().term("kl"), m.valLoss(), 1e-4);
        }
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        try (LatentModel a = LatentModel.create(SMALL, 9); LatentModel b = LatentModel.create(SMALL, 9)) {
            TrainConfig c = new TrainConfig(2, 50, 1e-3, 9);
            List<EpochMetrics> ha = new Trainer(a, c).fit(DATA, null, new TrainingListener() {});
            List<EpochMetrics> hb = new Trainer(b, c).fit(DATA, null, new TrainingListener() {});
            assertEquals(ha.get(1).trainLoss(), hb.get(1).trainLoss());
            List<float[]> wa = TestData.weights(a);
            List<float[]> wb = TestData.weights(b);
            for (int i = 0; i < wa.size(); i++) {
                assertArrayEquals(wa.get(i), wb.get(i));
            }
        }
    }

    /** Train 2 epochs, save, load, resume to 5: the same weights and losses as 5 epochs in one go. */
    @Test
    void aResumedRunEqualsAnUninterruptedOne(@TempDir Path dir) throws IOException {
        assertResumeIsExact(SMALL, new TrainConfig(5, 32, 2e-3, 4), dir.resolve("mlp"));
    }

    @Test
    void aResumedConditionalRunWithDynamicBinarizationAndWarmUpEqualsAnUninterruptedOne(@TempDir Path dir)
            throws IOException {
        ModelDefinition cvae = ModelDefinition.vae(DATA.schema(), ModelSpec.classic().withHidden(List.of(64))
                .withLatent(4));
        assertTrue(cvae.schema().conditional());
        assertResumeIsExact(cvae, new TrainConfig(5, 32, 2e-3, 4).withKl(3, 0).withBinarize("dynamic"),
                dir.resolve("cvae"));
    }

    /** Trains 5 epochs straight, and 2 epochs, saved, loaded and resumed to 5: the same losses and weights. */
    private static void assertResumeIsExact(ModelDefinition definition, TrainConfig config, Path folder)
            throws IOException {
        List<EpochMetrics> straight;
        List<float[]> straightWeights;
        try (LatentModel model = LatentModel.create(definition, 4)) {
            straight = new Trainer(model, config).fit(DATA, DATA, new TrainingListener() {});
            straightWeights = TestData.weights(model);
        }
        try (LatentModel model = LatentModel.create(definition, 4)) {
            Trainer trainer = new Trainer(model, config.withEpochs(2));
            trainer.fit(DATA, DATA, new TrainingListener() {});
            ModelStore.save(folder, model, ModelInfo.of(definition, null, null), trainer.history(),
                    trainer.optimizer(), null);
        }
        List<EpochMetrics> resumed;
        try (ModelFolder saved = ModelStore.load(folder)) {
            Trainer trainer = new Trainer(saved.model(), config);
            ModelStore.restoreTrainer(folder, trainer, saved.metrics());
            assertEquals(2, trainer.epochsCompleted());
            resumed = trainer.fit(DATA, DATA, new TrainingListener() {});
            List<float[]> w = TestData.weights(saved.model());
            for (int i = 0; i < w.size(); i++) {
                assertArrayEquals(straightWeights.get(i), w.get(i), "parameter " + i + " differs after resume");
            }
        }
        assertEquals(5, resumed.size());
        for (int e = 0; e < 5; e++) {
            assertEquals(straight.get(e).trainLoss(), resumed.get(e).trainLoss(), "epoch " + (e + 1));
            assertEquals(straight.get(e).valLoss(), resumed.get(e).valLoss(), "epoch " + (e + 1));
        }
    }

    @Test
    void aDivergingLossStopsTraining() {
        ModelDefinition fragile = SMALL.withLikelihood("gaussian", 1e-4);
        try (LatentModel model = LatentModel.create(fragile, 1)) {
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> new Trainer(model, new TrainConfig(50, 32, 1e4, 1))
                            .fit(DATA, null, new TrainingListener() {}));
            assertTrue(e.getMessage().contains("NaN") || e.getMessage().contains("Infinity"), e.getMessage());
            assertTrue(e.epoch() >= 1 && e.batch() >= 1);
        }
    }

    @Test
    void aRunThatDivergesInALaterEpochKeepsTheLastCheckpoint(@TempDir Path dir) {
        Path folder = dir.resolve("run");
        try (LatentModel model = LatentModel.create(SMALL, 1)) {
            TrainingListener poisonAfterEpochOne = new TrainingListener() {
                @Override
                public void onEpochEnd(EpochMetrics m, Trainer t) {
                    if (m.epoch() == 1) {
                        // A weight becomes NaN: the next batch's loss is NaN.
                        ai.djl.ndarray.NDArray w = t.model().network().getParameters().get(0).getValue().getArray();
                        w.set(new ai.djl.ndarray.index.NDIndex("0, 0"), Float.NaN);
                    }
                }
            };
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> new Trainer(model, new TrainConfig(3, 32, 1e-3, 1)).fit(DATA, DATA, TrainingListener.all(
                            new org.vae4j.io.CheckpointWriter(folder, null, "data", List.of()), poisonAfterEpochOne)));
            assertEquals(2, e.epoch());
            assertEquals(1, e.batch());
        }
        try (ModelFolder saved = ModelStore.load(folder)) {
            assertEquals(1, saved.metrics().size(), "the checkpoint of epoch 1 is intact");
            assertTrue(Float.isFinite(saved.model().sample(1, 1)[0]));
        }
    }

    @Test
    void dataOfAnotherShapeIsRejected() {
        ModelDefinition other = org.vae4j.TestData.definition("mlp", 1, 14, 14, List.of(16), 2, "bernoulli", 0.1, 1);
        try (LatentModel model = LatentModel.create(other, 1)) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> new Trainer(model, TrainConfig.defaults()).fit(DATA, null, new TrainingListener() {}));
            assertTrue(e.getMessage().contains("1x28x28") && e.getMessage().contains("1x14x14"), e.getMessage());
        }
    }

    @Test
    void binarizedTrainingAndValidationSeeBinaryPixels() {
        // Every pixel 0.5. Thresholding makes every image black, which a model soon reconstructs almost exactly.
        // Drawn afresh (dynamic) or left as they are, each pixel costs at least ln 2 nats whatever the model does.
        float[] half = new float[100 * 16];
        Arrays.fill(half, 0.5f);
        ImageDataset grey = new ImageDataset("half", half, 1, 4, 4, null, List.of(), null);
        ModelDefinition tiny = ModelDefinition.classic(1, 4, 4).withHidden(List.of(16)).withLatent(2);
        double floor = 16 * Math.log(2);
        for (String mode : List.of("threshold", "dynamic", "static", "none")) {
            try (LatentModel model = LatentModel.create(tiny, 1)) {
                TrainConfig config = new TrainConfig(60, 20, 3e-2, 1).withBinarize(mode);
                assertEquals(mode, config.binarize());
                List<EpochMetrics> h = new Trainer(model, config).fit(grey, grey, new TrainingListener() {});
                EpochMetrics last = h.get(h.size() - 1);
                if (mode.equals("threshold")) {
                    assertTrue(last.validation().term("recon") < 3 && last.train().term("recon") < 3, mode + ": " + last);
                } else {
                    assertTrue(last.validation().term("recon") > floor - 0.5, mode + ": " + last);
                    assertTrue(last.train().term("recon") > floor - 2, mode + ": " + last);
                }
            }
        }
    }

    @Test
    void trainingLeavesNoArrayOnTheModelSoTrainersDoNotAccumulate() {
        try (LatentModel model = LatentModel.create(SMALL, 1)) {
            int before = model.manager().getManagedArrays().size();
            int[] after = new int[3];
            for (int round = 0; round < after.length; round++) {
                try (Trainer trainer = new Trainer(model, new TrainConfig(1, 100, 1e-3, 1))) {
                    trainer.fit(DATA, null, new TrainingListener() {});
                    // every parameter and gradient takes Adam's one-pass path, not DJL's kernel
                    for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : model.network().getParameters()) {
                        ai.djl.ndarray.NDArray w = p.getValue().getArray();
                        assertTrue(InPlace.writable(w), p.getKey());
                        try (ai.djl.ndarray.NDArray g = w.getGradient()) {
                            assertTrue(InPlace.writable(g), p.getKey() + "'s gradient");
                        }
                    }
                    // Adam's moments live in Java, next to the step counts
                    assertEquals(model.parameterShapes().size(), trainer.optimizer().stateShapes().size());
                    assertTrue(trainer.optimizer().stepCount() > 0);
                    after[round] = model.manager().getManagedArrays().size();
                }
            }
            assertArrayEquals(new int[] {before, before, before}, after);
        }
    }
}
