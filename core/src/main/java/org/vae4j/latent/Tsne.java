package org.vae4j.latent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;
import java.util.Random;
import org.vae4j.EngineWarmUp;
import org.vae4j.Seeds;
import org.vae4j.Tensors;

/**
 * Exact t-SNE to two dimensions (van der Maaten and Hinton, "Visualizing Data using t-SNE", JMLR 2008).
 *
 * <p>The steps, as in the paper and its reference implementation:
 *
 * <ol>
 *   <li>Conditional affinities p(j|i) = exp(-beta_i |x_i - x_j|^2) / sum_k exp(-beta_i |x_i - x_k|^2), with each
 *       beta_i found by binary search so that the perplexity 2^H(P_i) of row i equals the chosen perplexity
 *       (all rows searched at once, in double precision).
 *   <li>Joint affinities p_ij = (p(j|i) + p(i|j)) / 2N, at least 1e-12.
 *   <li>A 2-D map, started from N(0, 1e-4 I) drawn from the seed, moved by gradient descent on KL(P || Q) with
 *       q_ij proportional to (1 + |y_i - y_j|^2)^-1. The gradient is computed in closed form with batched tensor
 *       ops: dC/dy_i = 4 sum_j (p_ij - q_ij)(y_i - y_j) / (1 + |y_i - y_j|^2), that is 4 (diag(W 1) Y - W Y) with
 *       W = (P - Q) * (1 + D)^-1.
 *   <li>P is multiplied by the early exaggeration (12) for the first 250 iterations, with momentum 0.5; then
 *       momentum 0.8. Step sizes adapt per coordinate (gains +0.2 when the gradient changes sign, x0.8 otherwise,
 *       at least 0.01). The map is re-centred after every step.
 * </ol>
 *
 * <p>Time and memory grow with N^2 (an N x N float matrix is 16 MB at N = 2000): use it on at most a few thousand
 * points. The pairwise math runs on the DJL engine; the same points, options and seed give the same map.
 */
public final class Tsne {
    private static final long INIT_NOISE = 0x75E1;
    private static final double PERPLEXITY_TOLERANCE = 1e-5;
    private static final int MAX_SEARCH_STEPS = 100;
    private static final double MIN_GAIN = 0.01;

    private Tsne() {}

    /**
     * How t-SNE runs.
     *
     * @param perplexity the effective number of neighbours, from 1; lowered to (N - 1) / 3 for small N
     * @param iterations gradient steps, from 1
     * @param learningRate the step size, or 0 for automatic: max(N / exaggeration / 4, 50)
     * @param exaggeration how much P is multiplied by in the early iterations, from 1
     * @param exaggerationIterations for how many iterations (momentum switches from 0.5 to 0.8 then)
     * @param seed seed of the random start
     */
    public record Options(
            double perplexity,
            int iterations,
            double learningRate,
            double exaggeration,
            int exaggerationIterations,
            long seed) {

        /**
         * Checks the options.
         *
         * @throws IllegalArgumentException if a value is out of range
         */
        public Options {
            if (!(perplexity >= 1)) {
                throw new IllegalArgumentException("perplexity must be 1 or more, found " + perplexity);
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("iterations must be 1 or more, found " + iterations);
            }
            if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learning rate must be 0 (automatic) or positive, found "
                        + learningRate);
            }
            if (!(exaggeration >= 1)) {
                throw new IllegalArgumentException("exaggeration must be 1 or more, found " + exaggeration);
            }
            if (exaggerationIterations < 0) {
                throw new IllegalArgumentException(
                        "exaggeration iterations must be 0 or more, found " + exaggerationIterations);
            }
        }

        /**
         * The paper's settings: perplexity 30, 1000 iterations, automatic learning rate, exaggeration 12 for 250
         * iterations, seed 1.
         *
         * @return the defaults
         */
        public static Options defaults() {
            return new Options(30, 1000, 0, 12, 250, 1);
        }

        /**
         * @param newSeed the seed of the random start
         * @return these options with another seed
         */
        public Options withSeed(long newSeed) {
            return new Options(perplexity, iterations, learningRate, exaggeration, exaggerationIterations, newSeed);
        }

        /**
         * @param newPerplexity the perplexity, from 1
         * @return these options with another perplexity
         */
        public Options withPerplexity(double newPerplexity) {
            return new Options(newPerplexity, iterations, learningRate, exaggeration, exaggerationIterations, seed);
        }

        /**
         * @param newIterations the number of gradient steps, from 1
         * @return these options with another number of iterations
         */
        public Options withIterations(int newIterations) {
            return new Options(perplexity, newIterations, learningRate, exaggeration, exaggerationIterations, seed);
        }

        /**
         * @param newLearningRate the step size, or 0 for automatic
         * @return these options with another learning rate
         */
        public Options withLearningRate(double newLearningRate) {
            return new Options(perplexity, iterations, newLearningRate, exaggeration, exaggerationIterations, seed);
        }
    }

    /**
     * A t-SNE map.
     *
     * @param points count x 2 coordinates, point after point
     * @param count number of points
     * @param perplexity the perplexity used (the requested one, or less for few points)
     * @param learningRate the step size used
     * @param kl the final KL(P || Q), the quantity t-SNE minimises
     */
    public record Result(float[] points, int count, double perplexity, double learningRate, double kl) {}

    /**
     * Maps points to 2-D on a new engine manager.
     *
     * @param points count x dims values, point after point
     * @param count number of points, from 4
     * @param dims dimensions per point, from 1
     * @param options perplexity, iterations, seed
     * @return the map
     * @throws IllegalArgumentException if there are fewer than 4 points, sizes disagree or a value is not finite
     */
    public static Result embed(float[] points, int count, int dims, Options options) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return embed(manager, points, count, dims, options);
        }
    }

    /**
     * Maps points to 2-D, with the tensors in a child of the given manager (freed before returning).
     *
     * @param parent the manager to create the working manager from
     * @param points count x dims values, point after point
     * @param count number of points, from 4
     * @param dims dimensions per point, from 1
     * @param options perplexity, iterations, seed
     * @return the map
     * @throws IllegalArgumentException if there are fewer than 4 points, sizes disagree or a value is not finite
     */
    public static Result embed(NDManager parent, float[] points, int count, int dims, Options options) {
        EngineWarmUp.once(); // before the engine's first threaded exp (see EngineWarmUp)
        Objects.requireNonNull(points, "points");
        Objects.requireNonNull(options, "options");
        if (dims < 1 || count < 0 || (long) count * dims != points.length) {
            throw new IllegalArgumentException(
                    points.length + " values do not make " + count + " points of " + dims + " dimensions");
        }
        if (count < 4) {
            throw new IllegalArgumentException("t-SNE needs at least 4 points, found " + count);
        }
        for (int i = 0; i < points.length; i++) {
            if (!Float.isFinite(points[i])) {
                throw new IllegalArgumentException("point " + i / dims + " has value " + points[i]);
            }
        }
        double perplexity = Math.min(options.perplexity(), (count - 1) / 3.0);
        double learningRate = options.learningRate() > 0
                ? options.learningRate()
                : Math.max(count / options.exaggeration() / 4, 50);
        try (NDManager manager = parent.newSubManager()) {
            NDArray p = jointAffinities(manager, points, count, dims, perplexity);
            NDArray exaggerated = Tensors.times(p, (float) options.exaggeration());
            NDArray mask;
            try (NDArray ones = manager.ones(new Shape(count, count)); NDArray eye = manager.eye(count)) {
                mask = ones.sub(eye);
            }
            float[] y = start(count, options.seed());
            float[] step = new float[y.length];
            float[] gains = new float[y.length];
            java.util.Arrays.fill(gains, 1f);
            for (int t = 0; t < options.iterations(); t++) {
                boolean early = t < options.exaggerationIterations();
                float[] grad = gradient(manager, early ? exaggerated : p, mask, y, count);
                float momentum = early ? 0.5f : 0.8f;
                for (int i = 0; i < y.length; i++) {
                    boolean sameSign = (grad[i] > 0) == (step[i] > 0);
                    gains[i] = (float) Math.max(MIN_GAIN, sameSign ? gains[i] * 0.8 : gains[i] + 0.2);
                    step[i] = (float) (momentum * step[i] - learningRate * gains[i] * grad[i]);
                    y[i] += step[i];
                }
                centre(y, count);
            }
            return new Result(y, count, perplexity, learningRate, kl(manager, p, mask, y, count));
        }
    }

    /** The symmetric joint affinities P as an N x N float32 array, zero on the diagonal. */
    static NDArray jointAffinities(NDManager manager, float[] points, int count, int dims, double perplexity) {
        double target = Math.log(perplexity); // entropy in nats
        double[] beta = new double[count];
        double[] low = new double[count];
        double[] high = new double[count];
        java.util.Arrays.fill(beta, 1.0);
        java.util.Arrays.fill(high, Double.POSITIVE_INFINITY);
        try (NDManager work = manager.newSubManager()) {
            double[] x = new double[points.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = points[i];
            }
            NDArray xs = work.create(x, new Shape(count, dims));
            NDArray sq = xs.square().sum(new int[] {1}, true);
            NDArray d = sq.add(sq.transpose()).sub(xs.matMul(xs.transpose()).mul(2.0)).maximum(0.0);
            NDArray eye = work.eye(count, count, 0, DataType.FLOAT64);
            NDArray mask = work.ones(new Shape(count, count), DataType.FLOAT64).sub(eye);
            // Shifting a row by its nearest neighbour's distance leaves p(j|i) unchanged and keeps exp() from
            // underflowing to 0 everywhere when beta is large.
            NDArray nearest = d.add(eye.mul(Double.MAX_VALUE)).min(new int[] {1}, true);
            NDArray shifted = d.sub(nearest).mul(mask);
            NDArray conditional = null;
            for (int step = 0; conditional == null; step++) {
                try (NDManager inner = work.newSubManager()) {
                    NDArray b = inner.create(beta, new Shape(count, 1));
                    NDArray s = Tensors.borrow(shifted, inner);
                    NDArray e = s.mul(b).neg().exp().mul(Tensors.borrow(mask, inner));
                    NDArray sum = e.sum(new int[] {1}, true);
                    // H = log(sum) + beta * sum_j d_ij e_ij / sum, the entropy of row i in nats
                    double[] h = sum.log().add(b.mul(s.mul(e).sum(new int[] {1}, true)).div(sum)).toDoubleArray();
                    boolean done = true;
                    for (int i = 0; i < count; i++) {
                        double diff = h[i] - target;
                        if (Math.abs(diff) <= PERPLEXITY_TOLERANCE) {
                            continue; // this row's beta stays
                        }
                        done = false;
                        if (diff > 0) { // too flat: sharpen
                            low[i] = beta[i];
                            beta[i] = Double.isInfinite(high[i]) ? beta[i] * 2 : (beta[i] + high[i]) / 2;
                        } else {
                            high[i] = beta[i];
                            beta[i] = (beta[i] + low[i]) / 2;
                        }
                    }
                    if (done || step == MAX_SEARCH_STEPS - 1) {
                        // the affinities of the betas just evaluated (on the last step, the closest found)
                        conditional = e.div(sum);
                        conditional.attach(work);
                    }
                }
            }
            NDArray joint = conditional.add(conditional.transpose())
                    .div((double) (2 * count))
                    .maximum(1e-12)
                    .mul(mask)
                    .toType(DataType.FLOAT32, false);
            joint.attach(manager);
            return joint;
        }
    }

    private static float[] start(int count, long seed) {
        Random random = new Random(Seeds.derive(seed, INIT_NOISE, 0));
        float[] y = new float[count * 2];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (1e-4 * random.nextGaussian());
        }
        return y;
    }

    /**
     * (1 + |y_i - y_j|^2) for all pairs, as one matrix product: [y, |y|^2, 1] times [-2y, 1, |y|^2 + 1]^T.
     */
    private static NDArray onePlusDistances(NDManager manager, float[] y, int count) {
        float[] a = new float[count * 4];
        float[] b = new float[count * 4];
        for (int i = 0; i < count; i++) {
            float y0 = y[2 * i];
            float y1 = y[2 * i + 1];
            float sq = y0 * y0 + y1 * y1;
            a[4 * i] = y0;
            a[4 * i + 1] = y1;
            a[4 * i + 2] = sq;
            a[4 * i + 3] = 1;
            b[4 * i] = -2 * y0;
            b[4 * i + 1] = -2 * y1;
            b[4 * i + 2] = 1;
            b[4 * i + 3] = sq + 1;
        }
        NDArray left = manager.create(a, new Shape(count, 4));
        NDArray right = manager.create(b, new Shape(count, 4));
        return left.matMul(right.transpose());
    }

    /** 4 (diag(W 1) Y - W Y) with W = (P - Q) * num, num = (1 + D)^-1 off the diagonal. */
    static float[] gradient(NDManager manager, NDArray p, NDArray mask, float[] y, int count) {
        try (NDManager iteration = manager.newSubManager()) {
            NDArray num = onePlusDistances(iteration, y, count).pow(-1f).mul(Tensors.borrow(mask, iteration));
            float total = num.sum().getFloat();
            NDArray w = Tensors.borrow(p, iteration).sub(num.div(total)).mul(num);
            NDArray ys = iteration.create(y, new Shape(count, 2));
            NDArray grad = w.sum(new int[] {1}, true).mul(ys).sub(w.matMul(ys)).mul(4f);
            return grad.toFloatArray();
        }
    }

    /** KL(P || Q) = sum p_ij log(p_ij / q_ij) over i != j. */
    private static double kl(NDManager manager, NDArray p, NDArray mask, float[] y, int count) {
        try (NDManager work = manager.newSubManager()) {
            NDArray m = Tensors.borrow(mask, work);
            NDArray num = onePlusDistances(work, y, count).pow(-1f).mul(m);
            NDArray q = num.div(num.sum()).maximum(1e-12f);
            NDArray pw = Tensors.borrow(p, work);
            return pw.mul(pw.maximum(1e-12f).div(q).log()).mul(m).toType(DataType.FLOAT64, false).sum().getDouble();
        }
    }

    private static void centre(float[] y, int count) {
        double m0 = 0;
        double m1 = 0;
        for (int i = 0; i < count; i++) {
            m0 += y[2 * i];
            m1 += y[2 * i + 1];
        }
        m0 /= count;
        m1 /= count;
        for (int i = 0; i < count; i++) {
            y[2 * i] -= (float) m0;
            y[2 * i + 1] -= (float) m1;
        }
    }
}
