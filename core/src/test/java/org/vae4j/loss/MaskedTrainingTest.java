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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vae4j.Noise;
import org.vae4j.data.Batch;
import org.vae4j.model.LatentModel;
import org.vae4j.model.ModelDefinition;
import org.vae4j.model.ModelSpec;

/**
 * A training step on a batch with missing values: whatever stands where values are missing (NaN here) reaches
 * neither the loss nor any gradient, the encoder's included; the step equals the step on the batch with zeros there.
 */
class MaskedTrainingTest {
    private static final int BATCH = 6;
    private static final int D = 16;

    @Test
    void missingValuesReachNeitherTheLossNorAnyGradient() {
        Random r = new Random(5);
        float[] clean = new float[BATCH * D];
        boolean[] observed = new boolean[BATCH * D];
        for (int i = 0; i < clean.length; i++) {
            observed[i] = r.nextFloat() < 0.7;
            clean[i] = observed[i] ? r.nextFloat() : 0f;
        }
        float[] damaged = clean.clone();
        for (int i = 0; i < damaged.length; i++) {
            if (!observed[i]) {
                damaged[i] = Float.NaN;
            }
        }
        List<float[]> withZeros = new ArrayList<>();
        List<float[]> withNaN = new ArrayList<>();
        float lossZeros = step(clean, observed, withZeros);
        float lossNaN = step(damaged, observed, withNaN);
        assertTrue(Float.isFinite(lossNaN));
        assertEquals(lossZeros, lossNaN, 0f);
        for (int p = 0; p < withZeros.size(); p++) {
            float[] a = withZeros.get(p);
            float[] b = withNaN.get(p);
            for (int i = 0; i < a.length; i++) {
                assertTrue(Float.isFinite(b[i]), "parameter " + p + " gradient " + i + " is " + b[i]);
                assertEquals(a[i], b[i], 0f, "parameter " + p + " gradient " + i);
            }
        }
        assertTrue(withZeros.size() >= 6, "encoder, heads and decoder parameters checked: " + withZeros.size());
    }

    /** One forward and backward pass of a fresh, seeded model; returns the loss and fills in every gradient. */
    private static float step(float[] x, boolean[] observed, List<float[]> gradients) {
        ModelDefinition definition = ModelDefinition.classic(1, 4, 4)
                .withModel(ModelSpec.classic().withHidden(List.of(8)).withLatent(2));
        try (LatentModel model = LatentModel.create(definition, 9);
                NDManager m = model.manager().newSubManager()) {
            List<Pair<String, Parameter>> params = model.network().getParameters().stream()
                    .filter(p -> p.getValue().requiresGradient())
                    .toList();
            params.forEach(p -> p.getValue().getArray().setRequiresGradient(true));
            Batch batch = new Batch(new NDList(m.create(x, new Shape(BATCH, D))),
                    m.create(observed, new Shape(BATCH, D)), null);
            float loss;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                Map<String, NDArray> terms = model.objective().compute(model, batch, new Noise(3), true);
                NDArray total = model.objective().trainingLoss(terms, Objective.Step.PLAIN);
                loss = total.getFloat();
                c.backward(total);
            }
            for (Pair<String, Parameter> p : params) {
                gradients.add(p.getValue().getArray().getGradient().toFloatArray());
            }
            return loss;
        }
    }
}
