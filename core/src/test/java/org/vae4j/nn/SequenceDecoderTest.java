package org.vae4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vae4j.likelihood.Categorical;

/**
 * The teacher-forced sequence decoder with the categorical likelihood: a padded batch scores and differentiates as
 * its sequences one by one, and the gradient of the masked negative log-likelihood matches finite differences.
 */
class SequenceDecoderTest {
    private static final int V = 7;
    private static final float[][] TARGETS = {{4, 5, 6, 3}, {6, 3}, {5, 4, 4, 6, 5, 3}};
    private static final float[] Z = {0.3f, -1.1f, 0.5f, 0.8f, -0.2f, 1.4f};

    private static SequenceDecoder decoder(NDManager m, boolean everyStep) {
        SequenceDecoder d = new SequenceDecoder(V, 3, 5, 2, everyStep, new Init(5));
        d.initialize(m, DataType.FLOAT32, new Shape(1, 2), new Shape(1, 6));
        return d;
    }

    private static NDArray nll(SequenceDecoder d, ParameterStore store, NDArray z, NDArray targets, boolean train) {
        NDArray logits = d.forward(store, new NDList(z, targets), train).head();
        return new Categorical(V).negLogLikelihood(logits, targets, null).sum();
    }

    private static List<float[]> gradients(SequenceDecoder d, NDManager m, boolean batched) {
        ParameterStore store = new ParameterStore(m, false);
        for (Pair<String, Parameter> p : d.getParameters()) {
            p.getValue().getArray().setRequiresGradient(true);
        }
        try (GradientCollector g = Engine.getInstance().newGradientCollector()) {
            NDArray total = null;
            if (batched) {
                float[] rows = new float[3 * 6];
                for (int i = 0; i < 3; i++) {
                    System.arraycopy(TARGETS[i], 0, rows, i * 6, TARGETS[i].length);
                }
                total = nll(d, store, m.create(Z, new Shape(3, 2)), m.create(rows, new Shape(3, 6)), true);
            } else {
                for (int i = 0; i < 3; i++) {
                    NDArray one = nll(d, store, m.create(new float[] {Z[2 * i], Z[2 * i + 1]}, new Shape(1, 2)),
                            m.create(TARGETS[i], new Shape(1, TARGETS[i].length)), true);
                    total = total == null ? one : total.add(one);
                }
            }
            g.backward(total);
        }
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : d.getParameters()) {
            out.add(p.getValue().getArray().getGradient().toFloatArray());
        }
        return out;
    }

    @Test
    void theInputIsTheTargetShiftedBehindBos() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(new float[] {2, 4, 5, 6, 2, 6, 3, 0}, SequenceDecoder.shiftRight(
                    m.create(new float[] {4, 5, 6, 3, 6, 3, 0, 0}, new Shape(2, 4))).toFloatArray());
        }
    }

    @Test
    void paddingChangesNeitherTheLossNorItsGradients() {
        for (boolean everyStep : new boolean[] {false, true}) {
            try (NDManager m = NDManager.newBaseManager()) {
                List<float[]> together = gradients(decoder(m, everyStep), m, true);
                List<float[]> apart = gradients(decoder(m, everyStep), m, false);
                int checked = 0;
                for (int p = 0; p < together.size(); p++) {
                    for (int k = 0; k < together.get(p).length; k++) {
                        assertEquals(apart.get(p)[k], together.get(p)[k], 1e-5, "z every step " + everyStep
                                + ", parameter " + p + "[" + k + "]");
                        checked++;
                    }
                }
                assertTrue(checked > 100, checked + " entries");
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequenceDecoder d = decoder(m, true);
            List<float[]> grads = gradients(d, m, true);
            ParameterStore store = new ParameterStore(m, false);
            float[] rows = new float[3 * 6];
            for (int i = 0; i < 3; i++) {
                System.arraycopy(TARGETS[i], 0, rows, i * 6, TARGETS[i].length);
            }
            NDArray z = m.create(Z, new Shape(3, 2));
            NDArray targets = m.create(rows, new Shape(3, 6));
            float h = 1e-2f;
            int checked = 0;
            int p = 0;
            for (Pair<String, Parameter> param : d.getParameters()) {
                NDArray w = param.getValue().getArray();
                float[] values = w.toFloatArray();
                for (int i = 0; i < values.length; i += 4) {
                    float saved = values[i];
                    values[i] = saved + h;
                    w.set(values);
                    double up = nll(d, store, z, targets, false).getFloat();
                    values[i] = saved - h;
                    w.set(values);
                    double down = nll(d, store, z, targets, false).getFloat();
                    values[i] = saved;
                    w.set(values);
                    double numeric = (up - down) / (2 * h);
                    assertEquals(numeric, grads.get(p)[i], 3e-3 + 2e-2 * Math.abs(numeric),
                            param.getKey() + "[" + i + "]");
                    checked++;
                }
                p++;
            }
            assertTrue(checked > 40, checked + " entries checked");
        }
    }

    @Test
    void stepByStepDecodingGivesTheLogitsOfTheWholeSequence() {
        for (int latent : new int[] {2, 0}) {
            for (boolean everyStep : latent == 0 ? new boolean[] {false} : new boolean[] {false, true}) {
                try (NDManager m = NDManager.newBaseManager()) {
                    SequenceDecoder d = new SequenceDecoder(V, 3, 5, latent, everyStep, new Init(5));
                    d.initialize(m, DataType.FLOAT32, new Shape(1, latent), new Shape(1, 6));
                    ParameterStore store = new ParameterStore(m, false);
                    float[] rows = new float[3 * 6];
                    for (int i = 0; i < 3; i++) {
                        System.arraycopy(TARGETS[i], 0, rows, i * 6, TARGETS[i].length);
                    }
                    float[] codes = latent == 0 ? new float[0] : Z;
                    NDArray z = m.create(codes, new Shape(3, latent));
                    float[] whole = d.forward(store, new NDList(z, m.create(rows, new Shape(3, 6))), false).head()
                            .toFloatArray();
                    NDArray state = d.firstState(store, z);
                    float[] previous = {2, 2, 2};
                    for (int t = 0; t < 6; t++) {
                        NDList r = d.step(store, state, m.create(previous, new Shape(3)), z);
                        float[] logits = r.get(0).toFloatArray();
                        for (int i = 0; i < 3; i++) {
                            for (int k = 0; k < V; k++) {
                                assertEquals(whole[(i * 6 + t) * V + k], logits[i * V + k], 1e-5,
                                        "latent " + latent + ", every step " + everyStep + ", row " + i + ", t " + t);
                            }
                            previous[i] = rows[i * 6 + t];
                        }
                        state = r.get(1);
                    }
                }
            }
        }
    }

    @Test
    void wordDropoutReplacesOnlyRealTokensByUnknownAtItsRate() {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 20000;
            float[] ids = new float[n];
            for (int i = 0; i < n; i++) {
                ids[i] = i % 8; // pad, unk, bos, eos and four real tokens
            }
            float[] dropped = SequenceDecoder.dropWords(m.create(ids, new Shape(100, n / 100)), 0.3,
                    new org.vae4j.Noise(7)).toFloatArray();
            int real = 0;
            int replaced = 0;
            for (int i = 0; i < n; i++) {
                if (ids[i] < 4) {
                    assertEquals(ids[i], dropped[i], "special token " + ids[i] + " at " + i);
                } else {
                    real++;
                    assertTrue(dropped[i] == ids[i] || dropped[i] == 1, dropped[i] + " at " + i);
                    replaced += dropped[i] == 1 ? 1 : 0;
                }
            }
            double rate = (double) replaced / real;
            // binomial standard error at 10,000 tokens is 0.0046
            assertEquals(0.3, rate, 0.015, replaced + " of " + real);
            assertArrayEquals(ids, SequenceDecoder.dropWords(m.create(ids), 0, new org.vae4j.Noise(7))
                    .toFloatArray());
        }
    }
}
