package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.plot.ImageGrid;

/** {@code vae4j reconstruct}: inputs above their reconstructions. */
class ReconstructCommandTest {
    @TempDir
    static Path shared;

    static Path model;

    @BeforeAll
    static void trainOnce() {
        model = shared.resolve("model");
        // Trained long enough (about 150 steps) that reconstructions look like their inputs.
        Cli.trainSmall(model, 15);
    }

    private static Cli.Result reconstruct(String data, Path out, String... extra) {
        return Cli.run(Cli.args("reconstruct", "--model", model, "--data", data, "--out", out,
                Arrays.asList(extra)));
    }

    @Test
    void writesPairsOfRows(@TempDir Path tmp) throws IOException {
        Path png = tmp.resolve("r.png");
        Cli.Result r = reconstruct(Cli.dataSpec(), png, "--count", "10", "--columns", "5").ok();
        assertTrue(r.out().contains(png.toString()), r::describe);
        assertEquals("", r.err(), r::describe);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "not a readable PNG");
        int tile = 28 * ImageGrid.autoScale(28, 28);
        int pad = ImageGrid.DEFAULT_PADDING;
        assertEquals(pad + 5 * (tile + pad), image.getWidth());
        // Two pairs of rows (inputs above reconstructions) with a gap between the pairs.
        assertEquals(pad + 2 * 2 * (tile + pad) + ImageGrid.DEFAULT_PAIR_GAP, image.getHeight());
    }

    @Test
    void worksWithoutLabels(@TempDir Path tmp) {
        Path png = tmp.resolve("r.png");
        reconstruct("idx:" + Cli.images(), png, "--count", "4").ok();
        assertTrue(Files.isRegularFile(png));
    }

    @Test
    void outMustEndInPng(@TempDir Path tmp) {
        reconstruct(Cli.dataSpec(), tmp.resolve("r.gif")).badInput("--out", "r.gif", ".png");
    }

    @Test
    void countMustBePositive(@TempDir Path tmp) {
        reconstruct(Cli.dataSpec(), tmp.resolve("r.png"), "--count", "0").badInput("--count");
    }

    @Test
    void theTopRowIsTheInputAndTheBottomRowItsReconstruction(@TempDir Path tmp) {
        Path png = tmp.resolve("r.png");
        reconstruct(Cli.dataSpec(), png, "--count", "3", "--columns", "3").ok();
        Path npy = tmp.resolve("r.npy");
        reconstruct(Cli.dataSpec(), npy, "--count", "3").ok();
        int[] shape = new int[4];
        float[] written = Cli.readNpy(npy, shape);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {3, 1, 28, 28}, shape);
        BufferedImage image = Cli.readPng(png);
        org.vae4j.image.ImageDataset data = new org.vae4j.data.DataSources().loadImages(Cli.dataSpec(), "data");
        int scale = ImageGrid.autoScale(28, 28);
        int tile = 28 * scale;
        int pad = ImageGrid.DEFAULT_PADDING;
        try (org.vae4j.io.ModelFolder saved = org.vae4j.io.ModelStore.load(model)) {
            float[] expected = saved.model().reconstruct(data.first(3));
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, written, "the .npy holds the reconstructions");
            for (int k = 0; k < 3; k++) {
                float[] input = data.image(k);
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        int px = pad + k * (tile + pad) + x * scale;
                        int top = image.getRGB(px, pad + y * scale) & 0xFF;
                        int bottom = image.getRGB(px, pad + tile + pad + y * scale) & 0xFF;
                        int i = y * 28 + x;
                        assertEquals(Math.round(input[i] * 255), top, 1, "input " + k + " pixel " + i);
                        assertEquals(Math.round(expected[k * 784 + i] * 255), bottom, 1,
                                "reconstruction " + k + " pixel " + i);
                    }
                }
            }
            // The reconstructions resemble their inputs: each is nearer its own input than the other images of the
            // set are on average.
            float[] all = saved.model().reconstruct(data.first(20));
            for (int k = 0; k < 20; k++) {
                double own = 0;
                double others = 0;
                for (int j = 0; j < data.size(); j++) {
                    double d = 0;
                    float[] other = data.image(j);
                    for (int i = 0; i < 784; i++) {
                        d += Math.abs(all[k * 784 + i] - other[i]) / 784;
                    }
                    if (j == k) {
                        own = d;
                    } else {
                        others += d / (data.size() - 1);
                    }
                }
                assertTrue(own < 0.8 * others, "reconstruction " + k + ": " + own + " from its input, " + others
                        + " from the others on average");
            }
        }
    }
}
