package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Runs the command line in-process and gives tests the shipped data and a few file helpers. */
final class Cli {
    private Cli() {}

    /** Settings every quick training run of the tests uses: a tiny model, small batches, no progress bars. */
    static final List<String> TINY = List.of("--hidden", "32", "--latent", "2", "--batch-size", "64", "--no-progress");

    /** What one run of the command line did. */
    record Result(int code, String out, String err, List<String> args) {
        /** @return the non-empty lines of standard error */
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
        }

        /** @return the lines of standard output */
        List<String> outLines() {
            return out.lines().collect(Collectors.toList());
        }

        /** @return a description for assertion messages */
        String describe() {
            return "vae4j " + String.join(" ", args) + "\n--- exit " + code + "\n--- stdout:\n" + out
                    + "\n--- stderr:\n" + err;
        }

        /** Asserts exit code 0. */
        Result ok() {
            assertEquals(0, code, this::describe);
            return this;
        }

        /**
         * Asserts a user error: exit 2, exactly one non-empty line on stderr, no stack trace, and the line contains
         * each of the given fragments (case-sensitive).
         */
        Result badInput(String... fragments) {
            assertEquals(Main.BAD_INPUT, code, this::describe);
            return oneLineError(fragments);
        }

        /** Asserts that stderr is one line naming every fragment and holding no stack trace. */
        Result oneLineError(String... fragments) {
            assertFalse(err.lines().anyMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by")),
                    () -> "stack trace without --verbose\n" + describe());
            assertEquals(1, errLines().size(), () -> "expected exactly one line on stderr\n" + describe());
            for (String f : fragments) {
                assertTrue(err.contains(f), () -> "stderr should mention '" + f + "'\n" + describe());
            }
            return this;
        }
    }

    /** Runs {@code vae4j args...} through {@link Main#execute}. */
    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out, true); PrintWriter e = new PrintWriter(err, true)) {
            code = Main.execute(args, o, e);
        }
        return new Result(code, out.toString(), err.toString(), List.of(args));
    }

    /** Runs {@code vae4j args...}, the arguments given as a list (paths are turned into strings). */
    static Result run(List<?> args) {
        return run(args.stream().map(Object::toString).toArray(String[]::new));
    }

    /** Joins arguments: strings, paths and lists of them. */
    static List<String> args(Object... parts) {
        List<String> all = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof List<?> list) {
                list.forEach(x -> all.add(x.toString()));
            } else {
                all.add(p.toString());
            }
        }
        return all;
    }

    // --- the shipped data --------------------------------------------------------------------------------------------

    private static Path testdata;

    /** @return the repository's {@code testdata/fashion-mnist-200} folder, found by walking up from user.dir */
    static synchronized Path dataFolder() {
        if (testdata == null) {
            Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
            while (dir != null && !Files.isDirectory(dir.resolve("testdata").resolve("fashion-mnist-200"))) {
                dir = dir.getParent();
            }
            if (dir == null) {
                throw new IllegalStateException("no testdata/fashion-mnist-200 above " + System.getProperty("user.dir"));
            }
            testdata = dir.resolve("testdata").resolve("fashion-mnist-200");
        }
        return testdata;
    }

    static Path images() {
        return dataFolder().resolve("images-idx3-ubyte.gz");
    }

    static Path labels() {
        return dataFolder().resolve("labels-idx1-ubyte.gz");
    }

    /** @return {@code idx:IMAGES,LABELS} for the shipped 200 Fashion-MNIST images, with absolute paths */
    static String dataSpec() {
        return "idx:" + images() + "," + labels();
    }

    /** @return the decompressed content of a shipped gzip file */
    static byte[] gunzip(Path file) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return an IDX image file of {@code n} images of {@code h x w} with the given pixels */
    static byte[] idxImages(int n, int h, int w, byte[] pixels) {
        return ByteBuffer.allocate(16 + pixels.length).putInt(0x803).putInt(n).putInt(h).putInt(w).put(pixels).array();
    }

    /** @return an IDX label file of {@code n} labels */
    static byte[] idxLabels(int n, byte[] labels) {
        return ByteBuffer.allocate(8 + labels.length).putInt(0x801).putInt(n).put(labels).array();
    }

    // --- training and folders ------------------------------------------------------------------------------------------

    /** Trains a tiny model on the shipped data into {@code out} and asserts success. */
    static Result train(Path out, int epochs, String... extra) {
        List<String> a = args("train", "--data", dataSpec(), "--out", out, TINY, "--val", "0.2", "--epochs",
                String.valueOf(epochs), Arrays.asList(extra));
        return run(a).ok();
    }

    /**
     * Trains a small model that learns the shipped images well enough to reconstruct and repair them (hidden 64,
     * latent 8, batches of 16, lr 3e-3, no validation; about 10 steps per epoch), and asserts success.
     */
    static Result trainSmall(Path out, int epochs) {
        return run(args("train", "--data", dataSpec(), "--out", out, "--hidden", "64", "--latent", "8",
                "--batch-size", "16", "--lr", "3e-3", "--epochs", String.valueOf(epochs), "--val", "none",
                "--no-progress")).ok();
    }

    /** Reads a PNG the command line wrote, failing the test if it is not a readable image. */
    static java.awt.image.BufferedImage readPng(Path png) {
        try {
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
            assertTrue(image != null, "not a readable PNG: " + png);
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a folder (one level, as model folders are flat). */
    static Path copy(Path from, Path to) {
        try {
            Files.createDirectories(to);
            try (Stream<Path> files = Files.list(from)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the file's text */
    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes text to a file. */
    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes bytes to a file. */
    static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the file's bytes */
    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return whether stdout/stderr text contains {@code word}, ignoring case */
    static boolean containsIgnoreCase(String text, String word) {
        return text.toLowerCase(Locale.ROOT).contains(word.toLowerCase(Locale.ROOT));
    }
    /** Reads a float32 or int32 .npy file written by vae4j: its shape and values. */
    static float[] readNpy(Path file, int[] shapeOut) {
        try {
            return readNpyOrThrow(file, shapeOut);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[] readNpyOrThrow(Path file, int[] shapeOut) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(file)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int headerLength = b.getShort(8) & 0xFFFF;
        String header = new String(Files.readAllBytes(file), 10, headerLength, java.nio.charset.StandardCharsets.US_ASCII);
        String shape = header.substring(header.indexOf("'shape': (") + 10, header.indexOf(')'));
        String[] dims = shape.split(",\\s*");
        int n = 1;
        int k = 0;
        for (String d : dims) {
            if (!d.isBlank()) {
                shapeOut[k++] = Integer.parseInt(d.trim());
                n *= Integer.parseInt(d.trim());
            }
        }
        b.position(10 + headerLength);
        float[] out = new float[n];
        boolean ints = header.contains("<i4");
        for (int i = 0; i < n; i++) {
            out[i] = ints ? b.getInt() : b.getFloat();
        }
        return out;
    }

}
