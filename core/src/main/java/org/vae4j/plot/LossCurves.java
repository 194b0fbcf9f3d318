package org.vae4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.vae4j.train.EpochMetrics;
import org.vae4j.train.TermValues;

/**
 * Training curves as a PNG: two panels side by side, drawn with JFreeChart.
 *
 * <ul>
 *   <li>Left: the loss (for a VAE the negative ELBO, nats per example) per epoch, for training and, when present,
 *       validation.
 *   <li>Right: each term the objective names, one above the other over one epoch axis (for a VAE the
 *       reconstruction term above the KL term), so the trade-off between them is visible. Each term has its own
 *       value axis because the reconstruction term is usually ten to a hundred times larger than the KL.
 * </ul>
 *
 * <p>Training values are solid lines with filled markers, validation values dashed lines with hollow markers.
 * Every point has a marker while a series has at most {@value #MAX_MARKED_POINTS} points, so a single epoch is
 * visible. Epochs are drawn on integer ticks. Values that are not finite (a diverged run) are left out, and so are
 * validation values that are {@code null}; a list without any epoch gives a chart that says so. When the list holds
 * the same epoch twice (for example after a resumed run), the later row wins.
 *
 * <p>{@link #compare} draws one quantity ({@link Metric}) of several runs in one chart for comparing them: one
 * colour per run, training solid and validation dashed as above; {@link org.vae4j.io.MetricsCsv#readRun} reads a
 * run's {@code metrics.csv}. This class only draws: files are written by {@link org.vae4j.io.Png}.
 *
 * <p>Works in a headless JVM and changes no global JFreeChart settings (no chart theme is installed).
 */
public final class LossCurves {

    /** Default picture width in pixels. */
    public static final int DEFAULT_WIDTH = 1000;

    /** Default picture height in pixels. */
    public static final int DEFAULT_HEIGHT = 450;

    /** Series with more points than this are drawn as lines only, without a marker on each point. */
    public static final int MAX_MARKED_POINTS = 60;

    /** Colour of the loss curves (Okabe-Ito blue). */
    static final Color LOSS_COLOR = new Color(0x0072B2);

    /** Colour of the reconstruction curves (Okabe-Ito bluish green). */
    static final Color RECON_COLOR = new Color(0x009E73);

    /** Colour of the KL curves (Okabe-Ito vermillion). */
    static final Color KL_COLOR = new Color(0xD55E00);

    /** Colours of the terms after the first two, in order. */
    static final List<Color> TERM_COLORS = List.of(RECON_COLOR, KL_COLOR, new Color(0xCC79A7), new Color(0xE69F00),
            new Color(0x56B4E9), Color.BLACK);

    /** Colours of the runs in {@link #compare}, in order (Okabe-Ito, the yellow left out: too pale on white). */
    static final List<Color> RUN_COLORS = List.of(
            LOSS_COLOR, KL_COLOR, RECON_COLOR, new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9),
            Color.BLACK);

    private static final String UNIT = "nats per example";
    // Shared with the other charts of this package, so they look alike.
    static final Color TEXT_COLOR = new Color(0x333333);
    static final Color GRID_COLOR = new Color(0xDDDDDD);
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    static final Font PANEL_TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Stroke TRAIN_STROKE = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final Stroke VAL_STROKE =
            new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {7f, 4f}, 0f);
    private static final Stroke MARKER_OUTLINE = new BasicStroke(1.5f);
    private static final Shape TRAIN_MARKER = new Ellipse2D.Double(-3.5, -3.5, 7, 7);
    private static final Shape VAL_MARKER = new Rectangle2D.Double(-3.5, -3.5, 7, 7);

    private LossCurves() {}

    /**
     * Draws the curves into a new picture.
     *
     * @param metrics one entry per epoch, in any order
     * @param width picture width in pixels, from 200
     * @param height picture height in pixels, from 150
     * @return an RGB picture with a white background
     * @throws IllegalArgumentException if the size is too small
     */
    public static BufferedImage render(List<EpochMetrics> metrics, int width, int height) {
        Objects.requireNonNull(metrics, "metrics");
        if (width < 200 || height < 150) {
            throw new IllegalArgumentException(
                    "a loss-curve picture needs at least 200x150 pixels, found " + width + "x" + height);
        }
        List<EpochMetrics> rows = sorted(metrics);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g2.setPaint(Color.WHITE);
            g2.fillRect(0, 0, width, height);

            String title = title(rows);
            g2.setFont(TITLE_FONT);
            g2.setPaint(TEXT_COLOR);
            FontMetrics fm = g2.getFontMetrics();
            int top = 8;
            g2.drawString(title, Math.max(4, (width - fm.stringWidth(title)) / 2), top + fm.getAscent());
            int titleHeight = top + fm.getHeight() + 2;

            int half = width / 2;
            Rectangle2D left = new Rectangle2D.Double(0, titleHeight, half, height - titleHeight);
            Rectangle2D right = new Rectangle2D.Double(half, titleHeight, width - half, height - titleHeight);
            lossChart(rows).draw(g2, left);
            termsChart(rows).draw(g2, right);
        } finally {
            g2.dispose();
        }
        return image;
    }

    /** The left panel: train and validation loss. Package-private for tests. */
    static JFreeChart lossChart(List<EpochMetrics> metrics) {
        List<EpochMetrics> rows = sorted(metrics);
        XYSeriesCollection data = new XYSeriesCollection();
        addIfNotEmpty(data, series("train loss", rows, EpochMetrics::trainLoss));
        addIfNotEmpty(data, series("validation loss", rows, EpochMetrics::valLoss));
        NumberAxis value = valueAxis("Loss, -ELBO (" + UNIT + ")", data, TEXT_COLOR);
        XYPlot plot = new XYPlot(data, epochAxis(rows), value, renderer(data, LOSS_COLOR));
        stylePlot(plot);
        return chart("Loss (negative ELBO)", plot);
    }

    /** The right panel: every term, one above the other, over a shared epoch axis. Package-private for tests. */
    static JFreeChart termsChart(List<EpochMetrics> metrics) {
        List<EpochMetrics> rows = sorted(metrics);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochAxis(rows));
        plot.setGap(12);
        List<String> names = termNames(rows);
        for (int t = 0; t < names.size(); t++) {
            String name = names.get(t);
            Metric metric = new Metric(name);
            XYSeriesCollection data = new XYSeriesCollection();
            addIfNotEmpty(data, series("train " + metric.shortName(), rows, metric::train));
            addIfNotEmpty(data, series("validation " + metric.shortName(), rows, metric::validation));
            Color colour = TERM_COLORS.get(t % TERM_COLORS.size());
            XYPlot sub = new XYPlot(data, null, valueAxis(metric.axisName(), data, colour), renderer(data, colour));
            stylePlot(sub);
            plot.add(sub, 1);
        }
        stylePlot(plot);
        String title = names.isEmpty() ? "Terms (" + UNIT + ")"
                : names.stream().map(n -> new Metric(n).axisName()).reduce((a, b) -> a + " and " + b).orElse("")
                        + " terms (" + UNIT + ")";
        return chart(names.equals(List.of("recon", "kl")) ? "Reconstruction and KL terms (" + UNIT + ")" : title,
                plot);
    }

    /** @return the term names of the rows, in the order the first row that has them gives */
    static List<String> termNames(List<EpochMetrics> rows) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (EpochMetrics m : rows) {
            names.addAll(m.train().terms().keySet());
        }
        return new ArrayList<>(names);
    }

    // --- several runs ----------------------------------------------------------------------------------------------

    /** Default width of {@link #compare} pictures, in pixels. */
    public static final int COMPARE_WIDTH = 900;

    /** Default height of {@link #compare} pictures, in pixels. */
    public static final int COMPARE_HEIGHT = 560;

    /**
     * The quantity {@link #compare} draws: the loss, or one of the objective's terms by name.
     *
     * @param name {@value #LOSS_NAME}, or a term's name such as {@code recon} or {@code kl}
     */
    public record Metric(String name) {
        /** The name of the loss. */
        public static final String LOSS_NAME = "loss";

        /** The loss, for a VAE the negative ELBO. */
        public static final Metric LOSS = new Metric(LOSS_NAME);

        /** Checks the name. */
        public Metric {
            Objects.requireNonNull(name, "name");
        }

        /** @return what it is, in running text: {@code negative ELBO}, {@code reconstruction term}, {@code KL term} */
        public String description() {
            return switch (name) {
                case LOSS_NAME -> "negative ELBO";
                case "recon" -> "reconstruction term";
                case "kl" -> "KL term";
                default -> name + " term";
            };
        }

        /** @return the value axis' label, e.g. {@code Negative ELBO (nats per example)} */
        public String axisLabel() {
            return capitalised() + " (" + UNIT + ")";
        }

        /** @return the chart title, e.g. {@code Negative ELBO per epoch} */
        public String title() {
            return capitalised() + " per epoch";
        }

        /**
         * @param m an epoch
         * @return its training value, or {@code null} when the epoch has no such term
         */
        public Double train(EpochMetrics m) {
            return value(m.train());
        }

        /**
         * @param m an epoch
         * @return its validation value, or {@code null} without validation or such term
         */
        public Double validation(EpochMetrics m) {
            return m.validation() == null ? null : value(m.validation());
        }

        private Double value(TermValues v) {
            return name.equals(LOSS_NAME) ? Double.valueOf(v.loss()) : v.terms().get(name);
        }

        String shortName() {
            return name.equals("kl") ? "KL" : name;
        }

        String axisName() {
            return switch (name) {
                case "recon" -> "Reconstruction";
                case "kl" -> "KL";
                default -> Character.toUpperCase(name.charAt(0)) + name.substring(1);
            };
        }

        private String capitalised() {
            String d = description();
            return Character.toUpperCase(d.charAt(0)) + d.substring(1);
        }
    }

    /**
     * One training run's history, for {@link #compare}.
     *
     * @param name the run's name in the legend, usually its folder's name
     * @param metrics its epochs, in any order
     */
    public record Run(String name, List<EpochMetrics> metrics) {
        /**
         * Checks the fields.
         *
         * @throws NullPointerException if a field is null
         */
        public Run {
            Objects.requireNonNull(name, "name");
            metrics = List.copyOf(metrics);
        }
    }

    /**
     * Draws one metric of several runs: one colour per run (the legend names it), training values as solid lines,
     * validation values as dashed lines, over a shared integer epoch axis.
     *
     * @param runs the runs, from 1
     * @param metric which quantity
     * @param width picture width in pixels, from 200
     * @param height picture height in pixels, from 150
     * @return an RGB picture with a white background
     * @throws IllegalArgumentException if there is no run or the size is too small
     */
    public static BufferedImage compare(List<Run> runs, Metric metric, int width, int height) {
        if (width < 200 || height < 150) {
            throw new IllegalArgumentException(
                    "a loss-curve picture needs at least 200x150 pixels, found " + width + "x" + height);
        }
        JFreeChart chart = comparisonChart(runs, metric);
        chart.getTitle().setFont(TITLE_FONT);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            chart.draw(g2, new Rectangle2D.Double(0, 0, width, height));
        } finally {
            g2.dispose();
        }
        return image;
    }

    /** The chart of {@link #compare}. Package-private for tests. */
    static JFreeChart comparisonChart(List<Run> runs, Metric metric) {
        Objects.requireNonNull(metric, "metric");
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no run to draw");
        }
        XYSeriesCollection data = new XYSeriesCollection();
        List<Color> colours = new ArrayList<>();
        List<Boolean> validation = new ArrayList<>();
        LegendItemCollection legend = new LegendItemCollection();
        int first = Integer.MAX_VALUE;
        int last = Integer.MIN_VALUE;
        boolean anyValidation = false;
        for (int r = 0; r < runs.size(); r++) {
            Run run = runs.get(r);
            List<EpochMetrics> rows = sorted(run.metrics());
            Color colour = runColor(r);
            if (!rows.isEmpty()) {
                first = Math.min(first, rows.get(0).epoch());
                last = Math.max(last, rows.get(rows.size() - 1).epoch());
            }
            // Keys must differ between series; the legend below shows the run names.
            XYSeries train = series(run.name() + " #" + r + " train", rows, metric::train);
            XYSeries val = series(run.name() + " #" + r + " validation", rows, metric::validation);
            for (XYSeries s : List.of(train, val)) {
                if (s.getItemCount() > 0) {
                    data.addSeries(s);
                    colours.add(colour);
                    validation.add(s == val);
                    anyValidation |= s == val;
                }
            }
            legend.add(legendLine(run.name(), colour, TRAIN_STROKE));
        }
        if (runs.size() > 1 || anyValidation) {
            legend.add(legendLine("training", Color.GRAY, TRAIN_STROKE));
        }
        if (anyValidation) {
            legend.add(legendLine("validation", Color.GRAY, VAL_STROKE));
        }
        XYPlot plot = new XYPlot(data, epochAxis(first, last), valueAxis(metric.axisLabel(), data, TEXT_COLOR),
                renderer(data, colours::get, validation::get));
        stylePlot(plot);
        plot.setFixedLegendItems(legend);
        return chart(metric.title(), plot);
    }

    /** @return the colour of the k-th run: Okabe-Ito colours first, then the scatter plot's palette */
    static Color runColor(int k) {
        return k < RUN_COLORS.size() ? RUN_COLORS.get(k) : LatentScatter.classColor(k);
    }

    private static LegendItem legendLine(String label, Color colour, Stroke stroke) {
        LegendItem item = new LegendItem(label, null, null, null, new Line2D.Double(-12, 0, 12, 0), stroke, colour);
        item.setLabelFont(TICK_FONT);
        item.setLabelPaint(TEXT_COLOR);
        return item;
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static List<EpochMetrics> sorted(List<EpochMetrics> metrics) {
        List<EpochMetrics> rows = new ArrayList<>(metrics.size());
        for (EpochMetrics m : metrics) {
            rows.add(Objects.requireNonNull(m, "metrics holds a null entry"));
        }
        rows.sort(Comparator.comparingInt(EpochMetrics::epoch)); // stable: the later of two equal epochs stays later
        return rows;
    }

    private static String title(List<EpochMetrics> rows) {
        if (rows.isEmpty()) {
            return "Training curves: no epochs recorded";
        }
        EpochMetrics last = rows.get(rows.size() - 1);
        StringBuilder title = new StringBuilder("Training curves: ")
                .append(rows.size())
                .append(rows.size() == 1 ? " epoch" : " epochs")
                .append(", final loss ")
                .append(format(last.trainLoss()));
        if (last.valLoss() != null) {
            title.append(" (validation ").append(format(last.valLoss())).append(')');
        }
        return title.append(' ').append(UNIT).toString();
    }

    private static String format(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f", value) : String.valueOf(value);
    }

    private static XYSeries series(String key, List<EpochMetrics> rows, Function<EpochMetrics, Double> value) {
        XYSeries series = new XYSeries(key, true, false);
        for (EpochMetrics row : rows) {
            Double y = value.apply(row);
            if (y != null && Double.isFinite(y)) {
                series.addOrUpdate((double) row.epoch(), y.doubleValue());
            }
        }
        return series;
    }

    private static void addIfNotEmpty(XYSeriesCollection data, XYSeries series) {
        if (series.getItemCount() > 0) {
            data.addSeries(series);
        }
    }

    private static NumberAxis epochAxis(List<EpochMetrics> rows) {
        return rows.isEmpty()
                ? epochAxis(0, -1)
                : epochAxis(rows.get(0).epoch(), rows.get(rows.size() - 1).epoch());
    }

    /** An integer epoch axis from first to last with a small margin; automatic when last is below first. */
    private static NumberAxis epochAxis(int first, int last) {
        NumberAxis axis = new NumberAxis("Epoch");
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.ROOT));
        axis.setAutoRangeIncludesZero(false);
        if (first <= last) {
            double margin = Math.max(0.5, (last - first) * 0.02);
            axis.setRange(first - margin, last + margin);
        }
        styleAxis(axis, TEXT_COLOR);
        return axis;
    }

    private static NumberAxis valueAxis(String label, XYSeriesCollection data, Color color) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < data.getSeriesCount(); s++) {
            XYSeries series = data.getSeries(s);
            min = Math.min(min, series.getMinY());
            max = Math.max(max, series.getMaxY());
        }
        if (min <= max && max - min <= 1e-9 * Math.max(1.0, Math.abs(max))) {
            // One distinct value (for example a single epoch): give the axis a readable span around it.
            axis.setAutoRangeMinimumSize(Math.max(1.0, Math.abs(max) * 0.1));
        }
        styleAxis(axis, color);
        return axis;
    }

    static void styleAxis(NumberAxis axis, Color color) {
        axis.setLabelFont(LABEL_FONT);
        axis.setLabelPaint(color);
        axis.setTickLabelFont(TICK_FONT);
        axis.setTickLabelPaint(color);
        axis.setAxisLinePaint(Color.GRAY);
        axis.setTickMarkPaint(Color.GRAY);
    }

    private static XYLineAndShapeRenderer renderer(XYSeriesCollection data, Color color) {
        return renderer(data, s -> color, s -> data.getSeries(s).getKey().toString().startsWith("validation"));
    }

    /** Lines with markers; series s in colour.apply(s), dashed with hollow markers when validation.test(s). */
    private static XYLineAndShapeRenderer renderer(
            XYSeriesCollection data, IntFunction<Color> colour, IntPredicate validationSeries) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setDrawSeriesLineAsPath(true); // dashes run on across points
        renderer.setUseFillPaint(true);
        renderer.setDrawOutlines(true);
        renderer.setLegendLine(new Line2D.Double(-12, 0, 12, 0));
        renderer.setAutoPopulateSeriesPaint(false);
        renderer.setAutoPopulateSeriesStroke(false);
        renderer.setAutoPopulateSeriesShape(false);
        renderer.setAutoPopulateSeriesFillPaint(false);
        renderer.setAutoPopulateSeriesOutlineStroke(false);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            XYSeries series = data.getSeries(s);
            boolean validation = validationSeries.test(s);
            Color color = colour.apply(s);
            renderer.setSeriesPaint(s, color);
            renderer.setSeriesStroke(s, validation ? VAL_STROKE : TRAIN_STROKE);
            renderer.setSeriesShape(s, validation ? VAL_MARKER : TRAIN_MARKER);
            renderer.setSeriesFillPaint(s, validation ? Color.WHITE : color);
            renderer.setSeriesOutlineStroke(s, MARKER_OUTLINE);
            renderer.setSeriesShapesVisible(s, series.getItemCount() <= MAX_MARKED_POINTS);
        }
        return renderer;
    }

    static void stylePlot(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.GRAY);
        plot.setDomainGridlinePaint(GRID_COLOR);
        plot.setRangeGridlinePaint(GRID_COLOR);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setAxisOffset(new RectangleInsets(2, 2, 2, 2));
        plot.setNoDataMessage("No epochs recorded");
        plot.setNoDataMessageFont(LABEL_FONT);
        plot.setNoDataMessagePaint(TEXT_COLOR);
    }

    static JFreeChart chart(String title, XYPlot plot) {
        JFreeChart chart = new JFreeChart(title, PANEL_TITLE_FONT, plot, true);
        chart.getTitle().setPaint(TEXT_COLOR);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setBorderVisible(false);
        chart.setPadding(new RectangleInsets(4, 8, 6, 8));
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setFrame(BlockBorder.NONE);
        legend.setBackgroundPaint(Color.WHITE);
        legend.setItemFont(TICK_FONT);
        legend.setItemPaint(TEXT_COLOR);
        return chart;
    }
}
