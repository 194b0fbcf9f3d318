package org.vae4j.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.BadInputException;
import org.vae4j.data.IdxFiles;

class ImageFolderReaderTest {
    @TempDir
    Path dir;

    private final Random random = new Random(7);

    /** Writes a grayscale image of random values and returns them, row by row. */
    private int[] gray(Path file, int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        int[] values = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = random.nextInt(256);
                values[y * w + x] = v;
                image.getRaster().setSample(x, y, 0, v);
            }
        }
        write(image, file);
        return values;
    }

    /** Writes an image of type {@code type} filled with random colours; returns the RGB values. */
    private int[] colour(Path file, int w, int h, int type) {
        BufferedImage image = new BufferedImage(w, h, type);
        int[] rgb = new int[w * h];
        for (int i = 0; i < rgb.length; i++) {
            int alpha = 10 + random.nextInt(200);
            rgb[i] = random.nextInt(1 << 24);
            image.setRGB(i % w, i / w, (alpha << 24) | rgb[i]);
        }
        write(image, file);
        return rgb;
    }

    private static void write(BufferedImage image, Path file) {
        String name = file.getFileName().toString().toLowerCase();
        String format = name.endsWith(".png") ? "png" : "jpg";
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void grayscaleImagesInClassSubfolders() {
        // classes sorted by name, files sorted by name inside each class
        int[] b2 = gray(dir.resolve("bird/2.png"), 6, 4);
        int[] b1 = gray(dir.resolve("bird/1.PNG"), 6, 4);
        int[] a1 = gray(dir.resolve("ant/x.png"), 6, 4);
        IdxFiles.write(dir.resolve("bird/notes.txt"), new byte[] {1, 2, 3});
        IdxFiles.write(dir.resolve(".hidden/z.png"), new byte[] {1, 2, 3});
        assertTrue(dir.resolve("empty").toFile().mkdir());

        ImageDataset data = ImageFolderReader.read(dir, null, "folder:test");

        assertEquals("folder:test", data.name());
        assertEquals(3, data.size());
        assertArrayEquals(new int[] {1, 4, 6}, data.imageShape());
        assertEquals(List.of("ant", "bird"), data.classNames());
        assertArrayEquals(new int[] {0, 1, 1}, data.labels().orElseThrow());
        assertPixels(a1, data.image(0));
        assertPixels(b1, data.image(1));
        assertPixels(b2, data.image(2));
        assertEquals(64, data.sha256().length());
    }

    private static void assertPixels(int[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i] / 255f, actual[i], 0f, "pixel " + i);
        }
    }

    @Test
    void flatFolderIsUnlabeled() {
        gray(dir.resolve("b.png"), 3, 3);
        gray(dir.resolve("a.png"), 3, 3);
        ImageDataset data = ImageFolderReader.read(dir, null);
        assertEquals(2, data.size());
        assertTrue(data.labels().isEmpty());
        assertTrue(data.classNames().isEmpty());
        assertEquals(dir.toString(), data.name());
    }

    @Test
    void hashCoversPathsAndContent() {
        gray(dir.resolve("a/1.png"), 3, 3);
        gray(dir.resolve("b/1.png"), 3, 3);
        String first = ImageFolderReader.read(dir, null).sha256();
        assertEquals(first, ImageFolderReader.read(dir, null).sha256());
        assertTrue(dir.resolve("b").toFile().renameTo(dir.resolve("c").toFile()));
        assertNotEquals(first, ImageFolderReader.read(dir, null).sha256());
    }

    @Test
    void mixOfRgbAndGrayGivesThreeChannelsWhenAsked() {
        int[] gray = gray(dir.resolve("a_gray.png"), 5, 4);
        int[] rgb = colour(dir.resolve("b_rgba.png"), 5, 4, BufferedImage.TYPE_INT_ARGB);
        colour(dir.resolve("c_photo.jpg"), 5, 4, BufferedImage.TYPE_INT_RGB);
        gray(dir.resolve("d_gray.JPEG"), 5, 4);

        ImageDataset data = ImageFolderReader.read(dir, null, "mixed", 3);

        assertEquals(4, data.size());
        assertArrayEquals(new int[] {3, 4, 5}, data.imageShape());
        float[] g = data.image(0);
        for (int c = 0; c < 3; c++) {
            assertPixels(gray, Arrays.copyOfRange(g, c * 20, (c + 1) * 20));
        }
        // alpha is dropped: the colour values come through unchanged, not blended
        float[] p = data.image(1);
        for (int i = 0; i < 20; i++) {
            assertEquals(((rgb[i] >> 16) & 0xff) / 255f, p[i], 0f);
            assertEquals(((rgb[i] >> 8) & 0xff) / 255f, p[20 + i], 0f);
            assertEquals((rgb[i] & 0xff) / 255f, p[40 + i], 0f);
        }
    }

    @Test
    void mixOfRgbAndGrayReadAsGrayTakesTheLuma() {
        gray(dir.resolve("a_gray.png"), 5, 4);
        int[] rgb = colour(dir.resolve("b_rgb.png"), 5, 4, BufferedImage.TYPE_INT_RGB);

        ImageDataset data = ImageFolderReader.read(dir, null, "mixed", 1);

        assertArrayEquals(new int[] {1, 4, 5}, data.imageShape());
        float[] p = data.image(1);
        for (int i = 0; i < 20; i++) {
            double luma = 0.299 * ((rgb[i] >> 16) & 0xff) + 0.587 * ((rgb[i] >> 8) & 0xff) + 0.114 * (rgb[i] & 0xff);
            assertEquals(luma / 255, p[i], 1e-6);
        }
    }

    @Test
    void mixOfRgbAndGrayWithoutAChannelCountIsRefused() {
        gray(dir.resolve("a_gray.png"), 5, 4);
        Path colour = dir.resolve("b_rgb.png");
        colour(colour, 5, 4, BufferedImage.TYPE_INT_RGB);
        BadInputException e = assertThrows(BadInputException.class, () -> ImageFolderReader.read(dir, null));
        assertEquals(colour + ": image is colour but " + dir.resolve("a_gray.png") + " is grayscale, expected one "
                + "kind; give --color rgb or --color gray to convert all images", e.getMessage());
    }

    @Test
    void mixedSizesNeedAnImageSize() {
        gray(dir.resolve("a.png"), 28, 28);
        gray(dir.resolve("b.png"), 28, 28);
        Path odd = dir.resolve("c.png");
        gray(odd, 32, 30);
        BadInputException e = assertThrows(BadInputException.class, () -> ImageFolderReader.read(dir, null));
        assertEquals(
                odd + ": image is 32x30 pixels (width x height) but " + dir.resolve("a.png")
                        + " is 28x28, expected images of one size; give --image-size N to resize all images to NxN",
                e.getMessage());
    }

    @Test
    void mixedSizesWithAnImageSizeAreResized() {
        // a constant image keeps its value through bilinear resizing, up or down
        BufferedImage flat = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                flat.getRaster().setSample(x, y, 0, 100);
            }
        }
        write(flat, dir.resolve("a/big.png"));
        gray(dir.resolve("a/small.png"), 8, 8);
        gray(dir.resolve("b/exact.png"), 16, 16);

        ImageDataset data = ImageFolderReader.read(dir, 16);

        assertEquals(3, data.size());
        assertArrayEquals(new int[] {1, 16, 16}, data.imageShape());
        for (float v : data.image(0)) {
            assertEquals(100 / 255f, v, 1.5f / 255f);
        }
    }

    @Test
    void corruptImageIsNamed() {
        gray(dir.resolve("a.png"), 4, 4);
        Path bad = IdxFiles.write(dir.resolve("b.png"), IdxFiles.randomBytes(300, 3));
        BadInputException e = assertThrows(BadInputException.class, () -> ImageFolderReader.read(dir, null));
        assertTrue(e.getMessage().startsWith(bad + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void truncatedPngAndJpegAreNamed() throws IOException {
        Path png = dir.resolve("png/a.png");
        gray(png, 40, 40);
        byte[] full = Files.readAllBytes(png);
        Files.write(png, Arrays.copyOf(full, full.length / 2));
        BadInputException e =
                assertThrows(BadInputException.class, () -> ImageFolderReader.read(dir.resolve("png"), null));
        assertTrue(e.getMessage().startsWith(png + ": "), e.getMessage());

        Path jpg = dir.resolve("jpg/a.jpg");
        colour(jpg, 64, 64, BufferedImage.TYPE_INT_RGB);
        full = Files.readAllBytes(jpg);
        Files.write(jpg, Arrays.copyOf(full, full.length / 2));
        e = assertThrows(BadInputException.class, () -> ImageFolderReader.read(dir.resolve("jpg"), null));
        assertTrue(e.getMessage().startsWith(jpg + ": "), e.getMessage());
    }

    @Test
    void emptyFolder() {
        IdxFiles.write(dir.resolve("readme.txt"), new byte[] {1});
        BadInputException e = assertThrows(BadInputException.class, () -> ImageFolderReader.read(dir, null));
        assertEquals(
                dir + ": no PNG or JPEG images found (expected images in " + dir + " or in one subfolder per class)",
                e.getMessage());
    }

    @Test
    void imagesNextToClassFoldersAreAnError() {
        gray(dir.resolve("loose.png"), 3, 3);
        gray(dir.resolve("cat/1.png"), 3, 3);
        BadInputException e = assertThrows(BadInputException.class, () -> ImageFolderReader.read(dir, null));
        assertEquals(
                dir + ": holds both images (such as loose.png) and class subfolders (such as cat), expected either"
                        + " images only (unlabeled) or one subfolder per class",
                e.getMessage());
    }

    @Test
    void missingFolder() {
        Path missing = dir.resolve("nope");
        BadInputException e = assertThrows(BadInputException.class, () -> ImageFolderReader.read(missing, null));
        assertEquals(missing + ": no such folder", e.getMessage());
    }
}
