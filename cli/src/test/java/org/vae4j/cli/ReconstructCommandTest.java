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
        Cli.train(model, 1);
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
}
