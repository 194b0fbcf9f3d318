package org.vae4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.vae4j.data.CategoricalField;
import org.vae4j.data.ImageField;
import org.vae4j.data.NumericField;
import org.vae4j.data.Schema;
import org.vae4j.data.TokenSequenceField;
import org.vae4j.image.ImageDataset;
import org.vae4j.model.ElboSpec;
import org.vae4j.model.LatentModel;
import org.vae4j.model.ModelDefinition;
import org.vae4j.model.ModelSpec;
import org.vae4j.train.EpochMetrics;
import org.vae4j.train.TermValues;
import org.vae4j.train.TrainConfig;
import org.vae4j.train.Trainer;
import org.vae4j.train.TrainingListener;

class ModelStoreTest {
    private static final ImageDataset DATA = TestData.fashionMnist200();
    private static final ModelDefinition CONFIG = ModelDefinition.classic(1, 28, 28)
            .withModel(ModelSpec.classic().withHidden(List.of(32, 16)).withLatent(3));

    @TempDir
    Path dir;

    private Path trained() throws IOException {
        Path folder = dir.resolve("model");
        try (LatentModel model = LatentModel.create(CONFIG, 2)) {
            Trainer trainer = new Trainer(model, new TrainConfig(2, 64, 1e-3, 2));
            trainer.fit(DATA, null, new TrainingListener() {});
            ModelInfo info = ModelInfo.of(CONFIG,
                    new ModelInfo.DataInfo("idx:x", DATA.name(), DATA.sha256(), DATA.size(), null, null,
                            DATA.classNames(), "pixel / 255"),
                    new ModelInfo.TrainingInfo(trainer.config(), "none", 2, 1.0, null, 3.0, null, false));
            ModelStore.save(folder, model, info, trainer.history(), trainer.optimizer(),
                    f -> Files.writeString(f.resolve("extra.txt"), "picture"));
        }
        return folder;
    }

    @Test
    void savingThenLoadingGivesBitIdenticalOutputs() throws IOException {
        Path folder = dir.resolve("m");
        ImageDataset inputs = DATA.first(10);
        float[] samples;
        float[] recon;
        LatentModel.Encoding code;
        try (LatentModel model = LatentModel.create(CONFIG, 5)) {
            new Trainer(model, new TrainConfig(1, 64, 1e-3, 5)).fit(DATA, null, new TrainingListener() {});
            samples = model.sample(16, 3);
            recon = model.reconstruct(inputs);
            code = model.encode(inputs);
            ModelStore.save(folder, model);
        }
        try (ModelFolder loaded = ModelStore.load(folder)) {
            assertEquals(CONFIG, loaded.info().definition());
            assertArrayEquals(samples, loaded.model().sample(16, 3));
            assertArrayEquals(recon, loaded.model().reconstruct(inputs));
            assertArrayEquals(code.mu(), loaded.model().encode(inputs).mu());
            assertArrayEquals(code.logVar(), loaded.model().encode(inputs).logVar());
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
        assertEquals(CONFIG, info.definition());
        assertEquals(DATA.sha256(), info.data().sha256());
        assertEquals(2, info.training().epochsCompleted());
        assertEquals("PyTorch", info.provenance().engine().split(" ")[0]);
        List<EpochMetrics> metrics = MetricsCsv.read(folder.resolve("metrics.csv"));
        assertEquals(2, metrics.size());
        assertEquals(null, metrics.get(0).valLoss());
        // Nothing but the lock file is left beside the folder once the write is done.
        assertEquals(List.of(folder), siblings());
    }

    /** @return what lies beside the test's folders, but the lock files (kept on purpose, see FolderLock) */
    private List<Path> siblings() throws IOException {
        try (var list = Files.list(dir)) {
            return list.filter(p -> !p.getFileName().toString().endsWith(".lock")).sorted().toList();
        }
    }

    private static TermValues vae(double loss, double recon, double kl) {
        return new TermValues(loss, java.util.Map.of("recon", recon, "kl", kl).entrySet().stream()
                .sorted((a, b) -> a.getKey().equals("recon") ? -1 : 1)
                .collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue,
                        (a, b) -> a, java.util.LinkedHashMap::new)));
    }

    @Test
    void metricsSurviveTheRoundTripExactly(@TempDir Path tmp) throws IOException {
        List<EpochMetrics> m = List.of(
                new EpochMetrics(1, vae(285.21491881930035, 270.4368500651042, 14.778068754196166),
                        vae(263.48, 247.5, 15.98), 3.5, java.util.Map.of("kl", List.of(10.5, 4.278068754196166))),
                new EpochMetrics(2, vae(256.5, 240.25, 16.25), null, 3.25, java.util.Map.of("kl", List.of(12.0, 4.25))));
        Path file = tmp.resolve("metrics.csv");
        MetricsCsv.write(file, m);
        assertEquals(m, MetricsCsv.read(file));
        // The format-1 layout, a column per named term and part.
        assertTrue(Files.readString(file).startsWith(
                "epoch,train_loss,train_recon,train_kl,val_loss,val_recon,val_kl,seconds,kl_1,kl_2\n"),
                Files.readString(file));
    }

    @Test
    void metricsOfOtherTermsGetTheirOwnColumns(@TempDir Path tmp) throws IOException {
        TermValues t = new TermValues(3.5, new java.util.LinkedHashMap<>(java.util.Map.of("nll", 3.5)));
        List<EpochMetrics> m = List.of(new EpochMetrics(1, t, t, 1.0, java.util.Map.of()));
        Path file = tmp.resolve("metrics.csv");
        MetricsCsv.write(file, m);
        assertTrue(Files.readString(file).startsWith("epoch,train_loss,train_nll,val_loss,val_nll,seconds\n"));
        assertEquals(m, MetricsCsv.read(file));
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
        editJson(folder, "\"formatVersion\" : 2", "\"formatVersion\" : 7");
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
        try (ModelFolder saved = ModelStore.load(folder)) {
            Trainer trainer = new Trainer(saved.model(), new TrainConfig(3, 64, 1e-3, 2));
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
        try (LatentModel other = LatentModel.create(CONFIG, 99)) {
            assertThrows(IOException.class, () -> ModelStore.save(folder, other, ModelInfo.of(CONFIG, null, null),
                    List.of(), null, f -> {
                        throw new IOException("disk full");
                    }));
        }
        assertArrayEquals(before, Files.readAllBytes(folder.resolve("weights.params")));
        assertEquals(List.of(folder), siblings());
        try (ModelFolder ok = ModelStore.load(folder)) {
            assertEquals(2, ok.metrics().size());
        }
    }

    @Test
    void everyKindOfFieldAndAConditionSurviveTheJsonRoundTrip() throws IOException {
        Schema schema = new Schema(List.of(new ImageField("picture", 3, 8, 6), new NumericField("age", 40.5, 12.25),
                new CategoricalField("colour", List.of("red", "green"))),
                new CategoricalField("label", List.of("cat", "dog", "bird")));
        ModelDefinition d = ModelDefinition.vae(schema, new ModelSpec("mlp", List.of(16), 4, List.of(), false,
                "gaussian", 0.3)).withObjective(new ElboSpec(2.5));
        // token sequences go with their own architecture (mlp refuses them)
        Schema tokens = new Schema(List.of(new TokenSequenceField("text", List.of("<pad>", "<unk>", "<bos>",
                "<eos>", "a", "b"), 12, "word", false)), null);
        ModelDefinition g = new ModelDefinition("vae", tokens, new ModelSpec("gru", List.of(8, 16), 4, List.of(),
                false, "categorical", 0.1), new ElboSpec(1, 0.25));
        for (ModelDefinition def : List.of(d, g)) {
            ModelInfo info = new ModelInfo(ModelStore.FORMAT, ModelStore.FORMAT_VERSION, def.family(), def.schema(),
                    def.model(), def.objective(), new ModelInfo.DataInfo("csv:x", "x", null, 10, null, null,
                    List.of("a"), "standardised", new ModelInfo.TableInfo("class", List.of("-"))),
                    new ModelInfo.TrainingInfo(TrainConfig.defaults()
                    .withKlSchedule("cyclical"), "none", 0, null, null, 0, null, false),
                    new ModelInfo.Provenance("v", "d", "e", "j", "o", "w"));
            Path file = dir.resolve("vae4j.json");
            Files.write(file, ModelStore.toJson(info));
            ModelInfo back = ModelStore.parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    file.toFile()), file);
            assertEquals(info, back);
            assertEquals(def, back.definition());
            String json = Files.readString(file);
            for (String kind : def == d ? List.of("\"image\"", "\"numeric\"", "\"categorical\"")
                    : List.of("\"tokens\"")) {
                assertTrue(json.contains("\"kind\" : " + kind), json);
            }
        }
        assertEquals(3 * 8 * 6 + 1 + 2, d.schema().inputSize());
        assertEquals(12 + 1, g.schema().inputSize(), "12 tokens and <eos>");
    }

    @Test
    void formatTwoIsReadStrictly() throws IOException {
        Path folder = trained();
        Path json = folder.resolve("vae4j.json");
        String good = Files.readString(json);
        String[][] cases = {
            // what to replace, with what, what the one-line message must name
            {"\"beta\" : 1.0", "\"betta\" : 1.0", "missing field 'objective.beta'"},
            {"\"beta\" : 1.0", "\"beta\" : 1.0, \"gamma\" : 2", "unknown field 'objective.gamma'"},
            {"\"latent\" : 3,", "\"latent\" : 3, \"depth\" : 3,", "unknown field 'model.depth'"},
            {"\"objective\" : {\n    \"beta\" : 1.0,\n    \"wordDropout\" : 0.0\n  }", "\"objective\" : { }",
                "missing field 'objective.beta'"},
            {"\"wordDropout\" : 0.0", "\"wordDropout\" : null", "objective.wordDropout"},
            {"\"wordDropout\" : 0.0", "\"wordDropout\" : 1.5", "word dropout 1.5"},
            {"\"klSchedule\" : \"linear\"", "\"klSchedule\" : \"zigzag\"", "KL schedule 'zigzag'"},
            {"\"latent\" : 3,", "", "missing field 'model.latent'"},
            {"\"family\" : \"vae\"", "\"family\" : \"gan\"", "unknown family 'gan'"},
            {"\"kind\" : \"image\"", "\"kind\" : \"video\"", "unknown kind 'video'"},
            {"\"format\" : \"vae4j-model\",", "\"format\" : \"vae4j-model\",\n  \"colour\" : 3,",
                "unknown field 'colour'"},
            {"\"latent\" : 3", "\"latent\" : null", "model.latent"},
            {"\"channels\" : 1", "\"channels\" : \"one\"", "schema.inputs[0].channels"},
            // no conversion between JSON types, and null only where a field may be null
            {"\"latent\" : 3", "\"latent\" : 3.7", "model.latent"},
            {"\"latent\" : 3", "\"latent\" : \"3\"", "model.latent"},
            {"\"seed\" : 2", "\"seed\" : \"2\"", "training.settings.seed"},
            {"\"batchNorm\" : false", "\"batchNorm\" : \"false\"", "model.batchNorm"},
            {"\"batchNorm\" : false", "\"batchNorm\" : 0", "model.batchNorm"},
            {"\"hidden\" : [ 32, 16 ]", "\"hidden\" : [ \"32\", 16 ]", "model.hidden"},
            {"\"vae4j\" : \"", "\"vae4j\" : 5, \"x\" : \"", "provenance.vae4j"},
            {"\"arch\" : \"mlp\"", "\"arch\" : null", "model.arch"},
            {"\"likelihood\" : \"bernoulli\"", "\"likelihood\" : null", "model.likelihood"},
            {"\"hidden\" : [ 32, 16 ]", "\"hidden\" : null", "model.hidden"},
            {"\"spec\" : \"", "\"spec\" : null, \"x\" : \"", "data.spec"},
            {"\"lrSchedule\" : \"constant\"", "\"lrSchedule\" : null", "training.settings.lrSchedule"},
            {"\"latent\" : 3", "\"latent\" : 3.7", "field 'model.latent' is 3.7, expected a whole number"},
            {"\"arch\" : \"mlp\"", "\"arch\" : \"rnn\"", "field 'model.arch': unknown architecture 'rnn'"},
        };
        for (String[] c : cases) {
            assertTrue(good.contains(c[0]), c[0] + " in\n" + good);
            Files.writeString(json, good.replace(c[0], c[1]));
            String m = message(() -> ModelStore.load(folder));
            assertTrue(m.contains("vae4j.json") && m.contains(c[2]), c[2] + " expected in: " + m);
            assertFalse(m.contains("\n"), m);
        }
        Files.writeString(json, good.replace("\n  \"provenance\"", "\n  \"provenance\" : null,\n  \"provenance\""));
        String duplicate = message(() -> ModelStore.load(folder));
        assertTrue(duplicate.contains("vae4j.json") && duplicate.contains("provenance"), duplicate);
        // a folder written before word dropout and KL schedules existed loads with their defaults, none and linear
        // (and data.table, added with tables, as null)
        String older = good.replace(",\n    \"wordDropout\" : 0.0", "").replace(",\n      \"klSchedule\" : \"linear\"",
                "").replace(",\n    \"table\" : null", "");
        assertFalse(older.contains("wordDropout") || older.contains("klSchedule") || older.contains("\"table\""),
                older);
        Files.writeString(json, older);
        try (ModelFolder ok = ModelStore.load(folder)) {
            assertEquals(CONFIG, ok.info().definition());
            assertEquals("linear", ok.info().training().settings().klSchedule());
            assertEquals(null, ok.info().data().table());
        }
        Files.writeString(json, good);
        try (ModelFolder ok = ModelStore.load(folder)) {
            assertEquals(CONFIG, ok.info().definition());
        }
    }

    @Test
    void aFolderSavedFromATrainerAloneLoadsAndResumes() throws IOException {
        // ModelStore.save(dir, trainer) knows neither the data nor the validation set: those are written as null
        Path folder = dir.resolve("api");
        try (LatentModel model = LatentModel.create(CONFIG, 3);
                Trainer trainer = new Trainer(model, new TrainConfig(1, 64, 1e-3, 3))) {
            trainer.fit(DATA, null, new TrainingListener() {});
            ModelStore.save(folder, trainer);
        }
        String json = Files.readString(folder.resolve("vae4j.json"));
        assertTrue(json.contains("\"validation\" : null"), json);
        try (ModelFolder saved = ModelStore.load(folder);
                Trainer again = new Trainer(saved.model(), new TrainConfig(2, 64, 1e-3, 3))) {
            assertNull(saved.info().training().validation());
            ModelStore.restoreTrainer(folder, again, saved.metrics());
            assertEquals(1, again.epochsCompleted());
        }
    }

    @Test
    void aFormatOneFolderWithoutBetaIsRefusedNotReadAsZero() throws IOException {
        Path v1 = TestData.folder().resolve("models").resolve("v1-mlp");
        Path copy = dir.resolve("v1");
        Files.createDirectories(copy);
        for (String f : List.of("vae4j.json", "weights.params", "metrics.csv")) {
            Files.copy(v1.resolve(f), copy.resolve(f));
        }
        try (ModelFolder ok = ModelStore.load(copy)) {
            assertEquals(1.0, ((ElboSpec) ok.info().objective()).beta());
        }
        editJson(copy, ",\n    \"beta\" : 1.0", "");
        String m = message(() -> ModelStore.load(copy));
        assertTrue(m.contains("vae4j.json") && m.contains("missing field 'model.beta'"), m);
    }

    @Test
    void aCosineRunCannotResumeWithAnotherNumberOfEpochs() {
        TrainConfig saved = TrainConfig.defaults().withEpochs(10).withSchedule("cosine", 0, 0.1);
        ModelStore.checkResumable(Path.of("x"), saved, saved);
        String m = message(() -> ModelStore.checkResumable(Path.of("x/vae4j.json"), saved, saved.withEpochs(20)));
        assertTrue(m.contains("cosine") && m.contains("10 epochs") && m.contains("20"), m);
        TrainConfig constant = TrainConfig.defaults().withEpochs(10);
        ModelStore.checkResumable(Path.of("x"), constant, constant.withEpochs(20));
    }
}
