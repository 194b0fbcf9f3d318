package org.vae4j.inpaint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.vae4j.data.ArrayExamples;
import org.vae4j.model.LatentModel;
import org.vae4j.model.ModelDefinition;
import org.vae4j.model.ModelSpec;

/**
 * A linear Gaussian model (probabilistic PCA: x = W z + b + 0.5 noise, z ~ N(0, I)), where x_miss given x_obs is
 * Gaussian in closed form: mean b_m + S_mo S_oo^-1 (x_o - b_o) and covariance S_mm - S_mo S_oo^-1 S_om, with
 * S = W W^T + 0.25 I.
 */
final class Ppca {
    static final double SIGMA = 0.5;
    // orthogonal columns of squared norm 4: the posterior given the full x is N(W^T (x - b) / M, SIGMA^2 / M)
    static final double[][] W = {{1, 1}, {1, -1}, {1, 1}, {1, -1}, {0, 0}, {0, 0}};
    static final double[] B = {0.2, -0.1, 0.0, 0.3, -0.2, 0.1};
    static final double M = 4 + SIGMA * SIGMA;


    /** The model, its encoder the exact posterior for a fully observed x, its variance inflated to propose wide. */
    static LatentModel model() {
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

    static double[] conditionalMean(double[] x, boolean[] missing) {
        double[][] s = covariance();
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


    /** The closed-form variance of each missing value given the observed ones (0 where observed). */
    static double[] conditionalVariance(boolean[] missing) {
        double[][] s = covariance();
        int[] obs = java.util.stream.IntStream.range(0, 6).filter(i -> !missing[i]).toArray();
        DMatrixRMaj soo = new DMatrixRMaj(obs.length, obs.length);
        for (int a = 0; a < obs.length; a++) {
            for (int c = 0; c < obs.length; c++) {
                soo.set(a, c, s[obs[a]][obs[c]]);
            }
        }
        double[] out = new double[6];
        for (int m = 0; m < 6; m++) {
            if (!missing[m]) {
                continue;
            }
            DMatrixRMaj som = new DMatrixRMaj(obs.length, 1);
            for (int a = 0; a < obs.length; a++) {
                som.set(a, 0, s[obs[a]][m]);
            }
            DMatrixRMaj solved = new DMatrixRMaj(obs.length, 1);
            assertTrue(CommonOps_DDRM.solve(soo, som, solved));
            double v = s[m][m];
            for (int a = 0; a < obs.length; a++) {
                v -= s[m][obs[a]] * solved.get(a, 0);
            }
            out[m] = v;
        }
        return out;
    }

    /** The closed-form log-density of the missing values given the observed ones: a Gaussian of the full block. */
    static double conditionalLogDensity(double[] x, boolean[] missing) {
        double[][] s = covariance();
        int[] obs = java.util.stream.IntStream.range(0, 6).filter(i -> !missing[i]).toArray();
        int[] mis = java.util.stream.IntStream.range(0, 6).filter(i -> missing[i]).toArray();
        DMatrixRMaj soo = block(s, obs, obs);
        DMatrixRMaj som = block(s, obs, mis);
        DMatrixRMaj solved = new DMatrixRMaj(obs.length, mis.length);
        assertTrue(CommonOps_DDRM.solve(soo, som, solved));
        DMatrixRMaj cov = block(s, mis, mis);
        DMatrixRMaj correction = new DMatrixRMaj(mis.length, mis.length);
        CommonOps_DDRM.multTransA(som, solved, correction);
        CommonOps_DDRM.subtractEquals(cov, correction);
        double[] mean = conditionalMean(x, missing);
        DMatrixRMaj u = new DMatrixRMaj(mis.length, 1);
        for (int a = 0; a < mis.length; a++) {
            u.set(a, 0, x[mis[a]] - mean[mis[a]]);
        }
        DMatrixRMaj v = new DMatrixRMaj(mis.length, 1);
        assertTrue(CommonOps_DDRM.solve(cov, u, v));
        double quad = 0;
        for (int a = 0; a < mis.length; a++) {
            quad += u.get(a, 0) * v.get(a, 0);
        }
        return -0.5 * (quad + Math.log(CommonOps_DDRM.det(cov)) + mis.length * Math.log(2 * Math.PI));
    }

    private static DMatrixRMaj block(double[][] s, int[] rows, int[] cols) {
        DMatrixRMaj out = new DMatrixRMaj(rows.length, cols.length);
        for (int a = 0; a < rows.length; a++) {
            for (int c = 0; c < cols.length; c++) {
                out.set(a, c, s[rows[a]][cols[c]]);
            }
        }
        return out;
    }

    static double[][] covariance() {
        double[][] s = new double[6][6];
        for (int i = 0; i < 6; i++) {
            for (int k = 0; k < 6; k++) {
                s[i][k] = W[i][0] * W[k][0] + W[i][1] * W[k][1] + (i == k ? SIGMA * SIGMA : 0);
            }
        }
        return s;
    }

    private Ppca() {}
}
