package org.vae4j.image;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.vae4j.BadInputException;
import org.vae4j.data.Hashing;

/**
 * Reads images and labels in the IDX format of MNIST and Fashion-MNIST.
 *
 * <p>An image file holds the magic number {@code 0x00000803} (2051), then the number of images N, the height H and
 * the width W as big-endian 32-bit integers, then N x H x W unsigned bytes, row by row. A label file holds the magic
 * number {@code 0x00000801} (2049), then N, then N unsigned bytes. Either file may be gzip-compressed; compression is
 * recognised by the gzip magic bytes {@code 1f 8b}, not by the file name.
 *
 * <p>The reader is strict: the magic number, the declared sizes against the actual (decompressed) length, in both
 * directions, and the number of labels against the number of images are all checked. Every problem is reported as a
 * {@link BadInputException} with a one-line message naming the file, for example {@code data/x.idx: truncated: header
 * declares 200 images of 28x28 (156816 bytes) but the file holds 1000 bytes}.
 */
public final class IdxReader {
    /** Magic number of an IDX file of unsigned-byte images with three dimensions (N, H, W). */
    public static final int IMAGES_MAGIC = 0x00000803;

    /** Magic number of an IDX file of unsigned-byte labels with one dimension (N). */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int IMAGES_HEADER = 16;
    private static final int LABELS_HEADER = 8;
    private static final float[] BYTE_TO_FLOAT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            BYTE_TO_FLOAT[i] = i / 255f;
        }
    }

    private IdxReader() {}

    /**
     * Reads an image file and, optionally, its label file. The dataset is named after the image file, and its
     * classes are named {@code "0"}, {@code "1"}, ... up to the largest label.
     *
     * @param images the IDX image file, raw or gzip
     * @param labels the IDX label file, raw or gzip, or {@code null} for unlabeled data
     * @return a grayscale dataset (1 channel) whose SHA-256 is that of the decompressed image file
     * @throws BadInputException if a file is missing, unreadable, corrupt or does not match the other
     */
    public static ImageDataset read(Path images, Path labels) {
        return read(images, labels, images.toString(), null);
    }

    /**
     * Reads an image file and, optionally, its label file.
     *
     * @param images the IDX image file, raw or gzip
     * @param labels the IDX label file, raw or gzip, or {@code null} for unlabeled data
     * @param name the dataset name, for messages and provenance
     * @param classNames class names indexed by label, or {@code null} to name the classes {@code "0"}, {@code "1"},
     *     ... up to the largest label
     * @return a grayscale dataset (1 channel) whose SHA-256 is that of the decompressed image file
     * @throws BadInputException if a file is missing, unreadable, corrupt or does not match the other, or a label has
     *     no class name
     */
    public static ImageDataset read(Path images, Path labels, String name, List<String> classNames) {
        byte[] imageBytes = readDecompressed(images);
        byte[] labelBytes = labels == null ? null : readDecompressed(labels);
        return fromBytes(
                name,
                images.toString(),
                imageBytes,
                labels == null ? null : labels.toString(),
                labelBytes,
                classNames,
                Hashing.sha256Hex(imageBytes));
    }

    /**
     * Reads a whole file, decompressing it if it starts with the gzip magic bytes.
     *
     * @param file the file to read
     * @return its content, decompressed when it was gzip
     * @throws BadInputException if the file does not exist, cannot be read, or holds a corrupt gzip stream
     */
    public static byte[] readDecompressed(Path file) {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + ": is a folder, expected a file");
        }
        return decompress(file.toString(), Hashing.readAll(file, "an IDX file"));
    }

    /**
     * Decompresses {@code raw} if it starts with the gzip magic bytes, otherwise returns it unchanged.
     *
     * @param source the file or address the bytes came from, for messages
     * @param raw the bytes as stored
     * @return the decompressed bytes
     * @throws BadInputException if the gzip stream is corrupt or truncated
     */
    public static byte[] decompress(String source, byte[] raw) {
        if (!isGzip(raw)) {
            return raw;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
            return in.readAllBytes();
        } catch (EOFException e) {
            throw new BadInputException(source + ": truncated gzip data: the compressed stream ends early", e);
        } catch (ZipException e) {
            throw new BadInputException(source + ": corrupt gzip data: " + Hashing.describe(e), e);
        } catch (IOException e) {
            throw new BadInputException(source + ": cannot decompress gzip data: " + Hashing.describe(e), e);
        }
    }

    /** @return whether {@code data} starts with the gzip magic bytes {@code 1f 8b} */
    public static boolean isGzip(byte[] data) {
        return data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
    }

    /**
     * Builds a dataset from decompressed IDX bytes.
     *
     * @param name dataset name
     * @param imagesSource where the image bytes came from, for messages
     * @param imageBytes decompressed IDX image file
     * @param labelsSource where the label bytes came from, for messages; may be {@code null} with no labels
     * @param labelBytes decompressed IDX label file, or {@code null}
     * @param classNames class names, or {@code null} for "0", "1", ...
     * @param sha256 provenance hash for the dataset
     * @return the dataset
     */
    public static ImageDataset fromBytes(
            String name,
            String imagesSource,
            byte[] imageBytes,
            String labelsSource,
            byte[] labelBytes,
            List<String> classNames,
            String sha256) {
        int[] dims = imageHeader(imagesSource, imageBytes);
        int count = dims[0];
        int height = dims[1];
        int width = dims[2];
        float[] pixels = new float[count * height * width];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = BYTE_TO_FLOAT[imageBytes[IMAGES_HEADER + i] & 0xff];
        }
        int[] labels = null;
        List<String> names = List.of();
        if (labelBytes != null) {
            labels = parseLabels(labelsSource, labelBytes);
            if (labels.length != count) {
                throw new BadInputException(
                        labelsSource + ": holds " + labels.length + " labels but " + imagesSource + " holds " + count
                                + " images, expected one label per image");
            }
            if (classNames != null) {
                names = classNames;
            } else {
                int max = 0;
                for (int label : labels) {
                    max = Math.max(max, label);
                }
                List<String> generated = new ArrayList<>(max + 1);
                for (int c = 0; c <= max; c++) {
                    generated.add(Integer.toString(c));
                }
                names = generated;
            }
        }
        return new ImageDataset(name, pixels, 1, height, width, labels, names, sha256);
    }

    /** Checks an image file's header and length; returns {N, H, W}. */
    private static int[] imageHeader(String source, byte[] data) {
        checkMagic(source, data, IMAGES_MAGIC, "image", IMAGES_HEADER);
        int n = readInt(data, 4);
        int h = readInt(data, 8);
        int w = readInt(data, 12);
        if (n <= 0) {
            throw new BadInputException(source + ": header declares " + n + " images, expected at least one");
        }
        if (h <= 0 || w <= 0) {
            throw new BadInputException(
                    source + ": header declares images of " + h + "x" + w + ", expected a positive height and width");
        }
        long expected = IMAGES_HEADER + (long) n * h * w;
        checkLength(source, data, expected, "header declares " + n + " images of " + h + "x" + w);
        return new int[] {n, h, w};
    }

    /** Checks a label file and returns its labels. */
    private static int[] parseLabels(String source, byte[] data) {
        checkMagic(source, data, LABELS_MAGIC, "label", LABELS_HEADER);
        int n = readInt(data, 4);
        if (n <= 0) {
            throw new BadInputException(source + ": header declares " + n + " labels, expected at least one");
        }
        long expected = LABELS_HEADER + (long) n;
        checkLength(source, data, expected, "header declares " + n + " labels");
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = data[LABELS_HEADER + i] & 0xff;
        }
        return labels;
    }

    private static void checkMagic(String source, byte[] data, int magic, String kind, int headerSize) {
        if (data.length == 0) {
            throw new BadInputException(source + ": the file is empty, expected an IDX " + kind + " file");
        }
        if (data.length >= 4) {
            int actual = readInt(data, 0);
            if (actual != magic) {
                throw new BadInputException(String.format(
                        "%s: not an IDX %s file: magic number 0x%08X, expected 0x%08X (%d)",
                        source, kind, actual, magic, magic));
            }
        }
        if (data.length < headerSize) {
            throw new BadInputException(
                    source + ": truncated: the file holds " + data.length + " bytes, expected an IDX " + kind
                            + " header of " + headerSize + " bytes");
        }
    }

    private static void checkLength(String source, byte[] data, long expected, String declared) {
        if (data.length < expected) {
            throw new BadInputException(
                    source + ": truncated: " + declared + " (" + expected + " bytes) but the file holds "
                            + data.length + " bytes");
        }
        if (data.length > expected) {
            throw new BadInputException(
                    source + ": " + declared + " (" + expected + " bytes) but the file holds " + data.length
                            + " bytes, " + (data.length - expected) + " more than expected");
        }
    }

    private static int readInt(byte[] data, int offset) {
        return ((data[offset] & 0xff) << 24)
                | ((data[offset + 1] & 0xff) << 16)
                | ((data[offset + 2] & 0xff) << 8)
                | (data[offset + 3] & 0xff);
    }
}
