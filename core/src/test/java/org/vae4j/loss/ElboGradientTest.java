package org.vae4j.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vae4j.Seeds;
import org.vae4j.Tensors;
import org.vae4j.model.VaeConfig;
import org.vae4j.model.VaeModel;

/** The autograd gradient of the VAE loss against central finite differences, on a tiny model. */
class ElboGradientTest {
    private static final long NOISE_SEED = 77;

    private static float loss(VaeModel model, NDArray x, float beta) {
        // The same engine seed gives the same reparameterisation noise, so the loss is a fixed function of weights.
        Seeds.seedEngine(NOISE_SEED);
        try (NDManager batch = model.manager().newSubManager()) {
            NDArray xb = x.duplicate();
            xb.attach(batch);
            NDList terms = ElboLoss.terms(model, xb, true);
            return terms.get(0).sum().getFloat() + beta * terms.get(1).sum().getFloat();
        }
    }

    private static void check(String likelihood, double sigma) {
        VaeConfig config = new VaeConfig("mlp", 1, 2, 3, List.of(5), 2, likelihood, sigma, 0.7);
        float beta = (float) config.beta();
        try (VaeModel model = VaeModel.create(config, 3)) {
            Random r = new Random(5);
            float[] data = new float[4 * 6];
            for (int i = 0; i < data.length; i++) {
                data[i] = r.nextFloat();
            }
            NDArray x = model.manager().create(data, new Shape(4, 6));
            List<Pair<String, Parameter>> params = model.network().getParameters().stream().toList();
            for (Pair<String, Parameter> p : params) {
                p.getValue().getArray().setRequiresGradient(true);
            }
            Seeds.seedEngine(NOISE_SEED);
            try (NDManager batch = model.manager().newSubManager();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray xb = x.duplicate();
                xb.attach(batch);
                NDList terms = ElboLoss.terms(model, xb, true);
                collector.backward(terms.get(0).sum().add(Tensors.times(terms.get(1).sum(), beta)));
            }
            int checked = 0;
            int skipped = 0;
            for (Pair<String, Parameter> p : params) {
                NDArray w = p.getValue().getArray();
                float[] grad = w.getGradient().toFloatArray();
                float[] values = w.toFloatArray();
                // Every third entry of every parameter: weights and biases of encoder and decoder layers.
                for (int i = 0; i < values.length; i += 3) {
                    float h = 1e-2f;
                    float saved = values[i];
                    values[i] = saved + h;
                    w.set(values);
                    float up = loss(model, x, beta);
                    values[i] = saved - h;
                    w.set(values);
                    float down = loss(model, x, beta);
                    values[i] = saved;
                    w.set(values);
                    float center = loss(model, x, beta);
                    // A ReLU kink between saved - h and saved + h makes the two one-sided slopes disagree; the
                    // loss is not differentiable there, so the entry says nothing about the gradient code.
                    double right = (up - center) / h;
                    double left = (center - down) / h;
                    if (Math.abs(right - left) > 0.05 + 0.05 * Math.abs(right)) {
                        skipped++;
                        continue;
                    }
                    double numeric = (up - down) / (2.0 * h);
                    assertEquals(numeric, grad[i], 2e-2 + 2e-2 * Math.abs(numeric),
                            likelihood + " " + p.getKey() + "[" + i + "]: autograd " + grad[i]
                                    + " vs finite difference " + numeric);
                    checked++;
                }
            }
            assertTrue(checked >= 30 && skipped <= checked / 4,
                    "checked " + checked + " entries, skipped " + skipped + " at kinks");
        }
    }

    @Test
    void bernoulliLossGradientMatchesFiniteDifferences() {
        check("bernoulli", 0.1);
    }

    @Test
    void gaussianLossGradientMatchesFiniteDifferences() {
        check("gaussian", 0.5);
    }
}
