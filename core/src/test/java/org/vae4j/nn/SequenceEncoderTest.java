package org.vae4j.nn;

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

/**
 * The sequence encoder: padding changes neither its outputs nor its gradients (a padded batch against the same
 * sequences unpadded, one by one), and its gradient matches finite differences on a tiny model.
 */
class SequenceEncoderTest {
    private static final int V = 7;
    private static final float[][] SEQUENCES = {{4, 5, 6, 3}, {6, 3}, {5, 4, 4, 6, 5, 3}};
    private static final float[] PROJECTION = {0.7f, -1.3f, 0.4f, 0.9f};

    private static SequenceEncoder encoder(NDManager m) {
        SequenceEncoder e = new SequenceEncoder(V, 3, 5, 4, new Init(11));
        e.initialize(m, DataType.FLOAT32, new Shape(1, 6));
        return e;
    }

    private static NDArray padded(NDManager m) {
        float[] rows = new float[3 * 6];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(SEQUENCES[i], 0, rows, i * 6, SEQUENCES[i].length);
        }
        return m.create(rows, new Shape(3, 6));
    }

    /** A scalar of the outputs that weighs every output differently. */
    private static NDArray score(NDArray out) {
        return out.mul(out.getManager().create(PROJECTION)).sum();
    }

    private static List<float[]> gradients(SequenceEncoder e, NDManager m, boolean batched) {
        ParameterStore store = new ParameterStore(m, false);
        for (Pair<String, Parameter> p : e.getParameters()) {
            p.getValue().getArray().setRequiresGradient(true);
        }
        try (GradientCollector g = Engine.getInstance().newGradientCollector()) {
            NDArray total;
            if (batched) {
                total = score(e.forward(store, new NDList(padded(m)), true).head());
            } else {
                total = null;
                for (float[] s : SEQUENCES) {
                    NDArray one = score(e.forward(store, new NDList(m.create(s, new Shape(1, s.length))), true)
                            .head());
                    total = total == null ? one : total.add(one);
                }
            }
            g.backward(total);
        }
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : e.getParameters()) {
            out.add(p.getValue().getArray().getGradient().toFloatArray());
        }
        return out;
    }

    @Test
    void paddingChangesNeitherOutputsNorGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequenceEncoder e = encoder(m);
            ParameterStore store = new ParameterStore(m, false);
            float[] batch = e.forward(store, new NDList(padded(m)), false).head().toFloatArray();
            for (int i = 0; i < 3; i++) {
                float[] alone = e.forward(store, new NDList(m.create(SEQUENCES[i], new Shape(1,
                        SEQUENCES[i].length))), false).head().toFloatArray();
                for (int j = 0; j < 4; j++) {
                    assertEquals(alone[j], batch[i * 4 + j], 1e-6, "sequence " + i + ", output " + j);
                }
            }
            // two encoders of the same seed, so that neither's gradients add to the other's
            List<float[]> together = gradients(e, m, true);
            List<float[]> apart = gradients(encoder(m), m, false);
            int checked = 0;
            for (int p = 0; p < together.size(); p++) {
                for (int k = 0; k < together.get(p).length; k++) {
                    assertEquals(apart.get(p)[k], together.get(p)[k], 1e-5, "parameter " + p + "[" + k + "]");
                    checked++;
                }
            }
            assertTrue(checked > 100, checked + " gradient entries");
            // the rows of the embedding table that no sequence uses get no gradient; the used ones do
            float[] table = together.get(0);
            for (int id : new int[] {0, 1, 2}) {
                for (int k = 0; k < 3; k++) {
                    assertEquals(0f, table[id * 3 + k], 0f, "unused id " + id);
                }
            }
            assertTrue(Math.abs(table[4 * 3]) + Math.abs(table[6 * 3]) > 0, "used ids have gradients");
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequenceEncoder e = encoder(m);
            List<float[]> grads = gradients(e, m, true);
            ParameterStore store = new ParameterStore(m, false);
            int checked = 0;
            int p = 0;
            float h = 1e-2f;
            for (Pair<String, Parameter> param : e.getParameters()) {
                NDArray w = param.getValue().getArray();
                float[] values = w.toFloatArray();
                for (int i = 0; i < values.length; i += 3) {
                    float saved = values[i];
                    values[i] = saved + h;
                    w.set(values);
                    double up = score(e.forward(store, new NDList(padded(m)), false).head()).getFloat();
                    values[i] = saved - h;
                    w.set(values);
                    double down = score(e.forward(store, new NDList(padded(m)), false).head()).getFloat();
                    values[i] = saved;
                    w.set(values);
                    double numeric = (up - down) / (2 * h);
                    assertEquals(numeric, grads.get(p)[i], 2e-3 + 2e-2 * Math.abs(numeric),
                            param.getKey() + "[" + i + "]");
                    checked++;
                }
                p++;
            }
            assertTrue(checked > 40, checked + " entries checked");
        }
    }
}
