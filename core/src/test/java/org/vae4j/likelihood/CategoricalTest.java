package org.vae4j.likelihood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vae4j.Noise;

/** The categorical likelihood of token ids against log-softmax written out, with padding left out. */
class CategoricalTest {
    private static final int V = 5;
    private static final int D = 4;

    private static float[] logits(int rows, long seed) {
        Random r = new Random(seed);
        float[] l = new float[rows * D * V];
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) (3 * r.nextGaussian());
        }
        return l;
    }

    /** -log softmax(l)[x] in double precision. */
    private static double direct(float[] l, int row, int position, int id) {
        int base = (row * D + position) * V;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < V; k++) {
            max = Math.max(max, l[base + k]);
        }
        double sum = 0;
        for (int k = 0; k < V; k++) {
            sum += Math.exp(l[base + k] - max);
        }
        return -(l[base + id] - max - Math.log(sum));
    }

    @Test
    void negativeLogLikelihoodIsTheLogSoftmaxOfTheObservedIdsAndPaddingAddsNothing() {
        float[] l = logits(2, 1);
        float[] x = {3, 1, 4, 0, 2, 2, 0, 0}; // id 0 is padding
        Categorical c = new Categorical(V);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray params = m.create(l, new Shape(2, D * V));
            NDArray ids = m.create(x, new Shape(2, D));
            float[] per = c.perValue(params, ids).toFloatArray();
            for (int i = 0; i < 2; i++) {
                for (int p = 0; p < D; p++) {
                    assertEquals(direct(l, i, p, (int) x[i * D + p]), per[i * D + p], 1e-5, "row " + i + ", pos " + p);
                }
            }
            NDArray real = ids.neq(0);
            params.setRequiresGradient(true);
            float[] nll;
            float[] grad;
            try (GradientCollector g = Engine.getInstance().newGradientCollector()) {
                NDArray loss = c.negLogLikelihood(params, ids, real);
                nll = loss.toFloatArray();
                g.backward(loss.sum());
                grad = params.getGradient().toFloatArray();
            }
            assertArrayEquals(nll, c.negLogLikelihood(params, ids, null).toFloatArray(), 0f,
                    "padding is left out without a mask too");
            double row0 = direct(l, 0, 0, 3) + direct(l, 0, 1, 1) + direct(l, 0, 2, 4);
            double row1 = direct(l, 1, 0, 2) + direct(l, 1, 1, 2);
            assertEquals(row0, nll[0], 1e-4);
            assertEquals(row1, nll[1], 1e-4);
            // the gradient of -log softmax is softmax - onehot at real positions, and zero at padding
            for (int i = 0; i < 2; i++) {
                for (int p = 0; p < D; p++) {
                    int id = (int) x[i * D + p];
                    for (int k = 0; k < V; k++) {
                        double softmax = Math.exp(-direct(l, i, p, k));
                        double expected = id == 0 ? 0 : softmax - (k == id ? 1 : 0);
                        assertEquals(expected, grad[(i * D + p) * V + k], 1e-5, "row " + i + " pos " + p + " k " + k);
                    }
                }
            }
        }
    }

    @Test
    void theModeIsTheArgmaxAndSamplesFollowTheSoftmax() {
        float[] l = logits(1, 4);
        Categorical c = new Categorical(V);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray params = m.create(l, new Shape(1, D * V));
            float[] mode = c.mean(params).toFloatArray();
            for (int p = 0; p < D; p++) {
                int best = 0;
                for (int k = 1; k < V; k++) {
                    best = l[p * V + k] > l[p * V + best] ? k : best;
                }
                assertEquals(best, mode[p], 0f, "position " + p);
            }
            int n = 20_000;
            float[] tiled = new float[n * D * V];
            for (int i = 0; i < n; i++) {
                System.arraycopy(l, 0, tiled, i * D * V, D * V);
            }
            float[] draws = c.sample(m.create(tiled, new Shape(n, D * V)), new Noise(9)).toFloatArray();
            for (int p = 0; p < D; p++) {
                for (int k = 0; k < V; k++) {
                    double prob = Math.exp(-direct(l, 0, p, k));
                    int count = 0;
                    for (int i = 0; i < n; i++) {
                        count += draws[i * D + p] == k ? 1 : 0;
                    }
                    double se = Math.sqrt(prob * (1 - prob) / n);
                    assertEquals(prob, count / (double) n, 4 * se + 1e-9, "position " + p + ", id " + k);
                }
            }
            assertArrayEquals(draws, c.sample(m.create(tiled, new Shape(n, D * V)), new Noise(9)).toFloatArray(),
                    "seeded");
        }
        assertThrows(IllegalArgumentException.class, () -> new Categorical(1));
    }
}
