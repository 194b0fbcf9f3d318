package org.vae4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vae4j.data.ArrayExamples;
import org.vae4j.data.Batch;
import org.vae4j.data.ExampleSet;
import org.vae4j.model.LatentModel;
import org.vae4j.model.ModelDefinition;
import org.vae4j.model.ModelSpec;

/**
 * The importance-weighted log-likelihood on a model whose log p(x) has a closed form: a linear Gaussian decoder with
 * a standard normal prior is probabilistic PCA, p(x) = N(b, W W^T + sigma^2 I). Its exact posterior is Gaussian too,
 * so the encoder can be set to it (every importance weight is then p(x) itself) or to a deliberately wrong one
 * (the bound then has a known gap at K = 1, KL(q || p(z|x)), that must close as K grows).
 */
class ImportanceWeightedTest {
    private static final int D = 8;
    private static final int L = 2;
    private static final int N = 400;
    private static final double SIGMA = 0.5;
    /** Decoder columns: orthogonal, squared norm 4 each. */
    private static final double[][] W = new double[D][L];
    private static final double[] B = new double[D];
    /** W^T W + sigma^2 I is (4 + sigma^2) I, so the exact posterior is N(W^T (x - b) / m, sigma^2 / m). */
    private static final double M = 4 + SIGMA * SIGMA;
    private static final double POSTERIOR_VAR = SIGMA * SIGMA / M;
    /** The wrong posterior: the right mean plus this shift per dimension, and this times the right variance. */
    private static final double SHIFT = 0.1;
    private static final double INFLATE = 3;

    private static double[][] xs;
    private static double[] exact;
    private static float[] flat;
    private static ExampleSet x;

    @BeforeAll
    static void makeData() {
        double r = 1 / Math.sqrt(2);
        double[] w2 = {r, -r, r, -r, r, r, -r, -r};
        for (int i = 0; i < D; i++) {
            W[i][0] = i < 4 ? 1 : 0;
            W[i][1] = w2[i];
            B[i] = 0.1 * i - 0.3;
        }
        Random random = new Random(42);
        xs = new double[N][D];
        exact = new double[N];
        flat = new float[N * D];
        for (int n = 0; n < N; n++) {
            double z0 = random.nextGaussian();
            double z1 = random.nextGaussian();
            for (int i = 0; i < D; i++) {
                xs[n][i] = W[i][0] * z0 + W[i][1] * z1 + B[i] + SIGMA * random.nextGaussian();
                flat[n * D + i] = (float) xs[n][i];
            }
            exact[n] = exactLogPx(xs[n]);
        }
        x = examples(0, N);
    }

    /** Examples from..to-1 of the data, unconditional. */
    private static ExampleSet examples(int from, int to) {
        return new ArrayExamples("ppca", ArrayExamples.numericSchema(D, 0),
                java.util.Arrays.copyOfRange(flat, from * D, to * D), null);
    }

    @Test
    void theDecoderColumnsAreOrthogonalWithSquaredNormFour() {
        double dot = 0;
        double n0 = 0;
        double n1 = 0;
        for (int i = 0; i < D; i++) {
            dot += W[i][0] * W[i][1];
            n0 += W[i][0] * W[i][0];
            n1 += W[i][1] * W[i][1];
        }
        assertEquals(0, dot, 1e-12);
        assertEquals(4, n0, 1e-12);
        assertEquals(4, n1, 1e-12);
    }

    @Test
    void withTheExactPosteriorEveryEstimateIsTheExactLogLikelihood() {
        try (LatentModel model = ppca(0, 1, true)) {
            for (int k : new int[] {1, 7}) {
                double[] iw = ImportanceWeighted.estimate(model, x, k, 3, null).perExample();
                for (int n = 0; n < N; n++) {
                    assertEquals(exact[n], iw[n], 2e-3, "example " + n + ", K=" + k);
                }
            }
        }
    }

    @Test
    void withOneSampleItIsTheElboInExpectation() {
        double kl = klToExactPosterior();
        try (LatentModel model = ppca(SHIFT, INFLATE, true)) {
            ImportanceWeighted.LogLikelihood one = ImportanceWeighted.estimate(model, x, 1, 5, null);
            double[] diff = new double[N];
            for (int n = 0; n < N; n++) {
                diff[n] = one.perExample()[n] - (exact[n] - kl);
            }
            ImportanceWeighted.LogLikelihood d = ImportanceWeighted.LogLikelihood.of(diff, 1);
            assertTrue(Math.abs(d.mean()) < 4 * d.standardError(),
                    "K=1 minus the analytic ELBO: " + d.mean() + " +- " + d.standardError());
            // The evaluator's ELBO (analytic KL to the prior, one sample for the reconstruction) estimates the same.
            double elbo = -Evaluator.evaluate(model, x, 9).termSum();
            double analytic = mean(exact) - kl;
            assertEquals(analytic, elbo, 4 * d.standardError() + 0.05, "Evaluator.evaluate vs the analytic ELBO");
        }
    }

    @Test
    void moreSamplesCloseTheGapAndNeverOvershootBeyondNoise() {
        double kl = klToExactPosterior();
        assertTrue(kl > 0.5, "the wrong posterior must leave a clear gap, KL " + kl);
        try (LatentModel model = ppca(SHIFT, INFLATE, true)) {
            double previous = Double.POSITIVE_INFINITY;
            for (int k : new int[] {1, 10, 100, 1000}) {
                double[] iw = ImportanceWeighted.estimate(model, x, k, 11, null).perExample();
                double[] gap = new double[N];
                for (int n = 0; n < N; n++) {
                    gap[n] = exact[n] - iw[n];
                }
                ImportanceWeighted.LogLikelihood g = ImportanceWeighted.LogLikelihood.of(gap, k);
                assertTrue(g.mean() > -3 * g.standardError(),
                        "K=" + k + ": the estimate exceeds log p(x) by " + -g.mean() + " +- " + g.standardError());
                assertTrue(g.mean() < previous, "K=" + k + ": gap " + g.mean() + " not below " + previous);
                if (k == 1) {
                    assertEquals(kl, g.mean(), 4 * g.standardError(), "the K=1 gap is KL(q || p(z|x))");
                }
                if (k == 1000) {
                    assertTrue(g.mean() < kl / 50, "K=1000 leaves " + g.mean() + " of the K=1 gap " + kl);
                }
                previous = g.mean();
            }
        }
    }

    @Test
    void fiveThousandSamplesRunInBoundedChunksAndCombineExactly() {
        ExampleSet few = examples(0, 3);
        try (LatentModel model = ppca(0, 1, true)) {
            assertTrue(5000 > ImportanceWeighted.rowsPerStep(model), "K must span several steps for this test");
            double[] iw = ImportanceWeighted.estimate(model, few, 5000, 1, null).perExample();
            for (int n = 0; n < 3; n++) {
                assertEquals(exact[n], iw[n], 2e-3, "example " + n);
            }
        }
        try (LatentModel model = ppca(SHIFT, INFLATE, true)) {
            double[] iw = ImportanceWeighted.estimate(model, few, 5000, 1, null).perExample();
            for (int n = 0; n < 3; n++) {
                assertTrue(iw[n] < exact[n] + 0.02 && iw[n] > exact[n] - 0.05, "example " + n + ": " + iw[n]
                        + " vs exact " + exact[n]);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameEstimateAndProgressReachesTheEnd() {
        try (LatentModel model = ppca(SHIFT, INFLATE, true)) {
            int[] seen = {0};
            double a = ImportanceWeighted.estimate(model, x, 50, 4, done -> seen[0] = done).mean();
            double b = ImportanceWeighted.estimate(model, x, 50, 4, null).mean();
            double c = ImportanceWeighted.estimate(model, x, 50, 5, null).mean();
            assertEquals(a, b, 0.0);
            assertTrue(a != c, "another seed, other samples");
            assertEquals(N, seen[0]);
        }
    }

    @Test
    void aSampleCountBelowOneAndNoExamplesAreRefused() {
        try (LatentModel model = ppca(0, 1, true)) {
            ExampleSet none = x.subset(new int[0], "none");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ImportanceWeighted.estimate(model, x, 0, 1, null));
            assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ImportanceWeighted.estimate(model, none, 10, 1, null));
            assertTrue(e.getMessage().contains("no examples"), e.getMessage());
        }
    }

    @Test
    void activeUnitsCountTheDimensionsWhosePosteriorMeanVaries() {
        try (LatentModel both = ppca(0, 1, true); LatentModel one = ppca(0, 1, false)) {
            Evaluator.ActiveUnits a = Evaluator.activeUnits(both, x, Evaluator.ACTIVE_THRESHOLD);
            Evaluator.ActiveUnits b = Evaluator.activeUnits(one, x, Evaluator.ACTIVE_THRESHOLD);
            assertEquals(2, a.count());
            assertEquals(1, b.count());
            assertEquals(0, b.variance()[1], 1e-9);
            // Independently: the posterior mean of dimension j is W_j . (x - b) / m.
            for (int j = 0; j < L; j++) {
                double[] mu = new double[N];
                for (int n = 0; n < N; n++) {
                    for (int i = 0; i < D; i++) {
                        mu[n] += W[i][j] * (xs[n][i] - B[i]) / M;
                    }
                }
                double m = mean(mu);
                double var = 0;
                for (double v : mu) {
                    var += (v - m) * (v - m) / N;
                }
                assertEquals(var, a.variance()[j], 1e-4 * var, "dimension " + j);
            }
        }
    }

    /**
     * A step's rows are bounded by the decoder's widest row: for an MLP decoder 20-400-784 that is its output (784
     * values), for the conv decoder with channels 32,64 on 28 x 28 images its first transposed convolution's output,
     * 32 x 14 x 14 = 6272 values, wider than the image; a conditional decoder's one-hot input changes nothing here.
     */
    @Test
    void aStepsRowsAreBoundedByTheDecodersWidestRow() {
        var mlp = org.vae4j.TestData.definition("mlp", 1, 28, 28, java.util.List.of(400), 20, "bernoulli", 0.1, 1.0);
        var conv = org.vae4j.TestData.definition("conv", 1, 28, 28, java.util.List.of(256), 20, "bernoulli", 0.1, 1.0,
                java.util.List.of(32, 64), false);
        try (LatentModel m = LatentModel.create(mlp, 1); LatentModel c = LatentModel.create(conv, 1);
                LatentModel cc = LatentModel.create(org.vae4j.model.ModelDefinition.vae(new org.vae4j.data.Schema(
                        conv.schema().inputs(), new org.vae4j.data.CategoricalField("label",
                                java.util.List.of("a", "b", "c"))), conv.model()), 1)) {
            assertEquals(Math.min(4096, (1 << 22) / 784), ImportanceWeighted.rowsPerStep(m));
            assertEquals((1 << 22) / (32 * 14 * 14), ImportanceWeighted.rowsPerStep(c));
            assertEquals((1 << 22) / (32 * 14 * 14), ImportanceWeighted.rowsPerStep(cc));
        }
    }

    @Test
    void anExamplesEstimateDoesNotDependOnHowTheExamplesAreGrouped() {
        // Examples go through the decoder in groups of rowsPerStep / K (81 here); a prefix of 100 ends in a group
        // of 19, so examples 81-99 are grouped differently than in the whole set. Each example draws its samples
        // from its own stream (keyed by its index), so its estimate stays the same, up to the engine's rounding.
        try (LatentModel model = ppca(SHIFT, INFLATE, true)) {
            assertEquals(81, ImportanceWeighted.rowsPerStep(model) / 50);
            ExampleSet prefix = examples(0, 100);
            double[] all = ImportanceWeighted.estimate(model, x, 50, 8, null).perExample();
            double[] first = ImportanceWeighted.estimate(model, prefix, 50, 8, null).perExample();
            for (int j = 0; j < 100; j++) {
                assertEquals(all[j], first[j], 1e-4, "example " + j);
            }
            // Another K or another seed gives other estimates.
            double[] more = ImportanceWeighted.estimate(model, prefix, 100, 8, null).perExample();
            double[] other = ImportanceWeighted.estimate(model, prefix, 50, 9, null).perExample();
            assertTrue(java.util.stream.IntStream.range(0, 100).anyMatch(j -> Math.abs(more[j] - first[j]) > 1e-3));
            assertTrue(java.util.stream.IntStream.range(0, 100).anyMatch(j -> Math.abs(other[j] - first[j]) > 1e-3));
        }
    }

    @Test
    void aChunkOfSamplesLeavesNothingBehindInTheLongerLivedManager() {
        try (LatentModel model = ppca(SHIFT, INFLATE, true); NDManager step = model.manager().newSubManager()) {
            Batch xb = x.batch(step, 0, 4);
            var q = model.encode(xb, false);
            var posterior = new ImportanceWeighted.Posterior(xb.input(), null, null, q.get(0).expandDims(1),
                    q.get(1).expandDims(1));
            int before = step.getManagedArrays().size();
            for (int chunk = 0; chunk < 5; chunk++) {
                try (NDManager inner = step.newSubManager()) {
                    double[] w = ImportanceWeighted.logWeights(model, posterior,
                            new org.vae4j.Noise(3).normal(inner, new Shape(4, 300, L)));
                    assertEquals(4 * 300, w.length);
                }
                assertEquals(before, step.getManagedArrays().size(), "arrays left in the step after chunk " + chunk);
            }
        }
    }

    @Test
    void theRunningLogSumExpIsExactAcrossUnevenChunks() {
        Random random = new Random(17);
        double[] v = new double[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = -400 + 60 * random.nextDouble();   // spread over 60 nats, far below 0
        }
        v[903] = -300;                                // the largest, in a late chunk
        double m = -300;
        double direct = 0;
        for (double a : v) {
            direct += Math.exp(a - m);
        }
        direct = m + Math.log(direct);
        ImportanceWeighted.LogSumExp running = new ImportanceWeighted.LogSumExp();
        int[] sizes = {1, 17, 400, 3, 482, 97};
        int from = 0;
        for (int size : sizes) {
            running.add(v, from, size);
            from += size;
        }
        assertEquals(v.length, from);
        assertEquals(direct, running.value(), 1e-10);
        ImportanceWeighted.LogSumExp empty = new ImportanceWeighted.LogSumExp();
        empty.add(new double[] {Double.NEGATIVE_INFINITY}, 0, 1);
        assertEquals(Double.NEGATIVE_INFINITY, empty.value());
    }

    /** KL(q || p(z|x)) of the wrong posterior: the same for every x (its shift and variance ratio are fixed). */
    private static double klToExactPosterior() {
        return L * 0.5 * (INFLATE + SHIFT * SHIFT / POSTERIOR_VAR - 1 - Math.log(INFLATE));
    }

    /**
     * A linear VAE with the pPCA decoder and an encoder giving the exact posterior's mean plus {@code shift} and
     * {@code inflate} times its variance; with {@code bothDims} false the second mean ignores x.
     */
    private static LatentModel ppca(double shift, double inflate, boolean bothDims) {
        LatentModel model = LatentModel.create(ModelDefinition.vae(ArrayExamples.numericSchema(D, 0),
                new ModelSpec("mlp", List.of(), L, List.of(), false, "gaussian", SIGMA)), 1);
        float[] encW = new float[2 * L * D];   // (2L, D): rows 0..L-1 give the mean, rows L..2L-1 the log-variance
        float[] encB = new float[2 * L];
        float[] decW = new float[D * L];       // (D, L)
        float[] decB = new float[D];
        for (int j = 0; j < L; j++) {
            double bias = shift;
            for (int i = 0; i < D; i++) {
                double a = bothDims || j == 0 ? W[i][j] / M : 0;
                encW[j * D + i] = (float) a;
                bias -= a * B[i];
            }
            encB[j] = (float) (bothDims || j == 0 ? bias : 0.7);
            encB[L + j] = (float) Math.log(inflate * POSTERIOR_VAR);
        }
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < L; j++) {
                decW[i * L + j] = (float) W[i][j];
            }
            decB[i] = (float) B[i];
        }
        for (Pair<String, Parameter> p : model.network().getParameters()) {
            NDArray a = p.getValue().getArray();
            Shape s = a.getShape();
            if (s.equals(new Shape(2 * L, D))) {
                a.set(encW);
            } else if (s.equals(new Shape(2 * L))) {
                a.set(encB);
            } else if (s.equals(new Shape(D, L))) {
                a.set(decW);
            } else if (s.equals(new Shape(D))) {
                a.set(decB);
            } else {
                throw new AssertionError("unexpected parameter " + p.getKey() + " " + s);
            }
        }
        return model;
    }

    /** log N(x; b, W W^T + sigma^2 I), by a Cholesky factorisation of the covariance. */
    private static double exactLogPx(double[] xv) {
        double[][] c = new double[D][D];
        for (int i = 0; i < D; i++) {
            for (int k = 0; k < D; k++) {
                for (int j = 0; j < L; j++) {
                    c[i][k] += W[i][j] * W[k][j];
                }
            }
            c[i][i] += SIGMA * SIGMA;
        }
        double[][] chol = new double[D][D];
        for (int i = 0; i < D; i++) {
            for (int k = 0; k <= i; k++) {
                double s = c[i][k];
                for (int m = 0; m < k; m++) {
                    s -= chol[i][m] * chol[k][m];
                }
                chol[i][k] = i == k ? Math.sqrt(s) : s / chol[k][k];
            }
        }
        double[] y = new double[D];   // solve chol y = x - b
        double logDet = 0;
        for (int i = 0; i < D; i++) {
            double s = xv[i] - B[i];
            for (int m = 0; m < i; m++) {
                s -= chol[i][m] * y[m];
            }
            y[i] = s / chol[i][i];
            logDet += 2 * Math.log(chol[i][i]);
        }
        double quad = 0;
        for (double v : y) {
            quad += v * v;
        }
        return -0.5 * (D * Math.log(2 * Math.PI) + logDet + quad);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a / v.length;
        }
        return s;
    }
}
