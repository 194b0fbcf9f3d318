package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conv architecture through every command, on the shipped grayscale sample and on generated colour folders. */
class ConvCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SMALL_CONV =
            List.of("--arch", "conv", "--channels", "8,16", "--hidden", "32", "--latent", "3", "--batch-size", "32",
                    "--no-progress");

    @TempDir
    static Path shared;

    static Path model;

    @BeforeAll
    static void trainOnce() {
        model = shared.resolve("conv");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", model, SMALL_CONV, "--val", "0.2", "--epochs",
                "2")).ok();
    }

    /** Writes a folder of colour rectangles on coloured backgrounds, one subfolder per dominant colour. */
    static Path colourFolder(Path dir, int count, int size, boolean oneGray) throws IOException {
        Random r = new Random(5);
        String[] classes = {"red", "green", "blue"};
        for (int i = 0; i < count; i++) {
            int cls = i % 3;
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(new Color(r.nextInt(60), r.nextInt(60), r.nextInt(60)));
            g.fillRect(0, 0, size, size);
            int[] rgb = {60 + r.nextInt(60), 60 + r.nextInt(60), 60 + r.nextInt(60)};
            rgb[cls] = 200 + r.nextInt(55);
            g.setColor(new Color(rgb[0], rgb[1], rgb[2]));
            g.fillRect(r.nextInt(size / 2), r.nextInt(size / 2), size / 3 + r.nextInt(size / 3), size / 3);
            g.dispose();
            Path file = dir.resolve(classes[cls]).resolve(String.format("%03d.png", i));
            Files.createDirectories(file.getParent());
            BufferedImage out = img;
            if (oneGray && i == 0) {
                out = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
                out.getGraphics().drawImage(img, 0, 0, null);
            }
            ImageIO.write(out, "png", file.toFile());
        }
        return dir;
    }

    @Test
    void theModelFolderDescribesAConvModel() throws IOException {
        JsonNode m = JSON.readTree(model.resolve("vae4j.json").toFile()).path("model");
        assertEquals("conv", m.path("arch").asText());
        assertEquals("[8,16]", m.path("convChannels").toString());
        assertEquals("[32]", m.path("hidden").toString());
        assertTrue(Files.size(model.resolve("samples.png")) > 1000);
        Cli.Result info = Cli.run("info", "--model", model.toString()).ok();
        assertTrue(info.out().contains("conv 1x28x28-c8-c16-32-3"), info::describe);
        assertTrue(info.out().contains("latent KL"), info::describe);
    }

    @Test
    void everyCommandWorksOnAConvModel(@TempDir Path tmp) throws IOException {
        Cli.run("sample", "--model", model.toString(), "--count", "6", "--out", tmp.resolve("s.png").toString()).ok();
        Cli.run("reconstruct", "--model", model.toString(), "--data", Cli.dataSpec(), "--count", "4", "--out",
                tmp.resolve("r.png").toString()).ok();
        // What reconstruct writes is the conv model's reconstruction of the first images.
        Cli.run("reconstruct", "--model", model.toString(), "--data", Cli.dataSpec(), "--count", "4", "--out",
                tmp.resolve("r.npy").toString()).ok();
        try (org.vae4j.io.ModelFolder saved = org.vae4j.io.ModelStore.load(model)) {
            float[] expected = saved.model().reconstruct(
                    new org.vae4j.data.DataSources().loadImages(Cli.dataSpec(), "data").first(4));
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, Cli.readNpy(tmp.resolve("r.npy"), new int[4]));
        }
        Cli.Result eval = Cli.run("evaluate", "--model", model.toString(), "--data", Cli.dataSpec(), "--json").ok();
        JsonNode e = JSON.readTree(eval.out());
        assertEquals(e.path("negElbo").asDouble(), e.path("reconstruction").asDouble() + e.path("kl").asDouble(),
                1e-6);
        Path copy = Cli.copy(model, tmp.resolve("more"));
        Cli.Result more = Cli.run("train", "--out", copy.toString(), "--resume", "--epochs", "3", "--no-progress")
                .ok();
        assertTrue(more.out().contains("epoch 3/3"), more::describe);
    }

    @Test
    void colourFoldersTrainAndGiveColourPictures(@TempDir Path tmp) throws IOException {
        Path folder = colourFolder(tmp.resolve("rects"), 30, 40, false);
        Path out = tmp.resolve("colour");
        // 40x40 images read at 64x64, three stride-2 convolutions: 64 -> 32 -> 16 -> 8.
        Cli.Result r = Cli.run(Cli.args("train", "--data", "folder:" + folder, "--image-size", "64", "--out", out,
                "--arch", "conv", "--channels", "4,8,8", "--hidden", "16", "--latent", "2", "--epochs", "2",
                "--batch-size", "10", "--val", "none", "--no-progress")).ok();
        assertTrue(r.out().contains("3x64x64"), r::describe);
        JsonNode json = JSON.readTree(out.resolve("vae4j.json").toFile());
        assertEquals(3, json.path("schema").path("inputs").get(0).path("channels").asInt());
        assertEquals("[\"blue\",\"green\",\"red\"]", json.path("data").path("classNames").toString());
        Path sample = tmp.resolve("colour.png");
        Cli.run("sample", "--model", out.toString(), "--count", "4", "--out", sample.toString()).ok();
        BufferedImage picture = ImageIO.read(sample.toFile());
        boolean coloured = false;
        for (int y = 0; y < picture.getHeight() && !coloured; y++) {
            for (int x = 0; x < picture.getWidth() && !coloured; x++) {
                int p = picture.getRGB(x, y);
                coloured = ((p >> 16) & 0xff) != ((p >> 8) & 0xff) || ((p >> 8) & 0xff) != (p & 0xff);
            }
        }
        assertTrue(coloured, "samples of a colour model are in colour");

        // The same images at 32x32 (two convolutions), resumed from its folder.
        Path out32 = tmp.resolve("colour32");
        Cli.run(Cli.args("train", "--data", "folder:" + folder, "--image-size", "32", "--out", out32, "--arch",
                "conv", "--channels", "4,8", "--hidden", "16", "--latent", "2", "--epochs", "1", "--batch-size", "10",
                "--val", "none", "--no-progress")).ok();
        Cli.Result again = Cli.run("train", "--out", out32.toString(), "--resume", "--epochs", "2",
                "--no-progress").ok();
        assertTrue(again.out().contains("epoch 2/2"), again::describe);
    }

    @Test
    void aFolderMixingGrayAndColourNeedsAColourChoice(@TempDir Path tmp) throws IOException {
        Path folder = colourFolder(tmp.resolve("mixed"), 9, 16, true);
        Path out = tmp.resolve("m");
        Cli.run(Cli.args("train", "--data", "folder:" + folder, "--out", out, "--val", "none", "--no-progress"))
                .badInput("grayscale", "colour", "--color");
        Cli.Result ok = Cli.run(Cli.args("train", "--data", "folder:" + folder, "--out", out, "--color", "rgb",
                "--hidden", "8", "--latent", "2", "--epochs", "1", "--val", "none", "--no-progress")).ok();
        assertTrue(ok.out().contains("3x16x16"), ok::describe);
        Cli.Result gray = Cli.run(Cli.args("train", "--data", "folder:" + folder, "--out", tmp.resolve("g"),
                "--color", "gray", "--hidden", "8", "--latent", "2", "--epochs", "1", "--val", "none",
                "--no-progress")).ok();
        assertTrue(gray.out().contains("1x16x16"), gray::describe);
    }

    @Test
    void convOptionsThatMakeNoSenseAreRefused(@TempDir Path tmp) {
        Path out = tmp.resolve("x");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, "--arch", "conv", "--channels", "8,0"))
                .badInput("--channels");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, "--channels", "8,16"))
                .badInput("--channels", "conv");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, "--arch", "conv", "--channels",
                "4,4,4,4,4,4", "--no-progress")).badInput("28x28", "too small", "64x64");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, "--arch", "conv", "--latent", "0"))
                .badInput("--latent");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, "--likelihood", "gaussian-wide"))
                .badInput("--likelihood", "gaussian-pixel");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, "--patience", "2", "--val", "none",
                "--no-progress")).badInput("validation");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, "--lr-schedule", "linear"))
                .badInput("--lr-schedule", "cosine");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, "--free-bits", "-1"))
                .badInput("--free-bits");
        assertFalse(Files.exists(out.resolve("vae4j.json")));
    }

    @Test
    void learnedVariancesWarmUpFreeBitsAndSchedulesRunAndAreRecorded(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("g");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, Cli.TINY, "--val", "0.2", "--epochs", "3",
                "--likelihood", "gaussian-pixel", "--kl-warmup", "2", "--free-bits", "0.1", "--lr-schedule", "cosine"))
                .ok();
        JsonNode json = JSON.readTree(out.resolve("vae4j.json").toFile());
        assertEquals("gaussian-pixel", json.path("model").path("likelihood").asText());
        assertEquals(0.01, json.path("model").path("sigma").asDouble(), 0, "the learned variance's default floor");
        JsonNode s = json.path("training").path("settings");
        assertEquals(2, s.path("klWarmupEpochs").asInt());
        assertEquals(0.1, s.path("freeBits").asDouble(), 0);
        assertEquals("cosine", s.path("lrSchedule").asText());
        Cli.Result info = Cli.run("info", "--model", out.toString()).ok();
        assertTrue(info.out().contains("KL warm-up 2 epochs") && info.out().contains("free bits 0.1")
                && info.out().contains("lr schedule cosine"), info::describe);
        Cli.run("evaluate", "--model", out.toString(), "--data", Cli.dataSpec()).ok();
    }

    @Test
    void earlyStoppingIsReportedAndAStoppedRunHasNothingToResume(@TempDir Path tmp) {
        Path out = tmp.resolve("p");
        // 24 training images and a large model overfit fast: the validation loss turns within a few epochs.
        Cli.Result r = Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, "--hidden", "256",
                "--latent", "8", "--batch-size", "8", "--lr", "3e-3", "--val", "0.88", "--epochs", "80",
                "--patience", "3", "--seed", "2", "--no-progress")).ok();
        assertTrue(r.out().contains("stopped early"), r::describe);
        Cli.Result info = Cli.run("info", "--model", out.toString()).ok();
        assertTrue(info.out().contains("stopped early; weights of the best epoch"), info::describe);
        Cli.Result again = Cli.run("train", "--out", out.toString(), "--resume", "--no-progress").ok();
        assertTrue(again.out().contains("nothing to do"), again::describe);
    }
}
