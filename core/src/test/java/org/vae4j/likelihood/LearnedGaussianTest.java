package org.vae4j.likelihood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vae4j.Noise;
import org.vae4j.data.Batch;
import org.vae4j.data.Schema;
import org.vae4j.model.LatentModel;
import org.vae4j.model.ModelDefinition;
import org.vae4j.model.ModelSpec;

class LearnedGaussianTest {

    /** The density with the softly floored log-variance written out: floor + log(1 + exp(raw - floor)). */
    private static double nll(double x, double mean, double raw, double minSigma) {
        double floor = 2 * Math.log(minSigma);
        double logVar = floor + Math.log1p(Math.exp(raw - floor));
        return 0.5 * Math.log(2 * Math.PI) + 0.5 * logVar + 0.5 * (x - mean) * (x - mean) / Math.exp(logVar);
    }

    @Test
    void negativeLogLikelihoodIsTheNormalDensityWithALearnedVariance() {
        int batch = 3;
        int d = 5;
        double minSigma = 0.05;
        Random r = new Random(7);
        float[] out = new float[batch * 2 * d];
        float[] x = new float[batch * d];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (r.nextGaussian() * 2);
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        LearnedGaussian lik = LearnedGaussian.perValue(minSigma);
        assertEquals(2, lik.decoderOutputsPerValue());
        try (NDManager m = NDManager.newBaseManager()) {
            float[] got = lik.negLogLikelihood(m.create(out, new Shape(batch, 2 * d)), m.create(x, new Shape(batch, d)),
                    null).toFloatArray();
            float[] mean = lik.mean(m.create(out, new Shape(batch, 2 * d))).toFloatArray();
            for (int b = 0; b < batch; b++) {
                double expected = 0;
                for (int j = 0; j < d; j++) {
                    // row b holds d means, then d raw log-variances
                    double mu = out[b * 2 * d + j];
                    double raw = out[b * 2 * d + d + j];
                    expected += nll(x[b * d + j], mu, raw, minSigma);
                    assertEquals(mu, mean[b * d + j], 0);
                }
                assertEquals(expected, got[b], 1e-4 * Math.max(1, Math.abs(expected)));
            }
        }
    }

    @Test
    void theVarianceNeverFallsBelowTheFloor() {
        LearnedGaussian lik = LearnedGaussian.perValue(0.1);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray out = m.create(new float[] {0.5f, -1000f}, new Shape(1, 2));
            NDList ml = lik.meanAndLogVar(out);
            assertEquals(2 * Math.log(0.1), ml.get(1).getFloat(0, 0), 1e-5);
            // x equal to the mean: the density is as high as the floor allows, and finite
            float nll = lik.negLogLikelihood(out, m.create(new float[] {0.5f}, new Shape(1, 1)), null).getFloat(0);
            assertEquals(0.5 * Math.log(2 * Math.PI) + Math.log(0.1), nll, 1e-5);
        }
    }

    @Test
    void theSharedVarianceIsOneParameterThatLearns() {
        ModelDefinition c = ModelDefinition.vae(Schema.image(1, 3, 3),
                new ModelSpec("mlp", List.of(4), 2, List.of(), false, "gaussian-global", 0.01));
        try (LatentModel model = LatentModel.create(c, 1); NDManager m = model.manager().newSubManager()) {
            NDArray shared = model.network().getParameters().get("sharedLogVar").getArray();
            assertEquals(new Shape(1), shared.getShape());
            shared.setRequiresGradient(true);
            NDArray out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray x = new Noise(5).uniform(m, new Shape(4, 9));
                NDArray mu = model.encode(Batch.of(x), true).get(0);
                out = model.decode(mu, null, true);
                gc.backward(model.likelihood().negLogLikelihood(out, x, null).sum());
            }
            assertEquals(new Shape(4, 18), out.getShape(), "means, then the shared log-variance broadcast");
            float[] values = out.toFloatArray();
            for (int row = 0; row < 4; row++) {
                for (int j = 9; j < 18; j++) {
                    assertEquals(values[row * 18 + 9], values[row * 18 + j], 0f);
                }
            }
            assertTrue(shared.getGradient().getFloat(0) != 0f, "the gradient reaches the shared log-variance");
        }
    }
}
