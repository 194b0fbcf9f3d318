package org.vae4j.io;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Writes pictures (drawn by {@code org.vae4j.plot}) as PNG files. */
public final class Png {
    private Png() {}

    /**
     * Writes a picture as a PNG file, atomically ({@link AtomicFile}): readers see either the old file or the complete
     * new one, and a killed process never leaves a half-written PNG. Parent folders are created; an existing file is
     * replaced.
     *
     * @param image the picture
     * @param file where to write it
     * @throws UncheckedIOException if the file cannot be written; the message names {@code file}
     */
    public static void write(BufferedImage image, Path file) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(file, "file");
        try {
            AtomicFile.write(file, encode(image));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write PNG " + file + ": " + describe(e), e);
        }
    }

    /**
     * @param image a picture
     * @return its PNG bytes
     * @throws IOException if the runtime cannot encode PNG
     */
    public static byte[] encode(BufferedImage image) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IOException("this Java runtime has no PNG writer");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        // An in-memory stream: no cache file in java.io.tmpdir.
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(image);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * @param e a file system error
     * @return what went wrong, in a few words naming the path
     */
    static String describe(IOException e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied" + (a.getFile() == null ? "" : " on " + a.getFile());
        }
        if (e instanceof FileAlreadyExistsException f) {
            return (f.getFile() == null ? "a path" : f.getFile()) + " exists and is not a folder";
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file or folder " + n.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + (f.getFile() == null ? "" : " (" + f.getFile() + ")");
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
