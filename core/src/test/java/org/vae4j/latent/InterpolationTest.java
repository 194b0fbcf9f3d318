package org.vae4j.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vae4j.TestData;
import org.vae4j.image.ImageDataset;
import org.vae4j.model.ModelDefinition;
import org.vae4j.model.LatentModel;

/** Linear and spherical paths against their definitions, and decoded interpolations against the model. */
class InterpolationTest {

    private static float[] gaussian(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static float[] row(float[] path, int k, int n) {
        return Arrays.copyOfRange(path, k * n, (k + 1) * n);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    private static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static double angle(float[] a, float[] b) {
        return Math.acos(Math.max(-1, Math.min(1, dot(a, b) / (norm(a) * norm(b)))));
    }

    private static float[] scaled(float[] a, double s) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (a[i] * s);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Interpolation.Method.class)
    void pathsStartAndEndExactlyAtTheirEnds(Interpolation.Method method) {
        float[] a = gaussian(7, 1);
        float[] b = gaussian(7, 2);
        for (int steps : new int[] {2, 3, 10}) {
            float[] path = method.path(a, b, steps);
            assertEquals(steps * 7, path.length);
            assertArrayEquals(a, row(path, 0, 7));
            assertArrayEquals(b, row(path, steps - 1, 7));
        }
    }

    @Test
    void linearStepsAreEvenAndTheMidpointIsTheAverage() {
        float[] a = gaussian(5, 3);
        float[] b = gaussian(5, 4);
        float[] path = Interpolation.linear(a, b, 5);
        float[] mid = row(path, 2, 5);
        for (int i = 0; i < 5; i++) {
            assertEquals((a[i] + b[i]) / 2.0, mid[i], 1e-6);
            for (int k = 0; k < 5; k++) {
                assertEquals(a[i] + (b[i] - a[i]) * k / 4.0, path[k * 5 + i], 1e-6, "step " + k);
            }
        }
    }

    @Test
    void sphericalKeepsTheNormWhenTheEndsHaveEqualNorms() {
        float[] a = gaussian(16, 5);
        float[] b = gaussian(16, 6);
        b = scaled(b, norm(a) / norm(b));
        float[] path = Interpolation.spherical(a, b, 11);
        for (int k = 0; k < 11; k++) {
            assertEquals(norm(a), norm(row(path, k, 16)), 1e-5 * norm(a), "step " + k);
        }
        // And then it is Shoemake's formula, (sin((1 - t) W) a + sin(t W) b) / sin W.
        double w = angle(a, b);
        for (int k = 0; k < 11; k++) {
            double t = k / 10.0;
            for (int i = 0; i < 16; i++) {
                double expected = (Math.sin((1 - t) * w) * a[i] + Math.sin(t * w) * b[i]) / Math.sin(w);
                assertEquals(expected, path[k * 16 + i], 1e-5);
            }
        }
    }

    @Test
    void sphericalMovesAlongTheGreatCircleWithTheNormLinear() {
        float[] a = gaussian(8, 7);
        float[] b = scaled(gaussian(8, 8), 2.5);
        double w = angle(a, b);
        int steps = 9;
        float[] path = Interpolation.spherical(a, b, steps);
        for (int k = 0; k < steps; k++) {
            double t = k / (steps - 1.0);
            float[] z = row(path, k, 8);
            // Angle t W from a and (1 - t) W from b: in the plane of a and b, at constant angular speed.
            assertEquals(t * w, angle(a, z), 1e-5, "angle from a at step " + k);
            assertEquals((1 - t) * w, angle(z, b), 1e-5, "angle to b at step " + k);
            assertEquals((1 - t) * norm(a) + t * norm(b), norm(z), 1e-5 * norm(b), "norm at step " + k);
        }
        // The midpoint halves the angle.
        float[] mid = row(Interpolation.spherical(a, b, 3), 1, 8);
        assertEquals(w / 2, angle(a, mid), 1e-6);
        assertEquals(w / 2, angle(mid, b), 1e-6);
        // It lies in the plane of a and b: nothing is left after removing its projection on that plane.
        float[] u = scaled(a, 1 / norm(a));
        float[] v = new float[8];
        double ub = dot(u, b);
        for (int i = 0; i < 8; i++) {
            v[i] = (float) (b[i] - ub * u[i]);
        }
        v = scaled(v, 1 / norm(v));
        double pu = dot(mid, u);
        double pv = dot(mid, v);
        double rest = 0;
        for (int i = 0; i < 8; i++) {
            double r = mid[i] - pu * u[i] - pv * v[i];
            rest += r * r;
        }
        assertTrue(Math.sqrt(rest) < 1e-5, "off the plane by " + Math.sqrt(rest));
    }

    @Test
    void sphericalIsLinearForParallelAntiparallelAndZeroCodes() {
        float[] a = gaussian(6, 9);
        for (float[] b : List.of(scaled(a, 2.5), scaled(a, -0.5), new float[6])) {
            assertArrayEquals(Interpolation.linear(a, b, 7), Interpolation.spherical(a, b, 7));
            assertArrayEquals(Interpolation.linear(b, a, 7), Interpolation.spherical(b, a, 7));
        }
        // Within the tolerance: a direction that differs by a far smaller angle than acos(1 - 1e-6) ~ 1.4e-3.
        float[] nearly = a.clone();
        nearly[0] += 1e-5f;
        assertArrayEquals(Interpolation.linear(a, nearly, 5), Interpolation.spherical(a, nearly, 5));
        // Outside it (an angle of about 0.01): a real arc, whose midpoint is longer than the chord's.
        float[] apart = a.clone();
        apart[0] += (float) (0.01 * norm(a));
        float[] arc = Interpolation.spherical(a, apart, 3);
        assertTrue(norm(row(arc, 1, 6)) > norm(row(Interpolation.linear(a, apart, 3), 1, 6)));
    }

    @Test
    void pathsRefuseBadArguments() {
        float[] a = new float[3];
        assertThrows(IllegalArgumentException.class, () -> Interpolation.linear(a, a, 1));
        assertThrows(IllegalArgumentException.class, () -> Interpolation.spherical(a, new float[4], 3));
    }

    @ParameterizedTest
    @EnumSource(Interpolation.Method.class)
    void theEndsOfEachRowDecodeTheEncoderMeans(Interpolation.Method method) {
        ImageDataset data = TestData.fashionMnist200();
        ModelDefinition config = ModelDefinition.classic(1, 28, 28).withHidden(List.of(32)).withLatent(5);
        try (LatentModel model = LatentModel.create(config, 11)) {
            int d = config.schema().inputSize();
            int[][] pairs = {{0, 1}, {5, 17}, {42, 3}};
            float[] from = new float[pairs.length * d];
            float[] to = new float[pairs.length * d];
            for (int p = 0; p < pairs.length; p++) {
                System.arraycopy(data.image(pairs[p][0]), 0, from, p * d, d);
                System.arraycopy(data.image(pairs[p][1]), 0, to, p * d, d);
            }
            int steps = 6;
            Interpolation.Result r = Interpolation.interpolate(model, from, to, null, null, pairs.length, steps, method);
            assertEquals(pairs.length * steps * 5, r.codes().length);
            assertEquals(pairs.length * steps * d, r.images().length);
            // The ends are bit for bit the means of the inputs encoded as the API encodes them (in one batch), and
            // every image is bit for bit the decoding of its code.
            float[] both = Arrays.copyOf(from, 2 * pairs.length * d);
            System.arraycopy(to, 0, both, from.length, to.length);
            float[] means = model.encode(rows(model, both)).mu();
            assertArrayEquals(model.decode(r.codes(), pairs.length * steps, null), r.images());
            for (int p = 0; p < pairs.length; p++) {
                for (int end = 0; end < 2; end++) {
                    int step = end == 0 ? 0 : steps - 1;
                    int row = end == 0 ? p : pairs.length + p;
                    assertArrayEquals(Arrays.copyOfRange(means, row * 5, (row + 1) * 5), r.code(p, step),
                            "code of pair " + p + " end " + end);
                    // Encoded and decoded alone, the example gives the same values up to the last bit or so: the
                    // engine's matrix products round differently for different batch sizes.
                    float[] mu = model.encode(rows(model, data.image(pairs[p][end]))).mu();
                    assertArrayEquals(mu, r.code(p, step), 1e-6f, "code of pair " + p + " end " + end);
                    assertArrayEquals(model.decode(mu, 1, null), r.image(p, step), 1e-6f,
                            "image of pair " + p + " end " + end);
                }
                // Every step is the decoding of its code, and the codes follow the method's path.
                float[] a = r.code(p, 0);
                float[] b = r.code(p, steps - 1);
                assertArrayEquals(method.path(a, b, steps),
                        Arrays.copyOfRange(r.codes(), p * steps * 5, (p + 1) * steps * 5));
            }
            assertThrows(IllegalArgumentException.class,
                    () -> Interpolation.interpolate(model, from, to, null, null, pairs.length, 1, method));
            assertThrows(IllegalArgumentException.class,
                    () -> Interpolation.interpolate(model, from, new float[d], null, null, pairs.length, steps, method));
        }
    }

    /** Inputs as examples of the model's schema. */
    static org.vae4j.data.ExampleSet rows(LatentModel model, float[] values) {
        return new org.vae4j.data.ArrayExamples("inputs", model.schema(), values, null);
    }
}
