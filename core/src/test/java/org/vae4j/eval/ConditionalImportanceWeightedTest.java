package org.vae4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vae4j.data.ArrayExamples;
import org.vae4j.data.ExampleSet;
import org.vae4j.model.LatentModel;
import org.vae4j.model.ModelDefinition;
import org.vae4j.model.ModelSpec;

/**
 * The conditional importance-weighted estimator on a model with a closed form: a linear Gaussian decoder with a class
 * offset, p(x | z, y) = N(W z + b + c_y, sigma^2 I) with z ~ N(0, I), is probabilistic PCA per class:
 * p(x | y) = N(b + c_y, W W^T + sigma^2 I). With the encoder set to the exact posterior q(z | x, y) =
 * N(W^T (x - b - c_y) / m, sigma^2 / m) every importance weight is p(x | y) itself, so every estimate is exact, and so
 * are the marginal log (1/C) sum_y p(x | y) and the generative classifier argmax_y p(x | y).
 */
class ConditionalImportanceWeightedTest {
    private static final int D = 6;
    private static final int L = 2;
    private static final int C = 3;
    private static final int N = 150;
    private static final double SIGMA = 0.6;
    private static final double[][] W = new double[D][L];
    private static final double[] B = new double[D];
    private static final double[][] OFFSET = new double[C][D];
    /** W^T W = 3 I, so W^T W + sigma^2 I = m I. */
    private static final double M = 3 + SIGMA * SIGMA;

    private static float[] flat;
    private static int[] labels;
    private static double[][] exact;

    @BeforeAll
    static void makeData() {
        // Columns: orthogonal, squared norm 3 each.
        for (int i = 0; i < D; i++) {
            W[i][0] = i < 3 ? 1 : 0;
            W[i][1] = i < 3 ? 0 : 1;
            B[i] = 0.2 * i - 0.5;
        }
        Random random = new Random(7);
        for (int k = 0; k < C; k++) {
            for (int i = 0; i < D; i++) {
                OFFSET[k][i] = 1.5 * random.nextGaussian();
            }
        }
        flat = new float[N * D];
        labels = new int[N];
        exact = new double[N][C];
        for (int n = 0; n < N; n++) {
            int y = n % C;
            labels[n] = y;
            double z0 = random.nextGaussian();
            double z1 = random.nextGaussian();
            double[] xv = new double[D];
            for (int i = 0; i < D; i++) {
                xv[i] = W[i][0] * z0 + W[i][1] * z1 + B[i] + OFFSET[y][i] + SIGMA * random.nextGaussian();
                flat[n * D + i] = (float) xv[i];
            }
            for (int k = 0; k < C; k++) {
                exact[n][k] = exactLogPxGivenY(xv, k);
            }
        }
    }

    @Test
    void theDecoderColumnsAreOrthogonalWithSquaredNormThree() {
        double dot = 0;
        double n0 = 0;
        double n1 = 0;
        for (int i = 0; i < D; i++) {
            dot += W[i][0] * W[i][1];
            n0 += W[i][0] * W[i][0];
            n1 += W[i][1] * W[i][1];
        }
        assertEquals(0, dot, 1e-12);
        assertEquals(3, n0, 1e-12);
        assertEquals(3, n1, 1e-12);
    }

    @Test
    void withTheExactPosteriorEveryClassEstimateIsExactAndSoAreTheMarginalAndTheClassifier() {
        ExampleSet data = new ArrayExamples("cppca", ArrayExamples.numericSchema(D, C), flat, labels);
        try (LatentModel model = exactModel()) {
            for (int k : new int[] {1, 9}) {
                ImportanceWeighted.PerClass r = ImportanceWeighted.perClass(model, data, k, 3, null);
                int right = 0;
                for (int n = 0; n < N; n++) {
                    double max = Double.NEGATIVE_INFINITY;
                    int best = -1;
                    for (int y = 0; y < C; y++) {
                        assertEquals(exact[n][y], r.logPxGivenY()[n][y], 2e-3, "example " + n + ", class " + y);
                        if (exact[n][y] > max) {
                            max = exact[n][y];
                            best = y;
                        }
                    }
                    double sum = 0;
                    for (int y = 0; y < C; y++) {
                        sum += Math.exp(exact[n][y] - max);
                    }
                    double marginal = max + Math.log(sum / C);
                    assertEquals(marginal, r.marginal().perExample()[n], 2e-3, "marginal of example " + n);
                    assertEquals(best, r.predicted()[n], "the classifier's choice for example " + n);
                    assertEquals(exact[n][labels[n]], r.conditional().perExample()[n], 2e-3);
                    right += best == labels[n] ? 1 : 0;
                }
                assertEquals((double) right / N, r.accuracy(), 1e-12);
                assertTrue(r.accuracy() > 0.5, "the class offsets are large enough to classify: " + r.accuracy());
            }
            // The one-class estimate with the data's own labels is the conditional column.
            double[] own = ImportanceWeighted.estimate(model, data, 5, 3, null).perExample();
            for (int n = 0; n < N; n++) {
                assertEquals(exact[n][labels[n]], own[n], 2e-3);
            }
        }
    }

    @Test
    void aWrongPosteriorLeavesAGapThatMoreSamplesClose() {
        ExampleSet data = new ArrayExamples("cppca", ArrayExamples.numericSchema(D, C), flat, labels);
        try (LatentModel model = model(0.2, 3)) {
            double previous = Double.POSITIVE_INFINITY;
            for (int k : new int[] {1, 30, 1000}) {
                double[] iw = ImportanceWeighted.estimate(model, data, k, 11, null).perExample();
                double gap = 0;
                for (int n = 0; n < N; n++) {
                    gap += (exact[n][labels[n]] - iw[n]) / N;
                }
                assertTrue(gap > -0.05, "K=" + k + " overshoots log p(x|y) by " + -gap);
                assertTrue(gap < previous, "K=" + k + ": gap " + gap + " not below " + previous);
                previous = gap;
            }
            assertTrue(previous < 0.05, "K=1000 leaves a gap of " + previous);
        }
    }

    @Test
    void unlabelledDataGetTheMarginalAndTheClassifierButNoConditionalFigure() {
        ExampleSet labelled = new ArrayExamples("cppca", ArrayExamples.numericSchema(D, C), flat, labels);
        ExampleSet unlabelled = new ArrayExamples("cppca-x", ArrayExamples.numericSchema(D, 0), flat, null);
        try (LatentModel model = exactModel()) {
            ImportanceWeighted.PerClass with = ImportanceWeighted.perClass(model, labelled, 3, 3, null);
            ImportanceWeighted.PerClass without = ImportanceWeighted.perClass(model, unlabelled, 3, 3, null);
            assertArrayEquals(with.marginal().perExample(), without.marginal().perExample(), 0);
            assertArrayEquals(with.predicted(), without.predicted());
            for (int n = 0; n < N; n++) {
                assertEquals(exact[n][without.predicted()[n]], without.logPxGivenY()[n][without.predicted()[n]],
                        2e-3);
            }
            assertNull(without.conditional());
            assertTrue(Double.isNaN(without.accuracy()));
            // the one-label estimate still needs labels
            assertThrows(org.vae4j.BadInputException.class,
                    () -> ImportanceWeighted.estimate(model, unlabelled, 3, 3, null));
        }
    }

    @Test
    void perClassEstimatesNeedAConditionalModel() {
        ExampleSet data = new ArrayExamples("ppca", ArrayExamples.numericSchema(D, 0), flat, null);
        try (LatentModel model = LatentModel.create(ModelDefinition.vae(ArrayExamples.numericSchema(D, 0),
                new ModelSpec("mlp", List.of(), L, List.of(), false, "gaussian", SIGMA)), 1)) {
            assertThrows(IllegalArgumentException.class, () -> ImportanceWeighted.perClass(model, data, 3, 1, null));
        }
    }

    private static LatentModel exactModel() {
        return model(0, 1);
    }

    /**
     * The conditional linear VAE with the pPCA decoder and an encoder giving the exact posterior's mean plus
     * {@code shift} and {@code inflate} times its variance. Encoder weights (2L, D + C) act on [x, one-hot y], decoder
     * weights (D, L + C) on [z, one-hot y].
     */
    private static LatentModel model(double shift, double inflate) {
        LatentModel model = LatentModel.create(ModelDefinition.vae(ArrayExamples.numericSchema(D, C),
                new ModelSpec("mlp", List.of(), L, List.of(), false, "gaussian", SIGMA)), 1);
        double postVar = SIGMA * SIGMA / M;
        float[] encW = new float[2 * L * (D + C)];
        float[] encB = new float[2 * L];
        float[] decW = new float[D * (L + C)];
        float[] decB = new float[D];
        for (int j = 0; j < L; j++) {
            double bias = shift;
            for (int i = 0; i < D; i++) {
                encW[j * (D + C) + i] = (float) (W[i][j] / M);
                bias -= W[i][j] / M * B[i];
            }
            for (int k = 0; k < C; k++) {
                double a = 0;
                for (int i = 0; i < D; i++) {
                    a -= W[i][j] / M * OFFSET[k][i];
                }
                encW[j * (D + C) + D + k] = (float) a;
            }
            encB[j] = (float) bias;
            encB[L + j] = (float) Math.log(inflate * postVar);
        }
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < L; j++) {
                decW[i * (L + C) + j] = (float) W[i][j];
            }
            for (int k = 0; k < C; k++) {
                decW[i * (L + C) + L + k] = (float) OFFSET[k][i];
            }
            decB[i] = (float) B[i];
        }
        for (Pair<String, Parameter> p : model.network().getParameters()) {
            NDArray a = p.getValue().getArray();
            Shape s = a.getShape();
            if (s.equals(new Shape(2 * L, D + C))) {
                a.set(encW);
            } else if (s.equals(new Shape(2 * L))) {
                a.set(encB);
            } else if (s.equals(new Shape(D, L + C))) {
                a.set(decW);
            } else if (s.equals(new Shape(D))) {
                a.set(decB);
            } else {
                throw new AssertionError("unexpected parameter " + p.getKey() + " " + s);
            }
        }
        return model;
    }

    /** log N(x; b + c_y, W W^T + sigma^2 I), by the Woodbury identity for this W (W^T W = 3 I). */
    private static double exactLogPxGivenY(double[] xv, int y) {
        // (W W^T + s^2 I)^-1 = (I - W W^T / m) / s^2; det = s^(2(D - L)) m^L.
        double[] e = new double[D];
        for (int i = 0; i < D; i++) {
            e[i] = xv[i] - B[i] - OFFSET[y][i];
        }
        double ee = 0;
        for (double v : e) {
            ee += v * v;
        }
        double proj = 0;
        for (int j = 0; j < L; j++) {
            double wj = 0;
            for (int i = 0; i < D; i++) {
                wj += W[i][j] * e[i];
            }
            proj += wj * wj;
        }
        double quad = (ee - proj / M) / (SIGMA * SIGMA);
        double logDet = 2 * (D - L) * Math.log(SIGMA) + L * Math.log(M);
        return -0.5 * (D * Math.log(2 * Math.PI) + logDet + quad);
    }
}
