package org.vae4j.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDMetrics measures against direct computations, and the report on tables whose answer is known. */
class QualityReportTest {
    @TempDir
    Path dir;

    /** sup_t |F_a(t) - F_b(t)| evaluated at every sample point, by counting. */
    private static double ksDirect(double[] a, double[] b) {
        double gap = 0;
        for (double[] side : new double[][] {a, b}) {
            for (double t : side) {
                double fa = java.util.Arrays.stream(a).filter(v -> v <= t).count() / (double) a.length;
                double fb = java.util.Arrays.stream(b).filter(v -> v <= t).count() / (double) b.length;
                gap = Math.max(gap, Math.abs(fa - fb));
            }
        }
        return gap;
    }

    @Test
    void ksAndTvAgreeWithDirectComputations() {
        Random r = new Random(11);
        for (int trial = 0; trial < 30; trial++) {
            double[] a = new double[1 + r.nextInt(40)];
            double[] b = new double[1 + r.nextInt(40)];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextInt(8); // ties within and across the samples
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextInt(8) + (trial % 3);
            }
            assertEquals(ksDirect(a, b), QualityReport.ks(a, b), 1e-12, "trial " + trial);
        }
        // TV by hand: a = {x: 1/2, y: 1/2}, b = {x: 1/4, y: 1/4, z: 1/2}: (1/4 + 1/4 + 1/2) / 2
        assertEquals(0.5, QualityReport.tv(List.of("x", "y"), List.of("x", "y", "z", "z")), 1e-12);
        assertEquals(0.0, QualityReport.tv(List.of("x", "y", "y"), List.of("y", "x", "y")), 1e-12);
        assertEquals(1.0, QualityReport.ks(new double[] {1, 2}, new double[] {3, 4}), 1e-12);
    }

    private Table write(String name, List<String> rows) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, rows);
        return TableReader.readAll(f, null);
    }

    @Test
    void identicalTablesScoreOneAndBrokenOnesLess() throws Exception {
        Random r = new Random(2);
        List<String> real = new ArrayList<>(List.of("x,y,kind"));
        List<String> independent = new ArrayList<>(List.of("x,y,kind"));
        List<String> shuffledLabels = new ArrayList<>(List.of("x,y,kind"));
        List<double[]> xy = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            double x = r.nextGaussian();
            double y = x + 0.2 * r.nextGaussian();
            xy.add(new double[] {x, y});
            real.add(x + "," + y + "," + (x > 0 ? "up" : "down"));
        }
        for (int i = 0; i < 400; i++) {
            // the same marginals, y from another row and the kind the opposite of the sign of x
            double[] a = xy.get(i);
            double[] b = xy.get((i * 7 + 13) % 400);
            independent.add(a[0] + "," + b[1] + "," + (a[0] > 0 ? "down" : "up"));
            shuffledLabels.add(a[0] + "," + a[1] + "," + (r.nextBoolean() ? "up" : "down"));
        }
        Table t = write("real.csv", real);
        QualityReport same = QualityReport.compare(t, t, "kind", 1);
        assertEquals(1.0, same.overall(), 1e-12);
        assertEquals(same.tstr().realAccuracy(), same.tstr().syntheticAccuracy(), 1e-12);
        assertTrue(same.tstr().realAccuracy() > 0.9, "kind is the sign of x: " + same.tstr());
        QualityReport broken = QualityReport.compare(t, write("broken.csv", independent), "kind", 1);
        // x and y are the real values exactly (a permutation), the pairs are not
        assertEquals(1.0, broken.columns().get(0).score(), 1e-12);
        assertEquals(1.0, broken.columns().get(1).score(), 1e-12);
        QualityReport.Score xyPair = broken.pairs().get(0);
        assertEquals("CorrelationSimilarity", xyPair.metric());
        // r_real is about 0.98, r of the broken pairing about 0: similarity about 1 - 0.98 / 2
        assertEquals(1 - 0.98 / 2, xyPair.score(), 0.06);
        // a classifier learnt from inverted labels gets the real ones wrong
        assertTrue(broken.tstr().syntheticAccuracy() < 0.1, "inverted labels: " + broken.tstr());
        QualityReport noisy = QualityReport.compare(t, write("shuffled.csv", shuffledLabels), "kind", 1);
        // the contingency of x (in bins) with kind by hand: every 'up' row has x > 0 in the real table, so
        // the similarity with itself is 1 and with random kinds is lower
        assertEquals(1.0, same.pairs().get(1).score(), 1e-12);
        assertTrue(noisy.pairs().get(1).score() < 0.8, noisy.pairs().get(1).toString());
    }
}
