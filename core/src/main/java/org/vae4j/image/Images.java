package org.vae4j.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Conversions between decoded images and float pixels, and resizing with the JDK's bilinear interpolation.
 *
 * <p>Images are first normalised to one of two 8-bit forms: {@link BufferedImage#TYPE_BYTE_GRAY} for grayscale and
 * {@link BufferedImage#TYPE_INT_RGB} for colour. Gray samples are copied from the raster, not through the colour
 * conversions of {@code getRGB}, so a gray value of 100 stays 100.
 */
public final class Images {
    private Images() {}

    /**
     * Tells whether an image is grayscale: a gray colour space (with or without alpha) or a palette whose entries are
     * all gray.
     */
    static boolean isGray(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        if (cm instanceof IndexColorModel icm) {
            for (int i = 0; i < icm.getMapSize(); i++) {
                int r = icm.getRed(i);
                if (r != icm.getGreen(i) || r != icm.getBlue(i)) {
                    return false;
                }
            }
            return true;
        }
        return cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    /**
     * Converts a decoded image to 8-bit gray or 8-bit RGB, dropping any alpha channel (the colour values are kept as
     * they are, not blended with a background).
     */
    static BufferedImage normalize(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        if (isGray(src)) {
            if (src.getType() == BufferedImage.TYPE_BYTE_GRAY) {
                return src;
            }
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            WritableRaster o = out.getRaster();
            Raster r = src.getRaster();
            ColorModel cm = src.getColorModel();
            if (cm instanceof IndexColorModel icm) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        o.setSample(x, y, 0, icm.getRed(r.getSample(x, y, 0)));
                    }
                }
            } else {
                int bits = cm.getComponentSize(0);
                double max = (1L << bits) - 1;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int v = r.getSample(x, y, 0);
                        o.setSample(x, y, 0, bits == 8 ? v : (int) Math.round(v * 255.0 / max));
                    }
                }
            }
            return out;
        }
        if (src.getType() == BufferedImage.TYPE_INT_RGB) {
            return src;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] argb = src.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < argb.length; i++) {
            argb[i] &= 0xffffff;
        }
        out.setRGB(0, 0, w, h, argb, 0, w);
        return out;
    }

    /**
     * Resizes a normalised image with bilinear interpolation. Large reductions go in steps of at most one half, so
     * that every source pixel contributes and thin strokes do not vanish.
     *
     * @param image a {@code TYPE_BYTE_GRAY} or {@code TYPE_INT_RGB} image
     * @param width target width
     * @param height target height
     * @return an image of the same type and the target size ({@code image} itself if it has that size already)
     */
    static BufferedImage resize(BufferedImage image, int width, int height) {
        BufferedImage current = image;
        int w = image.getWidth();
        int h = image.getHeight();
        while (w != width || h != height) {
            int nw = w > width ? Math.max(width, (w + 1) / 2) : width;
            int nh = h > height ? Math.max(height, (h + 1) / 2) : height;
            BufferedImage next = new BufferedImage(nw, nh, image.getType());
            Graphics2D g = next.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
                g.drawImage(current, 0, 0, nw, nh, null);
            } finally {
                g.dispose();
            }
            current = next;
            w = nw;
            h = nh;
        }
        return current;
    }

    /**
     * Writes a normalised image into {@code out} as C x H x W floats in [0, 1].
     *
     * @param image a {@code TYPE_BYTE_GRAY} or {@code TYPE_INT_RGB} image
     * @param channels 1, or 3 to write gray images as three equal channels
     * @param out destination array
     * @param offset index of the image's first value in {@code out}
     */
    static void toFloats(BufferedImage image, int channels, float[] out, int offset) {
        int w = image.getWidth();
        int h = image.getHeight();
        int plane = w * h;
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            Raster r = image.getRaster();
            int i = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++, i++) {
                    float v = r.getSample(x, y, 0) / 255f;
                    for (int c = 0; c < channels; c++) {
                        out[offset + c * plane + i] = v;
                    }
                }
            }
        } else if (channels == 1) {
            // Luma of ITU-R BT.601, as most image libraries convert colour to gray.
            int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < plane; i++) {
                int p = rgb[i];
                out[offset + i] = (0.299f * ((p >> 16) & 0xff) + 0.587f * ((p >> 8) & 0xff) + 0.114f * (p & 0xff))
                        / 255f;
            }
        } else {
            int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < plane; i++) {
                int p = rgb[i];
                out[offset + i] = ((p >> 16) & 0xff) / 255f;
                out[offset + plane + i] = ((p >> 8) & 0xff) / 255f;
                out[offset + 2 * plane + i] = (p & 0xff) / 255f;
            }
        }
    }

    /**
     * Builds a normalised image from C x H x W floats in [0, 1], rounding to 8 bits.
     *
     * @param pixels source array
     * @param offset index of the image's first value
     * @param channels 1 (gray) or 3 (RGB)
     * @param height image height
     * @param width image width
     * @return a {@code TYPE_BYTE_GRAY} or {@code TYPE_INT_RGB} image
     */
    static BufferedImage fromFloats(float[] pixels, int offset, int channels, int height, int width) {
        int plane = width * height;
        if (channels == 1) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < plane; i++) {
                data[i] = (byte) toByte(pixels[offset + i]);
            }
            return image;
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] data = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < plane; i++) {
            data[i] = (toByte(pixels[offset + i]) << 16)
                    | (toByte(pixels[offset + plane + i]) << 8)
                    | toByte(pixels[offset + 2 * plane + i]);
        }
        return image;
    }

    private static int toByte(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255f)));
    }

    /**
     * Resizes every image of a dataset to {@code size} x {@code size}, keeping name, labels, classes and hash.
     *
     * @param data the dataset
     * @param size target width and height
     * @return {@code data} itself if its images have that size already, else a resized copy
     */
    static ImageDataset resize(ImageDataset data, int size) {
        return convert(data, size, size, data.channels());
    }

    /**
     * Converts a dataset's images to other channels (gray to RGB replicates, RGB to gray takes the luma) and size.
     *
     * @param data the dataset
     * @param height target height
     * @param width target width
     * @param channels target channels, 1 or 3
     * @return {@code data} itself if nothing changes, else a converted copy
     */
    public static ImageDataset convert(ImageDataset data, int height, int width, int channels) {
        if (data.height() == height && data.width() == width && data.channels() == channels) {
            return data;
        }
        int c = data.channels();
        int in = data.pixelsPerImage();
        int outSize = channels * height * width;
        float[] src = data.pixels();
        float[] out = new float[data.size() * outSize];
        java.util.stream.IntStream.range(0, data.size()).parallel().forEach(i -> {
            BufferedImage image = fromFloats(src, i * in, c, data.height(), data.width());
            if (image.getWidth() != width || image.getHeight() != height) {
                image = resize(image, width, height);
            }
            toFloats(image, channels, out, i * outSize);
        });
        return new ImageDataset(
                data.name(),
                out,
                channels,
                height,
                width,
                data.labels().orElse(null),
                data.classNames(),
                data.sha256());
    }
}
