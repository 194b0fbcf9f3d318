package org.vae4j.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KlTest {

    /** log N(z; m, s^2) for one dimension. */
    private static double logNormal(double z, double m, double logVar) {
        return -0.5 * (Math.log(2 * Math.PI) + logVar + (z - m) * (z - m) / Math.exp(logVar));
    }

    /**
     * KL(q || p) = E_q[log q(z) - log p(z)] of diagonal Gaussians, estimated with 400k draws from q.
     *
     * @return the estimate and its standard error
     */
    private static double[] monteCarlo(float[] muQ, float[] lvQ, float[] muP, float[] lvP, long seed) {
        Random random = new Random(seed);
        int n = 400_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double term = 0;
            for (int d = 0; d < muQ.length; d++) {
                double z = muQ[d] + Math.exp(0.5 * lvQ[d]) * random.nextGaussian();
                term += logNormal(z, muQ[d], lvQ[d]) - logNormal(z, muP[d], lvP[d]);
            }
            sum += term;
            sumSq += term * term;
        }
        double mean = sum / n;
        return new double[] {mean, Math.sqrt((sumSq / n - mean * mean) / n)};
    }

    @Test
    void analyticKlMatchesMonteCarloEstimate() {
        float[] mu = {0.7f, -1.2f, 0.0f, 2.0f};
        float[] logVar = {-0.5f, 0.8f, -2.0f, 0.1f};
        float analytic;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray kl = Kl.perDimension(m.create(mu, new Shape(1, 4)), m.create(logVar, new Shape(1, 4)))
                    .sum(new int[] {1});
            assertEquals(1, kl.getShape().get(0));
            analytic = kl.getFloat(0);
        }
        double[] mc = monteCarlo(mu, logVar, new float[4], new float[4], 42);
        assertEquals(mc[0], analytic, 4 * mc[1], "analytic KL " + analytic + " vs Monte Carlo " + mc[0]);
    }

    @Test
    void klIsZeroAtThePriorAndPositiveElsewhere() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray zero = m.zeros(new Shape(3, 5));
            assertEquals(0f, Kl.perDimension(zero, zero).sum().getFloat(), 0f);
            NDArray mu = m.randomNormal(new Shape(1000, 5));
            NDArray logVar = m.randomNormal(0, 2, new Shape(1000, 5), ai.djl.ndarray.types.DataType.FLOAT32);
            float[] kl = Kl.perDimension(mu, logVar).sum(new int[] {1}).toFloatArray();
            for (float v : kl) {
                assertTrue(v >= 0, "KL must never be negative, got " + v);
            }
        }
    }

    @Test
    void klMatchesTheClosedFormPerExample() {
        float[] mu = {1f, 2f, -1f, 0.5f};
        float[] logVar = {0f, -1f, 1f, 0.25f};
        try (NDManager m = NDManager.newBaseManager()) {
            float[] kl = Kl.perDimension(m.create(mu, new Shape(2, 2)), m.create(logVar, new Shape(2, 2)))
                    .sum(new int[] {1}).toFloatArray();
            for (int row = 0; row < 2; row++) {
                double expected = 0;
                for (int d = 0; d < 2; d++) {
                    int i = row * 2 + d;
                    expected += -0.5 * (1 + logVar[i] - mu[i] * mu[i] - Math.exp(logVar[i]));
                }
                assertEquals(expected, kl[row], 1e-5);
                double inDouble = Kl.perDimension(mu[row * 2], logVar[row * 2])
                        + Kl.perDimension(mu[row * 2 + 1], logVar[row * 2 + 1]);
                assertEquals(expected, inDouble, 1e-12, "the double-precision form");
            }
        }
    }

    /** KL between two learned Gaussians (a completion model's posterior and prior) against Monte Carlo draws. */
    @Test
    void klBetweenTwoGaussiansMatchesMonteCarloAndTheStandardCase() {
        float[] muQ = {0.7f, -1.2f, 0.0f};
        float[] lvQ = {-0.5f, 0.8f, -2.0f};
        float[] muP = {-0.3f, 0.4f, 0.5f};
        float[] lvP = {0.6f, -0.7f, 0.0f};
        float analytic;
        float standard;
        try (NDManager m = NDManager.newBaseManager()) {
            Shape s = new Shape(1, 3);
            analytic = Kl.between(m.create(muQ, s), m.create(lvQ, s), m.create(muP, s), m.create(lvP, s)).sum()
                    .getFloat();
            NDArray zero = m.zeros(s);
            standard = Kl.between(m.create(muQ, s), m.create(lvQ, s), zero, zero).sum().getFloat();
            assertEquals(Kl.perDimension(m.create(muQ, s), m.create(lvQ, s)).sum().getFloat(), standard, 1e-6,
                    "against N(0, I) it is the VAE's KL");
            assertEquals(0f, Kl.between(m.create(muP, s), m.create(lvP, s), m.create(muP, s), m.create(lvP, s))
                    .sum().getFloat(), 1e-6, "KL(p || p) = 0");
        }
        double[] mc = monteCarlo(muQ, lvQ, muP, lvP, 7);
        double mean = mc[0];
        double stdErr = mc[1];
        assertEquals(mean, analytic, 4 * stdErr, "analytic " + analytic + " vs Monte Carlo " + mean);
        double direct = 0;
        for (int d = 0; d < 3; d++) {
            direct += Kl.between(muQ[d], lvQ[d], muP[d], lvP[d]);
        }
        assertEquals(direct, analytic, 1e-5, "the double-precision form");
    }
}
