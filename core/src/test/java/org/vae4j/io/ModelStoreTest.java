package org.vae4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.BadInputException;
import org.vae4j.TestData;
import org.vae4j.data.ImageDataset;
import org.vae4j.model.VaeConfig;
import org.vae4j.model.VaeModel;
import org.vae4j.train.EpochMetrics;
import org.vae4j.train.TrainConfig;
import org.vae4j.train.TrainingListener;
import org.vae4j.train.VaeTrainer;

class ModelStoreTest {
    private static final ImageDataset DATA = TestData.fashionMnist200();
    private static final VaeConfig CONFIG = VaeConfig.classic(1, 28, 28).withHidden(List.of(32, 16)).withLatent(3);

    @TempDir
    Path dir;

    private Path trained() throws IOException {
        Path folder = dir.resolve("model");
        try (VaeModel model = VaeModel.create(CONFIG, 2)) {
            VaeTrainer trainer = new VaeTrainer(model, new TrainConfig(2, 64, 1e-3, 2));
            trainer.fit(DATA, null, new TrainingListener() {});
            ModelInfo info = new ModelInfo(null, 0, CONFIG,
                    new ModelInfo.DataInfo("idx:x", DATA.name(), DATA.sha256(), DATA.size(), null, null,
                            DATA.classNames(), "pixel / 255"),
                    new ModelInfo.TrainingInfo(trainer.config(), "none", 2, 1.0, null, 3.0), null);
            ModelStore.save(folder, model, info, trainer.history(), trainer.optimizer(),
                    f -> Files.writeString(f.resolve("extra.txt"), "picture"));
        }
        return folder;
    }

    @Test
    void savingThenLoadingGivesBitIdenticalOutputs() throws IOException {
        Path folder = dir.resolve("m");
        float[] inputs = java.util.Arrays.copyOf(DATA.pixels(), 10 * 784);
        float[] samples;
        float[] recon;
        VaeModel.Encoding code;
        try (VaeModel model = VaeModel.create(CONFIG, 5)) {
            new VaeTrainer(model, new TrainConfig(1, 64, 1e-3, 5)).fit(DATA, null, new TrainingListener() {});
            samples = model.sample(16, 3);
            recon = model.reconstruct(inputs, 10);
            code = model.encode(inputs, 10);
            ModelStore.save(folder, model, new ModelInfo(null, 0, CONFIG, null, null, null), List.of(), null, null);
        }
        try (SavedModel loaded = ModelStore.load(folder)) {
            assertEquals(CONFIG, loaded.info().model());
            assertArrayEquals(samples, loaded.model().sample(16, 3));
            assertArrayEquals(recon, loaded.model().reconstruct(inputs, 10));
            assertArrayEquals(code.mu(), loaded.model().encode(inputs, 10).mu());
            assertArrayEquals(code.logVar(), loaded.model().encode(inputs, 10).logVar());
        }
    }

    @Test
    void theFolderDescribesItself() throws IOException {
        Path folder = trained();
        for (String f : List.of("vae4j.json", "weights.params", "metrics.csv", "optimizer.state", "extra.txt")) {
            assertTrue(Files.isRegularFile(folder.resolve(f)), f);
        }
        ModelInfo info = ModelStore.readInfo(folder);
        assertEquals(ModelStore.FORMAT, info.format());
        assertEquals(ModelStore.FORMAT_VERSION, info.formatVersion());
        assertEquals(CONFIG, info.model());
        assertEquals(DATA.sha256(), info.data().sha256());
        assertEquals(2, info.training().epochsCompleted());
        assertEquals("PyTorch", info.provenance().engine().split(" ")[0]);
        List<EpochMetrics> metrics = MetricsCsv.read(folder.resolve("metrics.csv"));
        assertEquals(2, metrics.size());
        assertEquals(null, metrics.get(0).valLoss());
        // Nothing is left beside the folder once the write is done.
        try (var siblings = Files.list(dir)) {
            assertEquals(List.of(folder), siblings.toList());
        }
    }

    @Test
    void metricsSurviveTheRoundTripExactly(@TempDir Path tmp) throws IOException {
        List<EpochMetrics> m = List.of(
                new EpochMetrics(1, 285.21491881930035, 270.4368500651042, 14.778068754196166, 263.48, 247.5, 15.98, 3.5),
                new EpochMetrics(2, 256.5, 240.25, 16.25, null, null, null, 3.25));
        Path file = tmp.resolve("metrics.csv");
        MetricsCsv.write(file, m);
        assertEquals(m, MetricsCsv.read(file));
        assertTrue(Files.readString(file).startsWith(String.join(",", MetricsCsv.COLUMNS)));
    }

    private static String message(Runnable r) {
        return assertThrows(BadInputException.class, r::run).getMessage();
    }

    @Test
    void missingOrForeignFoldersFailWithOneLine() throws IOException {
        String missing = message(() -> ModelStore.load(dir.resolve("nope")));
        assertTrue(missing.contains("nope") && missing.contains("no such folder"), missing);
        Files.createDirectories(dir.resolve("empty"));
        String empty = message(() -> ModelStore.load(dir.resolve("empty")));
        assertTrue(empty.contains("vae4j.json"), empty);
        Path folder = trained();
        Files.writeString(folder.resolve("vae4j.json"), "{ this is not json");
        String corrupt = message(() -> ModelStore.load(folder));
        assertTrue(corrupt.contains("vae4j.json") && corrupt.contains("not valid JSON"), corrupt);
        assertFalse(corrupt.contains("\n"), corrupt);
    }

    private static void editJson(Path folder, String from, String to) throws IOException {
        Path json = folder.resolve("vae4j.json");
        String text = Files.readString(json);
        assertTrue(text.contains(from), text);
        Files.writeString(json, text.replace(from, to));
    }

    @Test
    void aNewerFormatVersionAsksForAnUpgrade() throws IOException {
        Path folder = trained();
        editJson(folder, "\"formatVersion\" : 1", "\"formatVersion\" : 7");
        String m = message(() -> ModelStore.load(folder));
        assertTrue(m.contains("format version 7") && m.contains("upgrade"), m);
    }

    @Test
    void anInvalidArchitectureIsNamed() throws IOException {
        Path folder = trained();
        editJson(folder, "\"latent\" : 3", "\"latent\" : -3");
        String m = message(() -> ModelStore.load(folder));
        assertTrue(m.contains("vae4j.json") && m.contains("latent size -3"), m);
    }

    @Test
    void weightsThatDoNotFitTheArchitectureAreRejected() throws IOException {
        Path folder = trained();
        editJson(folder, "\"latent\" : 3", "\"latent\" : 5");
        String m = message(() -> ModelStore.load(folder));
        assertTrue(m.contains("weights.params") && m.contains("shape"), m);
    }

    @Test
    void truncatedOrMissingWeightsAreNamed() throws IOException {
        Path folder = trained();
        Path weights = folder.resolve("weights.params");
        byte[] all = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(all, all.length / 2));
        String truncated = message(() -> ModelStore.load(folder));
        assertTrue(truncated.contains("weights.params") && truncated.contains("truncated"), truncated);
        Files.delete(weights);
        String missing = message(() -> ModelStore.load(folder));
        assertTrue(missing.contains("weights.params") && missing.contains("no such file"), missing);
    }

    @Test
    void extraBytesAfterTheWeightsAreRejected() throws IOException {
        Path folder = trained();
        Files.write(folder.resolve("weights.params"), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        String m = message(() -> ModelStore.load(folder));
        assertTrue(m.contains("weights.params") && m.contains("extra bytes"), m);
    }

    @Test
    void aMissingOrBrokenOptimizerStateCannotBeResumed() throws IOException {
        Path folder = trained();
        Files.write(folder.resolve("optimizer.state"), new byte[] {0, 0, 0, 1, 0});
        try (SavedModel saved = ModelStore.load(folder)) {
            VaeTrainer trainer = new VaeTrainer(saved.model(), new TrainConfig(3, 64, 1e-3, 2));
            String m = message(() -> ModelStore.restoreTrainer(folder, trainer, saved.metrics()));
            assertTrue(m.contains("optimizer.state"), m);
            Files.delete(folder.resolve("optimizer.state"));
            String missing = message(() -> ModelStore.restoreTrainer(folder, trainer, saved.metrics()));
            assertTrue(missing.contains("optimizer.state") && missing.contains("no such file"), missing);
        }
    }

    @Test
    void aFailedWriteLeavesThePreviousVersion() throws IOException {
        Path folder = trained();
        byte[] before = Files.readAllBytes(folder.resolve("weights.params"));
        try (VaeModel other = VaeModel.create(CONFIG, 99)) {
            assertThrows(IOException.class, () -> ModelStore.save(folder, other,
                    new ModelInfo(null, 0, CONFIG, null, null, null), List.of(), null, f -> {
                        throw new IOException("disk full");
                    }));
        }
        assertArrayEquals(before, Files.readAllBytes(folder.resolve("weights.params")));
        try (var siblings = Files.list(dir)) {
            assertEquals(List.of(folder), siblings.toList());
        }
        try (SavedModel ok = ModelStore.load(folder)) {
            assertEquals(2, ok.metrics().size());
        }
    }
}
