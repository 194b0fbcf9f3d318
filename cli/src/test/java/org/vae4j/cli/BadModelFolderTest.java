package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Model folders that cannot be used: every command that reads one exits 2 with one line naming the file and what is
 * wrong, and no stack trace unless --verbose.
 */
class BadModelFolderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    static Path model;

    @BeforeAll
    static void trainOnce() {
        model = shared.resolve("good");
        Cli.train(model, 1);
    }

    /** Runs a command that loads {@code dir} as its model. */
    private static Cli.Result use(String command, Path dir, Path tmp) {
        switch (command) {
            case "info":
                return Cli.run(Cli.args("info", "--model", dir));
            case "sample":
                return Cli.run(Cli.args("sample", "--model", dir, "--out", tmp.resolve("s.png"), "--count", "2"));
            case "reconstruct":
                return Cli.run(Cli.args("reconstruct", "--model", dir, "--data", Cli.dataSpec(), "--out",
                        tmp.resolve("r.png"), "--count", "2"));
            case "evaluate":
                return Cli.run(Cli.args("evaluate", "--model", dir, "--data", Cli.dataSpec()));
            default:
                throw new IllegalArgumentException(command);
        }
    }

    private static Path copyOfModel(Path tmp) {
        return Cli.copy(model, tmp.resolve("copy"));
    }

    private static void editJson(Path dir, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        Path file = dir.resolve("vae4j.json");
        ObjectNode json = (ObjectNode) JSON.readTree(file.toFile());
        edit.accept(json);
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"info", "sample", "reconstruct", "evaluate"})
    void missingModelFolder(String command, @TempDir Path tmp) {
        Path missing = tmp.resolve("no-such-model");
        use(command, missing, tmp).badInput(missing.toString(), "vae4j " + command);
        assertFalse(Files.exists(tmp.resolve("s.png")) || Files.exists(tmp.resolve("r.png")), "no picture written");
        assertFalse(Files.exists(missing), "reading does not create the folder");
    }

    @ParameterizedTest
    @ValueSource(strings = {"info", "sample", "reconstruct", "evaluate"})
    void folderWithoutDescription(String command, @TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        use(command, dir, tmp).badInput(dir.toString(), "vae4j.json");
    }

    @Test
    void modelFolderThatIsAFile(@TempDir Path tmp) {
        Path file = Cli.write(tmp.resolve("model.txt"), new byte[] {1, 2, 3});
        use("info", file, tmp).badInput(file.toString());
    }

    @Test
    void newerFormatVersionAsksForAnUpgrade(@TempDir Path tmp) throws IOException {
        Path dir = copyOfModel(tmp);
        editJson(dir, j -> j.put("formatVersion", 99));
        Cli.Result r = use("info", dir, tmp).badInput(dir.resolve("vae4j.json").toString(), "99");
        assertTrue(r.err().contains("newer"), r::describe);
        assertTrue(r.err().contains("upgrade"), r::describe);
        use("sample", dir, tmp).badInput("vae4j.json", "newer", "upgrade");
    }

    @Test
    void formatVersionZeroIsRefused(@TempDir Path tmp) throws IOException {
        Path dir = copyOfModel(tmp);
        editJson(dir, j -> j.put("formatVersion", 0));
        use("info", dir, tmp).badInput("vae4j.json", "format version 0");
    }

    @Test
    void wrongFormatNameIsRefused(@TempDir Path tmp) throws IOException {
        Path dir = copyOfModel(tmp);
        editJson(dir, j -> j.put("format", "something-else"));
        use("info", dir, tmp).badInput("vae4j.json", "something-else", "vae4j-model");
    }

    @Test
    void corruptJsonNamesTheFile(@TempDir Path tmp) {
        Path dir = copyOfModel(tmp);
        Cli.write(dir.resolve("vae4j.json"), "this is { not json");
        use("info", dir, tmp).badInput(dir.resolve("vae4j.json").toString(), "JSON");
    }

    @Test
    void truncatedJsonNamesTheFile(@TempDir Path tmp) {
        Path dir = copyOfModel(tmp);
        String json = Cli.read(dir.resolve("vae4j.json"));
        Cli.write(dir.resolve("vae4j.json"), json.substring(0, json.length() / 2));
        use("info", dir, tmp).badInput(dir.resolve("vae4j.json").toString());
        use("evaluate", dir, tmp).badInput("vae4j.json");
    }

    @Test
    void emptyJsonNamesTheFile(@TempDir Path tmp) {
        Path dir = copyOfModel(tmp);
        Cli.write(dir.resolve("vae4j.json"), "");
        use("info", dir, tmp).badInput(dir.resolve("vae4j.json").toString());
    }

    @Test
    void invalidModelSectionNamesTheField(@TempDir Path tmp) throws IOException {
        Path dir = copyOfModel(tmp);
        editJson(dir, j -> ((ObjectNode) j.get("model")).put("likelihood", "poisson"));
        use("info", dir, tmp).badInput("vae4j.json", "likelihood", "poisson");
    }

    @Test
    void anUnknownFamilyIsNamed(@TempDir Path tmp) throws IOException {
        Path dir = copyOfModel(tmp);
        editJson(dir, j -> j.put("family", "diffusion"));
        use("sample", dir, tmp).badInput("vae4j.json", "family", "'diffusion'", "vae");
    }

    @Test
    void aMissingOrUnknownFieldOfFormatTwoIsNamed(@TempDir Path tmp) throws IOException {
        Path dir = copyOfModel(tmp);
        editJson(dir, j -> ((ObjectNode) j.get("objective")).remove("beta"));
        use("info", dir, tmp).badInput("vae4j.json", "missing field 'objective.beta'");
        Path other = copyOfModel(tmp.resolve("b"));
        editJson(other, j -> ((ObjectNode) j.get("model")).put("dropout", 0.5));
        use("evaluate", other, tmp).badInput("vae4j.json", "unknown field 'model.dropout'");
        Path third = copyOfModel(tmp.resolve("c"));
        editJson(third, j -> j.remove("provenance"));
        use("info", third, tmp).badInput("vae4j.json", "missing field 'provenance'");
    }

    @Test
    void missingModelSectionIsRefused(@TempDir Path tmp) throws IOException {
        Path dir = copyOfModel(tmp);
        editJson(dir, j -> j.remove("model"));
        use("info", dir, tmp).badInput("vae4j.json", "model");
    }

    @ParameterizedTest
    @ValueSource(strings = {"info", "sample", "reconstruct", "evaluate"})
    void truncatedWeights(String command, @TempDir Path tmp) throws IOException {
        Path dir = copyOfModel(tmp);
        Path weights = dir.resolve("weights.params");
        try (RandomAccessFile f = new RandomAccessFile(weights.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        use(command, dir, tmp).badInput(weights.toString(), "truncated");
    }

    @Test
    void weightsWithExtraBytes(@TempDir Path tmp) throws IOException {
        Path dir = copyOfModel(tmp);
        Path weights = dir.resolve("weights.params");
        Files.write(weights, new byte[] {0, 1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        use("info", dir, tmp).badInput(weights.toString());
    }

    @Test
    void garbageWeights(@TempDir Path tmp) {
        Path dir = copyOfModel(tmp);
        Path weights = Cli.write(dir.resolve("weights.params"), "not DJL parameters at all".getBytes());
        use("info", dir, tmp).badInput(weights.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"info", "sample"})
    void missingWeights(String command, @TempDir Path tmp) throws IOException {
        Path dir = copyOfModel(tmp);
        Files.delete(dir.resolve("weights.params"));
        use(command, dir, tmp).badInput(dir.resolve("weights.params").toString());
    }

    @Test
    void descriptionOfAnotherLatentSizeThanTheWeights(@TempDir Path tmp) throws IOException {
        Path dir = copyOfModel(tmp);
        editJson(dir, j -> ((ObjectNode) j.get("model")).put("latent", 3));
        use("info", dir, tmp).badInput(dir.resolve("weights.params").toString(), "shape");
        use("sample", dir, tmp).badInput("weights.params", "shape");
    }

    @Test
    void descriptionOfOtherHiddenSizesThanTheWeights(@TempDir Path tmp) throws IOException {
        Path dir = copyOfModel(tmp);
        editJson(dir, j -> ((ObjectNode) j.get("model")).putArray("hidden").add(16));
        use("info", dir, tmp).badInput("weights.params");
    }

    @Test
    void corruptMetricsCsvNamesTheFile(@TempDir Path tmp) {
        Path dir = copyOfModel(tmp);
        Cli.write(dir.resolve("metrics.csv"), "epoch,train_loss\nx,y\n");
        use("info", dir, tmp).badInput(dir.resolve("metrics.csv").toString());
    }

    @Test
    void verbosePrintsTheStackTrace(@TempDir Path tmp) {
        Path missing = tmp.resolve("no-such-model");
        Cli.Result r = Cli.run(Cli.args("info", "--model", missing, "--verbose"));
        assertEquals(Main.BAD_INPUT, r.code(), r::describe);
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("\tat ")), () -> "no stack trace\n" + r.describe());
        assertTrue(r.err().contains("BadInputException"), r::describe);
        List<String> lines = r.errLines();
        assertTrue(lines.get(lines.size() - 1).startsWith("vae4j info: " + missing), r::describe);

        // --verbose before the command works too.
        Cli.Result before = Cli.run(Cli.args("--verbose", "info", "--model", missing));
        assertEquals(Main.BAD_INPUT, before.code(), before::describe);
        assertTrue(before.err().lines().anyMatch(l -> l.startsWith("\tat ")), before::describe);
    }

    @Test
    void theGoodModelStillLoads(@TempDir Path tmp) {
        // Guards the tests above: the copies break only what each test breaks.
        use("info", copyOfModel(tmp), tmp).ok();
    }
}
