package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --complete} and {@code inpaint} with the completion model: the folder describes the model and its
 * masks, the fill beats the zero fill on the mask kinds it trained on, and misuse is a one-line error.
 */
class CompletionCommandTest {
    @TempDir
    static Path shared;

    static Path complete;
    static Path baseline;
    static Cli.Result trained;

    @BeforeAll
    static void trainOnce() {
        complete = shared.resolve("complete");
        baseline = shared.resolve("baseline");
        trained = train(complete, "complete");
        train(baseline, "baseline");
    }

    private static Cli.Result train(Path out, String family) {
        List<String> latent = family.equals("complete") ? List.of("--latent", "8") : List.of();
        return Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, "--complete",
                "quadrant:2,center:12", "--family", family, "--hidden", "64", latent, "--batch-size", "16",
                "--lr", "3e-3", "--epochs", "8", "--val", "none", "--no-progress")).ok();
    }

    private static Cli.Result inpaint(Path model, Path out, String... extra) {
        return Cli.run(Cli.args("inpaint", "--model", model, "--data", Cli.dataSpec(), "--out", out,
                Arrays.asList(extra)));
    }

    private static float[] pixels() {
        return ((org.vae4j.image.ImageDataset) new org.vae4j.data.DataSources().load(Cli.dataSpec())).pixels();
    }

    /**
     * The floors of filling the missing pixels of the first n images with the data's mean image: its mean squared
     * error, and its negative Bernoulli log-likelihood in nats per image.
     */
    private static double[] meanImageFloors(boolean[] missing, int n) {
        float[] px = pixels();
        int count = px.length / 784;
        double[] mean = new double[784];
        for (int i = 0; i < px.length; i++) {
            mean[i % 784] += px[i] / (double) count;
        }
        double mse = 0;
        double nll = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            int k = 0;
            for (int p = 0; p < 784; p++) {
                if (missing[p]) {
                    double x = px[i * 784 + p];
                    s += (x - mean[p]) * (x - mean[p]);
                    nll -= (x * Math.log(mean[p] + 1e-7) + (1 - x) * Math.log(1 - mean[p] + 1e-7)) / n;
                    k++;
                }
            }
            mse += s / k / n;
        }
        return new double[] {mse, nll};
    }

    @Test
    void theFolderDescribesTheModelAndItsMasks() throws Exception {
        JsonNode json = new ObjectMapper().readTree(complete.resolve("vae4j.json").toFile());
        assertEquals("complete", json.get("family").asText());
        assertEquals("quadrant:2,center:12", json.get("objective").get("masks").asText());
        assertTrue(trained.out().contains("complete, mlp 1568-64-8"), trained::describe);
        BufferedImage picture = ImageIO.read(complete.resolve("completions.png").toFile());
        int tile = org.vae4j.plot.ImageGrid.autoScale(28, 28) * 28;
        assertTrue(picture.getWidth() >= 5 * tile && picture.getWidth() < 6 * tile, "an original and two "
                + "damaged/filled pairs per row: " + picture.getWidth() + " pixels wide, tiles of " + tile);
        assertTrue(picture.getHeight() >= 8 * tile && picture.getHeight() < 9 * tile + 40, "8 images");
        assertTrue(!Files.exists(complete.resolve("samples.png")), "a completion model draws no samples");
        Cli.Result info = Cli.run(Cli.args("info", "--model", complete)).ok();
        assertTrue(info.out().contains("masks quadrant:2,center:12"), info::describe);
    }

    @Test
    void bothModelsFillTheirMasksBetterThanZeros(@TempDir Path tmp) throws Exception {
        boolean[] missing = new boolean[784];
        for (int p = 0; p < 784; p++) {
            missing[p] = p % 28 >= 14; // quadrant:2 observes the left half
        }
        double[] floor = meanImageFloors(missing, 6);
        for (Path model : new Path[] {complete, baseline}) {
            Cli.Result r = inpaint(model, tmp.resolve("g.png"), "--mask", "quadrant:2", "--count", "6",
                    "--samples", "20", "--json").ok();
            JsonNode m = new ObjectMapper().readTree(r.out()).get("methods").get(0);
            assertEquals("model", m.get("method").asText(), "the default method of a completion model");
            assertTrue(m.get("mse").asDouble() < 0.8 * floor[0], model + ": MSE " + m.get("mse") + " vs the mean "
                    + "image's " + floor[0]);
            assertTrue(m.get("nll_missing").asDouble() < floor[1] - 10, model + ": NLL " + m.get("nll_missing")
                    + " vs the mean image's " + floor[1]);
        }
        JsonNode c = new ObjectMapper().readTree(inpaint(complete, tmp.resolve("c.png"), "--mask", "quadrant:2",
                "--count", "6", "--samples", "50", "--json").ok().out()).get("methods").get(0);
        assertTrue(c.get("neg_elbo_missing").asDouble() > c.get("nll_missing").asDouble(),
                "the importance-weighted bound is tighter than the ELBO: " + c);
        Cli.Result table = inpaint(complete, tmp.resolve("t.png"), "--mask", "center:12", "--count", "2",
                "--samples", "10").ok();
        assertTrue(table.out().contains("negative conditional ELBO"), table::describe);
    }

    @Test
    void misuseIsOneLine(@TempDir Path tmp) {
        Path png = tmp.resolve("x.png");
        inpaint(complete, png, "--mask", "top-half", "--method", "mwg").badInput("--method mwg", "expected model");
        Cli.run(Cli.args("sample", "--model", complete, "--out", tmp.resolve("s.png")))
                .badInput("vae4j sample needs a vae-family model");
        Cli.run(Cli.args("reconstruct", "--model", baseline, "--data", Cli.dataSpec(), "--out", tmp.resolve("r.png")))
                .badInput("family baseline", "vae4j reconstruct needs a vae-family model");
        Cli.run(Cli.args("encode", "--model", complete, "--data", Cli.dataSpec(), "--out", tmp.resolve("e.csv")))
                .badInput("vae4j encode needs a vae-family model");
        Cli.run(Cli.args("traverse", "--model", complete, "--data", Cli.dataSpec(), "--out", tmp.resolve("t.png")))
                .badInput("vae4j traverse needs a vae-family model");
        Cli.Result evaluate = Cli.run(Cli.args("evaluate", "--model", complete, "--data", Cli.dataSpec(), "--json"))
                .ok();
        assertTrue(evaluate.out().contains("kl"), evaluate::describe);
        Path out = tmp.resolve("m");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, "--complete", "file:x.png", "--epochs",
                "1")).badInput("--complete file:x.png", "reads a file");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, "--family", "baseline", "--epochs", "1"))
                .badInput("--family baseline needs --complete");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, "--complete", "center:40", "--epochs",
                "1")).badInput("does not fit the 28x28 image");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, "--complete", "quadrant:1", "--arch",
                "conv", "--epochs", "1")).badInput("dense networks only");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, "--complete", "quadrant:1", "--family",
                "vae", "--epochs", "1")).badInput("--family vae trains on whole images");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, "--complete", "quadrant:1", "--family",
                "baseline", "--latent", "4", "--epochs", "1")).badInput("--latent applies to models with a latent");
        assertTrue(!Files.exists(out), "nothing written on bad input");
    }

    /** A resumed run may spell its masks differently; it continues with the same ones. */
    @Test
    void aResumedRunKeepsItsMasks(@TempDir Path tmp) throws Exception {
        Path again = Cli.copy(complete, tmp.resolve("again"));
        Cli.run(Cli.args("train", "--resume", "--out", again, "--epochs", "9", "--complete", " quadrant:2 , center:12",
                "--no-progress")).ok();
        assertEquals(9, Files.readAllLines(again.resolve("metrics.csv")).size() - 1);
        Cli.run(Cli.args("train", "--resume", "--out", again, "--epochs", "10", "--complete", "quadrant:1",
                "--no-progress")).badInput("--complete quadrant:1 differs from the run's quadrant:2,center:12");
    }

    @Test
    void aFolderOfMasksMatchesIdxImagesByIndex(@TempDir Path tmp) throws Exception {
        Path masks = Files.createDirectories(tmp.resolve("masks"));
        for (int i = 0; i < 2; i++) {
            BufferedImage m = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    m.setRGB(c, r, (i == 0 ? r < 10 : c < 10) ? 0xFFFFFF : 0);
                }
            }
            ImageIO.write(m, "png", masks.resolve(String.format("%04d.png", i)).toFile());
        }
        Path npy = tmp.resolve("f.npy");
        inpaint(complete, tmp.resolve("g.png"), "--mask", "file:" + masks, "--count", "2", "--samples", "5",
                "--save", npy.toString()).ok();
        byte[] bytes = Files.readAllBytes(npy);
        int header = 10 + ((bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8);
        java.nio.FloatBuffer f = java.nio.ByteBuffer.wrap(bytes, header, 2 * 784 * 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] px = pixels();
        int[] changed = new int[2];
        for (int i = 0; i < 2; i++) {
            for (int p = 0; p < 784; p++) {
                boolean miss = i == 0 ? p / 28 < 10 : p % 28 < 10; // mask 0000.png: the top rows; 0001.png: the left
                float v = f.get(i * 784 + p);
                if (!miss) {
                    assertEquals(px[i * 784 + p], v, 0f, "image " + i + ", observed pixel " + p);
                } else if (v != px[i * 784 + p]) {
                    changed[i]++;
                }
            }
        }
        assertTrue(changed[0] > 100 && changed[1] > 100, "each image filled where its own mask says: " + changed[0]
                + ", " + changed[1]);
        inpaint(complete, tmp.resolve("h.png"), "--mask", "file:" + masks, "--count", "3", "--samples", "5")
                .badInput("0002.png");
    }
}
