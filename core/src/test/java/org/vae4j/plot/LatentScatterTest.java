package org.vae4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The latent scatter plot: size, colours by class, legend, and points inside the plot area. */
class LatentScatterTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    @TempDir
    Path dir;

    /** {@code classes} blobs of {@code per} points around the corners of a polygon. */
    static float[] blobs(int classes, int per, int[] labels) {
        Random r = new Random(1);
        float[] xy = new float[classes * per * 2];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < per; j++) {
                int i = c * per + j;
                labels[i] = c;
                xy[2 * i] = (float) (10 * Math.cos(2 * Math.PI * c / classes) + r.nextGaussian());
                xy[2 * i + 1] = (float) (10 * Math.sin(2 * Math.PI * c / classes) + r.nextGaussian());
            }
        }
        return xy;
    }

    /**
     * Counts saturated pixels left of the legend (which stands at the right edge): text, axes and grid lines are
     * grey, so these are the points.
     */
    static int colouredPixelsInTheMiddle(BufferedImage image) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth() * 78 / 100; x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 40) {
                    n++;
                }
            }
        }
        return n;
    }

    static int distinctColours(BufferedImage image) {
        Set<Integer> set = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                set.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return set.size();
    }

    @Test
    void writesAPictureOfTheRequestedSizeWithPointsInThePlotArea() throws IOException {
        int[] labels = new int[300];
        float[] xy = blobs(3, 100, labels);
        Path file = dir.resolve("a/scatter.png");
        org.vae4j.io.Png.write(LatentScatter.render(xy, 300, labels, List.of("red", "green", "blue"),
                LatentScatter.Options.of("title", "subtitle", "z1", "z2")), file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(LatentScatter.DEFAULT_WIDTH, image.getWidth());
        assertEquals(LatentScatter.DEFAULT_HEIGHT, image.getHeight());
        assertTrue(distinctColours(image) > 30, "not blank");
        assertTrue(colouredPixelsInTheMiddle(image) > 500, "points drawn in the plot area");
        assertEquals(0xFFFFFF, image.getRGB(2, image.getHeight() - 2) & 0xFFFFFF, "white background");

        BufferedImage empty = LatentScatter.render(new float[] {1e6f, 1e6f}, 1, null, List.of(),
                LatentScatter.Options.of("t", null, "x", "y").withSize(400, 300));
        assertEquals(400, empty.getWidth());
        assertEquals(300, empty.getHeight());
    }

    @Test
    void legendNamesEachClassInItsOwnColour() {
        int[] labels = new int[120];
        float[] xy = blobs(12, 10, labels);
        List<String> names = new ArrayList<>();
        for (int c = 0; c < 12; c++) {
            names.add("class-" + (char) ('a' + c));
        }
        JFreeChart chart = LatentScatter.chart(xy, 120, labels, names.subList(0, 10),
                LatentScatter.Options.of("t", "s", "PC1 (50.0% of variance)", "PC2 (20.0% of variance)"));
        XYPlot plot = chart.getXYPlot();
        assertEquals("PC1 (50.0% of variance)", plot.getDomainAxis().getLabel());
        assertEquals("PC2 (20.0% of variance)", plot.getRangeAxis().getLabel());
        LegendItemCollection legend = plot.getLegendItems();
        assertEquals(12, legend.getItemCount());
        Set<Integer> colours = new HashSet<>();
        for (int c = 0; c < 12; c++) {
            LegendItem item = legend.get(c);
            assertEquals(c < 10 ? names.get(c) : "class " + c, item.getLabel(), "names from the list, then numbers");
            colours.add(((Color) item.getFillPaint()).getRGB());
            assertEquals(LatentScatter.classColor(c), item.getFillPaint());
            // Points are translucent versions of the legend colour.
            Color point = (Color) plot.getRenderer().getSeriesPaint(c);
            assertTrue(point.getAlpha() < 255);
            assertEquals(LatentScatter.classColor(c).getRGB() & 0xFFFFFF, point.getRGB() & 0xFFFFFF);
        }
        assertEquals(12, colours.size(), "twelve distinct colours");
        for (int a = 0; a < 40; a++) {
            for (int b = 0; b < a; b++) {
                assertTrue(!LatentScatter.classColor(a).equals(LatentScatter.classColor(b)), a + " vs " + b);
            }
        }
    }

    @Test
    void unlabelledPointsShareOneColourAndOneLegendEntry() {
        float[] xy = blobs(2, 20, new int[40]);
        JFreeChart chart = LatentScatter.chart(xy, 40, null, List.of(), LatentScatter.Options.of("t", null, "a", "b"));
        LegendItemCollection legend = chart.getXYPlot().getLegendItems();
        assertEquals(1, legend.getItemCount());
        assertEquals(LatentScatter.UNLABELLED, legend.get(0).getLabel());
        assertEquals(1, chart.getXYPlot().getDataset().getSeriesCount());
        assertEquals(40, chart.getXYPlot().getDataset().getItemCount(0));
    }

    @Test
    void badSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LatentScatter.render(new float[3], 2, null, List.of(),
                LatentScatter.Options.of("t", null, "x", "y")));
        assertThrows(IllegalArgumentException.class, () -> LatentScatter.render(new float[4], 2, new int[1],
                List.of(), LatentScatter.Options.of("t", null, "x", "y")));
        assertThrows(IllegalArgumentException.class, () -> LatentScatter.Options.of("t", null, "x", "y")
                .withSize(10, 10));
    }
}
