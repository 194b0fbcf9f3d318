package org.vae4j.inpaint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.vae4j.BadInputException;
import org.vae4j.data.ArrayExamples;
import org.vae4j.model.LatentModel;
import org.vae4j.model.ModelDefinition;
import org.vae4j.model.ModelSpec;

/**
 * On a linear Gaussian model (probabilistic PCA: x = W z + b + 0.5 noise, z ~ N(0, I)), E[x_miss | x_obs] has a
 * closed form, b_m + S_mo S_oo^-1 (x_o - b_o) with S = W W^T + 0.25 I, which the importance fill must reach.
 */
class ImportanceFillTest {
    private static final double SIGMA = 0.5;
    // orthogonal columns of squared norm 4: the posterior given the full x is N(W^T (x - b) / M, SIGMA^2 / M)
    private static final double[][] W = {{1, 1}, {1, -1}, {1, 1}, {1, -1}, {0, 0}, {0, 0}};
    private static final double[] B = {0.2, -0.1, 0.0, 0.3, -0.2, 0.1};
    private static final double M = 4 + SIGMA * SIGMA;


    /** The model, its encoder the exact posterior for a fully observed x, its variance inflated to propose wide. */
    private static LatentModel ppca() {
        LatentModel model = LatentModel.create(ModelDefinition.vae(ArrayExamples.numericSchema(6, 0),
                new ModelSpec("mlp", List.of(), 2, List.of(), false, "gaussian", SIGMA)), 1);
        for (Pair<String, Parameter> p : model.network().getParameters()) {
            NDArray a = p.getValue().getArray();
            float[] v = new float[(int) a.size()];
            switch ((int) a.size()) {
                case 24 -> { // encoder (4, 6): mean rows, then log-variance rows (zero weights)
                    for (int j = 0; j < 2; j++) {
                        for (int i = 0; i < 6; i++) {
                            v[j * 6 + i] = (float) (W[i][j] / M);
                        }
                    }
                }
                case 4 -> { // encoder bias: -W^T b / M, then the log-variance
                    for (int j = 0; j < 2; j++) {
                        double s = 0;
                        for (int i = 0; i < 6; i++) {
                            s -= W[i][j] * B[i] / M;
                        }
                        v[j] = (float) s;
                        v[2 + j] = (float) Math.log(2 * SIGMA * SIGMA / M);
                    }
                }
                case 12 -> { // decoder (6, 2)
                    for (int i = 0; i < 6; i++) {
                        v[i * 2] = (float) W[i][0];
                        v[i * 2 + 1] = (float) W[i][1];
                    }
                }
                case 6 -> {
                    for (int i = 0; i < 6; i++) {
                        v[i] = (float) B[i];
                    }
                }
                default -> throw new AssertionError("unexpected parameter " + p.getKey() + " " + a.getShape());
            }
            a.set(v);
        }
        return model;
    }

    private static double[] exactConditionalMean(double[] x, boolean[] missing) {
        double[][] s = new double[6][6];
        for (int i = 0; i < 6; i++) {
            for (int k = 0; k < 6; k++) {
                s[i][k] = W[i][0] * W[k][0] + W[i][1] * W[k][1] + (i == k ? SIGMA * SIGMA : 0);
            }
        }
        int[] obs = java.util.stream.IntStream.range(0, 6).filter(i -> !missing[i]).toArray();
        int[] mis = java.util.stream.IntStream.range(0, 6).filter(i -> missing[i]).toArray();
        DMatrixRMaj soo = new DMatrixRMaj(obs.length, obs.length);
        DMatrixRMaj xo = new DMatrixRMaj(obs.length, 1);
        for (int a = 0; a < obs.length; a++) {
            xo.set(a, 0, x[obs[a]] - B[obs[a]]);
            for (int c = 0; c < obs.length; c++) {
                soo.set(a, c, s[obs[a]][obs[c]]);
            }
        }
        DMatrixRMaj solved = new DMatrixRMaj(obs.length, 1);
        assertTrue(CommonOps_DDRM.solve(soo, xo, solved));
        double[] out = x.clone();
        for (int r = 0; r < mis.length; r++) {
            double m = B[mis[r]];
            for (int a = 0; a < obs.length; a++) {
                m += s[mis[r]][obs[a]] * solved.get(a, 0);
            }
            out[mis[r]] = m;
        }
        return out;
    }

    @Test
    void manyImportanceSamplesReachTheClosedFormConditionalMean() {
        double[] x = {1.4, -0.6, 1.1, 0.2, 0.9, -0.4};
        boolean[] missing = {false, false, true, true, false, false};
        double[] exact = exactConditionalMean(x, missing);
        float[] values = new float[6];
        for (int i = 0; i < 6; i++) {
            values[i] = (float) x[i];
        }
        // the encoder sees zeros where values are missing, so q alone is biased: its mean decoded is far off
        double[] zeroFilled = x.clone();
        zeroFilled[2] = 0;
        zeroFilled[3] = 0;
        double worst = 0;
        for (int i : new int[] {2, 3}) {
            double qMean = B[i];
            for (int j = 0; j < 2; j++) {
                double mu = 0;
                for (int k = 0; k < 6; k++) {
                    mu += W[k][j] * (zeroFilled[k] - B[k]) / M;
                }
                qMean += W[i][j] * mu;
            }
            worst = Math.max(worst, Math.abs(qMean - exact[i]));
        }
        assertTrue(worst > 0.3, "the proposal alone is off by " + worst);
        try (LatentModel model = ppca()) {
            float[] filled = ImportanceFill.fill(model, values, missing, 20_000, 5);
            for (int i = 0; i < 6; i++) {
                if (missing[i]) {
                    assertEquals(exact[i], filled[i], 0.03, "missing value " + i);
                } else {
                    assertEquals(values[i], filled[i], 0f, "observed value " + i + " unchanged");
                }
            }
        }
    }

    @Test
    void missingValuesAreNeverReadAndObservedOnesAreKept() {
        float[] a = {1.4f, -0.6f, 1.1f, 0.2f, 0.9f, -0.4f, 0.3f, 0.3f, -1.0f, 2.0f, 0.0f, 0.5f};
        boolean[] missing = {false, true, true, false, false, true, true, false, false, false, true, false};
        float[] b = a.clone();
        for (int i = 0; i < b.length; i++) {
            if (missing[i]) {
                b[i] = i % 2 == 0 ? Float.NaN : 1e30f; // noise where nothing may look
            }
        }
        try (LatentModel model = ppca()) {
            float[] fa = ImportanceFill.fill(model, a, missing, 50, 3);
            float[] fb = ImportanceFill.fill(model, b, missing, 50, 3);
            assertArrayEquals(fa, fb, "what lies in missing values changes nothing");
            for (int i = 0; i < a.length; i++) {
                assertTrue(Float.isFinite(fa[i]));
                if (!missing[i]) {
                    assertEquals(a[i], fa[i], 0f);
                }
            }
            assertArrayEquals(fa, ImportanceFill.fill(model, a, missing, 50, 3), "seeded");
            assertThrows(BadInputException.class, () -> ImportanceFill.fill(model, a, new boolean[5], 50, 3));
            assertThrows(BadInputException.class, () -> ImportanceFill.fill(model, a, missing, 0, 3));
            float[] nan = a.clone();
            nan[0] = Float.NaN; // observed
            assertTrue(assertThrows(BadInputException.class, () -> ImportanceFill.fill(model, nan, missing, 50, 3))
                    .getMessage().contains("example 0, value 0 is NaN but observed"));
            // the second example alone, as the second of a set, draws what it draws in the whole set
            float[] second = ImportanceFill.fill(model, java.util.Arrays.copyOfRange(a, 6, 12),
                    java.util.Arrays.copyOfRange(missing, 6, 12), 50, 3, 1);
            assertArrayEquals(java.util.Arrays.copyOfRange(fa, 6, 12), second);
            // the draws decoded 7 at a time and combined with a running maximum give the one-step result
            float[] stepped = ImportanceFill.fill(model, a, missing, 50, 3, 0, 7);
            for (int i = 0; i < a.length; i++) {
                assertEquals(fa[i], stepped[i], 1e-5, "value " + i + " decoded in steps of 7");
            }
        }
    }
}
