package org.vae4j.inpaint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.BadInputException;

class MaskSpecTest {

    /** The mask drawn as rows of '#' (missing) and '.' (observed). */
    private static String draw(boolean[] m, int width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < m.length; i++) {
            b.append(m[i] ? '#' : '.');
            if ((i + 1) % width == 0 && i + 1 < m.length) {
                b.append('/');
            }
        }
        return b.toString();
    }

    private static String mask(String spec, int h, int w) {
        return draw(MaskSpec.parse(spec).missing(h, w, 1, 0, null), w);
    }

    @Test
    void halvesMissTheirHalfWithTheSmallerFirstHalfForOddSizes() {
        assertEquals("####/####/..../....", mask("top-half", 4, 4));
        assertEquals("..../..../####/####", mask("bottom-half", 4, 4));
        assertEquals("##../##../##../##..", mask("left-half", 4, 4));
        assertEquals("..##/..##/..##/..##", mask("right-half", 4, 4));
        assertEquals("###/.../...", mask("top-half", 3, 3));
        assertEquals(".../###/###", mask("bottom-half", 3, 3));
        assertEquals("#../#../#..", mask("LEFT-HALF", 3, 3));
        assertEquals(".##/.##", mask("right-half", 2, 3));
        assertEquals("..../.##./.##./..../....", mask("center:2", 5, 4));
    }

    /** Pyro's CVAE example: 1 quadrant given is the bottom-left one, 2 the left half, 3 all but the bottom-right. */
    @Test
    void quadrantsGiveWhatSohnEtAlAndPyroGive() {
        assertEquals("####/####/..##/..##", mask("quadrant:1", 4, 4));
        assertEquals("..##/..##/..##/..##", mask("quadrant:2", 4, 4));
        assertEquals("..../..../..##/..##", mask("quadrant:3", 4, 4));
        boolean[] m = MaskSpec.parse("quadrant:1").missing(28, 28, 1, 0, null);
        int missing = 0;
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                boolean expected = !(r >= 14 && c < 14);
                assertEquals(expected, m[r * 28 + c], "row " + r + ", column " + c);
                missing += m[r * 28 + c] ? 1 : 0;
            }
        }
        assertEquals(3 * 196, missing);
    }

    @Test
    void rectanglesAndCentredSquaresMissExactlyTheirPixels() {
        assertEquals("...../.##../.##../.....", mask("rect:1,1,2,2", 4, 5));
        assertEquals("..#/..#", mask("rect:2,0,1,2", 2, 3));
        assertEquals("..../.##./.##./....", mask("center:2", 4, 4));
        assertEquals("...../.###./.###./.###./.....", mask("center:3", 5, 5));
    }

    /** A seeded random mask hits the asked fraction within binomial error, repeats for a seed, and differs by image. */
    @Test
    void randomMasksHitTheFractionAndAreSeeded() {
        MaskSpec spec = MaskSpec.parse("random:0.3");
        int n = 100 * 100;
        boolean[] a = spec.missing(100, 100, 7, 0, null);
        int missing = 0;
        for (boolean b : a) {
            missing += b ? 1 : 0;
        }
        double sd = Math.sqrt(n * 0.3 * 0.7);
        assertTrue(Math.abs(missing - 0.3 * n) < 4 * sd, missing + " of " + n + " missing, expected 3000 +- " + sd);
        assertArrayEquals(a, spec.missing(100, 100, 7, 0, null), "the same seed and image give the same mask");
        assertTrue(!java.util.Arrays.equals(a, spec.missing(100, 100, 7, 1, null)), "another image, another mask");
        assertTrue(!java.util.Arrays.equals(a, spec.missing(100, 100, 8, 0, null)), "another seed, another mask");
    }

    @Test
    void maskFilesAreReadWhiteMissingAndMatchedByNameInAFolder(@TempDir Path dir) throws Exception {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 0, 0xFFFFFF);
        img.setRGB(2, 1, 0xFFFFFF);
        Path file = dir.resolve("one.png");
        ImageIO.write(img, "png", file.toFile());
        assertEquals(".#./..#", draw(MaskSpec.parse("file:" + file).missing(2, 3, 1, 0, null), 3));
        Path folder = Files.createDirectory(dir.resolve("masks"));
        ImageIO.write(img, "png", folder.resolve("shoe.png").toFile());
        assertEquals(".#./..#", draw(MaskSpec.parse("file:" + folder).missing(2, 3, 1, 0, "shoe.jpg"), 3));
        assertEquals(".#./..#", draw(MaskSpec.parse("file:" + folder).missing(2, 3, 1, 0, "dir.v1/shoe"), 3));
        BadInputException none = assertThrows(BadInputException.class,
                () -> MaskSpec.parse("file:" + folder).missing(2, 3, 1, 0, "boot.png"));
        assertTrue(none.getMessage().contains("boot.png"), none.getMessage());
    }

    @Test
    void badMasksAreOneLineNamingWhatWasExpected(@TempDir Path dir) throws Exception {
        String[][] cases = {
            {"quadrant:4", "K = 1, 2 or 3"}, {"quadrant:x", "must be an integer"}, {"rect:1,2,3", "four integers"},
            {"rect:0,0,0,2", "W, H >= 1"}, {"center:0", "S >= 1"}, {"random:1", "strictly between 0 and 1"},
            {"random:abc", "between 0 and 1"}, {"blob", "expected top-half"}, {"", "expected top-half"},
            {"file:", "a mask PNG or a folder"},
        };
        for (String[] c : cases) {
            BadInputException e = assertThrows(BadInputException.class, () -> MaskSpec.parse(c[0]), c[0]);
            assertTrue(e.getMessage().startsWith("--mask " + c[0]) && e.getMessage().contains(c[1]),
                    c[0] + ": " + e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "one line");
        }
        assertTrue(assertThrows(BadInputException.class, () -> MaskSpec.parse("rect:20,20,10,10")
                .missing(28, 28, 1, 0, null)).getMessage().contains("lies outside the 28x28 image"));
        assertTrue(assertThrows(BadInputException.class, () -> MaskSpec.parse("center:29")
                .missing(28, 28, 1, 0, null)).getMessage().contains("does not fit the 28x28 image"));
        // a mask that leaves nothing missing, or nothing observed
        assertTrue(assertThrows(BadInputException.class, () -> MaskSpec.parse("rect:0,0,4,4")
                .missing(4, 4, 1, 0, null)).getMessage().contains("expected at least one observed pixel"));
        BufferedImage black = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        Path none = dir.resolve("none.png");
        ImageIO.write(black, "png", none.toFile());
        assertTrue(assertThrows(BadInputException.class, () -> MaskSpec.parse("file:" + none)
                .missing(4, 4, 1, 0, null)).getMessage().contains("no pixel of the 4x4 image is missing"));
        // a mask of another size, one that is not two-valued, a file that is not an image, a missing file
        assertTrue(assertThrows(BadInputException.class, () -> MaskSpec.parse("file:" + none)
                .missing(28, 28, 1, 0, null)).getMessage().contains("is 4x4, the images are 28x28"));
        BufferedImage grey = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        grey.setRGB(2, 3, 0x808080);
        Path greyFile = dir.resolve("grey.png");
        ImageIO.write(grey, "png", greyFile.toFile());
        String g = assertThrows(BadInputException.class, () -> MaskSpec.parse("file:" + greyFile)
                .missing(4, 4, 1, 0, null)).getMessage();
        assertTrue(g.contains("row 3, column 2") && g.contains("#808080"), g);
        BufferedImage clear = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        clear.setRGB(1, 1, 0x00FFFFFF);
        Path clearFile = dir.resolve("clear.png");
        ImageIO.write(clear, "png", clearFile.toFile());
        assertTrue(assertThrows(BadInputException.class, () -> MaskSpec.parse("file:" + clearFile)
                .missing(4, 4, 1, 0, null)).getMessage().contains("transparent pixel at row 0, column 0"));
        assertTrue(assertThrows(BadInputException.class, () -> MaskSpec.parse(null)).getMessage()
                .startsWith("--mask: no mask given"));
        Path text = Files.writeString(dir.resolve("mask.png.txt"), "not a png");
        assertTrue(assertThrows(BadInputException.class, () -> MaskSpec.parse("file:" + text)
                .missing(4, 4, 1, 0, null)).getMessage().contains("is not an image"));
        assertTrue(assertThrows(BadInputException.class, () -> MaskSpec.parse("file:" + dir.resolve("gone.png"))
                .missing(4, 4, 1, 0, null)).getMessage().contains("does not exist"));
    }
}
