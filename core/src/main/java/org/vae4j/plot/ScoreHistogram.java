package org.vae4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;

/**
 * A histogram of anomaly scores by group (normal and anomalous examples), each group's bars as a share of its own
 * examples so that a small group is as visible as a large one, with the flag threshold as a line.
 */
public final class ScoreHistogram {
    private static final int BINS = 50;

    private ScoreHistogram() {}

    /**
     * Draws the histogram.
     *
     * @param normal the normal examples' scores (or every score when the groups are unknown)
     * @param anomalous the anomalous examples' scores, or {@code null} when unknown
     * @param threshold the flag threshold, or NaN for none
     * @param title the chart's title
     * @param xLabel what the score is, e.g. {@code -ELBO (nats)}
     * @return the picture, 900 x 500
     */
    public static BufferedImage draw(double[] normal, double[] anomalous, double threshold, String title,
            String xLabel) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] group : new double[][] {normal, anomalous == null ? new double[0] : anomalous}) {
            for (double v : group) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        // scores of outliers can spread over decades; cut the range at the 99.5th percentile of all scores
        double cut = percentile(normal, anomalous, 0.995);
        double top = Math.max(Math.min(hi, cut), lo + 1e-9);
        HistogramDataset data = new HistogramDataset();
        data.setType(HistogramType.RELATIVE_FREQUENCY);
        data.addSeries(anomalous == null ? "all examples (" + normal.length + ")"
                : "normal (" + normal.length + ")", clip(normal, top), BINS, lo, top);
        if (anomalous != null && anomalous.length > 0) {
            data.addSeries("anomalous (" + anomalous.length + ")", clip(anomalous, top), BINS, lo, top);
        }
        JFreeChart chart = ChartFactory.createHistogram(title, xLabel + (top < hi ? String.format(Locale.ROOT,
                " (scores above %.4g drawn in the last bin)", top) : ""), "share of the group", data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(LossCurves.TITLE_FONT);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(220, 220, 220));
        plot.setRangeGridlinePaint(new Color(220, 220, 220));
        plot.getDomainAxis().setTickLabelFont(LossCurves.TICK_FONT);
        plot.getRangeAxis().setTickLabelFont(LossCurves.TICK_FONT);
        XYBarRenderer bars = (XYBarRenderer) plot.getRenderer();
        bars.setBarPainter(new StandardXYBarPainter());
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, new Color(31, 119, 180, 160));
        bars.setSeriesPaint(1, new Color(214, 39, 40, 160));
        if (Double.isFinite(threshold)) {
            ValueMarker line = new ValueMarker(Math.min(threshold, top), Color.BLACK, new BasicStroke(1.5f));
            line.setLabel(String.format(Locale.ROOT, "flag above %.4g", threshold));
            line.setLabelFont(LossCurves.TICK_FONT);
            line.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
            line.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_RIGHT);
            plot.addDomainMarker(line);
        }
        return chart.createBufferedImage(900, 500);
    }

    private static double[] clip(double[] values, double top) {
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.min(out[i], top);
        }
        return out;
    }

    private static double percentile(double[] a, double[] b, double q) {
        double[] all = new double[a.length + (b == null ? 0 : b.length)];
        System.arraycopy(a, 0, all, 0, a.length);
        if (b != null) {
            System.arraycopy(b, 0, all, a.length, b.length);
        }
        java.util.Arrays.sort(all);
        return all[(int) Math.min(all.length - 1, Math.floor(q * (all.length - 1)))];
    }
}
