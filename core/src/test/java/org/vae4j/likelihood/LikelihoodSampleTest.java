package org.vae4j.likelihood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.vae4j.Noise;
import org.vae4j.Tensors;

/** Draws x ~ p(x | z) of every likelihood against the moments of the distribution, over 20,000 draws per value. */
class LikelihoodSampleTest {
    private static final int N = 20_000;

    /** Column means and variances of an (N, D) array. */
    private static double[][] moments(float[] v, int d) {
        double[] mean = new double[d];
        double[] var = new double[d];
        for (int n = 0; n < N; n++) {
            for (int i = 0; i < d; i++) {
                mean[i] += v[n * d + i] / (double) N;
            }
        }
        for (int n = 0; n < N; n++) {
            for (int i = 0; i < d; i++) {
                double u = v[n * d + i] - mean[i];
                var[i] += u * u / (N - 1);
            }
        }
        return new double[][] {mean, var};
    }

    private static NDArray rows(NDManager m, float[] row) {
        float[] all = new float[N * row.length];
        for (int n = 0; n < N; n++) {
            System.arraycopy(row, 0, all, n * row.length, row.length);
        }
        return Tensors.fromJava(m, all, new Shape(N, row.length));
    }

    @Test
    void bernoulliDrawsAreZeroOrOneWithTheSigmoidsFrequency() {
        float[] logits = {-2f, 0f, 1.5f};
        try (NDManager m = NDManager.newBaseManager()) {
            float[] x = new Bernoulli().sample(rows(m, logits), new Noise(3)).toFloatArray();
            for (float v : x) {
                assertTrue(v == 0f || v == 1f, "a draw is 0 or 1: " + v);
            }
            double[] mean = moments(x, 3)[0];
            for (int i = 0; i < 3; i++) {
                double p = 1 / (1 + Math.exp(-logits[i]));
                assertEquals(p, mean[i], 4 * Math.sqrt(p * (1 - p) / N), "frequency of value " + i);
            }
            assertArrayEquals(x, new Bernoulli().sample(rows(m, logits), new Noise(3)).toFloatArray(), "seeded");
        }
    }

    @Test
    void gaussianDrawsHaveTheMeanAndTheFixedOrLearnedVariance() {
        float[] mu = {-1f, 0.5f};
        try (NDManager m = NDManager.newBaseManager()) {
            double[][] fixed = moments(new Gaussian(0.3).sample(rows(m, mu), new Noise(4)).toFloatArray(), 2);
            for (int i = 0; i < 2; i++) {
                assertEquals(mu[i], fixed[0][i], 4 * 0.3 / Math.sqrt(N));
                assertEquals(0.09, fixed[1][i], 0.09 * 4 * Math.sqrt(2.0 / N));
            }
            // a learned variance per value: parameters are (mean, raw log-variance); read the variance back from
            // the head itself, so the test checks the draws against the head's own distribution
            LearnedGaussian head = (LearnedGaussian) Likelihood.of("gaussian-pixel", 0.01);
            // the third raw log-variance lies far below the floor of 2 log 0.01: the draws follow the bounded one
            float[] params = {-1f, 0.5f, 2f, -1.0f, 0.7f, -20f};
            NDArray p = rows(m, params);
            double[][] learned = moments(head.sample(p, new Noise(5)).toFloatArray(), 3);
            float[] logVar = head.meanAndLogVar(p).get(1).toFloatArray();
            assertTrue(logVar[2] > 2 * Math.log(0.01) - 1e-4, "the bounded log-variance: " + logVar[2]);
            for (int i = 0; i < 3; i++) {
                double v = Math.exp(logVar[i]);
                assertEquals(params[i], learned[0][i], 4 * Math.sqrt(v / N));
                assertEquals(v, learned[1][i], v * 4 * Math.sqrt(2.0 / N));
            }
        }
    }
}
