package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vae4j.data.DataOptions;
import org.vae4j.data.DataSources;
import org.vae4j.image.ImageDataset;
import org.vae4j.io.ModelStore;
import org.vae4j.io.ModelFolder;
import org.vae4j.plot.ImageGrid;

/** {@code vae4j interpolate}: rows of decoded steps between two originals. */
class InterpolateCommandTest {
    private static final int PAD = ImageGrid.DEFAULT_PADDING;
    private static final int GAP = ImageGrid.DEFAULT_PAIR_GAP;
    private static final int TILE = 28 * ImageGrid.autoScale(28, 28);

    @TempDir
    static Path shared;

    static Path model;

    @BeforeAll
    static void trainOnce() {
        model = shared.resolve("model");
        Cli.train(model, 1);
    }

    private static Cli.Result interpolate(Path out, String... extra) {
        return Cli.run(Cli.args("interpolate", "--model", model, "--out", out, Arrays.asList(extra)));
    }

    private static Cli.Result interpolateData(Path out, String... extra) {
        return Cli.run(Cli.args("interpolate", "--model", model, "--data", Cli.dataSpec(), "--out", out,
                Arrays.asList(extra)));
    }


    /** The picture's width for rows of {@code steps} decodings between two originals set off by the pair gap. */
    private static int width(int steps) {
        return PAD + (steps + 2) * (TILE + PAD) + 2 * GAP;
    }

    private static int height(int rows) {
        return PAD + rows * (TILE + PAD);
    }

    /** The x of a column's tiles: originals are set off from the steps by the pair gap. */
    private static int x(int column, int columns) {
        return PAD + column * (TILE + PAD) + (column == 0 ? 0 : GAP) + (column == columns - 1 ? GAP : 0);
    }

    /** The gray levels of one 28 x 28 tile, one per source pixel. */
    private static int[] tile(BufferedImage image, int row, int column, int columns) {
        int scale = TILE / 28;
        int x0 = x(column, columns);
        int y0 = PAD + row * (TILE + PAD);
        int[] out = new int[28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                out[y * 28 + x] = image.getRGB(x0 + x * scale, y0 + y * scale) & 0xFF;
            }
        }
        return out;
    }

    private static int[] levels(float[] pixels) {
        int[] out = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = Math.max(0, Math.min(255, Math.round(pixels[i] * 255)));
        }
        return out;
    }

    private static void assertClose(int[] expected, int[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= 1,
                    what + ": pixel " + i + " is " + actual[i] + ", expected " + expected[i]);
        }
    }

    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }

    @Test
    void withoutPairsFourSeededRandomPairsAreDrawn(@TempDir Path tmp) throws IOException {
        Path png = tmp.resolve("i.png");
        Cli.Result r = interpolateData(png).ok();
        assertEquals("", r.err(), r::describe);
        assertTrue(r.out().contains("4 rows of 10 linear steps"), r::describe);
        assertTrue(r.out().contains(png.toString()), r::describe);
        BufferedImage image = Cli.readPng(png);
        assertEquals(width(10), image.getWidth());
        assertEquals(height(4), image.getHeight());
        assertTrue(colours(image) > 50, "the picture should not be blank");

        // The same seed draws the same pairs and the same picture; another seed other pairs.
        Path again = tmp.resolve("again.png");
        assertEquals(r.out().replace(png.toString(), ""),
                interpolateData(again, "--seed", "1").ok().out().replace(again.toString(), ""));
        assertArrayEquals(Cli.bytes(png), Cli.bytes(again));
        Cli.Result other = interpolateData(tmp.resolve("other.png"), "--seed", "2").ok();
        assertNotEquals(r.out().replace(png.toString(), ""),
                other.out().replace(tmp.resolve("other.png").toString(), ""));
    }

    @Test
    void eachPairIsARowWithItsOriginalsAtBothEndsAndItsReconstructionsNextToThem(@TempDir Path tmp)
            throws IOException {
        Path png = tmp.resolve("i.png");
        Cli.Result r = interpolateData(png, "--pairs", "0:1, 7:3", "--steps", "5", "--method", "spherical").ok();
        assertTrue(r.out().contains("2 rows of 5 spherical steps"), r::describe);
        assertTrue(r.out().contains("(0:1,7:3)"), r::describe);
        BufferedImage image = Cli.readPng(png);
        assertEquals(width(5), image.getWidth());
        assertEquals(height(2), image.getHeight());

        ImageDataset data = new DataSources(DataOptions.defaults().withAllowDownload(false)).loadImages(Cli.dataSpec(), "data");
        int[][] pairs = {{0, 1}, {7, 3}};
        int columns = 7;
        try (ModelFolder saved = ModelStore.load(model)) {
            for (int row = 0; row < 2; row++) {
                float[] a = data.image(pairs[row][0]);
                float[] b = data.image(pairs[row][1]);
                assertArrayEquals(levels(a), tile(image, row, 0, columns), "first original of row " + row);
                assertArrayEquals(levels(b), tile(image, row, columns - 1, columns), "last original of row " + row);
                float[] ra = saved.model().reconstruct(data.subset(new int[] {pairs[row][0]}, "a"));
                float[] rb = saved.model().reconstruct(data.subset(new int[] {pairs[row][1]}, "b"));
                assertClose(levels(ra), tile(image, row, 1, columns), "first step of row " + row);
                assertClose(levels(rb), tile(image, row, columns - 2, columns), "last step of row " + row);
                assertFalse(Arrays.equals(tile(image, row, 1, columns), tile(image, row, 3, columns)),
                        "the middle step differs from the first");
            }
        }
        // The gaps that set off the originals are padding.
        int pad = ImageGrid.DEFAULT_PAD_COLOR.getRGB() & 0xFFFFFF;
        for (int x = x(0, columns) + TILE; x < x(1, columns); x++) {
            assertEquals(pad, image.getRGB(x, PAD + 5) & 0xFFFFFF, "gap at x " + x);
        }
    }

    @Test
    void imageFilesOfAnySizeAndColourAreConvertedToTheModelsShape(@TempDir Path tmp) throws IOException {
        BufferedImage colour = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                colour.setRGB(x, y, x < 20 ? new Color(220, 40, 40).getRGB() : new Color(10, 10, 80).getRGB());
            }
        }
        Path from = tmp.resolve("from.png");
        ImageIO.write(colour, "png", from.toFile());
        BufferedImage gray = new BufferedImage(100, 100, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 30; y < 70; y++) {
            for (int x = 30; x < 70; x++) {
                gray.getRaster().setSample(x, y, 0, 230);
            }
        }
        Path to = tmp.resolve("to.jpg");
        ImageIO.write(gray, "jpg", to.toFile());

        Path png = tmp.resolve("files.png");
        Cli.Result r = interpolate(png, "--from", from.toString(), "--to", to.toString(), "--steps", "4").ok();
        assertTrue(r.out().contains("1 row of 4 linear steps between " + from + " and " + to), r::describe);
        BufferedImage image = Cli.readPng(png);
        assertEquals(width(4), image.getWidth());
        assertEquals(height(1), image.getHeight());
        // The first original is the colour file's luma, at 28 x 28: the bright left half and the dark right half.
        int[] left = tile(image, 0, 0, 6);
        assertEquals(Math.round(0.299f * 220 + 0.587f * 40 + 0.114f * 40), left[14 * 28 + 3], 2);
        assertEquals(Math.round(0.299f * 10 + 0.587f * 10 + 0.114f * 80), left[14 * 28 + 24], 2);
        int[] right = tile(image, 0, 5, 6);
        assertTrue(right[14 * 28 + 14] > 200 && right[2 * 28 + 2] < 30, "the gray square in the middle");
    }

    @Test
    void anIndexOutOfRangeIsNamedWithTheDatasetsSize(@TempDir Path tmp) {
        Path png = tmp.resolve("i.png");
        Cli.Result r = interpolateData(png, "--pairs", "0:1,0:500").badInput();
        assertEquals("vae4j interpolate: --pairs 0:500: index 500 is out of range, " + Cli.dataSpec()
                + " has 200 examples (0-199)", r.errLines().get(0));
        interpolateData(png, "--pairs", "200:0").badInput("--pairs 200:0: index 200 is out of range", "(0-199)");
        interpolateData(png, "--pairs", "0:99999999999").badInput("index 99999999999 is out of range");
        assertFalse(Files.exists(png), "no picture for bad input");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0-1", "0:1,", "a:b", "0:1:2", "", "-1:2", "0:1;2:3", "1"})
    void malformedPairsAreRefused(String pairs, @TempDir Path tmp) {
        Path png = tmp.resolve("i.png");
        interpolateData(png, "--pairs", pairs).badInput("--pairs", "I:J", "0:1,2:3");
        assertFalse(Files.exists(png), "no picture for bad input");
    }

    @Test
    void badOptionsAreRefusedOnOneLine(@TempDir Path tmp) throws IOException {
        Path png = tmp.resolve("i.png");
        interpolateData(png, "--steps", "1").badInput("--steps 1", "from 2");
        interpolateData(png, "--steps", "0").badInput("--steps 0");
        interpolateData(png, "--method", "cubic").badInput("--method", "cubic");
        interpolateData(tmp.resolve("i.gif")).badInput("--out", ".png");
        interpolate(png).badInput("--data", "--from", "--to");

        Path good = tmp.resolve("good.png");
        ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png", good.toFile());
        Path missing = tmp.resolve("missing.png");
        interpolate(png, "--from", missing.toString(), "--to", good.toString())
                .badInput("--from " + missing, "no such file", "PNG or JPEG");
        interpolate(png, "--from", good.toString(), "--to", missing.toString()).badInput("--to " + missing);
        Path corrupt = Cli.write(tmp.resolve("corrupt.png"), "this is not a PNG".getBytes());
        interpolate(png, "--from", corrupt.toString(), "--to", good.toString()).badInput("--from " + corrupt);
        interpolate(png, "--from", good.toString()).badInput("Missing", "--to");
        interpolate(png, "--to", good.toString()).badInput("Missing", "--from");
        interpolate(png, "--from", good.toString(), "--to", good.toString(), "--pairs", "0:1").badInput("--pairs");
        interpolateData(png, "--from", good.toString(), "--to", good.toString()).badInput("--data", "--from",
                "mutually exclusive");
        assertFalse(Files.exists(png), "no picture for bad input");
    }

    @Test
    void helpNamesTheOptionsAndTheTopLevelHelpTheCommand() {
        Cli.Result r = Cli.run("interpolate", "--help").ok();
        for (String option : new String[] {"--model", "--data", "--pairs", "--from", "--to", "--steps", "--method",
            "--seed", "--out"}) {
            assertTrue(r.out().contains(option), () -> "help should mention " + option + "\n" + r.describe());
        }
        assertTrue(Cli.run("--help").ok().out().contains("interpolate"));
    }
}
