package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** {@code vae4j sample}: a PNG grid of prior samples, reproducible by seed. */
class SampleCommandTest {
    @TempDir
    static Path shared;

    static Path model;

    @BeforeAll
    static void trainOnce() {
        model = shared.resolve("model");
        Cli.train(model, 1);
    }

    private static Cli.Result sample(Path out, String... extra) {
        return Cli.run(Cli.args("sample", "--model", model, "--out", out, Arrays.asList(extra)));
    }

    @Test
    void writesAGridOfTwoRowsOfFiveColumns(@TempDir Path tmp) throws IOException {
        Path png = tmp.resolve("x.png");
        Cli.Result r = sample(png, "--count", "10", "--columns", "5").ok();
        assertTrue(r.out().contains(png.toString()), r::describe);
        assertEquals("", r.err(), r::describe);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "not a readable PNG");
        int tile = 28 * ImageGrid.autoScale(28, 28);
        int pad = ImageGrid.DEFAULT_PADDING;
        assertEquals(pad + 5 * (tile + pad), image.getWidth());
        assertEquals(pad + 2 * (tile + pad), image.getHeight());
        assertTrue(image.getWidth() > 2 * image.getHeight(), "5 columns by 2 rows is wide");
    }

    @Test
    void createsMissingParentFolders(@TempDir Path tmp) {
        Path png = tmp.resolve("a/b/c.png");
        sample(png, "--count", "3").ok();
        assertTrue(Files.isRegularFile(png));
    }

    @Test
    void theSameSeedGivesTheSamePictureAndAnotherSeedAnother(@TempDir Path tmp) {
        Path a = tmp.resolve("a.png");
        Path b = tmp.resolve("b.png");
        Path c = tmp.resolve("c.png");
        sample(a, "--count", "10", "--columns", "5", "--seed", "7").ok();
        sample(b, "--count", "10", "--columns", "5", "--seed", "7").ok();
        sample(c, "--count", "10", "--columns", "5", "--seed", "8").ok();
        assertArrayEquals(Cli.bytes(a), Cli.bytes(b), "same seed, different PNG");
        assertFalse(Arrays.equals(Cli.bytes(a), Cli.bytes(c)), "different seeds, same PNG");
    }

    @Test
    void outMustEndInPng(@TempDir Path tmp) {
        Path jpg = tmp.resolve("x.jpg");
        sample(jpg).badInput("--out", "x.jpg", ".png");
        assertFalse(Files.exists(jpg));
    }

    @Test
    void outMustNotBeAFolder(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("pics.png"));
        sample(dir).badInput("--out", "folder");
    }

    @Test
    void countMustBePositive(@TempDir Path tmp) {
        sample(tmp.resolve("x.png"), "--count", "0").badInput("--count", "0");
        sample(tmp.resolve("x.png"), "--count", "-3").badInput("--count");
        sample(tmp.resolve("x.png"), "--columns", "0").badInput("--columns");
        sample(tmp.resolve("x.png"), "--count", "many").badInput("--count", "many");
        assertFalse(Files.exists(tmp.resolve("x.png")));
    }
}
