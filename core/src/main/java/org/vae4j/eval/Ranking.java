package org.vae4j.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * How well scores rank the positive examples (anomalies) above the others: the area under the ROC curve and average
 * precision, both with ties handled as scikit-learn does (a tie between a positive and a negative counts one half for
 * the AUC; tied scores form one threshold for the precision-recall curve).
 */
public final class Ranking {
    private Ranking() {}

    /**
     * The area under the ROC curve: the probability that a random positive scores above a random negative, a tie
     * counting one half (the Mann-Whitney statistic over n+ n-, from mid-ranks).
     *
     * @param scores a score per example, higher meaning more anomalous
     * @param positive which examples are positive
     * @return the AUC in [0, 1]
     * @throws IllegalArgumentException if the lengths differ, a score is NaN, or a class is empty
     */
    public static double rocAuc(double[] scores, boolean[] positive) {
        int[] counts = check(scores, positive);
        Integer[] order = sorted(scores, false);
        double rankSum = 0;
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1; // ranks from 1
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSum += midRank;
                }
            }
            i = j + 1;
        }
        double p = counts[0];
        double n = counts[1];
        return (rankSum - p * (p + 1) / 2) / (p * n);
    }

    /**
     * Average precision: the sum over thresholds (distinct scores, from the highest) of the precision there times
     * the recall gained, as {@code sklearn.metrics.average_precision_score} computes it.
     *
     * @param scores a score per example, higher meaning more anomalous
     * @param positive which examples are positive
     * @return the AP in (0, 1]
     * @throws IllegalArgumentException if the lengths differ, a score is NaN, or a class is empty
     */
    public static double averagePrecision(double[] scores, boolean[] positive) {
        int[] counts = check(scores, positive);
        Integer[] order = sorted(scores, true);
        double ap = 0;
        int truePositives = 0;
        int seen = 0;
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            int gained = 0;
            for (int k = i; k <= j; k++) {
                gained += positive[order[k]] ? 1 : 0;
            }
            truePositives += gained;
            seen += j - i + 1;
            ap += (double) gained / counts[0] * truePositives / seen;
            i = j + 1;
        }
        return ap;
    }

    /**
     * The score above which a given share of examples lies, as a flag threshold: with contamination F, the examples
     * whose score is above the (1 - F) quantile (linear interpolation between order statistics, numpy's default).
     *
     * @param scores the scores
     * @param contamination the share expected to be anomalous, in (0, 0.5]
     * @return the threshold
     */
    public static double threshold(double[] scores, double contamination) {
        if (!(contamination > 0 && contamination <= 0.5)) {
            throw new IllegalArgumentException("contamination " + contamination + ": expected a share in (0, 0.5]");
        }
        double[] s = scores.clone();
        Arrays.sort(s);
        double at = (1 - contamination) * (s.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (at - lo) * (s[hi] - s[lo]);
    }

    private static int[] check(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + positive.length + " labels");
        }
        int p = 0;
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
            p += positive[i] ? 1 : 0;
        }
        if (p == 0 || p == scores.length) {
            throw new IllegalArgumentException("ranking needs positive and negative examples; there are " + p
                    + " positives of " + scores.length);
        }
        return new int[] {p, scores.length - p};
    }

    private static Integer[] sorted(double[] scores, boolean descending) {
        Comparator<Integer> byScore = Comparator.comparingDouble(i -> scores[i]);
        return IntStream.range(0, scores.length).boxed().sorted(descending ? byScore.reversed() : byScore)
                .toArray(Integer[]::new);
    }
}
