package org.vae4j.latent;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.vae4j.model.LatentModel;

/**
 * Paths between two latent codes, and decoded interpolations between pairs of inputs.
 *
 * <p>A path of {@code steps} codes goes from {@code a} to {@code b} at the fractions {@code t_k = k / (steps - 1)},
 * {@code k = 0 .. steps - 1}: the first code is {@code a} and the last is {@code b}, both copied exactly. Codes are
 * computed in double precision and rounded to float once. Paths are returned like {@link LatentModel}'s latent codes:
 * one flat array, code after code ({@code steps x latent}).
 *
 * <ul>
 *   <li>{@link #linear linear} (lerp): {@code z(t) = (1 - t) a + t b}, the straight segment.
 *   <li>{@link #spherical spherical} (slerp): the direction moves along the great circle from {@code a/|a|} to
 *       {@code b/|b|} at constant angular speed (Shoemake 1985), and the norm moves linearly from {@code |a|} to
 *       {@code |b|}. With {@code cos W = a.b / (|a| |b|)}:
 *       {@code z(t) = ((1 - t) |a| + t |b|) * (sin((1 - t) W) a/|a| + sin(t W) b/|b|) / sin W}. When
 *       {@code |a| = |b|} this is Shoemake's formula {@code (sin((1 - t) W) a + sin(t W) b) / sin W}, and every code
 *       keeps the norm. The great circle is undefined when {@code a} or {@code b} is zero or the two are parallel
 *       or antiparallel; the path is then the linear one. "Parallel" means
 *       {@code 1 - |cos W| <= }{@value #PARALLEL_TOLERANCE}: the directions of {@code a} and {@code b} are
 *       within about 0.0014 radians of each other or of opposite.
 * </ul>
 *
 * <p>Spherical paths suit the VAE's Gaussian prior, whose mass lies near a sphere in many dimensions: a straight
 * path between two codes of typical norm passes through codes of atypically small norm.
 */
public final class Interpolation {

    /** Spherical interpolation falls back to linear when {@code 1 - |cos W|} is at most this. */
    public static final double PARALLEL_TOLERANCE = 1e-6;

    /** How to move between two codes. */
    public enum Method {
        /** The straight segment, {@link Interpolation#linear}. */
        LINEAR,
        /** Along the great circle with linearly changing norm, {@link Interpolation#spherical}. */
        SPHERICAL;

        /** @return the name in lower case, as the command line spells it */
        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * The path between two codes.
         *
         * @param a the first code
         * @param b the last code, as long as {@code a}
         * @param steps how many codes, from 2, both ends included
         * @return {@code steps x a.length} values
         */
        public float[] path(float[] a, float[] b, int steps) {
            return this == LINEAR ? linear(a, b, steps) : spherical(a, b, steps);
        }

        /** @return the name in lower case, as the command line spells it: {@code linear} or {@code spherical} */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Decoded interpolations, one row of codes and images per pair of inputs.
     *
     * <p>The arrays are the ones computed, not copies.
     *
     * @param codes {@code pairs x steps x latent} values: row after row, in each row code after code
     * @param images {@code pairs x steps x D} values: the mean of p(x | z) of every code, in the same order
     * @param pairs how many rows
     * @param steps codes per row, both ends included
     * @param latent the latent size
     * @param classes the class each image was decoded with, in the same order, or {@code null} for an
     *     unconditional model
     */
    public record Result(float[] codes, float[] images, int pairs, int steps, int latent, int[] classes) {

        /**
         * @param pair the row
         * @param step the step, 0 for the first end
         * @return a copy of that code
         */
        public float[] code(int pair, int step) {
            int at = index(pair, step) * latent;
            return Arrays.copyOfRange(codes, at, at + latent);
        }

        /**
         * @param pair the row
         * @param step the step, 0 for the first end
         * @return a copy of that decoded image
         */
        public float[] image(int pair, int step) {
            int d = images.length / (pairs * steps);
            int at = index(pair, step) * d;
            return Arrays.copyOfRange(images, at, at + d);
        }

        private int index(int pair, int step) {
            return Objects.checkIndex(pair, pairs) * steps + Objects.checkIndex(step, steps);
        }
    }

    private Interpolation() {}

    /**
     * The straight path {@code (1 - t) a + t b}.
     *
     * @param a the first code
     * @param b the last code, as long as {@code a}
     * @param steps how many codes, from 2, both ends included
     * @return {@code steps x a.length} values; the first code is {@code a}, the last {@code b}
     * @throws IllegalArgumentException if {@code steps < 2} or the lengths differ
     */
    public static float[] linear(float[] a, float[] b, int steps) {
        check(a, b, steps);
        int n = a.length;
        float[] out = new float[steps * n];
        for (int k = 0; k < steps; k++) {
            double t = fraction(k, steps);
            for (int i = 0; i < n; i++) {
                out[k * n + i] = (float) ((1 - t) * a[i] + t * b[i]);
            }
        }
        copyEnds(a, b, steps, out);
        return out;
    }

    /**
     * The spherical path: along the great circle from {@code a}'s direction to {@code b}'s, with the norm changing
     * linearly; the linear path when either code is zero or the two are (anti)parallel. See the
     * {@linkplain Interpolation class description} for the formula.
     *
     * @param a the first code
     * @param b the last code, as long as {@code a}
     * @param steps how many codes, from 2, both ends included
     * @return {@code steps x a.length} values; the first code is {@code a}, the last {@code b}
     * @throws IllegalArgumentException if {@code steps < 2} or the lengths differ
     */
    public static float[] spherical(float[] a, float[] b, int steps) {
        check(a, b, steps);
        int n = a.length;
        double normA = norm(a);
        double normB = norm(b);
        if (normA == 0 || normB == 0) {
            return linear(a, b, steps);
        }
        double dot = 0;
        for (int i = 0; i < n; i++) {
            dot += (double) a[i] * b[i];
        }
        double cos = Math.max(-1, Math.min(1, dot / (normA * normB)));
        if (1 - Math.abs(cos) <= PARALLEL_TOLERANCE) {
            return linear(a, b, steps);
        }
        double angle = Math.acos(cos);
        double sin = Math.sin(angle);
        float[] out = new float[steps * n];
        for (int k = 0; k < steps; k++) {
            double t = fraction(k, steps);
            double radius = (1 - t) * normA + t * normB;
            double wa = radius * Math.sin((1 - t) * angle) / (sin * normA);
            double wb = radius * Math.sin(t * angle) / (sin * normB);
            for (int i = 0; i < n; i++) {
                out[k * n + i] = (float) (wa * a[i] + wb * b[i]);
            }
        }
        copyEnds(a, b, steps, out);
        return out;
    }

    /**
     * Encodes pairs of inputs to the means of q(z | x), interpolates between the two means of every pair, and
     * decodes every code to the mean of p(x | z). The ends of each row are exactly the two means, so their images are
     * the model's deterministic reconstructions of the two inputs.
     *
     * <p>A conditional model encodes each input with its class and decodes each code with the class of the nearer end
     * (the first half of a row with the first input's class, the rest with the second's), so both ends are again
     * reconstructions.
     *
     * @param model the model
     * @param from the inputs each row starts at, {@code pairs x D} values (D is the model's input size)
     * @param to the inputs each row ends at, {@code pairs x D} values
     * @param fromClasses the class of each first input for a conditional model, {@code null} for an unconditional one
     * @param toClasses the class of each second input, likewise
     * @param pairs how many pairs, from 1
     * @param steps codes per row, from 2, both ends included
     * @param method linear or spherical
     * @return the codes and their decodings
     * @throws IllegalArgumentException if a count is out of range or an array has the wrong length
     */
    public static Result interpolate(LatentModel model, float[] from, float[] to, int[] fromClasses, int[] toClasses,
            int pairs, int steps, Method method) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(method, "method");
        if (pairs < 1) {
            throw new IllegalArgumentException("pairs must be at least 1, found " + pairs);
        }
        checkSteps(steps);
        int d = model.inputSize();
        int latent = model.latent();
        if (from.length != (long) pairs * d || to.length != (long) pairs * d) {
            throw new IllegalArgumentException("expected " + pairs + " x " + d + " values in from and to, found "
                    + from.length + " and " + to.length);
        }
        float[] both = new float[2 * pairs * d];
        System.arraycopy(from, 0, both, 0, from.length);
        System.arraycopy(to, 0, both, from.length, to.length);
        int[] bothClasses = null;
        int[] stepClasses = null;
        if (model.classes() > 0) {
            if (fromClasses == null || toClasses == null || fromClasses.length != pairs || toClasses.length != pairs) {
                throw new IllegalArgumentException("a conditional model needs the class of every input");
            }
            bothClasses = new int[2 * pairs];
            System.arraycopy(fromClasses, 0, bothClasses, 0, pairs);
            System.arraycopy(toClasses, 0, bothClasses, pairs, pairs);
            stepClasses = new int[pairs * steps];
            for (int p = 0; p < pairs; p++) {
                for (int k = 0; k < steps; k++) {
                    stepClasses[p * steps + k] = 2 * k < steps ? fromClasses[p] : toClasses[p];
                }
            }
        }
        org.vae4j.data.Schema schema = model.schema();
        float[] mu = model.encode(new org.vae4j.data.ArrayExamples("interpolation inputs",
                schema, both, bothClasses)).mu();
        float[] codes = new float[Math.multiplyExact(pairs * steps, latent)];
        for (int p = 0; p < pairs; p++) {
            float[] a = Arrays.copyOfRange(mu, p * latent, (p + 1) * latent);
            float[] b = Arrays.copyOfRange(mu, (pairs + p) * latent, (pairs + p + 1) * latent);
            System.arraycopy(method.path(a, b, steps), 0, codes, p * steps * latent, steps * latent);
        }
        float[] images = model.decode(codes, pairs * steps, stepClasses);
        return new Result(codes, images, pairs, steps, latent, stepClasses);
    }

    private static double fraction(int k, int steps) {
        return (double) k / (steps - 1);
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    private static void copyEnds(float[] a, float[] b, int steps, float[] out) {
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, (steps - 1) * b.length, b.length);
    }

    private static void check(float[] a, float[] b, int steps) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "codes of " + a.length + " and " + b.length + " values, expected equal lengths");
        }
        checkSteps(steps);
    }

    private static void checkSteps(int steps) {
        if (steps < 2) {
            throw new IllegalArgumentException("steps must be at least 2 (both ends), found " + steps);
        }
    }
}
