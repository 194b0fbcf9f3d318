package org.vae4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import org.vae4j.Tensors;

/**
 * Adam in one pass over each parameter: the weight, its gradient and both moments are read once, the new weight and
 * moments written once, and the weight's gradient zeroed in the same pass. The pass runs in Java on the engine's own
 * memory (the weight's and the gradient's direct buffers); a large parameter is split in two halves, one of them
 * on the common fork-join pool.
 *
 * <p>The update is PyTorch's {@code torch.optim.Adam}: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 * w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps), in float arithmetic, equal to it up to float
 * rounding (torch forms m with {@code lerp}, this with a product and a sum) and, on the one-pass path, with the
 * moments kept out of the subnormal numbers (see {@link #FLUSH}; DJL's kernel, the fallback, does not flush). The
 * engine adds each backward pass to the last gradient, so the weight's own gradient is set to a true zero after the
 * update (a NaN does not survive), as DJL's kernel does.
 *
 * <p>Why not the engine: DJL's fused {@code adamUpdate} is twelve engine operations per parameter (see its native
 * source, ai_djl_pytorch_jni_PyTorchLibrary_optim.cc), each a pass over memory, most with a temporary; in the
 * profile (bench/results/2026-12-01-profile-step-conv-after.md) the whole conv step took 16.17 s per epoch with it
 * and 13.24 s with this pass. Where the engine's memory cannot be
 * written in place (a view that is not contiguous, or an engine whose internals are not reachable), the update falls
 * back to that kernel, with eps scaled by sqrt(1 - b2^t) so that both paths compute the same Adam.
 *
 * <p>The moments and step counts can be saved and restored, so a resumed run continues exactly where it stopped.
 * State is kept per parameter name, for one device: a trainer that calls {@link #update} once per device for the
 * same parameter would advance its step count once per device.
 */
public final class FusedAdam extends Optimizer implements AutoCloseable {
    private static final int STATE_VERSION = 1;

    private float learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final Map<String, float[]> means = new TreeMap<>();
    private final Map<String, float[]> variances = new TreeMap<>();
    private final Map<String, Shape> shapes = new TreeMap<>();
    private final Map<String, Integer> steps = new TreeMap<>();

    /**
     * Creates the optimizer with Adam's usual betas (0.9, 0.999) and epsilon 1e-8.
     *
     * @param learningRate the step size
     */
    public FusedAdam(float learningRate) {
        this(learningRate, 0.9f, 0.999f, 1e-8f);
    }

    /**
     * Creates the optimizer.
     *
     * @param learningRate the step size
     * @param beta1 decay of the first moment
     * @param beta2 decay of the second moment
     * @param epsilon added to the root of the second moment
     */
    public FusedAdam(float learningRate, float beta1, float beta2, float epsilon) {
        super(new Builder());
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate " + learningRate + ": expected a positive number");
        }
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        // -Dvae4j.adam.flush=false computes as before the flush, for bench/subnormal_probe.sh only
        this.flush = epsilon >= 1e-9f && Boolean.parseBoolean(System.getProperty("vae4j.adam.flush", "true"))
                ? FLUSH : 0f;
    }

    /** {@link #FLUSH}, or 0 where eps is too small for it to be invisible. */
    private final float flush;

    /**
     * Changes the step size for the following updates (learning-rate schedules); the moments are kept.
     *
     * @param value the new learning rate, positive
     */
    public synchronized void setLearningRate(float value) {
        if (!(value > 0) || Float.isInfinite(value)) {
            throw new IllegalArgumentException("learning rate " + value + ": expected a positive number");
        }
        learningRate = value;
    }

    /** @return the current learning rate */
    public synchronized float learningRate() {
        return learningRate;
    }

    /**
     * Applies one Adam step to a weight and zeroes its gradient.
     *
     * @param parameterId the parameter's name, which keys its moments and step count
     * @param weight the parameter's values, updated in place
     * @param grad the gradient to apply, usually {@code weight.getGradient()} (DJL's own trainer passes a copy);
     *     the weight's own gradient is zero after the update
     */
    @Override
    public synchronized void update(String parameterId, NDArray weight, NDArray grad) {
        if (weight.getDataType() != DataType.FLOAT32 || grad.getDataType() != DataType.FLOAT32
                || !weight.getShape().equals(grad.getShape())) {
            throw new IllegalArgumentException("parameter " + parameterId + ": a float32 weight of " + weight.getShape()
                    + " and a float32 gradient of that shape are expected, got " + weight.getDataType() + " and "
                    + grad.getDataType() + " " + grad.getShape());
        }
        int n = Math.toIntExact(weight.size());
        Shape known = shapes.putIfAbsent(parameterId, weight.getShape());
        if (known != null && !known.equals(weight.getShape())) {
            throw new IllegalArgumentException("parameter " + parameterId + " has shape " + weight.getShape()
                    + " but its optimizer state is for " + known);
        }
        float[] m = means.computeIfAbsent(parameterId, k -> new float[n]);
        float[] v = variances.computeIfAbsent(parameterId, k -> new float[n]);
        int t = steps.getOrDefault(parameterId, 0) + 1;
        double root2 = Math.sqrt(1.0 - Math.pow(beta2, t));
        try (NDArray own = weight.hasGradient() ? weight.getGradient() : null) {
            if (InPlace.writable(weight) && InPlace.writable(grad) && (own == null || InPlace.writable(own))) {
                FloatBuffer w = weight.toByteBuffer(true).asFloatBuffer();
                FloatBuffer g = grad.toByteBuffer(true).asFloatBuffer();
                FloatBuffer z = own == null ? null : own.toByteBuffer(true).asFloatBuffer();
                if (scratchWeight.length < n) {
                    scratchWeight = new float[n];
                    scratchGrad = new float[n];
                }
                float stepSize = (float) (learningRate / (1.0 - Math.pow(beta1, t)));
                if (n >= PARALLEL_SIZE) {
                    // two halves, one on this thread and one on the common pool: two cores move memory faster
                    int half = n / 2 / SLICE * SLICE;
                    ForkJoinTask<?> second = ForkJoinPool.commonPool().submit(
                            () -> pass(w, g, z, m, v, half, n, stepSize, (float) root2));
                    try {
                        pass(w, g, z, m, v, 0, half, stepSize, (float) root2);
                    } finally {
                        second.join();
                    }
                } else {
                    pass(w, g, z, m, v, 0, n, stepSize, (float) root2);
                }
            } else {
                kernelUpdate(weight, grad, m, v, t, root2);
            }
        }
        steps.put(parameterId, t);
    }

    /**
     * Keeps every moment out of the subnormal numbers. A unit whose gradient stays exactly zero (a ReLU that no
     * longer fires) has its first moment decay by b1 every step; in float arithmetic it then sticks at a few
     * multiples of 2^-149, subnormal, forever (0.9 times a small subnormal rounds back to it), and every operation on
     * a subnormal costs the processor about a hundred cycles. After three epochs of the classic MLP 45% of its first
     * layer's moments were stuck there (bench/results/2026-12-01-subnormal.md). Java cannot set the processor's
     * flush-to-zero mode and a branch would stop the loop from vectorising, so this is arithmetic: (x + 2^-90) -
     * 2^-90 is x for every |x| from 2^-65 up, moves x by at most one ulp (2^-89) in [2^-66, 2^-65), where adding
     * 2^-90 can be a tie, and otherwise rounds x to a multiple of 2^-113, which is 0 or a normal number (the smallest
     * normal is 2^-126); a decaying moment sticks at a few multiples of 2^-113 instead. Nothing a weight can show
     * changes: the first moment moves by at most 2^-89 per step, so the update by less than lr * 2^-89 / eps, and
     * sqrt(v) by less than 2^-57, against eps. It is used only with eps of at least 1e-9,
     * where that stays below float precision; with a smaller eps the moments are left as they are.
     */
    private static final float FLUSH = 0x1p-90f;

    /** Values per slice of the pass: the slice's four arrays stay in the core's cache between its steps. */
    private static final int SLICE = 16_384;

    /** Parameters at least this large are split over two threads. */
    private static final int PARALLEL_SIZE = 8 * SLICE;

    /** Java copies of the weight and gradient, as large as the largest parameter; each slice uses its own part. */
    private float[] scratchWeight = new float[0];
    private float[] scratchGrad = new float[0];

    /**
     * The pass over values [from, to): slice by slice, copy the weight and the gradient {@code g} in, update, copy
     * the weight out and write zeros to the weight's own gradient {@code z} (often {@code g}'s memory; may be null).
     */
    private void pass(FloatBuffer w, FloatBuffer g, FloatBuffer z, float[] m, float[] v, int from, int to,
            float stepSize, float root2) {
        float[] ws = scratchWeight;
        float[] gs = scratchGrad;
        for (int start = from; start < to; start += SLICE) {
            int end = Math.min(to, start + SLICE);
            w.get(start, ws, start, end - start);
            g.get(start, gs, start, end - start);
            step(ws, gs, m, v, start, end, beta1, beta2, stepSize, 1 / root2, epsilon, flush);
            w.put(start, ws, start, end - start);
            if (z != null) {
                z.put(start, gs, start, end - start); // the step left zeros in gs
            }
        }
    }

    /**
     * The arithmetic of values [from, to), with the gradient set to zero. Every array is indexed alike, so that
     * the JIT compiles the loop to vector instructions (about 4x faster here than with offsets between them).
     */
    private static void step(float[] w, float[] g, float[] m, float[] v, int from, int to, float b1, float b2,
            float stepSize, float inverseRoot2, float eps, float flush) {
        float c1 = 1 - b1;
        float c2 = 1 - b2;
        for (int i = from; i < to; i++) {
            float gi = g[i];
            // (x + flush) - flush is x for |x| >= 2^-65, and never subnormal (see FLUSH)
            float mi = (b1 * m[i] + c1 * gi + flush) - flush;
            float vi = (b2 * v[i] + c2 * (gi * gi) + flush) - flush;
            m[i] = mi;
            v[i] = vi;
            // a product by 1 / sqrt(1 - b2^t) rather than torch's quotient: within an ulp, and a division fewer
            w[i] -= stepSize * mi / ((float) Math.sqrt(vi) * inverseRoot2 + eps);
            g[i] = 0;
        }
    }

    /**
     * The engine's fused kernel, for arrays that cannot be written in place. DJL's kernel adds eps to the
     * uncorrected sqrt(v), so eps is passed scaled by sqrt(1 - b2^t); it also zeroes the weight's gradient.
     */
    private void kernelUpdate(NDArray weight, NDArray grad, float[] m, float[] v, int t, double root2) {
        double correction = root2 / (1.0 - Math.pow(beta1, t));
        try (NDManager work = weight.getManager().newSubManager()) {
            NDArray mean = Tensors.fromJava(work, m, weight.getShape());
            NDArray variance = Tensors.fromJava(work, v, weight.getShape());
            weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, mean, variance), new NDList(weight),
                    learningRate, (float) (learningRate * correction), 0f, rescaleGrad, clipGrad, beta1, beta2,
                    (float) (epsilon * root2), true, false);
            System.arraycopy(mean.toFloatArray(), 0, m, 0, m.length);
            System.arraycopy(variance.toFloatArray(), 0, v, 0, v.length);
        }
    }

    /**
     * For tests: the moments of a parameter.
     *
     * @param parameterId the parameter's name
     * @return its first and second moments (live arrays), or {@code null} before its first update
     */
    synchronized float[][] moments(String parameterId) {
        float[] m = means.get(parameterId);
        return m == null ? null : new float[][] {m, variances.get(parameterId)};
    }

    /** @return the shape of the state kept for each parameter, by parameter id */
    public synchronized Map<String, Shape> stateShapes() {
        return new TreeMap<>(shapes);
    }

    /** @return the number of updates applied to the most updated parameter */
    public synchronized int stepCount() {
        return steps.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /**
     * Writes the moments and step counts.
     *
     * @param out where to write
     * @throws IOException if writing fails
     */
    public synchronized void saveState(DataOutputStream out) throws IOException {
        out.writeInt(STATE_VERSION);
        out.writeFloat(learningRate);
        out.writeInt(steps.size());
        // The moments are written as the engine encodes arrays, as they were when they lived in the engine.
        try (NDManager work = NDManager.newBaseManager()) {
            for (Map.Entry<String, Integer> e : steps.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue());
                Shape shape = shapes.get(e.getKey());
                byte[] m = Tensors.fromJava(work, means.get(e.getKey()), shape).encode();
                byte[] v = Tensors.fromJava(work, variances.get(e.getKey()), shape).encode();
                out.writeInt(m.length);
                out.write(m);
                out.writeInt(v.length);
                out.write(v);
            }
        }
    }

    /**
     * Restores state written by {@link #saveState}, replacing any current state.
     *
     * @param manager where the saved arrays are decoded (they are copied to Java and freed)
     * @param in where to read
     * @throws IOException if reading fails or the data is not an optimizer state
     */
    public synchronized void loadState(NDManager manager, DataInputStream in) throws IOException {
        int version = in.readInt();
        if (version != STATE_VERSION) {
            throw new IOException("optimizer state version " + version + ", expected " + STATE_VERSION);
        }
        in.readFloat(); // learning rate at save time, informational
        int n = in.readInt();
        if (n < 0 || n > 100_000) {
            throw new IOException("optimizer state holds " + n + " parameters");
        }
        Map<String, Integer> newSteps = new TreeMap<>();
        Map<String, Shape> newShapes = new TreeMap<>();
        Map<String, float[]> newMeans = new TreeMap<>();
        Map<String, float[]> newVariances = new TreeMap<>();
        try (NDManager work = manager.newSubManager()) {
            for (int i = 0; i < n; i++) {
                String id = in.readUTF();
                int t = in.readInt();
                if (t < 1) {
                    throw new IOException("optimizer state of " + id + ": " + t + " steps, expected at least 1");
                }
                NDArray m = readArray(work, in);
                NDArray v = readArray(work, in);
                if (!m.getShape().equals(v.getShape()) || m.getDataType() != DataType.FLOAT32
                        || v.getDataType() != DataType.FLOAT32) {
                    throw new IOException("optimizer state of " + id + ": moments of " + m.getDataType() + " "
                            + m.getShape() + " and " + v.getDataType() + " " + v.getShape()
                            + ", expected two float32 arrays of one shape");
                }
                newSteps.put(id, t);
                newShapes.put(id, m.getShape());
                newMeans.put(id, m.toFloatArray());
                newVariances.put(id, v.toFloatArray());
            }
        }
        // only a state read in full replaces the current one
        clearState();
        steps.putAll(newSteps);
        shapes.putAll(newShapes);
        means.putAll(newMeans);
        variances.putAll(newVariances);
    }

    private static NDArray readArray(NDManager manager, DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > (1 << 30)) {
            throw new IOException("optimizer state array of " + length + " bytes");
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new IOException("optimizer state ends early");
        }
        try {
            return manager.decode(bytes);
        } catch (RuntimeException e) { // DJL throws IllegalArgumentException or a buffer underflow on bad bytes
            throw new IOException("optimizer state array is malformed: " + e.getMessage(), e);
        }
    }

    /** Drops the moments and step counts; the optimizer starts afresh. */
    @Override
    public synchronized void close() {
        clearState();
    }

    private void clearState() {
        means.clear();
        shapes.clear();
        variances.clear();
        steps.clear();
    }

    /** Needed by DJL's base class; FusedAdam is configured through its constructor. */
    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
