package org.vae4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** ROC-AUC, average precision and the contamination threshold against direct computations, with ties. */
class RankingTest {
    /** The AUC by its definition: over every (positive, negative) pair, 1 if the positive scores higher, 1/2 tied. */
    private static double pairs(double[] s, boolean[] p) {
        double wins = 0;
        int count = 0;
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (p[i] && !p[j]) {
                    wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                    count++;
                }
            }
        }
        return wins / count;
    }

    /** Average precision by walking every distinct threshold from the top, as scikit-learn defines it. */
    private static double walk(double[] s, boolean[] p) {
        java.util.TreeSet<Double> thresholds = new java.util.TreeSet<>(java.util.Comparator.reverseOrder());
        int positives = 0;
        for (int i = 0; i < s.length; i++) {
            thresholds.add(s[i]);
            positives += p[i] ? 1 : 0;
        }
        double ap = 0;
        double lastRecall = 0;
        for (double t : thresholds) {
            int tp = 0;
            int predicted = 0;
            for (int i = 0; i < s.length; i++) {
                if (s[i] >= t) {
                    predicted++;
                    tp += p[i] ? 1 : 0;
                }
            }
            double recall = (double) tp / positives;
            ap += (recall - lastRecall) * tp / predicted;
            lastRecall = recall;
        }
        return ap;
    }

    @Test
    void handMadeCasesWithTies() {
        // positives at 0.9, 0.8 (tied with a negative) and 0.1; negatives at 0.8 and 0.3
        double[] s = {0.9, 0.8, 0.8, 0.3, 0.1};
        boolean[] p = {true, false, true, false, true};
        // pairs: 0.9 beats both (2), 0.8 ties 0.8 and beats 0.3 (1.5), 0.1 loses both (0): 3.5 of 6
        assertEquals(3.5 / 6, Ranking.rocAuc(s, p), 1e-12);
        // thresholds 0.9: P 1, recall 1/3; 0.8: P 2/3, recall 2/3; 0.3: no gain; 0.1: P 3/5, recall 1
        assertEquals((1 + 2.0 / 3 + 3.0 / 5) / 3, Ranking.averagePrecision(s, p), 1e-12);
        // every score tied: AUC one half, AP the share of positives
        double[] flat = {1, 1, 1, 1};
        boolean[] half = {true, false, false, true};
        assertEquals(0.5, Ranking.rocAuc(flat, half), 1e-12);
        assertEquals(0.5, Ranking.averagePrecision(flat, half), 1e-12);
        // a perfect ranking and its reverse
        assertEquals(1.0, Ranking.rocAuc(new double[] {3, 2, 1}, new boolean[] {true, false, false}), 1e-12);
        assertEquals(0.0, Ranking.rocAuc(new double[] {1, 2, 3}, new boolean[] {true, false, false}), 1e-12);
        assertEquals(1.0, Ranking.averagePrecision(new double[] {3, 2, 1}, new boolean[] {true, true, false}),
                1e-12);
    }

    @Test
    void randomScoresWithManyTiesAgreeWithTheDefinitions() {
        Random r = new Random(3);
        for (int trial = 0; trial < 50; trial++) {
            int n = 5 + r.nextInt(60);
            double[] s = new double[n];
            boolean[] p = new boolean[n];
            for (int i = 0; i < n; i++) {
                s[i] = r.nextInt(6); // few distinct values: many ties
                p[i] = r.nextDouble() < 0.3;
            }
            p[0] = true;
            p[1] = false;
            assertEquals(pairs(s, p), Ranking.rocAuc(s, p), 1e-12, "trial " + trial);
            assertEquals(walk(s, p), Ranking.averagePrecision(s, p), 1e-12, "trial " + trial);
        }
    }

    @Test
    void theThresholdIsTheUpperQuantileAndBadInputIsRefused() {
        double[] s = {5, 1, 4, 2, 3, 10, 6, 8, 7, 9}; // sorted 1..10
        // numpy.quantile(s, 0.9) = 1 + 0.9 * 9 = 9.1 on the sorted values 1..10
        assertEquals(9.1, Ranking.threshold(s, 0.1), 1e-12);
        assertEquals(5.5, Ranking.threshold(s, 0.5), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Ranking.threshold(s, 0.7));
        assertThrows(IllegalArgumentException.class, () -> Ranking.rocAuc(s, new boolean[10]));
        assertThrows(IllegalArgumentException.class, () -> Ranking.rocAuc(new double[] {Double.NaN, 1},
                new boolean[] {true, false}));
    }
}
