package org.vae4j.likelihood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LikelihoodTest {
    private static final int BATCH = 3;
    private static final int D = 7;

    private static float[] uniform(Random r, int n, float lo, float hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * r.nextFloat();
        }
        return v;
    }

    @Test
    void bernoulliIsBinaryCrossEntropyOfTheSigmoid() {
        Random r = new Random(1);
        float[] logits = uniform(r, BATCH * D, -6, 6);
        float[] x = uniform(r, BATCH * D, 0, 1);
        x[0] = 0f;
        x[1] = 1f;
        try (NDManager m = NDManager.newBaseManager()) {
            float[] nll = new Bernoulli()
                    .negLogLikelihood(m.create(logits, new Shape(BATCH, D)), m.create(x, new Shape(BATCH, D)), null)
                    .toFloatArray();
            assertEquals(BATCH, nll.length);
            for (int b = 0; b < BATCH; b++) {
                double expected = 0;
                for (int d = 0; d < D; d++) {
                    int i = b * D + d;
                    double p = 1 / (1 + Math.exp(-logits[i]));
                    expected -= x[i] * Math.log(p) + (1 - x[i]) * Math.log(1 - p);
                }
                assertEquals(expected, nll[b], 1e-4 * Math.max(1, expected));
            }
        }
    }

    @Test
    void bernoulliStaysFiniteForExtremeLogits() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {80f, -80f, 80f, -80f}, new Shape(1, 4));
            NDArray x = m.create(new float[] {1f, 0f, 0f, 1f}, new Shape(1, 4));
            float nll = new Bernoulli().negLogLikelihood(logits, x, null).getFloat(0);
            // The two right guesses cost ~0, the two confident wrong ones 80 nats each.
            assertEquals(160f, nll, 1e-3f);
        }
    }

    @Test
    void bernoulliMeanIsTheSigmoid() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] mean = new Bernoulli().mean(m.create(new float[] {0f, 2f}, new Shape(1, 2))).toFloatArray();
            assertEquals(0.5f, mean[0], 1e-6f);
            assertEquals(1 / (1 + Math.exp(-2)), mean[1], 1e-6);
        }
    }

    @Test
    void gaussianIsTheNormalLogDensity() {
        Random r = new Random(2);
        float[] means = uniform(r, BATCH * D, -1, 2);
        float[] x = uniform(r, BATCH * D, 0, 1);
        double sigma = 0.3;
        try (NDManager m = NDManager.newBaseManager()) {
            float[] nll = new Gaussian(sigma)
                    .negLogLikelihood(m.create(means, new Shape(BATCH, D)), m.create(x, new Shape(BATCH, D)), null)
                    .toFloatArray();
            for (int b = 0; b < BATCH; b++) {
                double expected = 0;
                for (int d = 0; d < D; d++) {
                    int i = b * D + d;
                    double z = (x[i] - means[i]) / sigma;
                    // -log of the density (1 / (sigma sqrt(2 pi))) exp(-z^2 / 2)
                    expected -= Math.log(Math.exp(-0.5 * z * z) / (sigma * Math.sqrt(2 * Math.PI)));
                }
                assertEquals(expected, nll[b], 1e-4 * Math.max(1, Math.abs(expected)));
            }
        }
    }

    @Test
    void gaussianRejectsNonPositiveSigmaAndNamesAreKnown() {
        assertThrows(IllegalArgumentException.class, () -> new Gaussian(0));
        assertThrows(IllegalArgumentException.class, () -> new Gaussian(Double.NaN));
        assertEquals("bernoulli", Likelihood.of("bernoulli", 1).name());
        assertEquals("gaussian", Likelihood.of("gaussian", 0.5).name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Likelihood.of("poisson", 1));
        assertTrue(e.getMessage().contains("poisson"));
    }
}
