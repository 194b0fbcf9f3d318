package org.vae4j.inpaint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vae4j.BadInputException;
import org.vae4j.model.LatentModel;

/** On {@link Ppca}, whose E[x_miss | x_obs] has a closed form, which the importance fill must reach. */
class ImportanceFillTest {
    @Test
    void manyImportanceSamplesReachTheClosedFormConditionalMean() {
        double[] x = {1.4, -0.6, 1.1, 0.2, 0.9, -0.4};
        boolean[] missing = {false, false, true, true, false, false};
        double[] exact = Ppca.conditionalMean(x, missing);
        float[] values = new float[6];
        for (int i = 0; i < 6; i++) {
            values[i] = (float) x[i];
        }
        // the encoder sees zeros where values are missing, so q alone is biased: its mean decoded is far off
        double[] zeroFilled = x.clone();
        zeroFilled[2] = 0;
        zeroFilled[3] = 0;
        double worst = 0;
        for (int i : new int[] {2, 3}) {
            double qMean = Ppca.B[i];
            for (int j = 0; j < 2; j++) {
                double mu = 0;
                for (int k = 0; k < 6; k++) {
                    mu += Ppca.W[k][j] * (zeroFilled[k] - Ppca.B[k]) / Ppca.M;
                }
                qMean += Ppca.W[i][j] * mu;
            }
            worst = Math.max(worst, Math.abs(qMean - exact[i]));
        }
        assertTrue(worst > 0.3, "the proposal alone is off by " + worst);
        try (LatentModel model = Ppca.model()) {
            float[] filled = ImportanceFill.fill(model, values, missing, 20_000, 5);
            for (int i = 0; i < 6; i++) {
                if (missing[i]) {
                    assertEquals(exact[i], filled[i], 0.03, "missing value " + i);
                } else {
                    assertEquals(values[i], filled[i], 0f, "observed value " + i + " unchanged");
                }
            }
        }
    }

    @Test
    void missingValuesAreNeverReadAndObservedOnesAreKept() {
        float[] a = {1.4f, -0.6f, 1.1f, 0.2f, 0.9f, -0.4f, 0.3f, 0.3f, -1.0f, 2.0f, 0.0f, 0.5f};
        boolean[] missing = {false, true, true, false, false, true, true, false, false, false, true, false};
        float[] b = a.clone();
        for (int i = 0; i < b.length; i++) {
            if (missing[i]) {
                b[i] = i % 2 == 0 ? Float.NaN : 1e30f; // noise where nothing may look
            }
        }
        try (LatentModel model = Ppca.model()) {
            float[] fa = ImportanceFill.fill(model, a, missing, 50, 3);
            float[] fb = ImportanceFill.fill(model, b, missing, 50, 3);
            assertArrayEquals(fa, fb, "what lies in missing values changes nothing");
            for (int i = 0; i < a.length; i++) {
                assertTrue(Float.isFinite(fa[i]));
                if (!missing[i]) {
                    assertEquals(a[i], fa[i], 0f);
                }
            }
            assertArrayEquals(fa, ImportanceFill.fill(model, a, missing, 50, 3), "seeded");
            assertThrows(BadInputException.class, () -> ImportanceFill.fill(model, a, new boolean[5], 50, 3));
            assertThrows(BadInputException.class, () -> ImportanceFill.fill(model, a, missing, 0, 3));
            float[] nan = a.clone();
            nan[0] = Float.NaN; // observed
            assertTrue(assertThrows(BadInputException.class, () -> ImportanceFill.fill(model, nan, missing, 50, 3))
                    .getMessage().contains("example 0, value 0 is NaN but observed"));
            // the second example alone, as the second of a set, draws what it draws in the whole set
            float[] second = ImportanceFill.fill(model, java.util.Arrays.copyOfRange(a, 6, 12),
                    java.util.Arrays.copyOfRange(missing, 6, 12), 50, 3, 1);
            assertArrayEquals(java.util.Arrays.copyOfRange(fa, 6, 12), second);
            // the draws decoded 7 at a time and combined with a running maximum give the one-step result
            float[] stepped = ImportanceFill.fill(model, a, missing, 50, 3, 0, 7);
            for (int i = 0; i < a.length; i++) {
                assertEquals(fa[i], stepped[i], 1e-5, "value " + i + " decoded in steps of 7");
            }
        }
    }
}
