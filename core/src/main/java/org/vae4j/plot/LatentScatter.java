package org.vae4j.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYDataset;

/**
 * A scatter plot of 2-D points (latent means, or their projection) coloured by class, drawn with JFreeChart in the
 * style of {@link LossCurves}.
 *
 * <p>Each class has its own colour ({@link #classColor}: the ten Tableau colours, then further hues) and a legend
 * entry with its name; unlabelled points share one colour and the legend entry {@code unlabelled}. Points are small
 * translucent circles, so dense regions look darker and one class does not hide another completely.
 *
 * <p>Works in a headless JVM and changes no global JFreeChart settings.
 */
public final class LatentScatter {

    /** Default picture width in pixels. */
    public static final int DEFAULT_WIDTH = 900;

    /** Default picture height in pixels. */
    public static final int DEFAULT_HEIGHT = 760;

    /** The legend entry of points without a label. */
    public static final String UNLABELLED = "unlabelled";

    /** Tableau's ten category colours (matplotlib's {@code tab10}), distinct and readable on white. */
    private static final int[] TAB10 = {
        0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF
    };

    private LatentScatter() {}

    /**
     * Titles, axis names and size of a scatter plot.
     *
     * @param title the title, e.g. naming the model and the data
     * @param subtitle a second line, e.g. how the points were projected, or {@code null}
     * @param xLabel the horizontal axis' name
     * @param yLabel the vertical axis' name
     * @param width picture width in pixels, from 200
     * @param height picture height in pixels, from 150
     */
    public record Options(String title, String subtitle, String xLabel, String yLabel, int width, int height) {
        /**
         * Checks the options.
         *
         * @throws IllegalArgumentException if the size is too small
         * @throws NullPointerException if the title or an axis name is null
         */
        public Options {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(xLabel, "xLabel");
            Objects.requireNonNull(yLabel, "yLabel");
            if (width < 200 || height < 150) {
                throw new IllegalArgumentException(
                        "a scatter plot needs at least 200x150 pixels, found " + width + "x" + height);
            }
        }

        /**
         * Options of the default size, {@value LatentScatter#DEFAULT_WIDTH} x {@value LatentScatter#DEFAULT_HEIGHT}.
         *
         * @param title the title
         * @param subtitle the second line, or {@code null}
         * @param xLabel the horizontal axis' name
         * @param yLabel the vertical axis' name
         * @return the options
         */
        public static Options of(String title, String subtitle, String xLabel, String yLabel) {
            return new Options(title, subtitle, xLabel, yLabel, DEFAULT_WIDTH, DEFAULT_HEIGHT);
        }

        /**
         * @param newWidth width in pixels, from 200
         * @param newHeight height in pixels, from 150
         * @return these options with another size
         */
        public Options withSize(int newWidth, int newHeight) {
            return new Options(title, subtitle, xLabel, yLabel, newWidth, newHeight);
        }
    }

    /**
     * The colour of a class: the ten Tableau colours for classes 0 to 9, then hues spaced by the golden angle.
     *
     * @param k the class, from 0
     * @return its colour, opaque
     */
    public static Color classColor(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("class must be 0 or more, found " + k);
        }
        if (k < TAB10.length) {
            return new Color(TAB10[k]);
        }
        float hue = (float) (((k - TAB10.length) * 0.6180339887498949 + 0.07) % 1.0);
        return Color.getHSBColor(hue, 0.75f, 0.75f);
    }

    /**
     * Draws the scatter plot into a new picture.
     *
     * @param points count x 2 coordinates, point after point
     * @param count number of points, from 1
     * @param labels one class per point, or {@code null} when the points are unlabelled
     * @param classNames class names by label; a label without a name is shown as {@code class K}
     * @param options titles, axis names and size
     * @return an RGB picture of the options' size with a white background
     * @throws IllegalArgumentException if the sizes do not agree or a label is negative
     */
    public static BufferedImage render(
            float[] points, int count, int[] labels, List<String> classNames, Options options) {
        Objects.requireNonNull(options, "options");
        JFreeChart chart = chart(points, count, labels, classNames, options);
        BufferedImage image = new BufferedImage(options.width(), options.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            chart.draw(g2, new Rectangle2D.Double(0, 0, options.width(), options.height()));
        } finally {
            g2.dispose();
        }
        return image;
    }

    /** The chart {@link #render} draws. Package-private for tests. */
    static JFreeChart chart(float[] points, int count, int[] labels, List<String> classNames, Options options) {
        Objects.requireNonNull(points, "points");
        if (count < 1 || (long) count * 2 != points.length) {
            throw new IllegalArgumentException(points.length + " values do not make " + count + " 2-D points");
        }
        if (labels != null && labels.length != count) {
            throw new IllegalArgumentException(labels.length + " labels for " + count + " points");
        }
        List<String> names = classNames == null ? List.of() : classNames;

        // Group the points by class, classes in label order.
        TreeMap<Integer, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            int label = labels == null ? -1 : labels[i];
            if (labels != null && label < 0) {
                throw new IllegalArgumentException("point " + i + " has label " + label + ", expected 0 or more");
            }
            groups.computeIfAbsent(label, k -> new ArrayList<>()).add(i);
        }
        DefaultXYDataset data = new DefaultXYDataset();
        LegendItemCollection legend = new LegendItemCollection();
        List<Color> colours = new ArrayList<>();
        Shape legendShape = new Ellipse2D.Double(-5, -5, 10, 10);
        for (var group : groups.entrySet()) {
            int label = group.getKey();
            List<Integer> members = group.getValue();
            double[][] xy = new double[2][members.size()];
            for (int m = 0; m < members.size(); m++) {
                xy[0][m] = points[2 * members.get(m)];
                xy[1][m] = points[2 * members.get(m) + 1];
            }
            String name = label < 0 ? UNLABELLED : label < names.size() ? names.get(label) : "class " + label;
            Color colour = classColor(Math.max(0, label));
            data.addSeries(label + ": " + name, xy); // keys must be unique even if two classes share a name
            colours.add(colour);
            LegendItem item = new LegendItem(name, null, null, null, legendShape, colour);
            item.setLabelFont(LossCurves.TICK_FONT);
            item.setLabelPaint(LossCurves.TEXT_COLOR);
            legend.add(item);
        }

        // Smaller, fainter points when there are many, so the structure stays visible.
        double size = count <= 1000 ? 7 : count <= 5000 ? 5 : 4;
        int alpha = count <= 1000 ? 170 : count <= 5000 ? 130 : 100;
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setAutoPopulateSeriesPaint(false);
        renderer.setAutoPopulateSeriesShape(false);
        Shape dot = new Ellipse2D.Double(-size / 2, -size / 2, size, size);
        for (int s = 0; s < colours.size(); s++) {
            Color c = colours.get(s);
            renderer.setSeriesPaint(s, new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha));
            renderer.setSeriesShape(s, dot);
        }

        NumberAxis x = new NumberAxis(options.xLabel());
        NumberAxis y = new NumberAxis(options.yLabel());
        for (NumberAxis axis : List.of(x, y)) {
            axis.setAutoRangeIncludesZero(false);
            axis.setAutoRangeMinimumSize(1e-3);
            LossCurves.styleAxis(axis, LossCurves.TEXT_COLOR);
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        LossCurves.stylePlot(plot);
        plot.setNoDataMessage("No points");
        plot.setFixedLegendItems(legend);

        JFreeChart chart = LossCurves.chart(options.title(), plot);
        chart.getTitle().setFont(LossCurves.TITLE_FONT);
        if (options.subtitle() != null && !options.subtitle().isBlank()) {
            TextTitle subtitle = new TextTitle(options.subtitle(), LossCurves.LABEL_FONT);
            subtitle.setPaint(LossCurves.TEXT_COLOR);
            chart.addSubtitle(0, subtitle);
        }
        chart.getLegend().setPosition(RectangleEdge.RIGHT);
        return chart;
    }
}
