package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vae4j inpaint}: a grid, scores over the missing pixels, and one-line errors. */
class InpaintCommandTest {
    @TempDir
    static Path shared;

    static Path model;

    @BeforeAll
    static void trainOnce() {
        model = shared.resolve("model");
        Cli.trainSmall(model, 10);
    }

    private static Cli.Result inpaint(Path out, String... extra) {
        return Cli.run(Cli.args("inpaint", "--model", model, "--data", Cli.dataSpec(), "--out", out,
                Arrays.asList(extra)));
    }

    /** The missing pixels' MSE of a fill, recomputed from the JSON's per-image list; every method beats zero fill. */
    @Test
    void writesTheGridAndScoresEveryMethodOverTheMissingPixels(@TempDir Path tmp) throws Exception {
        Path png = tmp.resolve("g.png");
        Cli.Result r = inpaint(png, "--mask", "bottom-half", "--method", "importance,mwg,pseudo-gibbs", "--count",
                "4", "--samples", "200", "--iterations", "60", "--burn-in", "20", "--json").ok();
        JsonNode root = new ObjectMapper().readTree(r.out());
        // zero fill, the floor every method must beat: the mean of x^2 over each image's bottom half
        float[] px = ((org.vae4j.image.ImageDataset) new org.vae4j.data.DataSources().load(Cli.dataSpec())).pixels();
        double zeroFill = 0;
        for (int i = 0; i < 4; i++) {
            double s = 0;
            for (int p = 14 * 28; p < 28 * 28; p++) {
                s += px[i * 784 + p] * (double) px[i * 784 + p];
            }
            zeroFill += s / (14 * 28) / 4;
        }
        assertEquals(4, root.get("images").asInt());
        assertEquals(3, root.get("methods").size());
        for (JsonNode m : root.get("methods")) {
            double mean = 0;
            for (JsonNode v : m.get("per_image_mse")) {
                mean += v.asDouble() / 4;
            }
            assertEquals(mean, m.get("mse").asDouble(), 1e-12, m.get("method").asText());
            assertEquals(10 * Math.log10(1 / mean), m.get("psnr").asDouble(), 1e-9);
            assertTrue(mean > 0 && mean < 0.8 * zeroFill, m.get("method").asText() + " MSE " + mean
                    + " against zero fill's " + zeroFill);
        }
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image);
        assertTrue(image.getWidth() > image.getHeight(), "5 columns of 4 rows");
    }

    /** MSE over the missing values only, per image, against a loop written out here; PSNR for data in [0, 1]. */
    @Test
    void scoresCountTheMissingValuesOnly() {
        float[] original = {0.0f, 1.0f, 0.5f, 0.2f, 0.4f, 0.6f, 0.8f, 1.0f};
        float[] filled = {0.9f, 0.5f, 0.5f, 0.2f, 0.4f, 0.1f, 0.8f, 0.0f};
        boolean[] missing = {false, true, true, false, false, true, false, true};
        double[] mse = org.vae4j.inpaint.Inpainting.mse(original, filled, missing, 2, 4);
        assertEquals((0.25 + 0.0) / 2, mse[0], 1e-7); // the observed 0.9 against 0.0 does not count
        assertEquals((0.25 + 1.0) / 2, mse[1], 1e-7);
        assertEquals(20.0, org.vae4j.inpaint.Inpainting.psnr(0.01), 1e-12);
    }

    /** --save writes what was scored: the .npy holds the observed pixels unchanged and one file per method. */
    @Test
    void savesTheFilledImages(@TempDir Path tmp) throws Exception {
        Path npy = tmp.resolve("f.npy");
        inpaint(tmp.resolve("g.png"), "--mask", "left-half", "--method", "importance,mwg", "--count", "3",
                "--samples", "20", "--iterations", "30", "--burn-in", "10", "--save", npy.toString()).ok();
        float[] px = ((org.vae4j.image.ImageDataset) new org.vae4j.data.DataSources().load(Cli.dataSpec())).pixels();
        for (String method : new String[] {"importance", "mwg"}) {
            byte[] bytes = Files.readAllBytes(tmp.resolve("f-" + method + ".npy"));
            int header = 10 + ((bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8);
            assertEquals(header + 3 * 784 * 4, bytes.length, method);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes, header, 3 * 784 * 4)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 3 * 784; i++) {
                float v = b.getFloat();
                if (i % 28 >= 14) { // the right half is observed
                    assertEquals(px[i], v, 0f, method + " value " + i);
                }
            }
        }
        Path dir = tmp.resolve("pngs");
        inpaint(tmp.resolve("h.png"), "--mask", "center:10", "--count", "2", "--iterations", "20", "--burn-in", "5",
                "--save", dir.toString()).ok();
        BufferedImage one = ImageIO.read(dir.resolve("0001-mwg.png").toFile());
        assertNotNull(one);
        assertEquals(28, one.getWidth(), "the image's own size");
        assertEquals(28, one.getHeight());
    }

    @Test
    void aTableByDefault(@TempDir Path tmp) {
        Path png = tmp.resolve("t.png");
        Cli.Result r = inpaint(png, "--mask", "quadrant:2", "--count", "2", "--iterations", "40", "--burn-in",
                "10").ok();
        assertTrue(r.out().contains("mwg") && r.out().contains("PSNR") && r.out().contains("proposals after the "
                + "burn-in accepted"), r::describe);
        assertTrue(Files.isRegularFile(png));
    }

    @Test
    void badMasksMethodsAndOptionsAreOneLine(@TempDir Path tmp) throws Exception {
        Path png = tmp.resolve("b.png");
        inpaint(png, "--mask", "quadrant:5").badInput("--mask quadrant:5", "K = 1, 2 or 3");
        inpaint(png, "--mask", "rect:20,20,10,10").badInput("lies outside the 28x28 image");
        inpaint(png, "--mask", "top-half", "--method", "magic").badInput("--method magic",
                "expected importance, mwg, pseudo-gibbs");
        inpaint(png, "--mask", "top-half", "--method", "mwg", "--iterations", "10", "--burn-in", "10")
                .badInput("--burn-in 10");
        inpaint(tmp.resolve("b.jpg"), "--mask", "top-half").badInput("--out", ".png");
        BufferedImage small = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        small.setRGB(1, 1, 0xFFFFFF);
        Path maskFile = tmp.resolve("m.png");
        ImageIO.write(small, "png", maskFile.toFile());
        inpaint(png, "--mask", "file:" + maskFile).badInput("is 4x4, the images are 28x28");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        inpaint(png, "--mask", "top-half", "--save", file.toString()).badInput("--save", "is a file");
        assertTrue(!Files.exists(png), "nothing written on bad input");
    }
}
