package org.vae4j.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Draws many small images as one grid picture, and writes pictures as PNG files atomically.
 *
 * <p>Images come as one float array in N x C x H x W order (image after image, then channel, row, column), with
 * C = 1 (grayscale) or C = 3 (RGB) and values in [0, 1]. A value is drawn as {@code round(v * 255)}; values below 0
 * are drawn as 0, values above 1 as 255, and NaN as 0. Each source pixel becomes a {@code scale x scale} block.
 *
 * <h2>Layout</h2>
 * With {@code p} the padding, {@code s} the scale, a tile is {@code tw = width * s} by {@code th = height * s}
 * pixels. A grid uses {@code cols = min(columns, count)} columns and {@code rows = ceil(count / cols)} rows and
 * measures {@code p + cols * (tw + p)} by {@code p + rows * (th + p)} pixels: padding surrounds every tile, the
 * outer border included. Image {@code i} sits at column {@code i % cols}, row {@code i / cols}, with its top-left
 * corner at {@code (p + col * (tw + p), p + row * (th + p))}. Unused cells and padding have the padding colour.
 *
 * <p>{@link #pairs(float[], float[], int, int, int, int, int) pairs} draws a row of inputs, then directly beneath it
 * the row of their reconstructions, then the next row of inputs, and so on; an extra gap of {@link Options#pairGap()}
 * pixels separates one pair of rows from the next so the pairing is obvious.
 *
 * <p>{@link #rows(float[], int, int, int, int, int, List, boolean, Options) rows} draws a fixed number of rows, each
 * of a fixed number of images, optionally with a label left of every row (for example the latent dimension a row
 * varies) and optionally with the first and last image of every row set off from the images between them by the
 * pair gap (for example two originals around the steps between them).
 *
 * <p>All methods are thread-safe and work in a headless JVM.
 */
public final class ImageGrid {

    /** The smallest tile side, in pixels, that {@link #autoScale(int, int)} aims for: 56, twice a 28 px image. */
    public static final int MIN_TILE_SIZE = 56;

    /** The default padding between tiles, in pixels. */
    public static final int DEFAULT_PADDING = 2;

    /** The default extra gap between two pairs of rows in {@link #pairs}, in pixels. */
    public static final int DEFAULT_PAIR_GAP = 6;

    /** The default padding colour: a neutral mid grey, visible against both black and white backgrounds. */
    public static final Color DEFAULT_PAD_COLOR = new Color(128, 128, 128);

    /** Pixels between the picture's left edge and a row label, and between the label and the grid. */
    public static final int LABEL_INSET = 4;

    /**
     * How a grid is drawn.
     *
     * @param scale how many output pixels each source pixel spans in each direction, from 1; 0 picks the scale with
     *     {@link ImageGrid#autoScale(int, int)}
     * @param padding pixels of padding around every tile, from 0
     * @param pairGap extra pixels between one pair of rows (inputs, reconstructions) and the next, from 0; only
     *     {@link ImageGrid#pairs} uses it
     * @param padColor the colour of padding, gaps and unused cells
     */
    public record Options(int scale, int padding, int pairGap, Color padColor) {

        /**
         * Checks the options.
         *
         * @param scale output pixels per source pixel in each direction, from 1, or 0 for automatic
         * @param padding pixels of padding around every tile, from 0
         * @param pairGap extra pixels between pairs of rows, from 0
         * @param padColor the colour of padding, gaps and unused cells
         * @throws IllegalArgumentException if a size is negative
         * @throws NullPointerException if {@code padColor} is null
         */
        public Options {
            if (scale < 0) {
                throw new IllegalArgumentException("scale must be 0 (automatic) or more, found " + scale);
            }
            if (padding < 0) {
                throw new IllegalArgumentException("padding must be 0 or more, found " + padding);
            }
            if (pairGap < 0) {
                throw new IllegalArgumentException("pairGap must be 0 or more, found " + pairGap);
            }
            Objects.requireNonNull(padColor, "padColor");
        }

        /**
         * The defaults: automatic scale, {@value ImageGrid#DEFAULT_PADDING} px padding, {@value
         * ImageGrid#DEFAULT_PAIR_GAP} px pair gap, {@link ImageGrid#DEFAULT_PAD_COLOR mid grey} padding.
         *
         * @return the default options
         */
        public static Options defaults() {
            return new Options(0, DEFAULT_PADDING, DEFAULT_PAIR_GAP, DEFAULT_PAD_COLOR);
        }

        /**
         * @param newScale the scale, from 1, or 0 for automatic
         * @return these options with another scale
         */
        public Options withScale(int newScale) {
            return new Options(newScale, padding, pairGap, padColor);
        }

        /**
         * @param newPadding the padding in pixels, from 0
         * @return these options with another padding
         */
        public Options withPadding(int newPadding) {
            return new Options(scale, newPadding, pairGap, padColor);
        }

        /**
         * @param newPairGap the extra gap between pairs of rows in pixels, from 0
         * @return these options with another pair gap
         */
        public Options withPairGap(int newPairGap) {
            return new Options(scale, padding, newPairGap, padColor);
        }

        /**
         * @param newPadColor the padding colour
         * @return these options with another padding colour
         */
        public Options withPadColor(Color newPadColor) {
            return new Options(scale, padding, pairGap, newPadColor);
        }
    }

    private ImageGrid() {}

    /**
     * The scale used when {@link Options#scale()} is 0: the smallest integer that makes the longer side of a tile at
     * least {@value #MIN_TILE_SIZE} px, and at least 1. A 28 x 28 image gets 2, a 64 x 64 image 1.
     *
     * @param height image height in pixels, from 1
     * @param width image width in pixels, from 1
     * @return the automatic scale
     */
    public static int autoScale(int height, int width) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size must be positive, found " + height + "x" + width);
        }
        int side = Math.max(height, width);
        return Math.max(1, (MIN_TILE_SIZE + side - 1) / side);
    }

    /**
     * Draws the first {@code count} images as a grid with the {@link Options#defaults() default options}.
     *
     * @param images N x C x H x W pixels in [0, 1], with N at least {@code count}
     * @param count how many images to draw, from 1
     * @param channels 1 (grayscale) or 3 (RGB)
     * @param height image height in pixels
     * @param width image width in pixels
     * @param columns images per row, from 1 (fewer are used when {@code count} is smaller)
     * @return the grid, an RGB picture
     * @throws IllegalArgumentException if a size is out of range or the array holds fewer than {@code count} images
     */
    public static BufferedImage grid(float[] images, int count, int channels, int height, int width, int columns) {
        return grid(images, count, channels, height, width, columns, Options.defaults());
    }

    /**
     * Draws the first {@code count} images as a grid.
     *
     * @param images N x C x H x W pixels in [0, 1], with N at least {@code count}
     * @param count how many images to draw, from 1
     * @param channels 1 (grayscale) or 3 (RGB)
     * @param height image height in pixels
     * @param width image width in pixels
     * @param columns images per row, from 1 (fewer are used when {@code count} is smaller)
     * @param options scale, padding and padding colour
     * @return the grid, an RGB picture
     * @throws IllegalArgumentException if a size is out of range or the array holds fewer than {@code count} images
     */
    public static BufferedImage grid(
            float[] images, int count, int channels, int height, int width, int columns, Options options) {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(options, "options");
        checkShape("images", images, count, channels, height, width, columns);
        int scale = scale(options, height, width);
        int pad = options.padding();
        int tileW = width * scale;
        int tileH = height * scale;
        int cols = Math.min(columns, count);
        int rows = (count + cols - 1) / cols;
        BufferedImage out = newImage(
                (long) pad + (long) cols * (tileW + pad), (long) pad + (long) rows * (tileH + pad), options.padColor());
        int[] data = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < count; i++) {
            int x = pad + (i % cols) * (tileW + pad);
            int y = pad + (i / cols) * (tileH + pad);
            drawTile(data, out.getWidth(), x, y, images, i, channels, height, width, scale);
        }
        return out;
    }

    /**
     * Draws inputs above their reconstructions with the {@link Options#defaults() default options}: a row of
     * {@code columns} inputs, directly beneath it the row of their reconstructions, then the next row of inputs, and
     * so on. 32 images in 8 columns give 8 rows (4 pairs of rows).
     *
     * @param inputs N x C x H x W input pixels in [0, 1], with N at least {@code count}
     * @param reconstructions the reconstructions, in the same order and shape as {@code inputs}
     * @param count how many pairs to draw, from 1
     * @param channels 1 (grayscale) or 3 (RGB)
     * @param height image height in pixels
     * @param width image width in pixels
     * @param columns images per row, from 1 (fewer are used when {@code count} is smaller)
     * @return the grid, an RGB picture
     * @throws IllegalArgumentException if a size is out of range or an array holds fewer than {@code count} images
     */
    public static BufferedImage pairs(
            float[] inputs, float[] reconstructions, int count, int channels, int height, int width, int columns) {
        return pairs(inputs, reconstructions, count, channels, height, width, columns, Options.defaults());
    }

    /**
     * Draws inputs above their reconstructions: a row of {@code columns} inputs, directly beneath it the row of their
     * reconstructions, then the next row of inputs, and so on.
     *
     * <p>With the names of the {@linkplain ImageGrid class layout} and {@code g} the pair gap, the picture measures
     * {@code p + cols * (tw + p)} by {@code p + pairRows * 2 * (th + p) + (pairRows - 1) * g} pixels, where
     * {@code pairRows = ceil(count / cols)}. Input {@code i} has its top-left corner at
     * {@code (p + col * (tw + p), p + pairRow * (2 * (th + p) + g))} with {@code col = i % cols} and
     * {@code pairRow = i / cols}; its reconstruction sits {@code th + p} pixels lower.
     *
     * @param inputs N x C x H x W input pixels in [0, 1], with N at least {@code count}
     * @param reconstructions the reconstructions, in the same order and shape as {@code inputs}
     * @param count how many pairs to draw, from 1
     * @param channels 1 (grayscale) or 3 (RGB)
     * @param height image height in pixels
     * @param width image width in pixels
     * @param columns images per row, from 1 (fewer are used when {@code count} is smaller)
     * @param options scale, padding, pair gap and padding colour
     * @return the grid, an RGB picture
     * @throws IllegalArgumentException if a size is out of range or an array holds fewer than {@code count} images
     */
    public static BufferedImage pairs(
            float[] inputs,
            float[] reconstructions,
            int count,
            int channels,
            int height,
            int width,
            int columns,
            Options options) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(reconstructions, "reconstructions");
        Objects.requireNonNull(options, "options");
        checkShape("inputs", inputs, count, channels, height, width, columns);
        checkShape("reconstructions", reconstructions, count, channels, height, width, columns);
        int scale = scale(options, height, width);
        int pad = options.padding();
        int gap = options.pairGap();
        int tileW = width * scale;
        int tileH = height * scale;
        int cols = Math.min(columns, count);
        int pairRows = (count + cols - 1) / cols;
        long pairPitch = 2L * (tileH + pad) + gap;
        BufferedImage out = newImage(
                (long) pad + (long) cols * (tileW + pad),
                pad + pairRows * 2L * (tileH + pad) + (pairRows - 1L) * gap,
                options.padColor());
        int[] data = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < count; i++) {
            int x = pad + (i % cols) * (tileW + pad);
            int y = (int) (pad + (i / cols) * pairPitch);
            drawTile(data, out.getWidth(), x, y, inputs, i, channels, height, width, scale);
            drawTile(data, out.getWidth(), x, y + tileH + pad, reconstructions, i, channels, height, width, scale);
        }
        return out;
    }

    /**
     * Draws rows of images, optionally labelled and with each row's first and last image set off.
     *
     * <p>With the names of the {@linkplain ImageGrid class layout}, {@code g} the {@link Options#pairGap() pair gap}
     * and {@code m} the {@link #labelMargin(List, int) label margin} (0 without labels), the picture measures
     * {@code m + p + columns * (tw + p) + e} by {@code p + rows * (th + p)} pixels, where {@code e = 2 * g} when the
     * ends are set off and 0 otherwise. Image {@code i} is in row {@code r = i / columns}, column
     * {@code c = i % columns}, with its top-left corner at {@code (m + p + c * (tw + p) + x, p + r * (th + p))},
     * where the extra offset {@code x} is 0 for the first column, {@code g} for the columns between, and {@code 2 * g}
     * for the last column when the ends are set off (always 0 otherwise). Margin, gaps and padding have the padding
     * colour.
     *
     * <p>Each label is drawn in the margin in a monospaced font, left-aligned at {@value #LABEL_INSET} px from the
     * picture's left edge and centred vertically on its row, in black or white, whichever stands out more against
     * the padding colour. The font size is {@link #labelFontSize(int)}; a font whose glyphs are wider than the
     * margin allows is drawn smaller, so a label never runs into the images.
     *
     * @param images N x C x H x W pixels in [0, 1], with N at least {@code rows * columns}, row after row
     * @param rows how many rows, from 1
     * @param columns images per row, from 1, and from 3 when {@code setOffEnds}
     * @param channels 1 (grayscale) or 3 (RGB)
     * @param height image height in pixels
     * @param width image width in pixels
     * @param labels one label per row, or {@code null} or an empty list for no labels and no margin
     * @param setOffEnds whether to put the pair gap after each row's first image and before its last
     * @param options scale, padding, pair gap and padding colour
     * @return the picture, an RGB image
     * @throws IllegalArgumentException if a size is out of range, the array holds too few images, the number of
     *     labels is not the number of rows, or a label holds a line break
     */
    public static BufferedImage rows(
            float[] images,
            int rows,
            int columns,
            int channels,
            int height,
            int width,
            List<String> labels,
            boolean setOffEnds,
            Options options) {
        if (setOffEnds && columns < 3) {
            throw new IllegalArgumentException(
                    "setting off the first and last image needs at least 3 columns, found " + columns);
        }
        return rows(images, rows, columns, channels, height, width, labels, null, setOffEnds, setOffEnds, options);
    }

    /**
     * Draws rows of images as {@link #rows(float[], int, int, int, int, int, List, boolean, Options)} does, with an
     * optional heading over every column, and setting off the first and the last column each on its own: the pair
     * gap after each row's first image when {@code setOffFirst}, before its last when {@code setOffLast} (the picture
     * is one gap wider for each).
     *
     * <p>With column labels, a band of {@link #headingHeight(List, int)} pixels above the grid holds them, each
     * centred over its column, in the row labels' font, drawn smaller where the widest would not fit a tile's width;
     * every image moves down by the band's height. Without them the picture is as the other {@code rows} draws it.
     *
     * @param images N x C x H x W pixels in [0, 1], with N at least {@code rows * columns}, row after row
     * @param rows how many rows, from 1
     * @param columns images per row, from 1, and from 2 when one end is set off
     * @param channels 1 (grayscale) or 3 (RGB)
     * @param height image height in pixels
     * @param width image width in pixels
     * @param labels one label per row, or {@code null} or an empty list for no labels and no margin
     * @param columnLabels one heading per column, or {@code null} or an empty list for none and no band
     * @param setOffFirst whether to put the pair gap after each row's first image
     * @param setOffLast whether to put the pair gap before each row's last image
     * @param options scale, padding, pair gap and padding colour
     * @return the picture, an RGB image
     * @throws IllegalArgumentException as the other {@code rows} does, or if the number of column labels is not the
     *     number of columns
     */
    public static BufferedImage rows(
            float[] images,
            int rows,
            int columns,
            int channels,
            int height,
            int width,
            List<String> labels,
            List<String> columnLabels,
            boolean setOffFirst,
            boolean setOffLast,
            Options options) {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(options, "options");
        if (rows <= 0) {
            throw new IllegalArgumentException("rows must be at least 1, found " + rows);
        }
        if ((setOffFirst || setOffLast) && columns < 2) {
            throw new IllegalArgumentException("setting off an end needs at least 2 columns, found " + columns);
        }
        checkShape("images", images, Math.multiplyExact(rows, Math.max(columns, 1)), channels, height, width,
                columns);
        List<String> text = labels == null ? List.of() : labels;
        if (!text.isEmpty() && text.size() != rows) {
            throw new IllegalArgumentException(text.size() + " labels for " + rows + " rows, expected one per row");
        }
        List<String> headings = columnLabels == null ? List.of() : columnLabels;
        if (!headings.isEmpty() && headings.size() != columns) {
            throw new IllegalArgumentException(
                    headings.size() + " column labels for " + columns + " columns, expected one per column");
        }
        int scale = scale(options, height, width);
        int pad = options.padding();
        int firstGap = setOffFirst ? options.pairGap() : 0;
        int lastGap = setOffLast ? options.pairGap() : 0;
        int tileW = width * scale;
        int tileH = height * scale;
        int margin = labelMargin(text, tileH);
        int band = headingHeight(headings, tileH);
        BufferedImage out = newImage(
                (long) margin + pad + (long) columns * (tileW + pad) + firstGap + lastGap,
                (long) band + pad + (long) rows * (tileH + pad),
                options.padColor());
        int[] data = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        int[] xs = new int[columns];
        for (int c = 0; c < columns; c++) {
            xs[c] = margin + pad + c * (tileW + pad) + (c == 0 ? 0 : firstGap) + (c == columns - 1 ? lastGap : 0);
        }
        for (int r = 0; r < rows; r++) {
            int y = band + pad + r * (tileH + pad);
            for (int c = 0; c < columns; c++) {
                drawTile(data, out.getWidth(), xs[c], y, images, r * columns + c, channels, height, width, scale);
            }
        }
        if (margin > 0) {
            drawLabels(out, text, margin, band + pad, pad, tileH, options.padColor());
        }
        if (band > 0) {
            drawHeadings(out, headings, xs, tileW, tileH, band, options.padColor());
        }
        return out;
    }

    /**
     * The font size of row labels for a tile height: a third of the tile height, at least 10 and at most 20 points
     * (a 56 px tile gets 18).
     *
     * @param tileHeight the height of a drawn tile in pixels, image height times scale
     * @return the font size in points (one point is one pixel here)
     */
    public static int labelFontSize(int tileHeight) {
        return Math.max(10, Math.min(20, tileHeight / 3));
    }

    /**
     * The height of the band of column labels of {@link #rows}: 0 without them, else the {@link #labelFontSize(int)
     * font size} plus {@code 2 * }{@value #LABEL_INSET} pixels (26 px over 56 px tiles).
     *
     * @param columnLabels the column labels, or {@code null} or empty for none
     * @param tileHeight the height of a drawn tile in pixels, image height times scale
     * @return the band's height in pixels
     * @throws IllegalArgumentException if a label holds a line break
     */
    public static int headingHeight(List<String> columnLabels, int tileHeight) {
        if (columnLabels == null || columnLabels.isEmpty()) {
            return 0;
        }
        for (String label : columnLabels) {
            oneLine(label);
        }
        return labelFontSize(tileHeight) + 2 * LABEL_INSET;
    }

    /**
     * The width of the label margin of {@link #rows}: 0 without labels, else {@code 2 * }{@value #LABEL_INSET}
     * {@code + n * ceil(0.6 * f)} pixels, with {@code n} the number of characters of the longest label and {@code f}
     * the {@link #labelFontSize(int) font size} (0.6 em is the advance of common monospaced fonts). Labels of two
     * characters on 56 px tiles get {@code 8 + 2 * 11 = 30} px.
     *
     * @param labels the row labels, or {@code null} or empty for none
     * @param tileHeight the height of a drawn tile in pixels, image height times scale
     * @return the margin in pixels
     * @throws IllegalArgumentException if a label holds a line break
     */
    public static int labelMargin(List<String> labels, int tileHeight) {
        if (labels == null || labels.isEmpty()) {
            return 0;
        }
        int longest = 0;
        for (String label : labels) {
            String l = oneLine(label);
            longest = Math.max(longest, l.codePointCount(0, l.length()));
        }
        return 2 * LABEL_INSET + longest * charWidth(labelFontSize(tileHeight));
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static String oneLine(String label) {
        String l = label == null ? "" : label;
        if (l.indexOf('\n') >= 0 || l.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("label '" + l.strip() + "' holds a line break, expected one line");
        }
        return l;
    }

    private static int charWidth(int fontSize) {
        return (int) Math.ceil(0.6 * fontSize);
    }

    /** Draws one label per row in the left margin, shrinking the font if a label would not fit. */
    private static void drawLabels(BufferedImage out, List<String> labels, int margin, int top, int pad, int tileH,
            Color background) {
        Graphics2D g = textGraphics(out, background);
        try {
            FontMetrics metrics = fit(g, labels, labelFontSize(tileH), margin - 2 * LABEL_INSET);
            for (int r = 0; r < labels.size(); r++) {
                String label = labels.get(r);
                if (label == null || label.isEmpty()) {
                    continue;
                }
                int rowTop = top + r * (tileH + pad);
                int baseline = rowTop + (tileH + metrics.getAscent() - metrics.getDescent()) / 2;
                g.drawString(label, LABEL_INSET, baseline);
            }
        } finally {
            g.dispose();
        }
    }

    /** Draws one label centred over each column in the band on top, shrinking the font if one would not fit. */
    private static void drawHeadings(BufferedImage out, List<String> labels, int[] xs, int tileW, int tileH,
            int band, Color background) {
        Graphics2D g = textGraphics(out, background);
        try {
            FontMetrics metrics = fit(g, labels, labelFontSize(tileH), tileW);
            int baseline = (band + metrics.getAscent() - metrics.getDescent()) / 2;
            for (int c = 0; c < labels.size(); c++) {
                String label = labels.get(c);
                if (label == null || label.isEmpty()) {
                    continue;
                }
                g.drawString(label, xs[c] + (tileW - metrics.stringWidth(label)) / 2, baseline);
            }
        } finally {
            g.dispose();
        }
    }

    private static Graphics2D textGraphics(BufferedImage out, Color background) {
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setColor(textColor(background));
        return g;
    }

    /** Sets a monospaced font of the given size, or smaller so that the widest label fits the room, and returns it. */
    private static FontMetrics fit(Graphics2D g, List<String> labels, int size, int room) {
        Font font = new Font(Font.MONOSPACED, Font.PLAIN, size);
        FontMetrics metrics = g.getFontMetrics(font);
        int widest = 0;
        for (String label : labels) {
            widest = Math.max(widest, metrics.stringWidth(label == null ? "" : label));
        }
        if (widest > room && widest > 0) {
            font = font.deriveFont((float) size * room / widest);
            metrics = g.getFontMetrics(font);
        }
        g.setFont(font);
        return metrics;
    }

    /** Black on light backgrounds, white on dark ones, by relative luminance (WCAG 2). */
    private static Color textColor(Color background) {
        double l = 0.2126 * linear(background.getRed()) + 0.7152 * linear(background.getGreen())
                + 0.0722 * linear(background.getBlue());
        // Black and white have equal contrast against a luminance of about 0.179.
        return l > 0.179 ? Color.BLACK : Color.WHITE;
    }

    private static double linear(int channel) {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static void checkShape(
            String what, float[] images, int count, int channels, int height, int width, int columns) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be at least 1, found " + count);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (grayscale) or 3 (RGB), found " + channels);
        }
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size must be positive, found " + height + "x" + width);
        }
        if (columns <= 0) {
            throw new IllegalArgumentException("columns must be at least 1, found " + columns);
        }
        long needed = (long) count * channels * height * width;
        if (images.length < needed) {
            throw new IllegalArgumentException(what + " holds " + images.length + " values, expected at least "
                    + needed + " for " + count + " images of " + channels + "x" + height + "x" + width);
        }
    }

    private static int scale(Options options, int height, int width) {
        int scale = options.scale() == 0 ? autoScale(height, width) : options.scale();
        if ((long) Math.max(height, width) * scale > 50_000) {
            throw new IllegalArgumentException(
                    "scale " + scale + " makes a " + height + "x" + width + " image too large for one picture");
        }
        return scale;
    }

    private static BufferedImage newImage(long width, long height, Color background) {
        if (width > 50_000 || height > 50_000 || width * height > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException(
                    "the grid would be " + width + "x" + height + " pixels, too large for one picture");
        }
        BufferedImage out = new BufferedImage((int) width, (int) height, BufferedImage.TYPE_INT_RGB);
        int[] data = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        Arrays.fill(data, background.getRGB() & 0xFFFFFF);
        return out;
    }

    private static void drawTile(
            int[] data,
            int stride,
            int x0,
            int y0,
            float[] images,
            int index,
            int channels,
            int height,
            int width,
            int scale) {
        int plane = height * width;
        int base = index * channels * plane;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int at = base + y * width + x;
                int rgb;
                if (channels == 1) {
                    int v = toByte(images[at]);
                    rgb = (v << 16) | (v << 8) | v;
                } else {
                    rgb = (toByte(images[at]) << 16) | (toByte(images[at + plane]) << 8) | toByte(images[at + 2 * plane]);
                }
                int row = (y0 + y * scale) * stride + x0 + x * scale;
                for (int dy = 0; dy < scale; dy++) {
                    Arrays.fill(data, row, row + scale, rgb);
                    row += stride;
                }
            }
        }
    }

    /** Maps [0, 1] to 0..255 with rounding; below 0 and NaN give 0, above 1 gives 255. */
    static int toByte(float v) {
        if (!(v > 0f)) {
            return 0;
        }
        if (v >= 1f) {
            return 255;
        }
        return Math.round(v * 255f);
    }
}
