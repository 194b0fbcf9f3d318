package org.vae4j.likelihood;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vae4j.Noise;

/**
 * The per-column likelihood of a table row against direct formulas; a missing cell (numeric or a whole categorical
 * block) adds nothing to the loss and nothing to any gradient, even with NaN stored there; draws by Monte Carlo.
 */
class TabularTest {
    // columns: numeric, categorical of 3, numeric
    private static final int[] WIDTHS = {1, 3, 1};
    private static final boolean[] NUMERIC = {true, false, true};
    private static final double MIN_SIGMA = 0.05;
    private static final int B = 3;
    private static final int D = 5;

    private static float[] params(long seed) {
        Random r = new Random(seed);
        float[] p = new float[B * 2 * D];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) r.nextGaussian();
        }
        p[2 * D + D] = -5f; // row 1's first log-sd below log(0.05): floored
        return p;
    }

    private static final float[] X = {0.3f, 0, 1, 0, -1.2f, 2.0f, 1, 0, 0, 0.4f, -0.7f, 0, 0, 1, 1.5f};

    /** -log p of one row, column by column, in double precision; skip[c] leaves column c out. */
    private static double direct(float[] p, int row, boolean[] skip) {
        double total = 0;
        int at = 0;
        for (int c = 0; c < WIDTHS.length; c++) {
            if (!skip[c]) {
                if (NUMERIC[c]) {
                    double mu = p[row * 2 * D + at];
                    double logSd = Math.max(p[row * 2 * D + D + at], Math.log(MIN_SIGMA));
                    double z = (X[row * D + at] - mu) / Math.exp(logSd);
                    total += 0.5 * Math.log(2 * Math.PI) + logSd + 0.5 * z * z;
                } else {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < WIDTHS[c]; j++) {
                        max = Math.max(max, p[row * 2 * D + at + j]);
                    }
                    double sum = 0;
                    int k = -1;
                    for (int j = 0; j < WIDTHS[c]; j++) {
                        sum += Math.exp(p[row * 2 * D + at + j] - max);
                        k = X[row * D + at + j] == 1 ? j : k;
                    }
                    total -= p[row * 2 * D + at + k] - max - Math.log(sum);
                }
            }
            at += WIDTHS[c];
        }
        return total;
    }

    @Test
    void eachColumnIsItsOwnTermAndMissingCellsCountForNothing() {
        Tabular lik = new Tabular(WIDTHS, NUMERIC, MIN_SIGMA);
        float[] p = params(3);
        // row 0: the first numeric cell missing; row 1: the categorical block missing; row 2 complete
        boolean[] observed = new boolean[B * D];
        java.util.Arrays.fill(observed, true);
        observed[0] = false;
        observed[D + 1] = observed[D + 2] = observed[D + 3] = false;
        boolean[][] skip = {{true, false, false}, {false, true, false}, {false, false, false}};
        float[] damaged = X.clone();
        damaged[0] = Float.NaN;
        damaged[D + 2] = Float.NaN;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray all = m.create(p, new Shape(B, 2 * D));
            float[] full = lik.negLogLikelihood(all, m.create(X, new Shape(B, D)), null).toFloatArray();
            for (int r = 0; r < B; r++) {
                assertEquals(direct(p, r, new boolean[3]), full[r], 1e-4, "row " + r);
            }
            float[][] grads = new float[2][];
            float[] masked = null;
            for (int pass = 0; pass < 2; pass++) {
                NDArray w = m.create(p, new Shape(B, 2 * D));
                w.setRequiresGradient(true);
                try (GradientCollector g = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = pass == 0
                            ? lik.negLogLikelihood(w, m.create(damaged, new Shape(B, D)), m.create(observed,
                                    new Shape(B, D)))
                            : lik.negLogLikelihood(w, m.create(X, new Shape(B, D)), null);
                    if (pass == 0) {
                        masked = loss.toFloatArray();
                    }
                    g.backward(loss.sum());
                }
                grads[pass] = w.getGradient().toFloatArray();
            }
            for (int r = 0; r < B; r++) {
                assertEquals(direct(p, r, skip[r]), masked[r], 1e-4, "masked row " + r);
            }
            // row 0 with its missing column masked equals the row with that column removed: a likelihood of the
            // other two columns on their parameters alone
            Tabular rest = new Tabular(new int[] {3, 1}, new boolean[] {false, true}, MIN_SIGMA);
            float[] cut = new float[2 * (D - 1)];
            for (int v = 1; v < D; v++) {
                cut[v - 1] = p[v];
                cut[D - 1 + v - 1] = p[D + v];
            }
            float[] removed = rest.negLogLikelihood(m.create(cut, new Shape(1, 2 * (D - 1))),
                    m.create(java.util.Arrays.copyOfRange(X, 1, D), new Shape(1, D - 1)), null).toFloatArray();
            assertEquals(removed[0], masked[0], 1e-5, "row 0, column 0 removed");
            // the gradient of a missing cell's parameters is 0; every other entry is the complete row's
            for (int r = 0; r < B; r++) {
                for (int v = 0; v < D; v++) {
                    boolean gone = !observed[r * D + v];
                    for (int half = 0; half < 2; half++) {
                        int i = r * 2 * D + half * D + v;
                        assertEquals(gone ? 0f : grads[1][i], grads[0][i], 1e-6f, "row " + r + ", entry " + i);
                    }
                }
            }
        }
    }

    @Test
    void drawsFollowEachColumnsDistribution() {
        Tabular lik = new Tabular(new int[] {1, 3}, new boolean[] {true, false}, MIN_SIGMA);
        int n = 20000;
        float[] row = {1.5f, 0.2f, -0.4f, 1.1f, (float) Math.log(0.7), 0, 0, 0};
        float[] p = new float[n * 8];
        for (int i = 0; i < n; i++) {
            System.arraycopy(row, 0, p, i * 8, 8);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            float[] s = lik.sample(m.create(p, new Shape(n, 8)), new Noise(11)).toFloatArray();
            double sum = 0;
            double squares = 0;
            double[] counts = new double[3];
            for (int i = 0; i < n; i++) {
                sum += s[i * 4];
                squares += s[i * 4] * s[i * 4];
                for (int j = 0; j < 3; j++) {
                    counts[j] += s[i * 4 + 1 + j];
                }
            }
            double mean = sum / n;
            double sd = Math.sqrt(squares / n - mean * mean);
            assertEquals(1.5, mean, 4 * 0.7 / Math.sqrt(n));
            assertEquals(0.7, sd, 0.02);
            double z = Math.exp(0.2) + Math.exp(-0.4) + Math.exp(1.1);
            double[] expected = {Math.exp(0.2) / z, Math.exp(-0.4) / z, Math.exp(1.1) / z};
            for (int j = 0; j < 3; j++) {
                // binomial standard error at 20,000 draws is at most 0.0036
                assertEquals(expected[j], counts[j] / n, 0.015, "category " + j);
            }
            assertEquals(n, counts[0] + counts[1] + counts[2], 0, "one category per draw");
        }
    }

    @Test
    void theSchemasLikelihoodIsInTheRawValuesUnits() {
        // a standardised column (sd 4), a column by two modes (sds 0.5 and 3), a categorical of 2
        org.vae4j.data.Schema schema = new org.vae4j.data.Schema(List.of(
                new org.vae4j.data.NumericField("a", 10, 4),
                new org.vae4j.data.ModeNumericField("b", List.of(0.3, 0.7), List.of(0.0, 20.0), List.of(0.5, 3.0)),
                new org.vae4j.data.CategoricalField("c", List.of("p", "q"))), null);
        Tabular lik = Tabular.of(schema, 0.01);
        int d = 1 + 3 + 2;
        // coded row: a standardised 0.5; b in mode 1 with offset -1; c = q
        float[] x = {0.5f, -1f, 0f, 1f, 0f, 1f};
        // parameters: means 0.2 | 0.1, logits (0, 1) | logits (1, 0); log-sds log 2 | log 0.5
        float[] p = new float[2 * d];
        p[0] = 0.2f;
        p[1] = 0.1f;
        p[3] = 1f;
        p[4] = 1f;
        p[d] = (float) Math.log(2);
        p[d + 1] = (float) Math.log(0.5);
        double gaussA = 0.5 * Math.log(2 * Math.PI) + Math.log(2) + 0.5 * Math.pow((0.5 - 0.2) / 2, 2);
        double gaussB = 0.5 * Math.log(2 * Math.PI) + Math.log(0.5) + 0.5 * Math.pow((-1 - 0.1) / 0.5, 2);
        double modeB = -(1 - Math.log(Math.exp(0) + Math.exp(1)));
        double catC = -(0 - Math.log(Math.exp(1) + Math.exp(0)));
        // the raw value's density: divided by the column's sd (4), or the mode's (3 for mode 1)
        double expected = gaussA + Math.log(4) + gaussB + modeB + Math.log(3) + catC;
        try (NDManager m = NDManager.newBaseManager()) {
            float[] nll = lik.negLogLikelihood(m.create(p, new Shape(1, 2 * d)), m.create(x, new Shape(1, d)), null)
                    .toFloatArray();
            assertEquals(expected, nll[0], 1e-5);
            // b missing (offset and mode): its terms and its log sd go
            boolean[] seen = {true, false, false, false, true, true};
            float[] masked = lik.negLogLikelihood(m.create(p, new Shape(1, 2 * d)), m.create(x, new Shape(1, d)),
                    m.create(seen, new Shape(1, d))).toFloatArray();
            assertEquals(gaussA + Math.log(4) + catC, masked[0], 1e-5);
            // a learned sd above the cap counts as the cap
            float[] wide = p.clone();
            wide[d] = 50f;
            float[] capped = lik.negLogLikelihood(m.create(wide, new Shape(1, 2 * d)), m.create(x, new Shape(1, d)),
                    m.create(seen, new Shape(1, d))).toFloatArray();
            double s = Tabular.MAX_SIGMA;
            assertEquals(0.5 * Math.log(2 * Math.PI) + Math.log(s) + 0.5 * Math.pow(0.3 / s, 2) + Math.log(4) + catC,
                    capped[0], 1e-4);
        }
    }
}
