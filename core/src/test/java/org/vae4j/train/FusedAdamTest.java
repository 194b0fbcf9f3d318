package org.vae4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FusedAdamTest {

    private static float[] gradientAt(int step, int n) {
        Random r = new Random(100 + step);
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) r.nextGaussian();
        }
        return g;
    }

    /** Five fused updates against PyTorch's Adam written out in double precision. */
    @Test
    void fusedUpdatesFollowAdam() {
        checkAgainstPyTorchAdam(1.0);
    }

    /** Gradients near eps: where DJL's and PyTorch's placement of eps differ, vae4j follows PyTorch. */
    @Test
    void tinyGradientsAreScaledLikePyTorch() {
        checkAgainstPyTorchAdam(1e-9);
    }

    private static void checkAgainstPyTorchAdam(double gradientScale) {
        int n = 6;
        float lr = 0.01f;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double[] w = {0.5, -0.2, 1.0, 0.0, -1.5, 2.0};
        double[] m = new double[n];
        double[] v = new double[n];
        FusedAdam adam = new FusedAdam(lr);
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] start = new float[n];
            for (int i = 0; i < n; i++) {
                start[i] = (float) w[i];
            }
            NDArray weight = manager.create(start, new Shape(2, 3));
            weight.setRequiresGradient(true);
            for (int t = 1; t <= 5; t++) {
                float[] g = gradientAt(t, n);
                for (int i = 0; i < n; i++) {
                    g[i] = (float) (g[i] * gradientScale);
                }
                adam.update("w", weight, manager.create(g, new Shape(2, 3)));
                for (int i = 0; i < n; i++) {
                    m[i] = b1 * m[i] + (1 - b1) * g[i];
                    v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                    // torch.optim.Adam: bias-corrected moments, eps added to the corrected root
                    double mHat = m[i] / (1 - Math.pow(b1, t));
                    double vHat = v[i] / (1 - Math.pow(b2, t));
                    w[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
                }
            }
            float[] got = weight.toFloatArray();
            for (int i = 0; i < n; i++) {
                assertEquals(w[i], got[i], 2e-6, "weight " + i);
            }
            assertEquals(5, adam.stepCount());
        }
    }

    /**
     * The engine adds each backward pass's gradient to the last one, and DJL's fused update zeroes it afterwards: two steps on
     * sum(w^2) from w0 must equal Adam on the fresh gradients 2 w0 and 2 w1, not on 2 w0 and 2 w0 + 2 w1. A NaN
     * gradient is cleared too, and no array is left behind in the parameter's manager.
     */
    @Test
    void theGradientStartsFromZeroAfterEveryUpdate() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = org.vae4j.Tensors.fromJava(manager, new float[] {1, -2, 3}, new Shape(3));
            w.setRequiresGradient(true);
            FusedAdam adam = new FusedAdam(0.1f);
            double[] expected = {1, -2, 3};
            double[] m = new double[3];
            double[] v = new double[3];
            for (int t = 1; t <= 3; t++) {
                try (ai.djl.training.GradientCollector c = ai.djl.engine.Engine.getInstance()
                        .newGradientCollector()) {
                    c.backward(w.mul(w).sum());
                }
                int before = manager.getManagedArrays().size();
                try (NDArray grad = w.getGradient()) {
                    adam.update("w", w, grad);
                }
                int kept = manager.getManagedArrays().size() - before;
                for (int i = 0; i < 3; i++) {
                    double g = 2 * expected[i];
                    m[i] = 0.9 * m[i] + 0.1 * g;
                    v[i] = 0.999 * v[i] + 0.001 * g * g;
                    expected[i] -= 0.1 * (m[i] / (1 - Math.pow(0.9, t)))
                            / (Math.sqrt(v[i] / (1 - Math.pow(0.999, t))) + 1e-8);
                }
                float[] got = w.toFloatArray();
                for (int i = 0; i < 3; i++) {
                    assertEquals(expected[i], got[i], 1e-5, "step " + t + ", weight " + i);
                }
                try (NDArray grad = w.getGradient()) {
                    assertArrayEquals(new float[3], grad.toFloatArray(), "the gradient is zero after step " + t);
                }
                // The moments live in Java: no update leaves an array behind.
                assertEquals(0, kept, "arrays the update of step " + t + " left in the manager");
            }
            NDArray u = org.vae4j.Tensors.fromJava(manager, new float[] {1, 2}, new Shape(2));
            u.setRequiresGradient(true);
            try (ai.djl.training.GradientCollector c = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                c.backward(u.sum());
            }
            try (NDArray grad = u.getGradient()) {
                grad.set(new ai.djl.ndarray.index.NDIndex("..."), Float.NaN);
            }
            try (NDArray grad = u.getGradient()) {
                assertTrue(Float.isNaN(grad.toFloatArray()[0]), "the NaN is in the parameter's own gradient");
                adam.update("u", u, grad);
            }
            try (NDArray grad = u.getGradient()) {
                assertArrayEquals(new float[2], grad.toFloatArray(), "a NaN gradient is cleared too");
            }
        }
    }

    /**
     * The engine's path, taken for a gradient that is not contiguous: the weight's own gradient is zeroed there too,
     * no array is left in the manager, and with gradients near eps (where DJL's kernel and PyTorch place eps
     * differently) it still computes PyTorch's Adam, written out here in double precision.
     */
    @Test
    void theEnginesPathZeroesTheGradientKeepsNothingAndPlacesEpsLikePyTorch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] start = {0.5f, -0.2f, 1.0f, 0.0f, -1.5f, 2.0f};
            NDArray w = org.vae4j.Tensors.fromJava(manager, start, new Shape(2, 3));
            w.setRequiresGradient(true);
            double[] expected = new double[6];
            double[] m = new double[6];
            double[] v = new double[6];
            for (int i = 0; i < 6; i++) {
                expected[i] = start[i];
            }
            FusedAdam adam = new FusedAdam(0.01f);
            for (int t = 1; t <= 4; t++) {
                float[] g = gradientAt(t, 6);
                for (int i = 0; i < 6; i++) {
                    g[i] *= 1e-9f;
                }
                try (ai.djl.training.GradientCollector c = ai.djl.engine.Engine.getInstance()
                        .newGradientCollector()) {
                    c.backward(w.mul(org.vae4j.Tensors.fromJava(manager, g, new Shape(2, 3))).sum());
                }
                // the same values, handed over as a transposed view of their (3, 2) transpose: not contiguous
                float[] gt = new float[6];
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 3; j++) {
                        gt[j * 2 + i] = g[i * 3 + j];
                    }
                }
                NDArray gradT = org.vae4j.Tensors.fromJava(manager, gt, new Shape(3, 2)).transpose();
                assertArrayEquals(g, gradT.toFloatArray());
                assertTrue(!InPlace.writable(gradT), "a transposed view is not contiguous");
                int before = manager.getManagedArrays().size();
                adam.update("w", w, gradT);
                assertEquals(before, manager.getManagedArrays().size(), "arrays the update of step " + t + " left");
                try (NDArray own = w.getGradient()) {
                    assertArrayEquals(new float[6], own.toFloatArray(), "the weight's own gradient, step " + t);
                }
                for (int i = 0; i < 6; i++) {
                    m[i] = 0.9 * m[i] + 0.1 * g[i];
                    v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                    expected[i] -= 0.01 * (m[i] / (1 - Math.pow(0.9, t)))
                            / (Math.sqrt(v[i] / (1 - Math.pow(0.999, t))) + 1e-8);
                }
            }
            float[] got = w.toFloatArray();
            for (int i = 0; i < 6; i++) {
                // the steps here are about 0.01 * g / (|g| + 1e-8), i.e. 1e-2 / 11 of the plain Adam step:
                // misplacing eps would move them by a tenth
                assertEquals(expected[i], got[i], 2e-7, "weight " + i);
            }
        }
    }

    /**
     * DJL's own trainer hands the optimizer a copy of the gradient: the update uses it, and zeroes the weight's own
     * gradient, which the next backward pass adds to.
     */
    @Test
    void givenACopyOfTheGradientTheWeightsOwnGradientIsZeroed() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = org.vae4j.Tensors.fromJava(manager, new float[] {1, -2, 3}, new Shape(3));
            w.setRequiresGradient(true);
            try (ai.djl.training.GradientCollector c = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                c.backward(w.mul(w).sum());
            }
            NDArray copy;
            try (NDArray grad = w.getGradient()) {
                copy = grad.duplicate();
            }
            new FusedAdam(0.1f).update("w", w, copy);
            try (NDArray grad = w.getGradient()) {
                assertArrayEquals(new float[3], grad.toFloatArray(), "the weight's own gradient is zero");
            }
            assertArrayEquals(new float[] {2, -4, 6}, copy.toFloatArray(), "the copy is left as it was");
            float[] got = w.toFloatArray();
            for (int i = 0; i < 3; i++) {
                // the first Adam step moves every weight by lr against its gradient's sign
                assertEquals(new float[] {1, -2, 3}[i] - 0.1 * Math.signum(new float[] {2, -4, 6}[i]), got[i], 1e-6);
            }
        }
    }

    /**
     * A weight whose memory cannot be written in place (a transposed view) takes the engine's kernel; both paths
     * compute the same Adam, and the view's base array sees the update.
     */
    @Test
    void aViewThatIsNotContiguousTakesTheEnginesPathWithTheSameResult() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] start = {0.5f, -0.2f, 1.0f, 0.0f, -1.5f, 2.0f};
            NDArray base = org.vae4j.Tensors.fromJava(manager, start, new Shape(2, 3));
            NDArray view = base.transpose();
            NDArray plain = org.vae4j.Tensors.fromJava(manager, view.toFloatArray(), new Shape(3, 2));
            assertTrue(InPlace.available(), "the engine's contiguity is reachable");
            assertTrue(InPlace.writable(plain));
            assertTrue(!InPlace.writable(view), "a transposed view is not contiguous");
            FusedAdam onView = new FusedAdam(0.01f);
            FusedAdam onPlain = new FusedAdam(0.01f);
            for (int t = 1; t <= 4; t++) {
                float[] g = gradientAt(t, 6);
                onView.update("w", view, manager.create(g, new Shape(3, 2)));
                onPlain.update("w", plain, manager.create(g, new Shape(3, 2)));
            }
            float[] a = view.toFloatArray();
            float[] b = plain.toFloatArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(b[i], a[i], 1e-6, "weight " + i);
            }
            assertArrayEquals(a, base.transpose().toFloatArray(), "the base array holds the update");
            assertTrue(java.util.Arrays.stream(new int[] {0, 1, 2, 3, 4, 5})
                    .anyMatch(i -> base.toFloatArray()[i] != start[i]), "the weights moved");
        }
    }

    /**
     * A unit whose gradient stops: in float arithmetic its first moment decays into the subnormals and sticks there
     * (0.9 times a small subnormal rounds back to it), which makes every later step slow. The pass keeps it out of
     * the subnormals, and the weight ends where Adam written out in float, without that, leaves it, to the last bit.
     */
    @Test
    void aMomentThatDecaysIsFlushedToZeroWithoutChangingTheWeight() {
        int steps = 1500;
        float lr = 1e-3f;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = org.vae4j.Tensors.fromJava(manager, new float[] {0.25f, -0.5f}, new Shape(2));
            FusedAdam adam = new FusedAdam(lr);
            FusedAdam unflushed = new FusedAdam(lr, 0.9f, 0.999f, 1e-10f); // eps below 1e-9: nothing is flushed
            NDArray u = w.duplicate();
            float[] wf = {0.25f, -0.5f};
            float[] m = new float[2];
            float[] v = new float[2];
            for (int t = 1; t <= steps; t++) {
                float[] g = t == 1 ? new float[] {0.3f, -0.01f} : new float[2];
                adam.update("w", w, org.vae4j.Tensors.fromJava(manager, g, new Shape(2)));
                unflushed.update("w", u, org.vae4j.Tensors.fromJava(manager, g, new Shape(2)));
                float stepSize = (float) (lr / (1 - Math.pow(0.9, t)));
                float inverseRoot2 = 1 / (float) Math.sqrt(1 - Math.pow(0.999, t));
                for (int i = 0; i < 2; i++) {
                    m[i] = 0.9f * m[i] + 0.1f * g[i];
                    v[i] = 0.999f * v[i] + 0.001f * (g[i] * g[i]);
                    wf[i] -= stepSize * m[i] / ((float) Math.sqrt(v[i]) * inverseRoot2 + 1e-8f);
                }
            }
            assertArrayEquals(wf, w.toFloatArray(), "the flushed run ends where float Adam does");
            float[][] flushed = adam.moments("w");
            for (float x : flushed[0]) {
                // a multiple of 2^-113, where the decay sticks instead: a normal number, fast to compute with
                assertTrue(x == 0 || Math.abs(x) >= Float.MIN_NORMAL, "the first moment is not subnormal: " + x);
                assertTrue(Math.abs(x) < 0x1p-100f, "the first moment has decayed: " + x);
            }
            for (float x : m) {
                assertTrue(x != 0 && Math.abs(x) < Float.MIN_NORMAL, "float Adam's moment is stuck subnormal: " + x);
            }
            for (float x : unflushed.moments("w")[0]) {
                assertTrue(x != 0 && Math.abs(x) < Float.MIN_NORMAL, "without the flush it sticks too: " + x);
            }
            for (float x : flushed[1]) {
                assertTrue(x >= Float.MIN_NORMAL, "the second moments are still normal numbers: " + x);
            }
        }
    }

    /**
     * A parameter large enough to be split over two threads and several slices, against Adam written out in
     * double precision; the whole gradient is zero afterwards.
     */
    @Test
    void aLargeParameterSplitOverThreadsFollowsAdamAndIsZeroedEverywhere() {
        int n = 8 * 16_384 + 123;
        float lr = 0.01f;
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] start = gradientAt(0, n);
            NDArray weight = org.vae4j.Tensors.fromJava(manager, start, new Shape(n));
            weight.setRequiresGradient(true);
            double[] w = new double[n];
            double[] m = new double[n];
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = start[i];
            }
            FusedAdam adam = new FusedAdam(lr);
            for (int t = 1; t <= 3; t++) {
                float[] g = gradientAt(t, n);
                try (ai.djl.training.GradientCollector c = ai.djl.engine.Engine.getInstance()
                        .newGradientCollector()) {
                    // d/dw sum(w * g) = g, as the parameter's own gradient
                    c.backward(weight.mul(org.vae4j.Tensors.fromJava(manager, g, new Shape(n))).sum());
                }
                try (NDArray grad = weight.getGradient()) {
                    assertTrue(InPlace.writable(weight) && InPlace.writable(grad), "the fast path is taken");
                    adam.update("w", weight, grad);
                }
                for (int i = 0; i < n; i++) {
                    m[i] = 0.9 * m[i] + 0.1 * g[i];
                    v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                    w[i] -= lr * (m[i] / (1 - Math.pow(0.9, t))) / (Math.sqrt(v[i] / (1 - Math.pow(0.999, t))) + 1e-8);
                }
                try (NDArray grad = weight.getGradient()) {
                    float[] zero = grad.toFloatArray();
                    for (int i = 0; i < n; i++) {
                        assertEquals(0f, zero[i], "gradient value " + i + " after step " + t);
                    }
                }
            }
            float[] got = weight.toFloatArray();
            for (int i = 0; i < n; i++) {
                assertEquals(w[i], got[i], 1e-5 * Math.max(1, Math.abs(w[i])), "weight " + i);
            }
        }
    }

    @Test
    void savedStateContinuesExactly() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.create(new float[] {1, 2, 3}, new Shape(3));
            NDArray b = manager.create(new float[] {1, 2, 3}, new Shape(3));
            FusedAdam first = new FusedAdam(0.05f);
            for (int t = 1; t <= 3; t++) {
                first.update("p", a, manager.create(gradientAt(t, 3), new Shape(3)));
                first.update("p2", b, manager.create(gradientAt(t + 10, 3), new Shape(3)));
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            first.saveState(new DataOutputStream(bytes));
            FusedAdam second = new FusedAdam(0.05f);
            second.loadState(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertEquals(first.stateShapes(), second.stateShapes());
            NDArray a2 = a.duplicate();
            for (int t = 4; t <= 6; t++) {
                first.update("p", a, manager.create(gradientAt(t, 3), new Shape(3)));
                second.update("p", a2, manager.create(gradientAt(t, 3), new Shape(3)));
            }
            assertArrayEquals(a.toFloatArray(), a2.toFloatArray());
            assertEquals(first.stepCount(), second.stepCount());
        }
    }

    @Test
    void truncatedOrForeignStateIsRejected() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            FusedAdam adam = new FusedAdam(0.1f);
            NDArray a = manager.create(new float[] {1, 2}, new Shape(2));
            adam.update("p", a, manager.create(new float[] {1, 1}, new Shape(2)));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            adam.saveState(new DataOutputStream(bytes));
            byte[] all = bytes.toByteArray();
            byte[] half = java.util.Arrays.copyOf(all, all.length / 2);
            assertThrows(IOException.class, () -> new FusedAdam(0.1f)
                    .loadState(manager, new DataInputStream(new ByteArrayInputStream(half))));
            byte[] foreign = "not an optimizer state at all".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThrows(IOException.class, () -> new FusedAdam(0.1f)
                    .loadState(manager, new DataInputStream(new ByteArrayInputStream(foreign))));
        }
    }
}
