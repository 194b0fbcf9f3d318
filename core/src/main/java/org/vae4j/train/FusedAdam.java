package org.vae4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.vae4j.Tensors;

/**
 * Adam that updates each parameter with the engine's fused kernel ({@code NDArrayEx.adamUpdate}, one native call
 * per parameter) like DJL's own {@code Adam}, but keeps its state (first and second moments, step counts) where it
 * can be saved and restored, so a resumed run continues exactly where it stopped.
 *
 * <p>The update is PyTorch's {@code torch.optim.Adam}: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 * w -= lr / (1 - b1^t) * m / (sqrt(v / (1 - b2^t)) + eps). DJL's kernel adds eps to the uncorrected sqrt(v), so
 * eps is passed scaled by sqrt(1 - b2^t) each step; otherwise the first steps of a run would differ from PyTorch's
 * wherever gradients are small.
 *
 * <p>The kernel also zeroes the weight's gradient, which the engine otherwise adds the next backward pass to; an
 * optimizer that replaces this one must do that itself (with a true zero: a NaN gradient must not survive).
 * bench/profile_step.sh times Adam written as in-place engine operations per parameter, with that zeroing, against
 * this kernel in the whole training step; see the README's performance section for where that stands.
 */
public final class FusedAdam extends Optimizer implements AutoCloseable {
    private static final int STATE_VERSION = 1;

    private float learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final Map<String, NDArray> means = new TreeMap<>();
    private final Map<String, NDArray> variances = new TreeMap<>();
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
    }

    /**
     * Changes the step size for the following updates (learning-rate schedules); the moments are kept.
     *
     * @param value the new learning rate, positive
     */
    public void setLearningRate(float value) {
        if (!(value > 0) || Float.isInfinite(value)) {
            throw new IllegalArgumentException("learning rate " + value + ": expected a positive number");
        }
        learningRate = value;
    }

    /** @return the current learning rate */
    public float learningRate() {
        return learningRate;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = steps.merge(parameterId, 1, Integer::sum);
        double root2 = Math.sqrt(1.0 - Math.pow(beta2, t));
        double correction = root2 / (1.0 - Math.pow(beta1, t));
        NDArray m = means.computeIfAbsent(parameterId, k -> weight.zerosLike());
        NDArray v = variances.computeIfAbsent(parameterId, k -> weight.zerosLike());
        weight.getNDArrayInternal()
                .adamUpdate(
                        new NDList(weight, grad, m, v),
                        new NDList(weight),
                        learningRate,
                        (float) (learningRate * correction),
                        0f,
                        rescaleGrad,
                        clipGrad,
                        beta1,
                        beta2,
                        (float) (epsilon * root2),
                        true,
                        false);
    }

    /** @return the shape of the state kept for each parameter, by parameter id */
    public Map<String, Shape> stateShapes() {
        Map<String, Shape> shapes = new TreeMap<>();
        means.forEach((id, m) -> shapes.put(id, m.getShape()));
        return shapes;
    }

    /** @return the number of updates applied to the most updated parameter */
    public int stepCount() {
        return steps.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /**
     * Writes the moments and step counts.
     *
     * @param out where to write
     * @throws IOException if writing fails
     */
    public void saveState(DataOutputStream out) throws IOException {
        out.writeInt(STATE_VERSION);
        out.writeFloat(learningRate);
        out.writeInt(steps.size());
        for (Map.Entry<String, Integer> e : steps.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue());
            byte[] m = means.get(e.getKey()).encode();
            byte[] v = variances.get(e.getKey()).encode();
            out.writeInt(m.length);
            out.write(m);
            out.writeInt(v.length);
            out.write(v);
        }
    }

    /**
     * Restores state written by {@link #saveState}, replacing any current state.
     *
     * @param manager owner of the restored arrays (the model's manager)
     * @param in where to read
     * @throws IOException if reading fails or the data is not an optimizer state
     */
    public void loadState(NDManager manager, DataInputStream in) throws IOException {
        int version = in.readInt();
        if (version != STATE_VERSION) {
            throw new IOException("optimizer state version " + version + ", expected " + STATE_VERSION);
        }
        in.readFloat(); // learning rate at save time, informational
        int n = in.readInt();
        if (n < 0 || n > 100_000) {
            throw new IOException("optimizer state holds " + n + " parameters");
        }
        clearState();
        for (int i = 0; i < n; i++) {
            String id = in.readUTF();
            steps.put(id, in.readInt());
            means.put(id, readArray(manager, in));
            variances.put(id, readArray(manager, in));
        }
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
            // decode wraps a Java buffer; the moments are updated in place every step, so give them engine memory.
            return Tensors.owned(manager.decode(bytes));
        } catch (IllegalArgumentException e) {
            throw new IOException("optimizer state array is malformed: " + e.getMessage(), e);
        }
    }

    /** Frees the moment arrays (they are also freed with the model's manager); the optimizer starts afresh. */
    @Override
    public void close() {
        clearState();
    }

    private void clearState() {
        means.values().forEach(NDArray::close);
        variances.values().forEach(NDArray::close);
        means.clear();
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
