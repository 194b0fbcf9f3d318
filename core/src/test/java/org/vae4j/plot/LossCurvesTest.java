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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.train.EpochMetrics;

class LossCurvesTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    @TempDir
    Path dir;

    /** A plausible run: reconstruction falls, KL rises, validation slightly worse than training. */
    static List<EpochMetrics> run(int epochs, boolean validation) {
        List<EpochMetrics> rows = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            double recon = 160 + 90 * Math.exp(-0.5 * (e - 1));
            double kl = 24 - 14 * Math.exp(-0.4 * (e - 1));
            rows.add(epoch(
                    e,
                    recon + kl,
                    recon,
                    kl,
                    validation ? recon + kl + 3 : null,
                    validation ? recon + 3.5 : null,
                    validation ? kl - 0.5 : null,
                    12.5));
        }
        return rows;
    }

    /** An epoch of a VAE: its loss and the terms recon and kl, for training and (when not null) validation. */
    static EpochMetrics epoch(int e, double loss, double recon, double kl, Double valLoss, Double valRecon,
            Double valKl, double seconds) {
        return new EpochMetrics(e, vae(loss, recon, kl),
                valLoss == null ? null : vae(valLoss, valRecon, valKl), seconds, java.util.Map.of());
    }

    private static org.vae4j.train.TermValues vae(double loss, double recon, double kl) {
        java.util.Map<String, Double> terms = new java.util.LinkedHashMap<>();
        terms.put("recon", recon);
        terms.put("kl", kl);
        return new org.vae4j.train.TermValues(loss, terms);
    }

    private static int countColours(BufferedImage image, int x0, int x1) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = x0; x < x1; x++) {
                colours.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return colours.size();
    }

    /** Counts pixels whose colour is within a small distance of {@code colour} (markers are filled with it). */
    private static int countNear(BufferedImage image, Color colour, int x0, int x1) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = x0; x < x1; x++) {
                int rgb = image.getRGB(x, y);
                int dr = Math.abs(((rgb >> 16) & 0xFF) - colour.getRed());
                int dg = Math.abs(((rgb >> 8) & 0xFF) - colour.getGreen());
                int db = Math.abs((rgb & 0xFF) - colour.getBlue());
                if (dr + dg + db <= 12) {
                    n++;
                }
            }
        }
        return n;
    }

    private static BufferedImage writeAndRead(List<EpochMetrics> metrics, Path file) throws IOException {
        org.vae4j.io.Png.write(LossCurves.render(metrics, LossCurves.DEFAULT_WIDTH, LossCurves.DEFAULT_HEIGHT), file);
        assertTrue(Files.isRegularFile(file));
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(LossCurves.DEFAULT_WIDTH, image.getWidth());
        assertEquals(LossCurves.DEFAULT_HEIGHT, image.getHeight());
        return image;
    }

    @Test
    void writesTwoPanelPngOfRequestedSize() throws IOException {
        Path file = dir.resolve("runs/x/loss.png");
        BufferedImage image = writeAndRead(run(10, true), file);
        int half = image.getWidth() / 2;
        assertTrue(countColours(image, 0, half) > 20, "left panel is not blank");
        assertTrue(countColours(image, half, image.getWidth()) > 20, "right panel is not blank");
        assertEquals(0xFFFFFF, image.getRGB(2, image.getHeight() - 2) & 0xFFFFFF, "white background");
        // Each quantity is drawn in its own colour, in its own panel.
        assertTrue(countNear(image, LossCurves.LOSS_COLOR, 0, half) > 100);
        assertEquals(0, countNear(image, LossCurves.LOSS_COLOR, half, image.getWidth()));
        assertTrue(countNear(image, LossCurves.RECON_COLOR, half, image.getWidth()) > 100);
        assertTrue(countNear(image, LossCurves.KL_COLOR, half, image.getWidth()) > 100);
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of("loss.png"), files.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
    }

    @Test
    void renderHonoursSize() {
        BufferedImage image = LossCurves.render(run(3, true), 640, 300);
        assertEquals(640, image.getWidth());
        assertEquals(300, image.getHeight());
        assertTrue(countColours(image, 0, 640) > 20);
        assertThrows(IllegalArgumentException.class, () -> LossCurves.render(run(3, true), 10, 10));
    }

    @Test
    void singleEpochIsVisible() throws IOException {
        BufferedImage image = writeAndRead(run(1, true), dir.resolve("one.png"));
        int half = image.getWidth() / 2;
        // One point per series: the markers must show it.
        assertTrue(countNear(image, LossCurves.LOSS_COLOR, 0, half) >= 20, "loss marker drawn");
        assertTrue(countNear(image, LossCurves.RECON_COLOR, half, image.getWidth()) >= 20, "reconstruction marker");
        assertTrue(countNear(image, LossCurves.KL_COLOR, half, image.getWidth()) >= 20, "KL marker");
    }

    @Test
    void withoutValidationOnlyTrainingSeriesAreDrawn() throws IOException {
        List<EpochMetrics> rows = run(5, false);
        BufferedImage image = writeAndRead(rows, dir.resolve("train-only.png"));
        assertTrue(countColours(image, 0, image.getWidth()) > 20);

        JFreeChart loss = LossCurves.lossChart(rows);
        assertEquals(List.of("train loss"), keys(loss.getXYPlot().getDataset(0)));
        assertEquals(List.of("train recon"), keys(terms(rows, 0)));
        assertEquals(List.of("train KL"), keys(terms(rows, 1)));

        List<EpochMetrics> withVal = run(5, true);
        XYDataset lossWithVal = LossCurves.lossChart(withVal).getXYPlot().getDataset();
        assertEquals(List.of("train loss", "validation loss"), keys(lossWithVal));
        assertEquals(List.of("train recon", "validation recon"), keys(terms(withVal, 0)));
        assertEquals(List.of("train KL", "validation KL"), keys(terms(withVal, 1)));
    }

    @Test
    void unsortedDuplicateAndNonFiniteRowsAreHandled() {
        List<EpochMetrics> run = run(4, true);
        List<EpochMetrics> rows = new ArrayList<>(List.of(run.get(2), run.get(0), run.get(3), run.get(1)));
        rows.add(epoch(2, 999, 900, 99, null, null, null, 1)); // a resumed run repeats epoch 2
        rows.add(epoch(5, Double.NaN, Double.POSITIVE_INFINITY, 3, Double.NaN, Double.NaN, Double.NaN, 1));
        XYDataset loss = LossCurves.lossChart(rows).getXYPlot().getDataset(0);
        assertEquals(4, loss.getItemCount(0), "NaN loss of epoch 5 left out");
        assertEquals(1.0, loss.getXValue(0, 0), 1e-9, "sorted by epoch");
        assertEquals(999.0, loss.getYValue(0, 1), 1e-9, "the later row of epoch 2 wins");
        XYDataset recon = terms(rows, 0);
        assertEquals(4, recon.getItemCount(0), "infinite reconstruction of epoch 5 left out");
        XYDataset kl = terms(rows, 1);
        assertEquals(5, kl.getItemCount(0), "the finite KL of epoch 5 is kept");
        BufferedImage image = LossCurves.render(rows, 800, 400);
        assertTrue(countColours(image, 0, 800) > 20);
    }

    @Test
    void emptyListStillRenders() {
        BufferedImage image = LossCurves.render(List.of(), 600, 300);
        assertTrue(countColours(image, 0, 600) > 2, "title and no-data message are drawn");
    }

    @Test
    void unwritableDestinationNamesThePath() throws IOException {
        Path blocker = Files.writeString(dir.resolve("file"), "x");
        Path file = blocker.resolve("loss.png");
        UncheckedIOException e =
                assertThrows(UncheckedIOException.class, () -> org.vae4j.io.Png.write(LossCurves.render(run(2, false), 600, 300), file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    /** The dataset of the right panel's subplot: 0 reconstruction, 1 KL. */
    private static XYDataset terms(List<EpochMetrics> rows, int subplot) {
        CombinedDomainXYPlot plot = (CombinedDomainXYPlot) LossCurves.termsChart(rows).getPlot();
        return plot.getSubplots().get(subplot).getDataset();
    }

    private static List<String> keys(XYDataset data) {
        List<String> keys = new ArrayList<>();
        for (int s = 0; s < data.getSeriesCount(); s++) {
            keys.add(data.getSeriesKey(s).toString());
        }
        return keys;
    }
}
