package org.vae4j.inpaint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vae4j.BadInputException;
import org.vae4j.model.LatentModel;

/**
 * On {@link Ppca}, p(x_miss | x_obs) is Gaussian in closed form. Its encoder proposes with twice the true posterior
 * variance, so q is not the posterior: Metropolis-within-Gibbs must still sample the closed form, and pseudo-Gibbs,
 * which trusts q, must not.
 */
class GibbsFillTest {
    private static final double[] X = {1.4, -0.6, 0.0, 0.0, 0.9, -0.4};
    private static final boolean[] MISSING = {false, false, true, true, false, false};
    private static final int ITERATIONS = 6000;
    private static final int BURN_IN = 500;

    private static double[][] moments(GibbsFill.Chain chain) {
        double[] mean = new double[6];
        double[] var = new double[6];
        int n = ITERATIONS - BURN_IN;
        for (int t = BURN_IN; t < ITERATIONS; t++) {
            for (int i = 0; i < 6; i++) {
                mean[i] += chain.draws()[t][i] / n;
            }
        }
        for (int t = BURN_IN; t < ITERATIONS; t++) {
            for (int i = 0; i < 6; i++) {
                double u = chain.draws()[t][i] - mean[i];
                var[i] += u * u / (n - 1);
            }
        }
        return new double[][] {mean, var};
    }

    private static float[] row() {
        float[] r = new float[6];
        for (int i = 0; i < 6; i++) {
            r[i] = MISSING[i] ? 0f : (float) X[i];
        }
        return r;
    }

    private static boolean[] seen() {
        boolean[] s = new boolean[6];
        for (int i = 0; i < 6; i++) {
            s[i] = !MISSING[i];
        }
        return s;
    }

    @Test
    void metropolisWithinGibbsSamplesTheClosedFormAndPseudoGibbsDoesNot() {
        double[] mean = Ppca.conditionalMean(X, MISSING);
        double[] var = Ppca.conditionalVariance(MISSING);
        try (LatentModel model = Ppca.model()) {
            GibbsFill.Chain mwg = GibbsFill.run(model, row(), seen(), GibbsFill.Method.METROPOLIS_WITHIN_GIBBS,
                    ITERATIONS, 11);
            double[][] m = moments(mwg);
            double rate = mwg.accepted() / (double) ITERATIONS;
            assertTrue(rate > 0.2 && rate < 0.95, "acceptance rate " + rate);
            GibbsFill.Chain pg = GibbsFill.run(model, row(), seen(), GibbsFill.Method.PSEUDO_GIBBS, ITERATIONS, 11);
            double[][] p = moments(pg);
            for (int i : new int[] {2, 3}) {
                assertEquals(mean[i], m[0][i], 0.08, "MWG mean of value " + i);
                assertEquals(var[i], m[1][i], 0.15 * var[i], "MWG variance of value " + i);
                assertTrue(p[1][i] > 1.2 * var[i], "pseudo-Gibbs variance of value " + i + ": " + p[1][i]
                        + " against the true " + var[i]);
            }
            for (GibbsFill.Chain c : new GibbsFill.Chain[] {mwg, pg}) {
                for (float[] d : c.draws()) {
                    for (int i = 0; i < 6; i++) {
                        if (!MISSING[i]) {
                            assertEquals((float) X[i], d[i], 0f, "observed values stay");
                        }
                    }
                }
            }
        }
    }

    /** The fill, the mean of E[x_miss | z_t] after the burn-in, reaches the closed-form conditional mean. */
    @Test
    void metropolisWithinGibbsFillsWithTheConditionalMean() {
        double[] mean = Ppca.conditionalMean(X, MISSING);
        float[] x = new float[6];
        for (int i = 0; i < 6; i++) {
            x[i] = (float) X[i];
        }
        try (LatentModel model = Ppca.model()) {
            float[] f = GibbsFill.fill(model, x, MISSING, GibbsFill.Method.METROPOLIS_WITHIN_GIBBS, ITERATIONS,
                    BURN_IN, 13, 0);
            for (int i : new int[] {2, 3}) {
                assertEquals(mean[i], f[i], 0.06, "value " + i);
            }
        }
    }

    @Test
    void theFillIsSeededKeepsObservedValuesAndNeverReadsMissingOnes() {
        float[] a = {1.4f, -0.6f, 0.7f, 0.1f, 0.9f, -0.4f};
        float[] b = a.clone();
        b[2] = Float.NaN;
        b[3] = 1e30f;
        try (LatentModel model = Ppca.model()) {
            for (GibbsFill.Method method : GibbsFill.Method.values()) {
                float[] fa = GibbsFill.fill(model, a, MISSING, method, 300, 50, 5, 0);
                assertArrayEquals(fa, GibbsFill.fill(model, b, MISSING, method, 300, 50, 5, 0), method.name());
                for (int i = 0; i < 6; i++) {
                    assertTrue(Float.isFinite(fa[i]));
                    if (!MISSING[i]) {
                        assertEquals(a[i], fa[i], 0f);
                    }
                }
            }
            assertThrows(BadInputException.class, () -> GibbsFill.fill(model, a, MISSING,
                    GibbsFill.Method.PSEUDO_GIBBS, 50, 50, 5, 0));
            assertThrows(BadInputException.class, () -> GibbsFill.fill(model, a, new boolean[4],
                    GibbsFill.Method.PSEUDO_GIBBS, 50, 10, 5, 0));
        }
    }
}
