package org.vae4j.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.vae4j.data.ModeNumericField;

/**
 * A one-dimensional Gaussian mixture fitted by expectation-maximisation, for the mode-specific normalisation of a
 * numeric column (TVAE, Xu et al. 2019, fits scikit-learn's variational mixture of 10 components and keeps those of
 * weight above 0.005). Here: for K = 1 to {@value #MAX_MODES}, K components started at evenly spaced quantiles and
 * fitted by EM until the mean log-likelihood gains less than 1e-7 per step; the K of the lowest Bayesian information
 * criterion wins (a fit in which a component fell below {@value #MIN_WEIGHT} of the weight is passed over). Every sd
 * is floored at 1e-3 of the column's sd or half the smallest step between its distinct values, whichever is more (a
 * column of whole numbers would otherwise win the criterion with a spike per value). A column
 * of more than 5,000 values is fitted on a seeded subsample of 5,000.
 */
public final class GaussianMixture {
    /** The most modes a column gets. */
    public static final int MAX_MODES = 10;

    /** Components below this weight are dropped. */
    public static final double MIN_WEIGHT = 0.005;

    private static final int SUBSAMPLE = 5_000;
    private static final int MAX_STEPS = 300;

    private GaussianMixture() {}

    /**
     * Fits a mixture to a column's values.
     *
     * @param name the column, for the field
     * @param values the present values
     * @param maxModes the most components
     * @param seed the seed of the subsample taken from a column of more than 5,000 values
     * @return the field, or {@code null} when the fit keeps a single mode (the column is then standardised)
     */
    public static ModeNumericField fit(String name, double[] values, int maxModes, long seed) {
        double[] x = values;
        if (x.length > SUBSAMPLE) {
            Random r = new Random(seed);
            x = new double[SUBSAMPLE];
            for (int i = 0; i < SUBSAMPLE; i++) {
                x[i] = values[r.nextInt(values.length)];
            }
        }
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(x).average().orElse(0);
        double sd = Math.sqrt(Arrays.stream(x).map(v -> (v - mean) * (v - mean)).average().orElse(0));
        if (!(sd > 0) || x.length < 2) {
            return null;
        }
        // the sd floor: 1e-3 of the column's, or half the smallest step between distinct values when that is more
        // (values recorded to whole millimetres would otherwise make one spike of a mode per millimetre)
        double step = Double.POSITIVE_INFINITY;
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] > sorted[i - 1]) {
                step = Math.min(step, sorted[i] - sorted[i - 1]);
            }
        }
        double floor = Math.max(1e-3 * sd, Double.isFinite(step) ? step / 2 : 0);
        // the number of modes by the Bayesian information criterion, -2 log L + (3K - 1) log n, K = 1 .. maxModes
        List<double[]> best = null;
        double bestBic = Double.POSITIVE_INFINITY;
        for (int k = 1; k <= Math.min(maxModes, x.length); k++) {
            List<double[]> comps = new ArrayList<>(); // {weight, mean, sd}
            for (int j = 0; j < k; j++) {
                double q = sorted[(int) Math.min(sorted.length - 1, Math.round((j + 0.5) / k * (sorted.length - 1)))];
                comps.add(new double[] {1.0 / k, q, sd / k});
            }
            double ll = em(x, comps, floor);
            comps.removeIf(c -> c[0] < MIN_WEIGHT);
            if (comps.size() < k) {
                continue; // a component died: this K is no better than a smaller one
            }
            double bic = -2 * ll * x.length + (3 * k - 1) * Math.log(x.length);
            if (bic < bestBic) {
                bestBic = bic;
                best = comps;
            }
        }
        if (best == null || best.size() < 2) {
            return null;
        }
        best.sort((a, b) -> Double.compare(a[1], b[1]));
        return new ModeNumericField(name, best.stream().map(c -> c[0]).toList(),
                best.stream().map(c -> c[1]).toList(), best.stream().map(c -> c[2]).toList());
    }

    /** Runs EM from the given components, in place; returns the mean log-likelihood per value. */
    private static double em(double[] x, List<double[]> comps, double floor) {
        int k = comps.size();
        double[][] resp = new double[x.length][k];
        double last = Double.NEGATIVE_INFINITY;
        for (int step = 0; step < MAX_STEPS; step++) {
            double ll = 0;
            for (int i = 0; i < x.length; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    double[] c = comps.get(j);
                    double z = (x[i] - c[1]) / c[2];
                    resp[i][j] = Math.log(c[0]) - Math.log(c[2]) - 0.5 * z * z;
                    max = Math.max(max, resp[i][j]);
                }
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    resp[i][j] = Math.exp(resp[i][j] - max);
                    sum += resp[i][j];
                }
                for (int j = 0; j < k; j++) {
                    resp[i][j] /= sum;
                }
                ll += max + Math.log(sum);
            }
            for (int j = 0; j < k; j++) {
                double n = 0;
                double s = 0;
                for (int i = 0; i < x.length; i++) {
                    n += resp[i][j];
                    s += resp[i][j] * x[i];
                }
                double[] c = comps.get(j);
                if (n < 1e-12) {
                    c[0] = 0;
                    continue;
                }
                double m = s / n;
                double v = 0;
                for (int i = 0; i < x.length; i++) {
                    v += resp[i][j] * (x[i] - m) * (x[i] - m);
                }
                c[0] = n / x.length;
                c[1] = m;
                c[2] = Math.max(floor, Math.sqrt(v / n));
            }
            ll /= x.length;
            if (ll - last < 1e-7 || comps.stream().anyMatch(c -> c[0] == 0)) {
                return logLikelihood(x, comps);
            }
            last = ll;
        }
        return logLikelihood(x, comps);
    }

    /** The mean log-likelihood per value of the mixture as it is now (after the last M-step). */
    private static double logLikelihood(double[] x, List<double[]> comps) {
        double ll = 0;
        for (double v : x) {
            double max = Double.NEGATIVE_INFINITY;
            double[] logs = new double[comps.size()];
            for (int j = 0; j < logs.length; j++) {
                double[] c = comps.get(j);
                double z = (v - c[1]) / c[2];
                logs[j] = Math.log(c[0]) - Math.log(c[2]) - 0.5 * z * z;
                max = Math.max(max, logs[j]);
            }
            double sum = 0;
            for (double l : logs) {
                sum += Math.exp(l - max);
            }
            ll += max + Math.log(sum);
        }
        return ll / x.length;
    }
}
