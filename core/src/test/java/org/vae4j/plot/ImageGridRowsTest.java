package org.vae4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImageGrid#rows}: geometry, the set-off ends, and the label margin. */
class ImageGridRowsTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final int PAD_RGB = ImageGrid.DEFAULT_PAD_COLOR.getRGB() & 0xFFFFFF;

    @TempDir
    Path dir;

    /** Image i of 2 x 3 pixels is uniformly (i + 1) / 20 gray, so each tile can be recognised. */
    private static float[] numbered(int count, int channels) {
        float[] v = new float[count * channels * 6];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < channels * 6; j++) {
                v[i * channels * 6 + j] = (i + 1) / 20f;
            }
        }
        return v;
    }

    private static int gray(int v) {
        return (v << 16) | (v << 8) | v;
    }

    private BufferedImage roundTrip(BufferedImage image) throws IOException {
        Path file = dir.resolve("rows.png");
        org.vae4j.io.Png.write(image, file);
        return ImageIO.read(file.toFile());
    }

    @Test
    void plainRowsAreAGridWithFixedColumns() throws IOException {
        ImageGrid.Options o = ImageGrid.Options.defaults().withScale(2).withPadding(3);
        BufferedImage image = roundTrip(ImageGrid.rows(numbered(8, 1), 2, 4, 1, 2, 3, null, false, o));
        // Tiles of 6 x 4 px.
        assertEquals(3 + 4 * (6 + 3), image.getWidth());
        assertEquals(3 + 2 * (4 + 3), image.getHeight());
        for (int i = 0; i < 8; i++) {
            int x = 3 + (i % 4) * 9;
            int y = 3 + (i / 4) * 7;
            int v = Math.round((i + 1) / 20f * 255);
            assertEquals(gray(v), image.getRGB(x, y) & 0xFFFFFF, "tile " + i);
            assertEquals(gray(v), image.getRGB(x + 5, y + 3) & 0xFFFFFF, "tile " + i);
        }
        assertEquals(PAD_RGB, image.getRGB(2, 2) & 0xFFFFFF);
    }

    @Test
    void setOffEndsAddThePairGapAfterTheFirstAndBeforeTheLastColumn() throws IOException {
        ImageGrid.Options o = ImageGrid.Options.defaults().withScale(1).withPadding(2).withPairGap(5);
        BufferedImage image = roundTrip(ImageGrid.rows(numbered(10, 1), 2, 5, 1, 2, 3, List.of(), true, o));
        assertEquals(2 + 5 * (3 + 2) + 2 * 5, image.getWidth());
        assertEquals(2 + 2 * (2 + 2), image.getHeight());
        int[] xs = {2, 2 + 5 + 5, 2 + 10 + 5, 2 + 15 + 5, 2 + 20 + 10};
        for (int i = 0; i < 10; i++) {
            int v = Math.round((i + 1) / 20f * 255);
            int x = xs[i % 5];
            int y = 2 + (i / 5) * 4;
            assertEquals(gray(v), image.getRGB(x, y) & 0xFFFFFF, "tile " + i);
            assertEquals(gray(v), image.getRGB(x + 2, y + 1) & 0xFFFFFF, "tile " + i);
        }
        // The gaps are padding.
        for (int x = 2 + 3; x < 2 + 5 + 5; x++) {
            assertEquals(PAD_RGB, image.getRGB(x, 2) & 0xFFFFFF, "gap after the first tile at x " + x);
        }
        for (int x = 2 + 15 + 5 + 3; x < 2 + 20 + 10; x++) {
            assertEquals(PAD_RGB, image.getRGB(x, 2) & 0xFFFFFF, "gap before the last tile at x " + x);
        }
    }

    @Test
    void labelsGoInALeftMarginOfTheDocumentedWidth() throws IOException {
        // 28 x 28 images at the default scale: 56 px tiles, font size 18, characters of ceil(0.6 * 18) = 11 px.
        assertEquals(18, ImageGrid.labelFontSize(56));
        assertEquals(10, ImageGrid.labelFontSize(20));
        assertEquals(20, ImageGrid.labelFontSize(200));
        List<String> labels = List.of("z3", "z10", "z1");
        int margin = ImageGrid.labelMargin(labels, 56);
        assertEquals(2 * ImageGrid.LABEL_INSET + 3 * 11, margin);
        assertEquals(0, ImageGrid.labelMargin(List.of(), 56));

        float[] images = new float[3 * 4 * 28 * 28];
        java.util.Arrays.fill(images, 1f);
        BufferedImage image = roundTrip(ImageGrid.rows(images, 3, 4, 1, 28, 28, labels, false,
                ImageGrid.Options.defaults()));
        int pad = ImageGrid.DEFAULT_PADDING;
        assertEquals(margin + pad + 4 * (56 + pad), image.getWidth());
        assertEquals(pad + 3 * (56 + pad), image.getHeight());
        // The first tile starts right after the margin and its padding.
        assertEquals(0xFFFFFF, image.getRGB(margin + pad, pad) & 0xFFFFFF);
        assertEquals(PAD_RGB, image.getRGB(margin + pad - 1, pad) & 0xFFFFFF);
        // Each row's label is drawn: some pixels of its band of the margin are not the padding colour.
        for (int row = 0; row < 3; row++) {
            int top = pad + row * (56 + pad);
            int inked = 0;
            for (int y = top; y < top + 56; y++) {
                for (int x = 0; x < margin; x++) {
                    if ((image.getRGB(x, y) & 0xFFFFFF) != PAD_RGB) {
                        inked++;
                    }
                }
            }
            assertTrue(inked > 10, "label of row " + row + " has " + inked + " pixels");
        }
    }

    @Test
    void columnLabelsGoInABandOnTopAndMoveTheImagesDown() throws IOException {
        // 56 px tiles: font size 18, so the band is 18 + 2 * 4 = 26 px.
        List<String> headings = List.of("image", "T-shirt/top", "Ankle boot");
        int band = ImageGrid.headingHeight(headings, 56);
        assertEquals(18 + 2 * ImageGrid.LABEL_INSET, band);
        assertEquals(0, ImageGrid.headingHeight(null, 56));
        float[] images = new float[2 * 3 * 28 * 28];
        java.util.Arrays.fill(images, 1f);
        List<String> rowLabels = List.of("Bag", "Coat");
        BufferedImage image = roundTrip(ImageGrid.rows(images, 2, 3, 1, 28, 28, rowLabels, headings, true, false,
                ImageGrid.Options.defaults()));
        int pad = ImageGrid.DEFAULT_PADDING;
        int gap = ImageGrid.DEFAULT_PAIR_GAP;
        int margin = ImageGrid.labelMargin(rowLabels, 56);
        assertEquals(margin + pad + 3 * (56 + pad) + gap, image.getWidth());
        assertEquals(band + pad + 2 * (56 + pad), image.getHeight());
        // The first tile starts below the band and its padding; nothing but text is drawn above it.
        assertEquals(0xFFFFFF, image.getRGB(margin + pad, band + pad) & 0xFFFFFF);
        assertEquals(PAD_RGB, image.getRGB(margin + pad, band + pad - 1) & 0xFFFFFF);
        // Each heading is inked within its own column's span of the band, the long ones shrunk to fit.
        int[] xs = {margin + pad, margin + pad + 56 + pad + gap, margin + pad + 2 * (56 + pad) + gap};
        for (int c = 0; c < 3; c++) {
            int inked = 0;
            for (int y = 0; y < band; y++) {
                for (int x = xs[c]; x < xs[c] + 56; x++) {
                    if ((image.getRGB(x, y) & 0xFFFFFF) != PAD_RGB) {
                        inked++;
                    }
                }
            }
            assertTrue(inked > 10, "heading of column " + c + " has " + inked + " pixels");
        }
        for (int y = 0; y < band; y++) {
            for (int x = xs[1] - pad - gap; x < xs[1]; x++) {
                assertEquals(PAD_RGB, image.getRGB(x, y) & 0xFFFFFF, "no heading runs into the gap at " + x);
            }
        }
        // The row labels move down with their rows.
        int inked = 0;
        for (int y = 0; y < band + pad; y++) {
            for (int x = 0; x < margin; x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) != PAD_RGB) {
                    inked++;
                }
            }
        }
        assertEquals(0, inked, "the corner above the row labels stays empty");
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.rows(images, 2, 3, 1, 28, 28, rowLabels,
                List.of("a", "b"), true, false, ImageGrid.Options.defaults()));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.headingHeight(List.of("a\nb"), 56));
    }

    @Test
    void labelsStandOutAgainstDarkAndLightPadding() {
        for (Color pad : new Color[] {Color.BLACK, Color.WHITE}) {
            BufferedImage image = ImageGrid.rows(new float[12], 1, 2, 1, 2, 3, List.of("z1"), false,
                    ImageGrid.Options.defaults().withPadColor(pad).withScale(10));
            int darkest = 255;
            int lightest = 0;
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < ImageGrid.labelMargin(List.of("z1"), 20); x++) {
                    int v = image.getRGB(x, y) & 0xFF;
                    darkest = Math.min(darkest, v);
                    lightest = Math.max(lightest, v);
                }
            }
            assertTrue(lightest - darkest > 128, "text on " + pad + " ranges " + darkest + ".." + lightest);
        }
    }

    @Test
    void colourImagesStayInColour() {
        float[] images = new float[2 * 3 * 6];
        for (int i = 0; i < 2; i++) {
            java.util.Arrays.fill(images, i * 18, i * 18 + 6, 1f); // red plane
        }
        BufferedImage image = ImageGrid.rows(images, 1, 2, 3, 2, 3, null, false,
                ImageGrid.Options.defaults().withScale(1));
        assertEquals(0xFF0000, image.getRGB(ImageGrid.DEFAULT_PADDING, ImageGrid.DEFAULT_PADDING) & 0xFFFFFF);
    }

    @Test
    void badArgumentsAreRefused() {
        ImageGrid.Options o = ImageGrid.Options.defaults();
        float[] six = numbered(6, 1);
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.rows(six, 0, 3, 1, 2, 3, null, false, o));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.rows(six, 3, 2, 1, 2, 3, null, true, o));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.rows(six, 3, 3, 1, 2, 3, null, false, o));
        assertThrows(IllegalArgumentException.class,
                () -> ImageGrid.rows(six, 2, 3, 1, 2, 3, List.of("a"), false, o));
        assertThrows(IllegalArgumentException.class,
                () -> ImageGrid.rows(six, 2, 3, 1, 2, 3, List.of("a", "b\nc"), false, o));
    }
}
