package org.vae4j.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vae4j.BadInputException;

class BinarizationTest {
    private static final ImageDataset GRAY = gray(500);

    private static ImageDataset gray(int count) {
        Random r = new Random(3);
        float[] pixels = new float[count * 16];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = r.nextFloat();
        }
        pixels[0] = 0f;
        pixels[1] = 1f;
        pixels[2] = 0.5f;
        int[] labels = new int[count];
        Arrays.fill(labels, 1);
        return new ImageDataset("gray", pixels, 1, 4, 4, labels, List.of("a", "b"), "abc");
    }

    @Test
    void thresholdCutsAboveOneHalf() {
        ImageDataset b = Binarization.THRESHOLD.apply(GRAY, 1);
        for (int i = 0; i < GRAY.pixels().length; i++) {
            assertEquals(GRAY.pixels()[i] > 0.5f ? 1f : 0f, b.pixels()[i], "pixel " + i);
        }
        assertEquals(0f, b.pixels()[2], "0.5 itself stays 0");
    }

    @Test
    void staticDrawsEachPixelWithItsValueAsProbability() {
        ImageDataset b = Binarization.STATIC.apply(GRAY, 7);
        float[] p = GRAY.pixels();
        float[] v = b.pixels();
        double sum = 0;
        double variance = 0;
        for (int i = 0; i < p.length; i++) {
            assertTrue(v[i] == 0f || v[i] == 1f);
            sum += v[i] - p[i];
            variance += p[i] * (1 - p[i]);
        }
        // The sum of (draw - probability) has mean 0 and variance sum p(1-p): within 4 standard deviations.
        assertTrue(Math.abs(sum) < 4 * Math.sqrt(variance), "sum " + sum + ", sd " + Math.sqrt(variance));
        assertEquals(0f, v[0]);
        assertEquals(1f, v[1]);
        assertArrayEquals(v, Binarization.STATIC.apply(GRAY, 7).pixels(), "the same seed, the same draw");
        assertFalse(Arrays.equals(v, Binarization.STATIC.apply(GRAY, 8).pixels()), "another seed, another draw");
        assertArrayEquals(v, Binarization.DYNAMIC.apply(GRAY, 7).pixels(), "a fixed set: dynamic is one draw");
    }

    @Test
    void keepsShapeLabelsClassesAndProvenanceAndNamesTheChange() {
        ImageDataset b = Binarization.STATIC.apply(GRAY, 1);
        assertEquals(GRAY.size(), b.size());
        assertArrayEquals(GRAY.imageShape(), b.imageShape());
        assertArrayEquals(GRAY.labels().orElseThrow(), b.labels().orElseThrow());
        assertEquals(GRAY.classNames(), b.classNames());
        assertEquals("abc", b.sha256());
        assertTrue(b.name().contains("binarized: static"), b.name());
        assertSame(GRAY, Binarization.NONE.apply(GRAY, 1));
    }

    @Test
    void parsesTheNamesInAnyCaseAndRefusesOthers() {
        assertEquals(Binarization.DYNAMIC, Binarization.parse("Dynamic"));
        assertEquals(Binarization.NONE, Binarization.parse(null));
        assertEquals("threshold", Binarization.parse("threshold").label());
        BadInputException e = assertThrows(BadInputException.class, () -> Binarization.parse("half"));
        assertTrue(e.getMessage().contains("'half'") && e.getMessage().contains("dynamic"), e.getMessage());
    }

    @Test
    void theTrainingLoopsDrawIsBinaryUnbiasedAndSeeded() {
        try (NDManager manager = NDManager.newBaseManager()) {
            org.vae4j.data.Batch x = GRAY.batch(manager, 0, GRAY.size());
            org.vae4j.Noise noise = new org.vae4j.Noise(5);
            float[] a = Binarization.draw(x, noise).input().toFloatArray();
            float[] b = Binarization.draw(x, noise).input().toFloatArray();
            float[] again = Binarization.draw(x, new org.vae4j.Noise(5)).input().toFloatArray();
            assertArrayEquals(a, again, "the seed fixes the draw");
            assertFalse(Arrays.equals(a, b), "each call draws afresh");
            float[] p = GRAY.pixels();
            double sum = 0;
            double variance = 0;
            for (int i = 0; i < p.length; i++) {
                assertTrue(a[i] == 0f || a[i] == 1f);
                sum += a[i] - p[i];
                variance += p[i] * (1 - p[i]);
            }
            assertTrue(Math.abs(sum) < 4 * Math.sqrt(variance), "sum " + sum + ", sd " + Math.sqrt(variance));
            assertEquals(0f, a[0]);
            assertEquals(1f, a[1]);
        }
    }
}
