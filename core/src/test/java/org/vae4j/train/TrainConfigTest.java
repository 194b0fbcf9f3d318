package org.vae4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrainConfigTest {

    @Test
    void klWarmupRisesLinearlyStepByStepToOne() {
        TrainConfig c = TrainConfig.defaults().withKl(2, 0);
        int steps = 4;
        assertEquals(0.125, c.klWeightAt(1, 1, steps), 1e-12); // (0 + 1/4) / 2
        assertEquals(0.5, c.klWeightAt(1, 4, steps), 1e-12);
        assertEquals(0.625, c.klWeightAt(2, 1, steps), 1e-12);
        assertEquals(1.0, c.klWeightAt(2, 4, steps), 1e-12);
        assertEquals(1.0, c.klWeightAt(5, 2, steps), 1e-12);
        assertEquals(1.0, TrainConfig.defaults().klWeightAt(1, 1, steps), 0, "no warm-up: full weight at once");
    }

    @Test
    void logisticAndCyclicalKlSchedules() {
        int steps = 4;
        TrainConfig logistic = TrainConfig.defaults().withKl(2, 0).withKlSchedule("logistic");
        // progress p epochs of W = 2: 1 / (1 + exp(-10 (p / 2 - 1/2)))
        assertEquals(1 / (1 + Math.exp(-10 * (0.125 - 0.5))), logistic.klWeightAt(1, 1, steps), 1e-12);
        assertEquals(0.5, logistic.klWeightAt(1, 4, steps), 1e-12); // half way
        assertEquals(1 / (1 + Math.exp(-10 * (0.875 - 0.5))), logistic.klWeightAt(2, 3, steps), 1e-12);
        assertEquals(1.0, logistic.klWeightAt(2, 4, steps), 0); // the warm-up is over
        assertEquals(1.0, logistic.klWeightAt(3, 1, steps), 0);
        // cycles of W = 2 epochs: rising over the first epoch of each, 1 over the second
        TrainConfig cyclical = TrainConfig.defaults().withKl(2, 0).withKlSchedule("cyclical");
        double[] expected = {0.25, 0.5, 0.75, 1, 1, 1, 1, 1, 0.25, 0.5, 0.75, 1, 1, 1, 1, 1};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], cyclical.klWeightAt(1 + i / steps, 1 + i % steps, steps), 1e-12, "step " + i);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainConfig.defaults().withKlSchedule("zigzag"))
                .getMessage().contains("linear, logistic, cyclical"));
        assertEquals("linear", TrainConfig.defaults().klSchedule());
    }

    @Test
    void learningRateSchedules() {
        TrainConfig step = TrainConfig.defaults().withEpochs(10).withSchedule("step", 3, 0.5);
        assertEquals(1e-3, step.learningRateAt(1), 1e-15);
        assertEquals(1e-3, step.learningRateAt(3), 1e-15);
        assertEquals(5e-4, step.learningRateAt(4), 1e-15);
        assertEquals(2.5e-4, step.learningRateAt(7), 1e-15);
        assertEquals(1e-3, TrainConfig.defaults().learningRateAt(9), 0);
    }

    /**
     * The cosine schedule by its properties rather than its formula: it starts at the learning rate, falls every
     * epoch, is symmetric about half the rate (epochs e and E + 2 - e add up to the rate), averages (E + 1) / (2E)
     * of the rate over the run (the sum of cos(pi k / E) over k = 0..E-1 is 1), and reaches 0 where the run ends,
     * after its last epoch.
     */
    @Test
    void theCosineScheduleFallsFromTheRateToZeroAtTheEndOfTheRun() {
        for (int epochs : new int[] {1, 4, 7, 30}) {
            TrainConfig cosine = TrainConfig.defaults().withEpochs(epochs).withSchedule("cosine", 0, 0);
            double lr = cosine.learningRate();
            assertEquals(lr, cosine.learningRateAt(1), 1e-15);
            double sum = 0;
            for (int e = 1; e <= epochs; e++) {
                sum += cosine.learningRateAt(e);
                if (e > 1) {
                    assertTrue(cosine.learningRateAt(e) < cosine.learningRateAt(e - 1), "epoch " + e);
                    assertEquals(lr, cosine.learningRateAt(e) + cosine.learningRateAt(epochs + 2 - e), 1e-15);
                }
                assertTrue(cosine.learningRateAt(e) > 0, "every epoch of the run still learns");
            }
            assertEquals((epochs + 1) / (2.0 * epochs), sum / epochs / lr, 1e-12, epochs + " epochs");
            assertEquals(0, cosine.learningRateAt(epochs + 1), 1e-18, "0 at the end of the run");
        }
    }

    @Test
    void nonsenseIsRejected() {
        TrainConfig d = TrainConfig.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withKl(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> d.withKl(0, -0.5));
        assertThrows(IllegalArgumentException.class, () -> d.withSchedule("linear", 1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> d.withSchedule("step", 0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> d.withSchedule("step", 2, 1.5));
        assertThrows(IllegalArgumentException.class, () -> d.withPatience(-2));
    }
}
