package org.vae4j.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Exact t-SNE: its affinities and gradient against direct computations, and what it does to clusters. */
class TsneTest {
    /** Three Gaussian clusters of {@code per} points each in 10-D, centres 10 apart, unit spread. */
    static float[] clusters(int per, long seed, int[] labels) {
        int d = 10;
        Random r = new Random(seed);
        float[] x = new float[3 * per * d];
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j < per; j++) {
                int i = c * per + j;
                labels[i] = c;
                for (int k = 0; k < d; k++) {
                    double centre = k == c ? 10 / Math.sqrt(2) : 0;
                    x[i * d + k] = (float) (centre + r.nextGaussian());
                }
            }
        }
        return x;
    }

    /** Share of points whose nearest other point in the 2-D map has the same label. */
    static double nearestNeighbourAgreement(float[] y, int[] labels) {
        int n = labels.length;
        int same = 0;
        for (int i = 0; i < n; i++) {
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    double dx = y[2 * i] - y[2 * j];
                    double dy = y[2 * i + 1] - y[2 * j + 1];
                    double dist = dx * dx + dy * dy;
                    if (dist < bestD) {
                        bestD = dist;
                        best = j;
                    }
                }
            }
            same += labels[best] == labels[i] ? 1 : 0;
        }
        return (double) same / n;
    }

    @Test
    void keepsWellSeparatedClustersApartAndIsDeterministicBySeed() {
        int[] labels = new int[150];
        float[] x = clusters(50, 1, labels);
        Tsne.Options options = Tsne.Options.defaults().withSeed(3);
        Tsne.Result a = Tsne.embed(x, 150, 10, options);
        assertEquals(300, a.points().length);
        double agreement = nearestNeighbourAgreement(a.points(), labels);
        assertTrue(agreement > 0.95, "nearest-neighbour label agreement " + agreement);
        // The clusters are apart: every point is closer to its own cluster's centre than to any other centre.
        float[][] centres = new float[3][2];
        for (int i = 0; i < 150; i++) {
            centres[labels[i]][0] += a.points()[2 * i] / 50f;
            centres[labels[i]][1] += a.points()[2 * i + 1] / 50f;
        }
        for (int i = 0; i < 150; i++) {
            int nearest = 0;
            double best = Double.POSITIVE_INFINITY;
            for (int c = 0; c < 3; c++) {
                double dx = a.points()[2 * i] - centres[c][0];
                double dy = a.points()[2 * i + 1] - centres[c][1];
                if (dx * dx + dy * dy < best) {
                    best = dx * dx + dy * dy;
                    nearest = c;
                }
            }
            assertEquals(labels[i], nearest, "point " + i + " lies nearest its own cluster");
        }
        assertTrue(Double.isFinite(a.kl()) && a.kl() > 0 && a.kl() < 2, "final KL " + a.kl());
        assertEquals(30, a.perplexity());
        assertEquals(50, a.learningRate()); // max(150 / 12 / 4, 50)

        Tsne.Result again = Tsne.embed(x, 150, 10, options);
        assertArrayEquals(a.points(), again.points(), "same seed, same map");
        Tsne.Result other = Tsne.embed(x, 150, 10, options.withSeed(4));
        assertFalse(Arrays.equals(a.points(), other.points()), "another seed, another start");
    }

    @Test
    void jointAffinitiesAreSymmetricSumToOneAndHaveTheRequestedPerplexity() {
        int n = 40;
        int d = 5;
        Random r = new Random(2);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian() * 3;
        }
        double perplexity = 8;
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] p = Tsne.jointAffinities(manager, x, n, d, perplexity).toFloatArray();
            double sum = 0;
            for (int i = 0; i < n; i++) {
                assertEquals(0, p[i * n + i], 0, "diagonal");
                for (int j = 0; j < n; j++) {
                    sum += p[i * n + j];
                    assertEquals(p[i * n + j], p[j * n + i], 1e-9, "symmetric");
                }
            }
            assertEquals(1, sum, 1e-5);
        }
        // The conditional rows, recomputed here in double precision from the betas the search must have found:
        // for each row, find beta by bisection independently and check the joint matrix matches (p(j|i) + p(i|j)) / 2n.
        double[][] cond = new double[n][n];
        for (int i = 0; i < n; i++) {
            double[] dist = new double[n];
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    double diff = x[i * d + k] - x[j * d + k];
                    s += diff * diff;
                }
                dist[j] = s;
            }
            double lo = 0;
            double hi = 1e6;
            for (int step = 0; step < 200; step++) {
                double beta = (lo + hi) / 2;
                double h = entropy(dist, i, beta, cond[i]);
                if (h > Math.log(perplexity)) {
                    lo = beta;
                } else {
                    hi = beta;
                }
            }
            entropy(dist, i, (lo + hi) / 2, cond[i]);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] p = Tsne.jointAffinities(manager, x, n, d, perplexity).toFloatArray();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i != j) {
                        double expected = Math.max((cond[i][j] + cond[j][i]) / (2 * n), 1e-12);
                        assertEquals(expected, p[i * n + j], 2e-3 * expected + 1e-7, "p_" + i + "," + j);
                    }
                }
            }
        }
    }

    /** Fills row with p(j|i) for the given beta and returns its entropy in nats. */
    private static double entropy(double[] dist, int i, double beta, double[] row) {
        double min = Double.POSITIVE_INFINITY;
        for (int j = 0; j < dist.length; j++) {
            if (j != i) {
                min = Math.min(min, dist[j]);
            }
        }
        double sum = 0;
        for (int j = 0; j < dist.length; j++) {
            row[j] = j == i ? 0 : Math.exp(-beta * (dist[j] - min));
            sum += row[j];
        }
        double h = 0;
        for (int j = 0; j < dist.length; j++) {
            row[j] /= sum;
            if (row[j] > 0) {
                h -= row[j] * Math.log(row[j]);
            }
        }
        return h;
    }

    @Test
    void gradientMatchesFiniteDifferencesOfTheKlDivergence() {
        int n = 12;
        Random r = new Random(9);
        float[] x = new float[n * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] y = new float[n * 2];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) r.nextGaussian();
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray pArray = Tsne.jointAffinities(manager, x, n, 3, 3);
            double[] p = new double[n * n];
            float[] pf = pArray.toFloatArray();
            for (int i = 0; i < p.length; i++) {
                p[i] = pf[i];
            }
            NDArray mask = manager.ones(new Shape(n, n)).sub(manager.eye(n));
            float[] grad = Tsne.gradient(manager, pArray, mask, y, n);
            double[] yd = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                yd[i] = y[i];
            }
            for (int i = 0; i < y.length; i++) {
                double h = 1e-5;
                double saved = yd[i];
                yd[i] = saved + h;
                double up = kl(p, yd, n);
                yd[i] = saved - h;
                double down = kl(p, yd, n);
                yd[i] = saved;
                double numeric = (up - down) / (2 * h);
                assertEquals(numeric, grad[i], 1e-3 * Math.abs(numeric) + 1e-5, "dC/dy[" + i + "]");
            }
        }
    }

    /** KL(P || Q) with Student-t q_ij, in double precision, straight from the definition. */
    private static double kl(double[] p, double[] y, int n) {
        double[] num = new double[n * n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    double dx = y[2 * i] - y[2 * j];
                    double dy = y[2 * i + 1] - y[2 * j + 1];
                    num[i * n + j] = 1 / (1 + dx * dx + dy * dy);
                    total += num[i * n + j];
                }
            }
        }
        double kl = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j && p[i * n + j] > 0) {
                    kl += p[i * n + j] * Math.log(p[i * n + j] / (num[i * n + j] / total));
                }
            }
        }
        return kl;
    }

    @Test
    void fewPointsLowerThePerplexityAndTooFewAreRefused() {
        float[] x = new float[10 * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 7;
        }
        Tsne.Result r = Tsne.embed(x, 10, 2, Tsne.Options.defaults().withIterations(50));
        assertEquals(3, r.perplexity(), 1e-12); // (10 - 1) / 3
        for (float v : r.points()) {
            assertTrue(Float.isFinite(v));
        }
        assertThrows(IllegalArgumentException.class, () -> Tsne.embed(new float[6], 3, 2, Tsne.Options.defaults()));
        assertThrows(IllegalArgumentException.class, () -> Tsne.Options.defaults().withPerplexity(0.5));
        assertThrows(IllegalArgumentException.class, () -> Tsne.Options.defaults().withIterations(0));
    }
}
