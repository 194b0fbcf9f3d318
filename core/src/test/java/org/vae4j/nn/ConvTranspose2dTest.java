package org.vae4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The polyphase transposed convolution against PyTorch's definition, written out as loops. */
class ConvTranspose2dTest {

    /**
     * ConvTranspose2d by its definition: every input pixel scatters its kernel, scaled, into the output:
     * y[b, o, i*s - p + ky, j*s - p + kx] += x[b, c, i, j] * w[c, o, ky, kx], then bias.
     */
    static double[] direct(float[] x, int batch, int inC, int h, int w, float[] weight, int outC, int k, float[] bias,
            int s, int p, int op) {
        int oh = (h - 1) * s - 2 * p + k + op;
        int ow = (w - 1) * s - 2 * p + k + op;
        double[] y = new double[batch * outC * oh * ow];
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < outC; o++) {
                for (int yy = 0; yy < oh; yy++) {
                    for (int xx = 0; xx < ow; xx++) {
                        y[((b * outC + o) * oh + yy) * ow + xx] = bias == null ? 0 : bias[o];
                    }
                }
                for (int c = 0; c < inC; c++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < w; j++) {
                            double v = x[((b * inC + c) * h + i) * w + j];
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int yy = i * s - p + ky;
                                    int xx = j * s - p + kx;
                                    if (yy >= 0 && yy < oh && xx >= 0 && xx < ow) {
                                        y[((b * outC + o) * oh + yy) * ow + xx] +=
                                                v * weight[((c * outC + o) * k + ky) * k + kx];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    @ParameterizedTest(name = "k{0} s{1} p{2} op{3}, {4}x{5}")
    @CsvSource({
        "4, 2, 1, 0, 7, 7", // the conv decoder's layer: doubles the size
        "4, 2, 1, 1, 3, 3", // 3 -> 7, as when the encoder went 7 -> 3
        "3, 2, 1, 1, 5, 4", // odd kernel, non-square input
        "3, 1, 1, 0, 6, 6", // stride 1: an ordinary convolution with the flipped kernel
        "2, 2, 0, 1, 4, 5", // output padding beyond the padding
        "5, 3, 2, 2, 4, 3", // stride 3, kernel not a multiple of the stride
        "1, 2, 0, 0, 3, 3", // kernel smaller than the stride leaves gaps
        "4, 2, 3, 1, 6, 6", // padding larger than a stride
    })
    void equalsTheDefinition(int k, int s, int p, int op, int h, int w) {
        int batch = 2;
        int inC = 3;
        int outC = 2;
        Random r = new Random(k * 1000 + s * 100 + p * 10 + op);
        float[] x = random(r, batch * inC * h * w);
        float[] weight = random(r, inC * outC * k * k);
        float[] bias = random(r, outC);
        double[] expected = direct(x, batch, inC, h, w, weight, outC, k, bias, s, p, op);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray y = ConvTranspose2d.convTranspose2d(m.create(x, new Shape(batch, inC, h, w)),
                    m.create(weight, new Shape(inC, outC, k, k)), m.create(bias, new Shape(outC)), s, p, op);
            long oh = ConvTranspose2d.outputSize(h, k, s, p, op);
            long ow = ConvTranspose2d.outputSize(w, k, s, p, op);
            assertEquals(new Shape(batch, outC, oh, ow), y.getShape());
            float[] got = y.toFloatArray();
            for (int i = 0; i < got.length; i++) {
                assertEquals(expected[i], got[i], 1e-4 * (1 + Math.abs(expected[i])), "output " + i);
            }
        }
    }

    /**
     * The bias, folded into the polyphase convolution once per phase, gets the gradient of its output channel:
     * for L = sum(y * c), dL/db[o] = sum of c over the batch and the positions of channel o, and only those the
     * crop keeps (k = 4, s = 2, p = 1 and k = 3, s = 3, p = 1, output padding 1: phases of unequal size).
     */
    @Test
    void theBiasGradientIsTheSumOverItsChannelsKeptPositions() {
        int[][] cases = {{4, 2, 1, 0}, {3, 3, 1, 1}};
        for (int[] cs : cases) {
            int k = cs[0];
            int s = cs[1];
            int p = cs[2];
            int op = cs[3];
            int h = 3;
            int outC = 3;
            Random r = new Random(11);
            try (NDManager m = NDManager.newBaseManager()) {
                ConvTranspose2d block = new ConvTranspose2d(outC, k, s, p, op);
                block.initialize(m, DataType.FLOAT32, new Shape(2, 2, h, h));
                NDArray b = block.getParameters().get("bias").getArray();
                b.setRequiresGradient(true);
                int oh = (h - 1) * s - 2 * p + k + op;
                float[] c = random(r, 2 * outC * oh * oh);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = block.forward(new ParameterStore(m, false),
                            new NDList(m.create(random(r, 2 * 2 * h * h), new Shape(2, 2, h, h))), true)
                            .singletonOrThrow();
                    assertEquals(new Shape(2, outC, oh, oh), y.getShape());
                    gc.backward(y.mul(m.create(c, y.getShape())).sum());
                }
                float[] grad = b.getGradient().toFloatArray();
                for (int o = 0; o < outC; o++) {
                    double expected = 0;
                    for (int bb = 0; bb < 2; bb++) {
                        for (int q = 0; q < oh * oh; q++) {
                            expected += c[(bb * outC + o) * oh * oh + q];
                        }
                    }
                    assertEquals(expected, grad[o], 1e-4, "k " + k + " s " + s + ": db[" + o + "]");
                }
            }
        }
    }

    @Test
    void theBlockLearnsThroughTheRearrangedKernel() {
        // Gradients reach the weight in its PyTorch layout: d(sum y)/dw[c, o, ky, kx] = sum of the input pixels
        // whose scattered copy lands inside the output, computed here from the definition.
        int k = 4;
        int s = 2;
        int p = 1;
        int h = 3;
        Random r = new Random(3);
        float[] x = random(r, 2 * 3 * h * h);
        try (NDManager m = NDManager.newBaseManager()) {
            ConvTranspose2d block = new ConvTranspose2d(2, k, s, p, 0);
            block.initialize(m, DataType.FLOAT32, new Shape(2, 3, h, h));
            NDArray w = block.getParameters().get("weight").getArray();
            w.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = block.forward(new ParameterStore(m, false), new NDList(m.create(x, new Shape(2, 3, h, h))),
                        true).singletonOrThrow();
                assertEquals(new Shape(2, 2, 6, 6), y.getShape());
                gc.backward(y.sum());
            }
            float[] grad = w.getGradient().toFloatArray();
            int oh = (h - 1) * s - 2 * p + k;
            for (int c = 0; c < 3; c++) {
                for (int o = 0; o < 2; o++) {
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            double expected = 0;
                            for (int b = 0; b < 2; b++) {
                                for (int i = 0; i < h; i++) {
                                    for (int j = 0; j < h; j++) {
                                        int yy = i * s - p + ky;
                                        int xx = j * s - p + kx;
                                        if (yy >= 0 && yy < oh && xx >= 0 && xx < oh) {
                                            expected += x[((b * 3 + c) * h + i) * h + j];
                                        }
                                    }
                                }
                            }
                            assertEquals(expected, grad[((c * 2 + o) * k + ky) * k + kx], 1e-4,
                                    "dw[" + c + "," + o + "," + ky + "," + kx + "]");
                        }
                    }
                }
            }
            assertArrayEquals(new long[] {3, 2, 4, 4}, w.getShape().getShape(), "PyTorch's weight layout");
        }
    }

    @Test
    void impossibleSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ConvTranspose2d(4, 3, 2, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new ConvTranspose2d(0, 3, 2, 0, 0));
    }
}
