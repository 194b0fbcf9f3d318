package org.vae4j.inpaint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vae4j.BadInputException;
import org.vae4j.TestData;
import org.vae4j.data.ImageField;
import org.vae4j.image.ImageDataset;
import org.vae4j.model.CompletionFamily;
import org.vae4j.model.CompletionSpec;
import org.vae4j.model.LatentModel;
import org.vae4j.model.ModelDefinition;
import org.vae4j.model.ModelSpec;
import org.vae4j.train.EpochMetrics;
import org.vae4j.train.TrainConfig;
import org.vae4j.train.Trainer;
import org.vae4j.train.TrainingListener;

/**
 * A completion model and its baseline, trained briefly on 200 Fashion-MNIST images: the conditional ELBO is below
 * the importance-weighted conditional log-likelihood, whose K = 1 estimate is the ELBO in expectation; training
 * lowers the loss; the fill keeps the observed pixels and never reads the missing ones; saved weights fill the same.
 */
class CompletionFillTest {
    private static final ImageDataset ALL = TestData.fashionMnist200();
    /** The first 160 images train; the last 40 are filled, unseen. */
    private static final ImageDataset DATA = ALL.subset(java.util.stream.IntStream.range(0, 160).toArray(), "train");
    private static final ImageDataset HELD_OUT = ALL.subset(java.util.stream.IntStream.range(160, 200).toArray(),
            "held out");
    private static final ImageField FIELD = DATA.schema().requireImage("test");
    private static final int N = 40;
    private static LatentModel complete;
    private static LatentModel baseline;
    private static LatentModel untrained;
    private static List<EpochMetrics> history;

    private static ModelDefinition definition(String family) {
        return new ModelDefinition(family, DATA.schema().withCondition(null),
                new ModelSpec("mlp", List.of(64), 8, List.of(), false, "bernoulli", 0.1),
                new CompletionSpec("quadrant:1,quadrant:2,quadrant:3", 1.0));
    }

    @BeforeAll
    static void train() {
        complete = LatentModel.create(definition(CompletionFamily.NAME), 3);
        history = new Trainer(complete, new TrainConfig(6, 32, 3e-3, 2)).fit(DATA, null, new TrainingListener() {});
        baseline = LatentModel.create(definition(CompletionFamily.BASELINE), 3);
        new Trainer(baseline, new TrainConfig(6, 32, 3e-3, 2)).fit(DATA, null, new TrainingListener() {});
        untrained = LatentModel.create(definition(CompletionFamily.NAME), 3);
    }

    @AfterAll
    static void close() {
        complete.close();
        baseline.close();
        untrained.close();
    }

    private static float[] images() {
        return HELD_OUT.pixels().clone();
    }

    /** The floor a fill must beat: each missing pixel filled with the training images' mean. */
    private static double meanImageMse(boolean[] missing) {
        float[] train = DATA.pixels();
        int d = FIELD.size();
        float[] mean = new float[d];
        for (int i = 0; i < train.length; i++) {
            mean[i % d] += train[i] / DATA.size();
        }
        float[] fill = images().clone();
        for (int i = 0; i < fill.length; i++) {
            if (missing[i]) {
                fill[i] = mean[i % d];
            }
        }
        return Inpainting.mean(Inpainting.mse(images(), fill, missing, N, d));
    }

    private static boolean[] missing(String mask) {
        return Inpainting.missing(MaskSpec.parse(mask), FIELD, N, 1, null);
    }

    @Test
    void theConditionalElboIsBelowTheImportanceWeightedLogLikelihood() {
        boolean[] missing = missing("quadrant:2");
        Inpainting.Filled k100 = CompletionFill.fill(complete, images(), missing, images(), 100, 7, 0);
        Inpainting.Filled k1 = CompletionFill.fill(complete, images(), missing, images(), 1, 7, 0);
        double gap = 0;
        double[] diff = new double[N];
        // Per image this holds in expectation only (the ELBO's KL is exact, the bound's log-ratios are sampled):
        // each image may miss by Monte Carlo error, the mean must not.
        for (int i = 0; i < N; i++) {
            assertTrue(k100.missingLogLikelihood()[i] >= k100.elbo()[i] - 0.5, "image " + i + ": IW "
                    + k100.missingLogLikelihood()[i] + " below the ELBO " + k100.elbo()[i]);
            gap += (k100.missingLogLikelihood()[i] - k100.elbo()[i]) / N;
            diff[i] = k1.missingLogLikelihood()[i] - k100.elbo()[i];
        }
        assertTrue(gap > 0.05, "IW (K = 100) above the ELBO by " + gap + " nats on average");
        // K = 1: a one-draw ELBO estimate; its mean over images matches the 100-draw ELBO within Monte Carlo error
        double mean = Inpainting.mean(diff);
        double var = 0;
        for (double v : diff) {
            var += (v - mean) * (v - mean) / (N - 1);
        }
        assertEquals(0, mean, 4 * Math.sqrt(var / N) + 1e-6, "K = 1 against the ELBO");
        // the trained model's ELBO is better than the untrained one's by a wide margin
        double trained = Inpainting.mean(k100.elbo());
        double fresh = Inpainting.mean(CompletionFill.fill(untrained, images(), missing, images(), 10, 7, 0).elbo());
        assertTrue(trained > fresh + 50, "trained ELBO " + trained + " vs untrained " + fresh);
        assertTrue(history.get(history.size() - 1).trainLoss() < history.get(0).trainLoss() - 20,
                "training lowered the loss: " + history.get(0).trainLoss() + " -> "
                        + history.get(history.size() - 1).trainLoss());
    }

    @Test
    void theFillKeepsObservedPixelsAndNeverReadsMissingOnes() {
        for (LatentModel model : new LatentModel[] {complete, baseline}) {
            boolean[] missing = missing("quadrant:1");
            float[] clean = images();
            float[] noisy = clean.clone();
            java.util.Random r = new java.util.Random(4);
            for (int i = 0; i < noisy.length; i++) {
                if (missing[i]) {
                    noisy[i] = i % 7 == 0 ? Float.NaN : r.nextFloat() * 100;
                }
            }
            float[] a = CompletionFill.fill(model, clean, missing, null, 20, 5, 0).values();
            float[] b = CompletionFill.fill(model, noisy, missing, null, 20, 5, 0).values();
            assertArrayEquals(a, b, model.definition().family() + ": the missing pixels' contents change nothing");
            for (int i = 0; i < a.length; i++) {
                if (!missing[i]) {
                    assertEquals(clean[i], a[i], 0f, "observed value " + i);
                } else {
                    assertTrue(a[i] >= 0 && a[i] <= 1, "a Bernoulli mean");
                }
            }
            // unseen images filled better than by the training images' mean
            double mse = Inpainting.mean(Inpainting.mse(clean, a, missing, N, FIELD.size()));
            double floor = meanImageMse(missing);
            assertTrue(mse < 0.9 * floor, model.definition().family() + " MSE " + mse + " against the mean "
                    + "image's " + floor);
        }
    }

    /** One image's draws in chunks (what a K beyond memory takes) give what they give all at once. */
    @Test
    void drawsInChunksGiveTheSameFillAndScores() {
        boolean[] missing = missing("quadrant:1");
        Inpainting.Filled whole = CompletionFill.fill(complete, images(), missing, images(), 30, 3, 0, 4096);
        Inpainting.Filled chunks = CompletionFill.fill(complete, images(), missing, images(), 30, 3, 0, 7);
        for (int i = 0; i < whole.values().length; i++) {
            assertEquals(whole.values()[i], chunks.values()[i], 1e-5, "value " + i);
        }
        for (int i = 0; i < N; i++) {
            assertEquals(whole.missingLogLikelihood()[i], chunks.missingLogLikelihood()[i], 1e-3, "IW, image " + i);
            assertEquals(whole.elbo()[i], chunks.elbo()[i], 1e-3, "ELBO, image " + i);
        }
    }

    @Test
    void theBaselineScoresItsOwnBernoulliLikelihoodOfTheMissingPixels() {
        boolean[] missing = missing("quadrant:3");
        float[] x = images();
        Inpainting.Filled f = CompletionFill.fill(baseline, x, missing, x, 5, 1, 0);
        int d = FIELD.size();
        for (int i = 0; i < 3; i++) {
            double ll = 0;
            for (int j = 0; j < d; j++) {
                if (missing[i * d + j]) {
                    double p = Math.min(Math.max(f.values()[i * d + j], 1e-7), 1 - 1e-7);
                    ll += x[i * d + j] * Math.log(p) + (1 - x[i * d + j]) * Math.log(1 - p);
                }
            }
            assertEquals(ll, f.missingLogLikelihood()[i], 1e-3 * Math.abs(ll), "image " + i);
            assertEquals(f.missingLogLikelihood()[i], f.elbo()[i], 0);
        }
    }

    @Test
    void savedWeightsFillTheSameAndMasksMustCoverWholePixels() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        complete.saveWeights(new DataOutputStream(bytes));
        boolean[] missing = missing("center:10");
        try (LatentModel again = LatentModel.load(complete.definition(),
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())))) {
            assertArrayEquals(CompletionFill.fill(complete, images(), missing, null, 8, 2, 0).values(),
                    CompletionFill.fill(again, images(), missing, null, 8, 2, 0).values());
            assertEquals(List.of("01encoder", "02decoder", "03prior"), again.network().getChildren().keys());
        }
        assertTrue(assertThrows(BadInputException.class, () -> complete.sample(4, 1)).getMessage()
                .contains("needs a vae-family model"));
        assertTrue(assertThrows(BadInputException.class, () -> ImportanceFill.fill(complete, images(), missing, 5,
                1)).getMessage().contains("needs a vae-family model; this one is family complete"));
        assertEquals(List.of("model"), Inpainting.methods(complete));
    }
}
