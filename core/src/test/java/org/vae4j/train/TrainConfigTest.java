package org.vae4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void learningRateSchedules() {
        TrainConfig step = TrainConfig.defaults().withEpochs(10).withSchedule("step", 3, 0.5);
        assertEquals(1e-3, step.learningRateAt(1), 1e-15);
        assertEquals(1e-3, step.learningRateAt(3), 1e-15);
        assertEquals(5e-4, step.learningRateAt(4), 1e-15);
        assertEquals(2.5e-4, step.learningRateAt(7), 1e-15);
        TrainConfig cosine = TrainConfig.defaults().withEpochs(4).withSchedule("cosine", 0, 0);
        assertEquals(1e-3, cosine.learningRateAt(1), 1e-15);
        assertEquals(1e-3 * 0.5 * (1 + Math.cos(Math.PI / 4)), cosine.learningRateAt(2), 1e-15);
        assertEquals(5e-4, cosine.learningRateAt(3), 1e-15);
        assertEquals(1e-3, TrainConfig.defaults().learningRateAt(9), 0);
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
