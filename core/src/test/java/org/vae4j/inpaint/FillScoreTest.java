package org.vae4j.inpaint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vae4j.model.LatentModel;

/**
 * The scores of the unconditional fills on {@link Ppca}, where log p(x_miss | x_obs) has a closed form: the
 * importance estimate with many draws and the Metropolis-within-Gibbs chain's average both reach it.
 */
class FillScoreTest {
    private static final double[] X = {1.4, -0.6, 1.1, 0.2, 0.9, -0.4};
    private static final boolean[] MISSING = {false, false, true, true, false, false};

    private static float[] values() {
        float[] v = new float[6];
        for (int i = 0; i < 6; i++) {
            v[i] = (float) X[i];
        }
        return v;
    }

    @Test
    void theImportanceScoreReachesTheClosedFormConditionalLogDensity() {
        double exact = Ppca.conditionalLogDensity(X, MISSING);
        try (LatentModel model = Ppca.model()) {
            float[] damaged = values();
            damaged[2] = Float.NaN; // never read by the fill
            damaged[3] = 7f;
            Inpainting.Filled f = ImportanceFill.fill(model, damaged, MISSING, values(), 20_000, 5, 0);
            assertEquals(exact, f.missingLogLikelihood()[0], 0.02, "closed form " + exact);
            // the fill is the one made without the truth
            assertArrayEquals(ImportanceFill.fill(model, damaged, MISSING, 20_000, 5), f.values());
            // a wrong truth scores worse than the true one
            float[] wrong = values();
            wrong[2] += 2f;
            double off = ImportanceFill.fill(model, damaged, MISSING, wrong, 20_000, 5, 0).missingLogLikelihood()[0];
            assertTrue(off < exact - 1, "a shifted truth scores " + off);
        }
    }

    /** A proposal at the image completed by pseudo-Gibbs steps keeps the estimator on the closed form. */
    @Test
    void theRefinedProposalReachesTheClosedFormToo() {
        double exact = Ppca.conditionalLogDensity(X, MISSING);
        double[] mean = Ppca.conditionalMean(X, MISSING);
        try (LatentModel model = Ppca.model()) {
            Inpainting.Filled f = ImportanceFill.fill(model, values(), MISSING, values(), 20_000, 10, 5, 0);
            assertEquals(exact, f.missingLogLikelihood()[0], 0.02, "closed form " + exact);
            for (int i : new int[] {2, 3}) {
                assertEquals(mean[i], f.values()[i], 0.03, "missing value " + i);
            }
            assertTrue(!java.util.Arrays.equals(f.values(),
                    ImportanceFill.fill(model, values(), MISSING, values(), 20_000, 0, 5, 0).values()),
                    "another proposal, other draws");
        }
    }

    @Test
    void theMetropolisWithinGibbsScoreReachesItToo() {
        double exact = Ppca.conditionalLogDensity(X, MISSING);
        try (LatentModel model = Ppca.model()) {
            Inpainting.Filled f = GibbsFill.fill(model, values(), MISSING, values(),
                    GibbsFill.Method.METROPOLIS_WITHIN_GIBBS, 6000, 500, 3, 0);
            assertEquals(exact, f.missingLogLikelihood()[0], 0.06, "closed form " + exact);
            assertArrayEquals(GibbsFill.fill(model, values(), MISSING, GibbsFill.Method.METROPOLIS_WITHIN_GIBBS,
                    6000, 500, 3, 0), f.values(), "scoring does not change the fill");
        }
    }

    @Test
    void theEntryPointScoresOverTheMissingValuesOnly() {
        try (LatentModel model = Ppca.model()) {
            float[] truth = values();
            Inpainting.Result r = Inpainting.run(model, values(), MISSING, truth, "importance",
                    new Inpainting.Options(500, 10, 2, 0, 4));
            double direct = 0;
            for (int i : new int[] {2, 3}) {
                direct += (r.filled()[i] - truth[i]) * (double) (r.filled()[i] - truth[i]) / 2;
            }
            assertEquals(direct, r.meanMse(), 1e-12);
            assertEquals(10 * Math.log10(1 / direct), r.psnr(), 1e-9);
            assertEquals(1, r.missingLogLikelihood().length);
            assertTrue(r.elbo() == null, "only a completion model has an ELBO");
            assertEquals("mwg", Inpainting.run(model, values(), MISSING, null, " MWG ",
                    new Inpainting.Options(10, 10, 2, 0, 4)).method());
            assertTrue(org.junit.jupiter.api.Assertions.assertThrows(org.vae4j.BadInputException.class,
                    () -> Inpainting.run(model, values(), MISSING, null, "model", Inpainting.Options.defaults()))
                    .getMessage().contains("expected importance, mwg, pseudo-gibbs"));
        }
    }

    @Test
    void logAddExpIsExact() {
        assertEquals(Math.log(Math.exp(-1) + Math.exp(-3)), Inpainting.logAddExp(-1, -3), 1e-15);
        assertEquals(-2, Inpainting.logAddExp(Double.NEGATIVE_INFINITY, -2), 0);
        assertEquals(1000 + Math.log(2), Inpainting.logAddExp(1000, 1000), 1e-12);
    }
}
