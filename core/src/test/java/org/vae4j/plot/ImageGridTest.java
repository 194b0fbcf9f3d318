package org.vae4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final int PAD_RGB = ImageGrid.DEFAULT_PAD_COLOR.getRGB() & 0xFFFFFF;

    @TempDir
    Path dir;

    /** Writes the picture as PNG and reads it back, so every check goes through the file format. */
    private BufferedImage roundTrip(BufferedImage image, String name) throws IOException {
        Path file = dir.resolve(name);
        org.vae4j.io.Png.write(image, file);
        BufferedImage read = ImageIO.read(file.toFile());
        assertEquals(image.getWidth(), read.getWidth());
        assertEquals(image.getHeight(), read.getHeight());
        return read;
    }

    private static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xFFFFFF;
    }

    private static int gray(int v) {
        return (v << 16) | (v << 8) | v;
    }

    @Test
    void gridSizeFollowsCountColumnsScaleAndPadding() throws IOException {
        // 10 images of 5 x 7 in 4 columns -> 3 rows; tile 21 x 15 at scale 3; padding 2 around every tile.
        float[] images = new float[10 * 5 * 7];
        ImageGrid.Options options = ImageGrid.Options.defaults().withScale(3).withPadding(2);
        BufferedImage grid = roundTrip(ImageGrid.grid(images, 10, 1, 5, 7, 4, options), "size.png");
        assertEquals(2 + 4 * (21 + 2), grid.getWidth());
        assertEquals(2 + 3 * (15 + 2), grid.getHeight());

        // No padding, scale 1: exactly the tiles.
        BufferedImage tight = ImageGrid.grid(images, 10, 1, 5, 7, 5, options.withScale(1).withPadding(0));
        assertEquals(5 * 7, tight.getWidth());
        assertEquals(2 * 5, tight.getHeight());

        // Fewer images than columns: only as many columns as images.
        BufferedImage few = ImageGrid.grid(images, 3, 1, 5, 7, 8, options);
        assertEquals(2 + 3 * (21 + 2), few.getWidth());
        assertEquals(2 + 15 + 2, few.getHeight());
    }

    @Test
    void defaultScaleMakesSmallImagesReadable() {
        assertEquals(2, ImageGrid.autoScale(28, 28));
        assertEquals(2, ImageGrid.autoScale(32, 32));
        assertEquals(1, ImageGrid.autoScale(64, 64));
        assertEquals(7, ImageGrid.autoScale(8, 8));
        assertEquals(2, ImageGrid.autoScale(28, 40));

        // 64 MNIST-sized images, 8 columns, defaults: 56 px tiles, 2 px padding.
        BufferedImage grid = ImageGrid.grid(new float[64 * 28 * 28], 64, 1, 28, 28, 8);
        assertEquals(2 + 8 * (56 + 2), grid.getWidth());
        assertEquals(2 + 8 * (56 + 2), grid.getHeight());
    }

    @Test
    void grayscalePixelsAreValueTimes255() throws IOException {
        int count = 3;
        int h = 4;
        int w = 5;
        float[] images = new float[count * h * w];
        for (int i = 0; i < images.length; i++) {
            images[i] = (i * 4 % 256) / 255f; // a gradient of exact byte values
        }
        int scale = 3;
        int pad = 2;
        ImageGrid.Options options = ImageGrid.Options.defaults().withScale(scale).withPadding(pad);
        BufferedImage grid = roundTrip(ImageGrid.grid(images, count, 1, h, w, 2, options), "gray.png");
        for (int i = 0; i < count; i++) {
            int x0 = pad + (i % 2) * (w * scale + pad);
            int y0 = pad + (i / 2) * (h * scale + pad);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int expected = gray(Math.round(images[i * h * w + y * w + x] * 255));
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            assertEquals(expected, rgb(grid, x0 + x * scale + dx, y0 + y * scale + dy),
                                    "image " + i + " pixel (" + x + "," + y + ")");
                        }
                    }
                }
            }
        }
        // Padding between tiles and the unused fourth cell have the padding colour.
        assertEquals(PAD_RGB, rgb(grid, 0, 0));
        assertEquals(PAD_RGB, rgb(grid, pad + w * scale, pad + 1));
        assertEquals(PAD_RGB, rgb(grid, pad + w * scale + pad + 1, pad + h * scale + pad + 1));
    }

    @Test
    void singleWhitePixelLandsAtItsPosition() throws IOException {
        // 4 black 6 x 6 images, 2 columns; image 3 (row 1, column 1) has a white pixel at row 2, column 4.
        int h = 6;
        int w = 6;
        float[] images = new float[4 * h * w];
        images[3 * h * w + 2 * w + 4] = 1f;
        ImageGrid.Options options = ImageGrid.Options.defaults().withScale(2).withPadding(1);
        BufferedImage grid = roundTrip(ImageGrid.grid(images, 4, 1, h, w, 2, options), "white.png");
        int x0 = 1 + (w * 2 + 1);
        int y0 = 1 + (h * 2 + 1);
        int whites = 0;
        for (int y = 0; y < grid.getHeight(); y++) {
            for (int x = 0; x < grid.getWidth(); x++) {
                if (rgb(grid, x, y) == 0xFFFFFF) {
                    whites++;
                    assertTrue(x >= x0 + 8 && x < x0 + 10 && y >= y0 + 4 && y < y0 + 6, "white at " + x + "," + y);
                }
            }
        }
        assertEquals(4, whites);
        assertEquals(0x000000, rgb(grid, x0, y0));
    }

    @Test
    void rgbChannelsAreRedGreenBlue() throws IOException {
        // Two 3 x 2 RGB images: red is a ramp, green a constant, blue set on one pixel only.
        int h = 3;
        int w = 2;
        int plane = h * w;
        float[] images = new float[2 * 3 * plane];
        for (int i = 0; i < 2; i++) {
            for (int p = 0; p < plane; p++) {
                images[(i * 3) * plane + p] = (40 * p + i) / 255f;
                images[(i * 3 + 1) * plane + p] = 100 / 255f;
            }
        }
        images[(1 * 3 + 2) * plane + 1 * w + 1] = 1f; // image 1, row 1, column 1: full blue
        ImageGrid.Options options = ImageGrid.Options.defaults().withScale(1).withPadding(2);
        BufferedImage grid = roundTrip(ImageGrid.grid(images, 2, 3, h, w, 2, options), "rgb.png");
        for (int i = 0; i < 2; i++) {
            int x0 = 2 + i * (w + 2);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    int blue = (i == 1 && y == 1 && x == 1) ? 255 : 0;
                    int expected = ((40 * p + i) << 16) | (100 << 8) | blue;
                    assertEquals(expected, rgb(grid, x0 + x, 2 + y), "image " + i + " pixel (" + x + "," + y + ")");
                }
            }
        }
    }

    @Test
    void outOfRangeAndNaNAreClamped() throws IOException {
        float[] images = {-0.5f, 1.7f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.5f, 1f, 0f};
        ImageGrid.Options options = ImageGrid.Options.defaults().withScale(1).withPadding(0);
        BufferedImage grid = roundTrip(ImageGrid.grid(images, 1, 1, 1, 8, 1, options), "clamp.png");
        int[] expected = {0, 255, 0, 255, 0, 128, 255, 0};
        for (int x = 0; x < expected.length; x++) {
            assertEquals(gray(expected[x]), rgb(grid, x, 0), "value " + images[x]);
        }

        float[] colour = {2f, Float.NaN, -3f};
        BufferedImage rgbGrid = ImageGrid.grid(colour, 1, 3, 1, 1, 1, options);
        assertEquals(0xFF0000, rgb(rgbGrid, 0, 0));
    }

    @Test
    void pairsPutEachReconstructionUnderItsInput() throws IOException {
        // 32 pairs of 4 x 4 images in 8 columns -> 4 pairs of rows = 8 rows.
        int count = 32;
        int h = 4;
        int w = 4;
        float[] inputs = new float[count * h * w];
        float[] recons = new float[count * h * w];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < h * w; p++) {
                inputs[i * h * w + p] = (2 * i) / 255f;
                recons[i * h * w + p] = (2 * i + 100) / 255f;
            }
        }
        int scale = 2;
        int pad = 2;
        int gap = 6;
        ImageGrid.Options options = ImageGrid.Options.defaults().withScale(scale).withPadding(pad).withPairGap(gap);
        BufferedImage grid = roundTrip(ImageGrid.pairs(inputs, recons, count, 1, h, w, 8, options), "pairs.png");
        int tile = 4 * scale;
        assertEquals(pad + 8 * (tile + pad), grid.getWidth());
        assertEquals(pad + 8 * (tile + pad) + 3 * gap, grid.getHeight());

        for (int i = 0; i < count; i++) {
            int x = pad + (i % 8) * (tile + pad) + tile / 2;
            int inputY = pad + (i / 8) * (2 * (tile + pad) + gap) + tile / 2;
            int reconY = inputY + tile + pad;
            assertEquals(gray(2 * i), rgb(grid, x, inputY), "input " + i);
            assertEquals(gray(2 * i + 100), rgb(grid, x, reconY), "reconstruction " + i);
        }
        // Between an input row and its reconstructions: padding only; between pairs: padding plus the gap.
        int x = pad + 1;
        for (int y = pad + tile; y < pad + tile + pad; y++) {
            assertEquals(PAD_RGB, rgb(grid, x, y));
        }
        int pairEnd = pad + 2 * tile + pad;
        for (int y = pairEnd; y < pairEnd + pad + gap; y++) {
            assertEquals(PAD_RGB, rgb(grid, x, y), "gap row " + y);
        }
        assertEquals(gray(2 * 8), rgb(grid, x, pairEnd + pad + gap));
    }

    @Test
    void pairsWithDefaultsAndPartialLastRow() {
        // 10 pairs of 28 x 28 in 4 columns: 3 pairs of rows, the last one half full.
        float[] a = new float[10 * 28 * 28];
        BufferedImage grid = ImageGrid.pairs(a, a.clone(), 10, 1, 28, 28, 4);
        int pad = ImageGrid.DEFAULT_PADDING;
        assertEquals(pad + 4 * (56 + pad), grid.getWidth());
        assertEquals(pad + 3 * 2 * (56 + pad) + 2 * ImageGrid.DEFAULT_PAIR_GAP, grid.getHeight());
        // The empty cells at the end of the last pair of rows are padding colour.
        assertEquals(PAD_RGB, rgb(grid, grid.getWidth() - pad - 1, grid.getHeight() - pad - 1));
    }

    @Test
    void writeCreatesFoldersReplacesAndLeavesNoTempFiles() throws IOException {
        Path file = dir.resolve("a/b/c/grid.png");
        BufferedImage first = ImageGrid.grid(new float[4 * 9], 4, 1, 3, 3, 2);
        org.vae4j.io.Png.write(first, file);
        assertTrue(Files.isRegularFile(file));
        BufferedImage second = ImageGrid.grid(new float[9 * 9], 9, 1, 3, 3, 3);
        org.vae4j.io.Png.write(second, file);
        assertEquals(second.getWidth(), ImageIO.read(file.toFile()).getWidth());
        try (Stream<Path> files = Files.list(file.getParent())) {
            List<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toList());
            assertEquals(List.of("grid.png"), names);
        }
    }

    @Test
    void unwritableDestinationNamesThePath() throws IOException {
        // The parent "folder" is a regular file: no folder can be made there, even as root.
        Path blocker = Files.writeString(dir.resolve("not-a-folder"), "x");
        Path file = blocker.resolve("grid.png");
        BufferedImage image = ImageGrid.grid(new float[9], 1, 1, 3, 3, 1);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> org.vae4j.io.Png.write(image, file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());

        // The destination is an existing folder.
        Path folder = Files.createDirectory(dir.resolve("folder.png"));
        UncheckedIOException e2 = assertThrows(UncheckedIOException.class, () -> org.vae4j.io.Png.write(image, folder));
        assertTrue(e2.getMessage().contains(folder.toString()), e2.getMessage());
        assertTrue(Files.isDirectory(folder));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void badArgumentsAreRejected() {
        float[] nine = new float[9];
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.grid(nine, 2, 1, 3, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.grid(nine, 1, 2, 3, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.grid(nine, 0, 1, 3, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.grid(nine, 1, 1, 3, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.pairs(nine, new float[4], 1, 1, 3, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.Options.defaults().withPadding(-1));
        assertThrows(NullPointerException.class, () -> ImageGrid.Options.defaults().withPadColor(null));
    }

    @Test
    void padColourIsConfigurable() {
        ImageGrid.Options options = ImageGrid.Options.defaults().withScale(1).withPadColor(Color.WHITE);
        BufferedImage grid = ImageGrid.grid(new float[4], 1, 1, 2, 2, 1, options);
        assertEquals(0xFFFFFF, rgb(grid, 0, 0));
        assertEquals(0x000000, rgb(grid, 2, 2));
    }
}
