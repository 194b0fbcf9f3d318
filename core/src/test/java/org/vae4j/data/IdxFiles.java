package org.vae4j.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.vae4j.image.IdxReader;

/** Builds IDX content for tests. */
public final class IdxFiles {
    private IdxFiles() {}

    /** @return an IDX image file declaring {@code n} images of {@code h x w} followed by {@code pixels} */
    public static byte[] images(int n, int h, int w, byte[] pixels) {
        return ByteBuffer.allocate(16 + pixels.length)
                .putInt(IdxReader.IMAGES_MAGIC)
                .putInt(n)
                .putInt(h)
                .putInt(w)
                .put(pixels)
                .array();
    }

    /** @return an IDX label file declaring {@code n} labels followed by {@code labels} */
    public static byte[] labels(int n, byte[] labels) {
        return ByteBuffer.allocate(8 + labels.length).putInt(IdxReader.LABELS_MAGIC).putInt(n).put(labels).array();
    }

    /** @return {@code count} random bytes from a fixed seed */
    public static byte[] randomBytes(int count, long seed) {
        byte[] b = new byte[count];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** @return {@code count} random labels in [0, classes) from a fixed seed */
    public static byte[] randomLabels(int count, int classes, long seed) {
        Random random = new Random(seed);
        byte[] b = new byte[count];
        for (int i = 0; i < count; i++) {
            b[i] = (byte) random.nextInt(classes);
        }
        return b;
    }

    /** @return {@code content} gzip-compressed */
    public static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Writes {@code content} to {@code file} and returns the file. */
    public static Path write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
