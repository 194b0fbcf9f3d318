package org.vae4j.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** Free bits: a latent dimension's batch-mean KL counts as at least the floor, and below it gets no gradient. */
class KlObjectiveTest {

    @Test
    void freeBitsFloorEachDimension() {
        int batch = 4;
        // Batch sums of three dimensions: per example 0.1, 0.8 and 2.0 nats.
        float[] sums = {0.4f, 3.2f, 8.0f};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = m.create(sums, new Shape(3));
            s.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray objective = ElboObjective.klObjective(s, batch, 0.5f);
                // max(0.1, 0.5) + max(0.8, 0.5) + max(2.0, 0.5) = 3.3 per example, times the batch
                assertEquals(4 * 3.3, objective.getFloat(), 1e-5);
                gc.backward(objective);
            }
            float[] grad = s.getGradient().toFloatArray();
            assertEquals(0f, grad[0], 0f, "below the floor: no push towards zero");
            assertEquals(1f, grad[1], 1e-6f);
            assertEquals(1f, grad[2], 1e-6f);
            assertEquals(11.6f, ElboObjective.klObjective(s, batch, 0f).getFloat(), 1e-5f, "no free bits: the sum");
        }
    }
}
