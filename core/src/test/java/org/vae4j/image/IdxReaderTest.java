package org.vae4j.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.BadInputException;
import org.vae4j.data.IdxFiles;
import org.vae4j.data.Hashing;

class IdxReaderTest {
    @TempDir
    Path dir;

    private static final int N = 7;
    private static final int H = 5;
    private static final int W = 4;

    private final byte[] pixels = IdxFiles.randomBytes(N * H * W, 42);
    private final byte[] labels = IdxFiles.randomLabels(N, 6, 43);

    @Test
    void readsRawFilesExactly() {
        Path images = IdxFiles.write(dir.resolve("images.idx"), IdxFiles.images(N, H, W, pixels));
        Path labelFile = IdxFiles.write(dir.resolve("labels.idx"), IdxFiles.labels(N, labels));

        ImageDataset data = IdxReader.read(images, labelFile);

        assertExact(data);
        assertEquals(images.toString(), data.name());
        int max = Arrays.stream(data.labels().orElseThrow()).max().orElseThrow();
        assertEquals(max + 1, data.classNames().size());
        assertEquals("0", data.classNames().get(0));
        assertEquals(Integer.toString(max), data.classNames().get(max));
        assertEquals(Hashing.sha256Hex(IdxFiles.images(N, H, W, pixels)), data.sha256());
    }

    @Test
    void detectsGzipByMagicBytesNotByName() {
        // gzip content under a name without .gz, raw content under a name with .gz
        Path images = IdxFiles.write(dir.resolve("images.idx"), IdxFiles.gzip(IdxFiles.images(N, H, W, pixels)));
        Path labelFile = IdxFiles.write(dir.resolve("labels.gz"), IdxFiles.labels(N, labels));

        ImageDataset data = IdxReader.read(images, labelFile, "sample", List.of("a", "b", "c", "d", "e", "f"));

        assertExact(data);
        assertEquals("sample", data.name());
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), data.classNames());
        // the hash is of the decompressed bytes, so gzip packaging does not change it
        assertEquals(Hashing.sha256Hex(IdxFiles.images(N, H, W, pixels)), data.sha256());
    }

    @Test
    void readsImagesWithoutLabels() {
        Path images = IdxFiles.write(dir.resolve("images.idx"), IdxFiles.images(N, H, W, pixels));
        ImageDataset data = IdxReader.read(images, null);
        assertTrue(data.labels().isEmpty());
        assertTrue(data.classNames().isEmpty());
        assertEquals(N, data.size());
    }

    private void assertExact(ImageDataset data) {
        assertEquals(N, data.size());
        assertArrayEquals(new int[] {1, H, W}, data.imageShape());
        float[] p = data.pixels();
        for (int i = 0; i < pixels.length; i++) {
            assertEquals((pixels[i] & 0xff) / 255f, p[i], 0f, "pixel " + i);
        }
        int[] expectedLabels = new int[N];
        for (int i = 0; i < N; i++) {
            expectedLabels[i] = labels[i];
        }
        assertArrayEquals(expectedLabels, data.labels().orElseThrow());
    }

    @Test
    void defaultClassNamesAreNumbersUpToTheLargestLabel() {
        Path images = IdxFiles.write(dir.resolve("i"), IdxFiles.images(3, 1, 1, new byte[] {0, 1, 2}));
        Path labelFile = IdxFiles.write(dir.resolve("l"), IdxFiles.labels(3, new byte[] {0, 3, 1}));
        assertEquals(List.of("0", "1", "2", "3"), IdxReader.read(images, labelFile).classNames());
    }

    @Test
    void truncatedImagesFile() {
        Path file = IdxFiles.write(dir.resolve("x.idx"), IdxFiles.images(200, 28, 28, new byte[1000 - 16]));
        BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.read(file, null));
        assertEquals(
                file + ": truncated: header declares 200 images of 28x28 (156816 bytes) but the file holds 1000 bytes",
                e.getMessage());
    }

    @Test
    void truncatedHeader() {
        Path file = IdxFiles.write(dir.resolve("x.idx"), Arrays.copyOf(IdxFiles.images(1, 2, 2, new byte[4]), 10));
        BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.read(file, null));
        assertEquals(
                file + ": truncated: the file holds 10 bytes, expected an IDX image header of 16 bytes",
                e.getMessage());
    }

    @Test
    void wrongMagicNumber() {
        Path file = IdxFiles.write(dir.resolve("x.idx"), IdxFiles.labels(N, labels));
        BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.read(file, null));
        assertEquals(
                file + ": not an IDX image file: magic number 0x00000801, expected 0x00000803 (2051)", e.getMessage());

        Path images = IdxFiles.write(dir.resolve("images.idx"), IdxFiles.images(N, H, W, pixels));
        e = assertThrows(BadInputException.class, () -> IdxReader.read(images, images));
        assertEquals(
                images + ": not an IDX label file: magic number 0x00000803, expected 0x00000801 (2049)",
                e.getMessage());
    }

    @Test
    void extraTrailingBytes() {
        byte[] content = IdxFiles.images(N, H, W, Arrays.copyOf(pixels, pixels.length + 3));
        Path file = IdxFiles.write(dir.resolve("x.idx"), IdxFiles.gzip(content));
        BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.read(file, null));
        assertEquals(
                file + ": header declares 7 images of 5x4 (156 bytes) but the file holds 159 bytes, 3 more than"
                        + " expected",
                e.getMessage());

        Path images = IdxFiles.write(dir.resolve("images.idx"), IdxFiles.images(N, H, W, pixels));
        Path labelFile = IdxFiles.write(dir.resolve("labels.idx"), IdxFiles.labels(N, Arrays.copyOf(labels, N + 1)));
        e = assertThrows(BadInputException.class, () -> IdxReader.read(images, labelFile));
        assertEquals(
                labelFile + ": header declares 7 labels (15 bytes) but the file holds 16 bytes, 1 more than expected",
                e.getMessage());
    }

    @Test
    void labelCountMustMatchImageCount() {
        Path images = IdxFiles.write(dir.resolve("images.idx"), IdxFiles.images(N, H, W, pixels));
        Path labelFile =
                IdxFiles.write(dir.resolve("labels.idx"), IdxFiles.labels(N - 1, Arrays.copyOf(labels, N - 1)));
        BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.read(images, labelFile));
        assertEquals(
                labelFile + ": holds 6 labels but " + images + " holds 7 images, expected one label per image",
                e.getMessage());
    }

    @Test
    void zeroImagesIsAnError() {
        Path file = IdxFiles.write(dir.resolve("x.idx"), IdxFiles.images(0, 28, 28, new byte[0]));
        BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.read(file, null));
        assertEquals(file + ": header declares 0 images, expected at least one", e.getMessage());
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("data/x.idx");
        BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.read(file, null));
        assertEquals(file + ": no such file, expected an IDX file", e.getMessage());

        Path images = IdxFiles.write(dir.resolve("images.idx"), IdxFiles.images(N, H, W, pixels));
        e = assertThrows(BadInputException.class, () -> IdxReader.read(images, file));
        assertEquals(file + ": no such file, expected an IDX file", e.getMessage());
    }

    @Test
    void corruptGzipStream() {
        byte[] gz = IdxFiles.gzip(IdxFiles.images(N, H, W, IdxFiles.randomBytes(N * H * W, 1)));
        byte[] corrupt = gz.clone();
        for (int i = 12; i < corrupt.length - 8; i++) {
            corrupt[i] ^= (byte) 0x5a;
        }
        Path file = IdxFiles.write(dir.resolve("x.idx.gz"), corrupt);
        BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.read(file, null));
        assertTrue(e.getMessage().startsWith(file + ": corrupt gzip data: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));

        Path cut = IdxFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        e = assertThrows(BadInputException.class, () -> IdxReader.read(cut, null));
        assertEquals(cut + ": truncated gzip data: the compressed stream ends early", e.getMessage());
    }

    @Test
    void emptyFileAndFolder() {
        Path empty = IdxFiles.write(dir.resolve("empty.idx"), new byte[0]);
        BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.read(empty, null));
        assertEquals(empty + ": the file is empty, expected an IDX image file", e.getMessage());

        e = assertThrows(BadInputException.class, () -> IdxReader.read(dir, null));
        assertEquals(dir + ": is a folder, expected a file", e.getMessage());
    }
}
