package org.vae4j.latent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** PCA against projections known by construction. */
class PcaTest {
    /** An orthonormal basis of R^d: Gram-Schmidt on seeded Gaussian vectors. */
    static double[][] basis(int d, long seed) {
        Random r = new Random(seed);
        double[][] u = new double[d][d];
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < d; i++) {
                u[k][i] = r.nextGaussian();
            }
            for (int j = 0; j < k; j++) {
                double dot = dot(u[k], u[j]);
                for (int i = 0; i < d; i++) {
                    u[k][i] -= dot * u[j][i];
                }
            }
            double norm = Math.sqrt(dot(u[k], u[k]));
            for (int i = 0; i < d; i++) {
                u[k][i] /= norm;
            }
        }
        return u;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void recoversDirectionsAndVariancesExactlyOnAConstructedSet() {
        // Points mean +- s_k u_k for each k: the sample covariance is sum_k 2 s_k^2 u_k u_k^T / (n - 1) exactly,
        // so the principal directions are the u_k and the variances 2 s_k^2 / (n - 1).
        int d = 6;
        double[][] u = basis(d, 7);
        double[] s = {5, 3, 2, 1, 0.5, 0.1};
        double[] mean = {1, -2, 3, 0.5, 0, 10};
        int n = 2 * d;
        float[] x = new float[n * d];
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < d; i++) {
                x[(2 * k) * d + i] = (float) (mean[i] + s[k] * u[k][i]);
                x[(2 * k + 1) * d + i] = (float) (mean[i] - s[k] * u[k][i]);
            }
        }
        Pca pca = Pca.fit(x, n, d);
        double total = 0;
        for (double v : s) {
            total += 2 * v * v / (n - 1);
        }
        for (int k = 0; k < d; k++) {
            double expected = 2 * s[k] * s[k] / (n - 1);
            assertEquals(expected, pca.variance(k), 1e-5 * expected + 1e-9, "variance of component " + k);
            assertEquals(expected / total, pca.explainedRatio(k), 1e-6, "explained ratio of component " + k);
            assertEquals(1, Math.abs(dot(pca.component(k), u[k])), 1e-5, "component " + k + " is u_k up to sign");
        }
        for (int i = 0; i < d; i++) {
            assertEquals(mean[i], pca.mean()[i], 1e-5);
        }
        // The point mean + s_0 u_0 lies at (+-s_0, 0) in the first two components.
        float[] p = pca.transform(java.util.Arrays.copyOfRange(x, 0, d), 1, 2);
        assertEquals(s[0], Math.abs(p[0]), 1e-4);
        assertEquals(0, p[1], 1e-4);
    }

    @Test
    void recoversDirectionsOfGaussianDataWithKnownVariances() {
        int d = 10;
        int n = 20_000;
        double[][] u = basis(d, 3);
        double[] variance = {16, 9, 4, 1, 0.5, 0.25, 0.1, 0.05, 0.02, 0.01};
        double total = 0;
        for (double v : variance) {
            total += v;
        }
        Random r = new Random(11);
        float[] x = new float[n * d];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < d; k++) {
                double a = Math.sqrt(variance[k]) * r.nextGaussian();
                for (int i = 0; i < d; i++) {
                    x[j * d + i] += (float) (a * u[k][i]);
                }
            }
        }
        Pca pca = Pca.fit(x, n, d);
        for (int k = 0; k < 4; k++) {
            // Sampling error of a variance estimate from n Gaussian draws: about sqrt(2 / n), here 1%.
            assertEquals(variance[k], pca.variance(k), 0.05 * variance[k], "variance " + k);
            assertEquals(variance[k] / total, pca.explainedRatio(k), 0.05 * variance[k] / total);
            assertTrue(Math.abs(dot(pca.component(k), u[k])) > 0.99, "direction " + k);
        }
        for (int k = 1; k < d; k++) {
            assertTrue(pca.variance(k) <= pca.variance(k - 1), "sorted by variance");
        }
        // The projection has the component variances and no correlation.
        float[] y = pca.transform(x, n, 2);
        double v0 = 0;
        double v1 = 0;
        double c01 = 0;
        for (int j = 0; j < n; j++) {
            v0 += y[2 * j] * y[2 * j];
            v1 += y[2 * j + 1] * y[2 * j + 1];
            c01 += y[2 * j] * y[2 * j + 1];
        }
        assertEquals(pca.variance(0), v0 / (n - 1), 1e-3 * pca.variance(0));
        assertEquals(pca.variance(1), v1 / (n - 1), 1e-3 * pca.variance(1));
        assertEquals(0, c01 / (n - 1), 1e-3);
    }

    @Test
    void signsAreFixedByTheLargestCoefficient() {
        double[][] u = basis(4, 5);
        float[] x = new float[8 * 4];
        double[] s = {4, 3, 2, 1};
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < 4; i++) {
                x[(2 * k) * 4 + i] = (float) (s[k] * u[k][i]);
                x[(2 * k + 1) * 4 + i] = (float) (-s[k] * u[k][i]);
            }
        }
        Pca pca = Pca.fit(x, 8, 4);
        for (int k = 0; k < 4; k++) {
            double[] c = pca.component(k);
            int largest = 0;
            for (int i = 1; i < 4; i++) {
                if (Math.abs(c[i]) > Math.abs(c[largest])) {
                    largest = i;
                }
            }
            assertTrue(c[largest] > 0);
            assertEquals(1, dot(c, c), 1e-9, "unit length");
        }
    }

    @Test
    void constantDataHasNoExplainedVarianceAndBadInputIsRefused() {
        Pca pca = Pca.fit(new float[] {1, 2, 1, 2, 1, 2}, 3, 2);
        assertEquals(0, pca.explainedRatio(0));
        assertEquals(0, pca.variance(0), 0);
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(new float[5], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(new float[] {1, Float.NaN}, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> pca.transform(new float[4], 2, 3));
    }

    @Test
    void projectionNamesAxesWithTheirShareOfVariance() {
        int d = 3;
        double[][] u = basis(d, 1);
        double[] s = {3, 2, 1};
        float[] x = new float[2 * d * d];
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < d; i++) {
                x[(2 * k) * d + i] = (float) (s[k] * u[k][i]);
                x[(2 * k + 1) * d + i] = (float) (-s[k] * u[k][i]);
            }
        }
        Projection p = Projection.of(x, 2 * d, d, Projection.Method.PCA, Tsne.Options.defaults());
        // Variances are proportional to 9, 4, 1: PC1 has 9/14 = 64.3%, PC2 4/14 = 28.6%.
        assertEquals("PC1 (64.3% of variance)", p.xLabel());
        assertEquals("PC2 (28.6% of variance)", p.yLabel());
        assertTrue(p.description().contains("PCA of the 3-D means"), p.description());
        assertEquals(Projection.Method.PCA, p.method());

        float[] twoD = {1, 2, 3, 4};
        Projection same = Projection.of(twoD, 2, 2, Projection.Method.TSNE, Tsne.Options.defaults());
        assertEquals("z1", same.xLabel());
        assertEquals("z2", same.yLabel());
        assertEquals(null, same.method());
        org.junit.jupiter.api.Assertions.assertArrayEquals(twoD, same.points());
    }

    @Test
    void subsetsAreSortedDistinctAndSeeded() {
        int[] a = Projection.subset(1000, 100, 5);
        assertEquals(100, a.length);
        for (int i = 1; i < a.length; i++) {
            assertTrue(a[i] > a[i - 1]);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, Projection.subset(1000, 100, 5));
        assertTrue(!java.util.Arrays.equals(a, Projection.subset(1000, 100, 6)));
        assertEquals(10, Projection.subset(10, 100, 5).length);
        assertThrows(IllegalArgumentException.class, () -> Projection.subset(10, 0, 5));
    }
}
