package org.vae4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.BadInputException;
import org.vae4j.io.MetricsCsv;
import org.vae4j.train.EpochMetrics;

/** Curves of several runs in one chart: a colour per run, validation dashed, runs read from folders or files. */
class LossCurvesCompareTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    @TempDir
    Path dir;

    @Test
    void oneColourPerRunAndValidationDashed() {
        List<LossCurves.Run> runs = List.of(
                new LossCurves.Run("mlp", LossCurvesTest.run(10, true)),
                new LossCurves.Run("conv", LossCurvesTest.run(6, false)));
        JFreeChart chart = LossCurves.comparisonChart(runs, LossCurves.Metric.LOSS);
        XYPlot plot = chart.getXYPlot();
        assertEquals("Epoch", plot.getDomainAxis().getLabel());
        assertEquals("Negative ELBO (nats per example)", plot.getRangeAxis().getLabel());
        assertEquals("Negative ELBO per epoch", chart.getTitle().getText());
        assertEquals(3, plot.getDataset().getSeriesCount(), "mlp train, mlp validation, conv train");
        XYItemRenderer r = plot.getRenderer();
        assertEquals(r.getSeriesPaint(0), r.getSeriesPaint(1), "one colour per run");
        assertNotEquals(r.getSeriesPaint(0), r.getSeriesPaint(2), "another colour for the other run");
        assertEquals(null, ((BasicStroke) r.getSeriesStroke(0)).getDashArray(), "training solid");
        assertTrue(((BasicStroke) r.getSeriesStroke(1)).getDashArray() != null, "validation dashed");
        LegendItemCollection legend = plot.getLegendItems();
        assertEquals(List.of("mlp", "conv", "training", "validation"),
                java.util.stream.IntStream.range(0, legend.getItemCount()).mapToObj(i -> legend.get(i).getLabel())
                        .toList());
        assertEquals(10.0, plot.getDataset().getXValue(0, 9), "epochs on the x axis");
        assertEquals(runs.get(0).metrics().get(9).valLoss(), plot.getDataset().getYValue(1, 9), 1e-12);

        JFreeChart kl = LossCurves.comparisonChart(runs, new LossCurves.Metric("kl"));
        assertEquals("KL term (nats per example)", kl.getXYPlot().getRangeAxis().getLabel());
        assertEquals(runs.get(1).metrics().get(2).train().term("kl"), kl.getXYPlot().getDataset().getYValue(2, 2), 1e-12);
    }

    @Test
    void writesAPngOfTheDefaultSize() throws IOException {
        Path file = dir.resolve("c.png");
        org.vae4j.io.Png.write(LossCurves.compare(List.of(new LossCurves.Run("a", LossCurvesTest.run(5, true))),
                new LossCurves.Metric("recon"), LossCurves.COMPARE_WIDTH, LossCurves.COMPARE_HEIGHT), file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(LossCurves.COMPARE_WIDTH, image.getWidth());
        assertEquals(LossCurves.COMPARE_HEIGHT, image.getHeight());
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 20, "not blank");
        assertThrows(IllegalArgumentException.class, () -> LossCurves.compare(List.of(), LossCurves.Metric.LOSS,
                900, 500));
    }

    @Test
    void runsAreReadFromModelFoldersOrMetricsFilesAndNamedByFolder() throws IOException {
        List<EpochMetrics> metrics = LossCurvesTest.run(3, true);
        Path a = Files.createDirectories(dir.resolve("runs/a"));
        MetricsCsv.write(a.resolve("metrics.csv"), metrics);
        Path b = Files.createDirectories(dir.resolve("other/a"));
        MetricsCsv.write(b.resolve("metrics.csv"), metrics);

        LossCurves.Run fromFolder = MetricsCsv.readRun(a);
        assertEquals("a", fromFolder.name());
        assertEquals(3, fromFolder.metrics().size());
        assertEquals("a", MetricsCsv.readRun(a.resolve("metrics.csv")).name());

        List<LossCurves.Run> both = MetricsCsv.readRuns(List.of(a, b));
        assertEquals(a.toString(), both.get(0).name(), "two runs called a are told apart by their paths");
        assertEquals(b.toString(), both.get(1).name());

        Path empty = Files.createDirectories(dir.resolve("empty"));
        BadInputException e = assertThrows(BadInputException.class, () -> MetricsCsv.readRun(empty));
        assertTrue(e.getMessage().startsWith(empty.toString()) && e.getMessage().contains("metrics.csv"),
                e.getMessage());
        BadInputException missing = assertThrows(BadInputException.class,
                () -> MetricsCsv.readRun(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("no such file or folder"), missing.getMessage());
    }
}
