package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.plot.ImageGrid;

/** {@code vae4j train}: the model folder it writes, what it prints, refusing to overwrite, --force and --resume. */
class TrainCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EPOCHS = 3;

    @TempDir
    static Path shared;

    /** Three epochs, uninterrupted, shared by the tests that only read it. */
    static Path model;

    static Cli.Result first;

    @BeforeAll
    static void trainOnce() {
        model = shared.resolve("run");
        first = Cli.train(model, EPOCHS);
    }

    @Test
    void writesACompleteSelfDescribingModelFolder() throws IOException {
        for (String f : List.of("vae4j.json", "weights.params", "optimizer.state", "metrics.csv", "loss.png",
                "samples.png", "reconstructions.png")) {
            assertTrue(Files.isRegularFile(model.resolve(f)), f + " missing");
            assertTrue(Files.size(model.resolve(f)) > 0, f + " is empty");
        }
        // Nothing left over from the atomic swap, only the folder's lock file.
        try (var siblings = Files.list(shared)) {
            assertEquals(List.of(".run.lock", "run"),
                    siblings.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()));
        }

        JsonNode info = JSON.readTree(model.resolve("vae4j.json").toFile());
        assertEquals("vae4j-model", info.path("format").asText());
        assertEquals(2, info.path("formatVersion").asInt());
        assertEquals("vae", info.path("family").asText());
        JsonNode m = info.path("model");
        assertEquals(2, m.path("latent").asInt());
        assertEquals(List.of(32), toInts(m.path("hidden")));
        JsonNode image = info.path("schema").path("inputs").get(0);
        assertEquals("image", image.path("kind").asText());
        assertEquals(1, image.path("channels").asInt());
        assertEquals(28, image.path("height").asInt());
        assertEquals(28, image.path("width").asInt());
        assertTrue(info.path("schema").path("condition").isNull(), "an unconditional model");
        assertEquals("bernoulli", m.path("likelihood").asText());
        assertEquals(1.0, info.path("objective").path("beta").asDouble());
        JsonNode t = info.path("training");
        assertEquals(EPOCHS, t.path("epochsCompleted").asInt());
        assertEquals(EPOCHS, t.path("settings").path("epochs").asInt());
        assertEquals(64, t.path("settings").path("batchSize").asInt());
        assertEquals("0.2", t.path("validation").asText());
        assertTrue(t.path("finalTrainLoss").isNumber());
        assertTrue(t.path("finalValidationLoss").isNumber());
        JsonNode d = info.path("data");
        assertEquals(Cli.dataSpec(), d.path("spec").asText());
        assertEquals(160, d.path("count").asInt(), "200 images minus a 0.2 validation split");
        assertEquals(64, d.path("sha256").asText().length());
        JsonNode p = info.path("provenance");
        assertFalse(p.path("vae4j").asText().isEmpty());
        assertFalse(p.path("djl").asText().isEmpty());
        assertTrue(p.path("engine").asText().startsWith("PyTorch"));
    }

    @Test
    void metricsCsvHasAHeaderAndOneRowPerEpoch() {
        List<String> lines = Cli.read(model.resolve("metrics.csv")).lines().collect(Collectors.toList());
        // The tiny model has 2 latent dimensions: their KL follows the fixed columns.
        assertEquals("epoch,train_loss,train_recon,train_kl,val_loss,val_recon,val_kl,seconds,kl_1,kl_2",
                lines.get(0));
        assertEquals(EPOCHS + 1, lines.size(), lines::toString);
        for (int e = 1; e <= EPOCHS; e++) {
            String[] cells = lines.get(e).split(",", -1);
            assertEquals(10, cells.length, lines.get(e));
            assertEquals(Double.parseDouble(cells[3]), Double.parseDouble(cells[8]) + Double.parseDouble(cells[9]),
                    1e-6, "the per-dimension KL adds up to the KL");
            assertEquals(String.valueOf(e), cells[0]);
            double loss = Double.parseDouble(cells[1]);
            double recon = Double.parseDouble(cells[2]);
            double kl = Double.parseDouble(cells[3]);
            assertEquals(loss, recon + kl, 1e-6 * Math.abs(loss), "train loss = recon + beta * kl with beta 1");
            assertTrue(kl >= 0, "KL is never negative");
            assertTrue(loss > 0, "a Bernoulli loss is positive: " + loss);
            double val = Double.parseDouble(cells[4]);
            assertTrue(Double.isFinite(val), "validation loss present");
            assertTrue(Double.parseDouble(cells[7]) >= 0, "seconds");
        }
        // Training lowers the loss epoch by epoch, and by the last epoch the model beats p = 1/2 for every pixel
        // (784 ln 2 = 543.4 nats) on the validation images, which a freshly initialised model does not.
        double previous = Double.POSITIVE_INFINITY;
        for (int e = 1; e <= EPOCHS; e++) {
            double train = Double.parseDouble(lines.get(e).split(",", -1)[1]);
            assertTrue(train < previous, "epoch " + e + " train loss " + train + " after " + previous);
            previous = train;
        }
        double lastVal = Double.parseDouble(lines.get(EPOCHS).split(",", -1)[4]);
        assertTrue(lastVal < 784 * Math.log(2), "validation loss of the last epoch: " + lastVal);
    }

    @Test
    void picturesAreReadablePngsOfTheExpectedSize() throws IOException {
        BufferedImage loss = ImageIO.read(model.resolve("loss.png").toFile());
        assertNotNull(loss, "loss.png is not a readable image");
        assertTrue(loss.getWidth() >= 300 && loss.getHeight() >= 200, loss.getWidth() + "x" + loss.getHeight());

        // The grids: 64 samples and 32 input/reconstruction pairs in 8 columns, 28x28 tiles at the automatic scale.
        int tile = 28 * ImageGrid.autoScale(28, 28);
        int pad = ImageGrid.DEFAULT_PADDING;
        int side = pad + 8 * (tile + pad);
        BufferedImage samples = ImageIO.read(model.resolve("samples.png").toFile());
        assertNotNull(samples, "samples.png is not a readable image");
        assertEquals(side, samples.getWidth());
        assertEquals(side, samples.getHeight());

        BufferedImage recon = ImageIO.read(model.resolve("reconstructions.png").toFile());
        assertNotNull(recon, "reconstructions.png is not a readable image");
        assertEquals(side, recon.getWidth());
        assertEquals(pad + 4 * 2 * (tile + pad) + 3 * ImageGrid.DEFAULT_PAIR_GAP, recon.getHeight());
    }

    @Test
    void printsOneSummaryLinePerEpochWithTrainAndValidationLoss() {
        Pattern line = Pattern.compile(
                "epoch (\\d+)/" + EPOCHS + " +train ([0-9.]+) \\(recon [0-9.]+, kl [0-9.]+\\) +val ([0-9.]+) "
                        + "\\(recon [0-9.]+, kl [0-9.]+\\).*");
        List<String> epochLines = first.outLines().stream()
                .filter(l -> l.startsWith("epoch "))
                .collect(Collectors.toList());
        assertEquals(EPOCHS, epochLines.size(), first::describe);
        for (int i = 0; i < EPOCHS; i++) {
            Matcher m = line.matcher(epochLines.get(i));
            assertTrue(m.matches(), () -> "unexpected epoch line\n" + first.describe());
            assertEquals(i + 1, Integer.parseInt(m.group(1)));
        }
        assertTrue(first.out().contains("done: " + model), first::describe);
        assertEquals("", first.err(), "--no-progress: nothing on stderr");
    }

    @Test
    void aSecondRunIntoTheSameFolderIsRefusedThenForceReplacesIt(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("again");
        Cli.train(out, 1);
        byte[] weights = Cli.bytes(out.resolve("weights.params"));

        Cli.Result refused = Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, Cli.TINY,
                "--val", "0.2", "--epochs", "1"));
        refused.badInput(out.toString(), "--resume", "--force");
        assertArrayEquals(weights, Cli.bytes(out.resolve("weights.params")), "a refused run leaves the model alone");

        Cli.Result forced = Cli.train(out, 2, "--force", "--seed", "5");
        assertTrue(forced.out().contains("epoch 2/2"), forced::describe);
        JsonNode info = JSON.readTree(out.resolve("vae4j.json").toFile());
        assertEquals(2, info.path("training").path("epochsCompleted").asInt());
        assertEquals(5, info.path("training").path("settings").path("seed").asInt());
        assertEquals(3, Cli.read(out.resolve("metrics.csv")).lines().count(), "history starts afresh");
    }

    @Test
    void refusesAnOutFolderThatHoldsSomethingElse(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("busy");
        Files.createDirectories(out);
        Cli.write(out.resolve("notes.txt"), "mine");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, Cli.TINY, "--epochs", "1"))
                .badInput(out.toString(), "--out");
        assertEquals("mine", Cli.read(out.resolve("notes.txt")));
    }

    @Test
    void anOutWhereNothingCanBeWrittenIsAUsageError(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("afile");
        Cli.write(file, "not a folder");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", file.resolve("sub"), Cli.TINY, "--epochs", "1"))
                .badInput("--out " + file.resolve("sub"), "cannot write a model folder there");
        assertEquals("not a folder", Cli.read(file));
    }

    @Test
    void trainWithoutDataIsAUsageError(@TempDir Path tmp) {
        Cli.run(Cli.args("train", "--out", tmp.resolve("x"), Cli.TINY)).badInput("--data");
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    // --- resume --------------------------------------------------------------------------------------------------------

    @Test
    void resumedRunEqualsTheUninterruptedRun(@TempDir Path tmp) {
        Path a = tmp.resolve("a");
        Cli.train(a, 1);
        Cli.Result resumed = Cli.run(Cli.args("train", "--out", a, "--resume", "--epochs", "3", "--no-progress")).ok();
        assertTrue(resumed.out().contains("epochs 2-3"), resumed::describe);
        assertFalse(resumed.out().contains("epoch 1/3"), () -> "epoch 1 is not trained again\n" + resumed.describe());
        assertTrue(resumed.out().contains("epoch 2/3") && resumed.out().contains("epoch 3/3"), resumed::describe);

        Path b = tmp.resolve("b");
        Cli.train(b, 3);

        assertArrayEquals(Cli.bytes(b.resolve("weights.params")), Cli.bytes(a.resolve("weights.params")),
                "resumed weights differ from the uninterrupted run's");
        assertArrayEquals(Cli.bytes(b.resolve("optimizer.state")), Cli.bytes(a.resolve("optimizer.state")),
                "resumed optimizer state differs from the uninterrupted run's");
        assertEquals(lossColumns(b), lossColumns(a));
    }

    @Test
    void resumeWithADifferentSettingNamesTheOption() {
        byte[] weights = Cli.bytes(model.resolve("weights.params"));
        Cli.run(Cli.args("train", "--out", model, "--resume", "--epochs", "5", "--lr", "0.01", "--no-progress"))
                .badInput("--lr", "0.01", "0.001", "vae4j.json");
        Cli.run(Cli.args("train", "--out", model, "--resume", "--epochs", "5", "--latent", "3", "--no-progress"))
                .badInput("--latent");
        assertArrayEquals(weights, Cli.bytes(model.resolve("weights.params")));
    }

    @Test
    void aCosineRunResumesOnlyWithItsOwnNumberOfEpochs(@TempDir Path tmp) {
        Path run = tmp.resolve("cos");
        Cli.train(run, 1, "--lr-schedule", "cosine");
        Cli.run(Cli.args("train", "--out", run, "--resume", "--epochs", "4", "--no-progress"))
                .badInput("--epochs 4", "cosine", "over its 1 epochs");
        Path longer = tmp.resolve("cos4");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", longer, Cli.TINY, "--val", "0.2", "--epochs", "4",
                "--lr-schedule", "cosine")).ok();
        Cli.run(Cli.args("train", "--out", longer, "--resume", "--epochs", "4", "--no-progress")).ok();
        // Another schedule may grow the run.
        Path constant = tmp.resolve("constant");
        Cli.train(constant, 1);
        Cli.run(Cli.args("train", "--out", constant, "--resume", "--epochs", "2", "--no-progress")).ok();
    }

    @Test
    void withoutEpochsAResumedRunGoesOnToTheEpochsItWasStartedWith(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("r");
        Cli.train(run, 2);
        JsonNode before = JSON.readTree(run.resolve("vae4j.json").toFile());
        Cli.Result again = Cli.run(Cli.args("train", "--out", run, "--resume", "--no-progress")).ok();
        assertTrue(Cli.containsIgnoreCase(again.out(), "nothing to do"), again::describe);
        assertEquals(before.path("training").path("settings").path("epochs").asInt(),
                JSON.readTree(run.resolve("vae4j.json").toFile()).path("training").path("settings").path("epochs")
                        .asInt());
    }

    @Test
    void aRunCannotStartWhereAnotherRunIsWriting(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("busy");
        try (org.vae4j.io.FolderLock owner = org.vae4j.io.FolderLock.owner(out)) {
            assertTrue(owner != null);
            Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, Cli.TINY, "--epochs", "1"))
                    .badInput(out.toString(), "another vae4j train");
        }
        assertFalse(Files.exists(out));
        Cli.train(out, 1);
    }

    @Test
    void resumeAndForceAreExclusive(@TempDir Path tmp) {
        Cli.run(Cli.args("train", "--out", tmp.resolve("x"), "--resume", "--force")).badInput("--resume", "--force");
    }

    @Test
    void resumeWithTheSameSettingsRepeatedIsAccepted() {
        // Repeating a setting with its saved value is allowed; a finished run then has nothing to do.
        Cli.Result r = Cli.run(Cli.args("train", "--out", model, "--resume", "--data", Cli.dataSpec(), "--hidden",
                "32", "--latent", "2", "--lr", "0.001", "--epochs", String.valueOf(EPOCHS), "--no-progress")).ok();
        assertTrue(Cli.containsIgnoreCase(r.out(), "nothing to do"), r::describe);
    }

    @Test
    void resumeOfAFinishedRunHasNothingToDo() throws IOException {
        byte[] weights = Cli.bytes(model.resolve("weights.params"));
        String json = Cli.read(model.resolve("vae4j.json"));
        Cli.Result r = Cli.run(Cli.args("train", "--out", model, "--resume", "--epochs", String.valueOf(EPOCHS),
                "--no-progress")).ok();
        assertTrue(Cli.containsIgnoreCase(r.out(), "nothing to do"), r::describe);
        assertTrue(r.out().contains(EPOCHS + " of " + EPOCHS), r::describe);
        assertEquals("", r.err(), r::describe);
        assertArrayEquals(weights, Cli.bytes(model.resolve("weights.params")));
        assertEquals(json, Cli.read(model.resolve("vae4j.json")), "the folder is not rewritten");
    }

    @Test
    void resumeOfANonexistentFolderIsAUsageError(@TempDir Path tmp) {
        Path none = tmp.resolve("none");
        Cli.run(Cli.args("train", "--out", none, "--resume", "--epochs", "2", "--no-progress"))
                .badInput(none.toString(), "vae4j.json");
        assertFalse(Files.exists(none));
    }

    @Test
    void resumeOfAnEmptyFolderIsAUsageError(@TempDir Path tmp) {
        Cli.run(Cli.args("train", "--out", tmp, "--resume", "--epochs", "2", "--no-progress"))
                .badInput(tmp.toString(), "vae4j.json");
    }

    @Test
    void resumeWithoutOptimizerStateIsAUsageError(@TempDir Path tmp) throws IOException {
        Path a = Cli.copy(model, tmp.resolve("noopt"));
        Files.delete(a.resolve("optimizer.state"));
        Cli.run(Cli.args("train", "--out", a, "--resume", "--epochs", "5", "--no-progress"))
                .badInput("optimizer.state");
    }

    private static List<String> lossColumns(Path run) {
        return Cli.read(run.resolve("metrics.csv")).lines()
                .map(l -> String.join(",", Arrays.asList(l.split(",", -1)).subList(0, 7)))
                .collect(Collectors.toList());
    }

    private static List<Integer> toInts(JsonNode array) {
        List<Integer> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }
}
