package org.vae4j.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.vae4j.image.IdxReader;

/**
 * One-off tool that made {@code testdata/fashion-mnist-200}: the first N images and labels of Fashion-MNIST's
 * {@code t10k} files, written as gzip IDX files. Not a test; run it by hand from the project root:
 *
 * <pre>
 * ./mvnw -q -B -pl core test-compile
 * java -cp core/target/classes:core/target/test-classes org.vae4j.data.FashionMnistSampleTool \
 *     /usr/share/datasets/fashion-mnist testdata/fashion-mnist-200 200
 * </pre>
 *
 * <p>The source files are verified against the pinned SHA-256 hashes of {@link NamedDataset#FASHION_MNIST} first.
 */
public final class FashionMnistSampleTool {
    private FashionMnistSampleTool() {}

    /**
     * Writes the sample.
     *
     * @param args source folder (holding {@code t10k-images-idx3-ubyte[.gz]} and {@code t10k-labels-idx1-ubyte[.gz]}),
     *     output folder, number of images
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: FashionMnistSampleTool SOURCE_DIR OUT_DIR COUNT");
            System.exit(2);
        }
        Path source = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int count = Integer.parseInt(args[2]);
        DataOptions options = DataOptions.defaults()
                .withCacheDir(Files.createTempDirectory("vae4j-sample"))
                .withSystemDirs(java.util.List.of(source.getParent()))
                .withAllowDownload(false);
        NamedDataset dataset = NamedDataset.FASHION_MNIST;
        // Verifies both files against the pinned hashes.
        java.util.List<Path> files = new NamedDatasetLoader(options).fetch(dataset, NamedDataset.Split.TEST);
        byte[] images = IdxReader.readDecompressed(files.get(0));
        byte[] labels = IdxReader.readDecompressed(files.get(1));
        int rows = readInt(images, 8);
        int cols = readInt(images, 12);
        byte[] sampleImages = Arrays.copyOf(images, 16 + count * rows * cols);
        writeInt(sampleImages, 4, count);
        byte[] sampleLabels = Arrays.copyOf(labels, 8 + count);
        writeInt(sampleLabels, 4, count);
        Files.createDirectories(out);
        writeGzip(out.resolve("images-idx3-ubyte.gz"), sampleImages);
        writeGzip(out.resolve("labels-idx1-ubyte.gz"), sampleLabels);
        System.out.println("images sha256 " + Hashing.sha256Hex(sampleImages));
        System.out.println("labels sha256 " + Hashing.sha256Hex(sampleLabels));
    }

    static void writeGzip(Path file, byte[] content) throws IOException {
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
            o.write(content);
        }
    }

    private static int readInt(byte[] d, int off) {
        return ((d[off] & 0xff) << 24) | ((d[off + 1] & 0xff) << 16) | ((d[off + 2] & 0xff) << 8) | (d[off + 3] & 0xff);
    }

    private static void writeInt(byte[] d, int off, int v) {
        d[off] = (byte) (v >>> 24);
        d[off + 1] = (byte) (v >>> 16);
        d[off + 2] = (byte) (v >>> 8);
        d[off + 3] = (byte) v;
    }
}
