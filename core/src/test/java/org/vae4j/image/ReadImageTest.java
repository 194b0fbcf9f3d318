package org.vae4j.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.BadInputException;

/** {@link ImageFolderReader#readImage}: one file, read like a folder image and converted to a given shape. */
class ReadImageTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    @TempDir
    Path dir;

    private Path write(String name, BufferedImage image) throws IOException {
        Path file = dir.resolve(name);
        ImageIO.write(image, name.endsWith(".png") ? "png" : "jpg", file.toFile());
        return file;
    }

    private static BufferedImage filled(int type, int w, int h, Color c) {
        BufferedImage image = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, c.getRGB());
            }
        }
        return image;
    }

    @Test
    void anImageOfTheRightShapeIsReadAsAFolderReadsIt() throws IOException {
        BufferedImage image = new BufferedImage(5, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                image.getRaster().setSample(x, y, 0, 10 * x + 50 * y);
            }
        }
        Path file = write("a.png", image);
        float[] pixels = ImageFolderReader.readImage(file, 1, 4, 5);
        assertArrayEquals(ImageFolderReader.read(dir, null).image(0), pixels);
        assertEquals(10 * 2 + 50 * 3, Math.round(pixels[3 * 5 + 2] * 255));
    }

    @Test
    void otherSizesAndColoursAreConverted() throws IOException {
        Path colour = write("c.png", filled(BufferedImage.TYPE_INT_RGB, 40, 30, new Color(200, 100, 50)));
        float[] gray = ImageFolderReader.readImage(colour, 1, 28, 28);
        assertEquals(28 * 28, gray.length);
        float luma = (0.299f * 200 + 0.587f * 100 + 0.114f * 50) / 255f;
        for (float v : gray) {
            assertEquals(luma, v, 1.5f / 255);
        }
        float[] rgb = ImageFolderReader.readImage(colour, 3, 8, 8);
        assertEquals(200 / 255f, rgb[0], 1.5f / 255);
        assertEquals(100 / 255f, rgb[64], 1.5f / 255);
        assertEquals(50 / 255f, rgb[128], 1.5f / 255);

        Path grayFile = write("g.png", filled(BufferedImage.TYPE_BYTE_GRAY, 10, 10, new Color(90, 90, 90)));
        float[] replicated = ImageFolderReader.readImage(grayFile, 3, 10, 10);
        assertArrayEquals(Arrays.copyOfRange(replicated, 0, 100), Arrays.copyOfRange(replicated, 200, 300));
    }

    @Test
    void missingEmptyCorruptAndFolderAreNamedOnOneLine() throws IOException {
        Path missing = dir.resolve("none.png");
        Path empty = Files.write(dir.resolve("empty.png"), new byte[0]);
        Path text = Files.write(dir.resolve("text.png"), "not an image".getBytes());
        BufferedImage noise = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(3);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                noise.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        Path half = write("half.png", noise);
        byte[] full = Files.readAllBytes(half);
        Files.write(half, Arrays.copyOf(full, full.length / 2));
        Path folder = Files.createDirectory(dir.resolve("sub.png"));
        for (Path file : new Path[] {missing, empty, text, half, folder}) {
            BadInputException e =
                    assertThrows(BadInputException.class, () -> ImageFolderReader.readImage(file, 1, 28, 28));
            assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void aBadTargetShapeIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> ImageFolderReader.readImage(dir, 2, 28, 28));
        assertThrows(IllegalArgumentException.class, () -> ImageFolderReader.readImage(dir, 1, 0, 28));
    }
}
