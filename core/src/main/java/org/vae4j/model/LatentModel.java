package org.vae4j.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.vae4j.EngineWarmUp;
import org.vae4j.Seeds;
import org.vae4j.Tensors;
import org.vae4j.data.Batch;
import org.vae4j.data.ExampleSet;
import org.vae4j.data.Schema;
import org.vae4j.likelihood.Likelihood;
import org.vae4j.loss.Objective;
import org.vae4j.nn.Init;

/**
 * A model with its weights in native memory: create one from a {@link ModelDefinition}, train it with
 * {@link org.vae4j.train.Trainer}, save it with {@link org.vae4j.io.ModelStore}, and use it to encode, decode,
 * sample and reconstruct.
 *
 * <p>Two levels of API. On the engine: {@link #encode(Batch, boolean)} and {@link #decode(NDArray, NDArray, boolean)}
 * in the caller's managers, for objectives and estimators. In Java: {@link #encode(ExampleSet)},
 * {@link #decode(float[], int, int[])}, {@link #sample} and {@link #reconstruct}, with flat float arrays, example
 * after example (for images N x C x H x W, values in [0, 1]). Each Java-level call works in its own child manager
 * and draws from its own seed, so concurrent calls from several threads do not disturb each other (training the
 * model while it is used is not supported).
 *
 * <p>Weights are always in memory the engine allocated: initialised from a seeded Java stream ({@link Init}) and,
 * when loaded, copied out of the Java buffers DJL reads them into. Close the model to free its native memory.
 */
public final class LatentModel implements AutoCloseable {
    private static final int BATCH = 1024;
    private static final long INIT = 1;
    private static final long SAMPLE_NOISE = 0x5A3D;

    private final ModelDefinition definition;
    private final NDManager manager;
    private final LatentNetwork network;
    private final ParameterStore store;
    private final Objective objective;

    private LatentModel(ModelDefinition definition, NDManager manager, Init init) {
        EngineWarmUp.once(); // before any computation that two engine threads share (see EngineWarmUp)
        this.definition = definition;
        this.manager = manager;
        this.network = definition.familyType().build(definition, init);
        this.store = new ParameterStore(manager, false);
        this.objective = definition.familyType().objective(definition);
        Schema schema = definition.schema();
        Shape x = new Shape(1, schema.inputSize());
        if (schema.conditional()) {
            network.initialize(manager, DataType.FLOAT32, x, new Shape(1));
        } else {
            network.initialize(manager, DataType.FLOAT32, x);
        }
    }

    /**
     * Creates a model with freshly initialised weights.
     *
     * @param definition what to build
     * @param seed seed of the weight initialisation
     * @return the model
     */
    public static LatentModel create(ModelDefinition definition, long seed) {
        return new LatentModel(definition, NDManager.newBaseManager(), new Init(Seeds.derive(seed, INIT, 0)));
    }

    /**
     * Creates a model and loads weights saved by {@link #saveWeights}, checking every parameter's name and shape.
     *
     * @param definition what the weights were saved for
     * @param in the weights
     * @return the model
     * @throws MalformedModelException if the weights do not fit the definition
     * @throws IOException if reading fails or the data ends early
     */
    public static LatentModel load(ModelDefinition definition, DataInputStream in)
            throws IOException, MalformedModelException {
        LatentModel model = new LatentModel(definition, NDManager.newBaseManager(), new Init(0));
        try {
            Map<String, Shape> expected = model.parameterShapes();
            List<NDArray> initial = new ArrayList<>();
            model.network.getParameters().forEach(p -> initial.add(p.getValue().getArray()));
            model.network.loadParameters(model.manager, in);
            initial.forEach(NDArray::close);
            Map<String, Shape> actual = model.parameterShapes();
            for (Map.Entry<String, Shape> e : expected.entrySet()) {
                Shape got = actual.get(e.getKey());
                if (!e.getValue().equals(got)) {
                    throw new MalformedModelException(
                            "parameter " + e.getKey() + " has shape " + got + ", expected " + e.getValue());
                }
            }
            if (in.read() != -1) {
                throw new MalformedModelException("extra bytes after the last parameter");
            }
            // DJL reads weights into Java buffers it wraps; put them where the engine owns them (see Tensors).
            for (Pair<String, Parameter> p : model.network.getParameters()) {
                NDArray loaded = p.getValue().getArray();
                loaded.intern(loaded.duplicate());
                loaded.setRequiresGradient(p.getValue().requiresGradient());
            }
            return model;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Writes the weights in DJL's parameter format.
     *
     * @param out where to write
     * @throws IOException if writing fails
     */
    public void saveWeights(DataOutputStream out) throws IOException {
        network.saveParameters(out);
    }

    /** @return what this model is */
    public ModelDefinition definition() {
        return definition;
    }

    /** @return the data's schema */
    public Schema schema() {
        return definition.schema();
    }

    /** @return the networks' spec */
    public ModelSpec spec() {
        return definition.model();
    }

    /** @return the latent size */
    public int latent() {
        return network.latent();
    }

    /** @return the number of condition classes, 0 for an unconditional model */
    public int classes() {
        return definition.schema().classes();
    }

    /** @return the values in one input row */
    public int inputSize() {
        return definition.schema().inputSize();
    }

    /** @return the network block, for training and custom use */
    public LatentNetwork network() {
        return network;
    }

    /** @return the likelihood head p(x | z) */
    public Likelihood likelihood() {
        return network.likelihood();
    }

    /** @return the family's objective */
    public Objective objective() {
        return objective;
    }

    /** @return the manager that owns the weights; create per-batch child managers from it */
    public NDManager manager() {
        return manager;
    }

    /** @return the parameter store to pass to the network's forward calls */
    public ParameterStore parameterStore() {
        return store;
    }

    /** @return a one-line description, e.g. {@code vae, mlp 784-400-20, bernoulli, beta 1.0} */
    public String describe() {
        return definition.describe();
    }

    /** @return each parameter's name and shape, in saving order */
    public Map<String, Shape> parameterShapes() {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            shapes.put(p.getKey(), p.getValue().getArray().getShape());
        }
        return shapes;
    }

    /** @return the number of trainable values */
    public long parameterCount() {
        return parameterShapes().values().stream().mapToLong(Shape::size).sum();
    }

    /**
     * Encodes a batch on the engine.
     *
     * @param batch the inputs and, for a conditional model, the classes
     * @param training whether in training mode
     * @return {mu, logVar} of q(z | x), each (batch, latent), in the batch's manager
     */
    public NDList encode(Batch batch, boolean training) {
        NDList q = network.encode(store, batch.observed(), training); // the encoder sees 0 where values are missing
        if (likelihood() instanceof org.vae4j.likelihood.Tabular && q.size() == 2) {
            // a table's coded values can repeat exactly (whole numbers, Shuttle's), and a Gaussian decoder then
            // rewards a posterior shrinking to a point: its log-variance passed -185 on Shuttle and the loss went
            // infinite. Below TABLE_MIN_LOG_VAR (an sd of 4.5e-5 in a unit-scale latent space) nothing is gained;
            // above TABLE_MAX_LOG_VAR (an sd of 148 against the prior's 1) neither: on Shuttle's semi-supervised
            // split it reached 76 and the decoder's input exploded.
            q = new NDList(q.get(0), q.get(1).maximum(Tensors.scalar(q.get(1), (float) TABLE_MIN_LOG_VAR))
                    .minimum(Tensors.scalar(q.get(1), (float) TABLE_MAX_LOG_VAR)));
        }
        return q;
    }

    /** The smallest posterior log-variance of a table's model (see {@link #encode}). */
    public static final double TABLE_MIN_LOG_VAR = -20;

    /** The largest posterior log-variance of a table's model (see {@link #encode}). */
    public static final double TABLE_MAX_LOG_VAR = 10;

    /**
     * Decodes latent codes on the engine.
     *
     * @param z (batch, latent)
     * @param condition the classes (batch) int64, or {@code null} for an unconditional model
     * @param training whether in training mode
     * @return the parameters of p(x | z), in the likelihood's layout
     */
    public NDArray decode(NDArray z, NDArray condition, boolean training) {
        return network.decode(store, z, condition, training);
    }

    /**
     * Decodes latent codes on the engine to the parameters of p(x | z) of given examples (a teacher-forced decoder,
     * such as the sequence VAE's, reads them; the others ignore them).
     *
     * @param z (batch, latent)
     * @param condition the classes (batch) int64, or {@code null}
     * @param x (batch, D), the examples being reconstructed
     * @param training whether in training mode
     * @return the parameters of p(x | z)
     */
    public NDArray decode(NDArray z, NDArray condition, NDArray x, boolean training) {
        return network.decode(store, z, condition, x, training);
    }

    /**
     * The first state of a sequence decoder, for step-by-step decoding.
     *
     * @param z (batch, latent) codes, width 0 for a language model
     * @return (1, batch, state)
     * @throws IllegalStateException if the decoder is not a sequence decoder
     */
    public NDArray firstState(NDArray z) {
        return sequenceDecoder().firstState(store, z);
    }

    /**
     * One step of a sequence decoder; see {@link org.vae4j.nn.SequenceDecoder#step}.
     *
     * @param state (1, batch, state)
     * @param previous (batch) previous ids as floats
     * @param z (batch, latent) codes
     * @return the logits of the next token (batch, vocabulary) and the new state
     * @throws IllegalStateException if the decoder is not a sequence decoder
     */
    public NDList decodeStep(NDArray state, NDArray previous, NDArray z) {
        return sequenceDecoder().step(store, state, previous, z);
    }

    private org.vae4j.nn.SequenceDecoder sequenceDecoder() {
        if (!(network.decoder() instanceof org.vae4j.nn.SequenceDecoder d)) {
            throw new IllegalStateException("model " + describe() + " has no sequence decoder");
        }
        return d;
    }

    /**
     * Draws new data: z from the prior N(0, I), then the mean of p(x | z) (of p(x | z, y) for the given classes).
     * The latent draws depend only on the seed and the count, so the same seed with other classes gives the same z.
     *
     * @param count how many
     * @param classes the class of every draw for a conditional model, {@code null} for an unconditional one
     * @param seed seed of the latent draws
     * @return count x D values
     */
    public float[] sample(int count, int[] classes, long seed) {
        return decode(priorDraws(count, latent(), seed), count, classes);
    }

    /**
     * Draws new data from an unconditional model.
     *
     * @param count how many
     * @param seed seed of the latent draws; the same seed gives the same pictures
     * @return count x D values
     */
    public float[] sample(int count, long seed) {
        return sample(count, null, seed);
    }

    /**
     * The prior draws {@link #sample} decodes.
     *
     * @param count how many codes
     * @param latent the latent size
     * @param seed the seed
     * @return count x latent standard normal values
     */
    public static float[] priorDraws(int count, int latent, long seed) {
        Random random = new Random(Seeds.derive(seed, SAMPLE_NOISE, 0));
        float[] z = new float[Math.multiplyExact(count, latent)];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
        }
        return z;
    }

    /**
     * Decodes latent codes to the mean of p(x | z).
     *
     * @param z count x latent values
     * @param count how many codes
     * @param classes the class of every code for a conditional model, {@code null} for an unconditional one
     * @return count x D values
     * @throws IllegalArgumentException if an array does not fit, or classes are missing, extra or out of range
     */
    public float[] decode(float[] z, int count, int[] classes) {
        requireVae("decoding latent codes");
        int latent = latent();
        int d = inputSize();
        checkLength("latent codes", z, count, latent);
        checkClasses(classes, count);
        float[] out = new float[Math.multiplyExact(count, d)];
        for (int start = 0; start < count; start += BATCH) {
            int n = Math.min(BATCH, count - start);
            try (NDManager batch = manager.newSubManager()) {
                NDArray zb = Tensors.fromJava(batch, slice(z, start, n, latent), new Shape(n, latent));
                NDArray mean = likelihood().mean(decode(zb, condition(batch, classes, start, n), false));
                System.arraycopy(mean.toFloatArray(), 0, out, start * d, n * d);
            }
        }
        return out;
    }

    /**
     * Encodes every example of a dataset to the parameters of q(z | x) (of q(z | x, y) with its labels for a
     * conditional model).
     *
     * @param data examples that fit the model's schema
     * @return the means and log variances
     * @throws org.vae4j.BadInputException if the data does not fit the schema
     */
    public Encoding encode(ExampleSet data) {
        requireVae("encoding");
        schema().checkData(data);
        int n = data.size();
        int latent = latent();
        float[] mu = new float[Math.multiplyExact(n, latent)];
        float[] logVar = new float[mu.length];
        for (int start = 0; start < n; start += BATCH) {
            int end = Math.min(n, start + BATCH);
            try (NDManager batch = manager.newSubManager()) {
                NDList q = encode(data.batch(batch, start, end), false);
                System.arraycopy(q.get(0).toFloatArray(), 0, mu, start * latent, (end - start) * latent);
                System.arraycopy(q.get(1).toFloatArray(), 0, logVar, start * latent, (end - start) * latent);
            }
        }
        return new Encoding(mu, logVar, n, latent);
    }

    /**
     * Reconstructs examples deterministically: encode to the mean of q(z | x), then decode to the mean of p(x | z);
     * a conditional model encodes and decodes with each example's own label.
     *
     * @param data examples that fit the model's schema
     * @return size x D values
     */
    public float[] reconstruct(ExampleSet data) {
        return decode(encode(data).mu(), data.size(), classes() == 0 ? null : data.labels().orElseThrow());
    }

    /**
     * Refuses a model whose latent space is not that of a VAE with the prior N(0, I): a completion model's codes mean
     * something only next to the observed pixels, and a baseline has none.
     */
    private void requireVae(String what) {
        if (network.decoderReadsInput() && what.startsWith("decoding")) {
            throw new org.vae4j.BadInputException("model " + describe() + ": decoding latent codes into sequences "
                    + "is step-by-step decoding (org.vae4j.text.SequenceDecoding)");
        }
        if (network.priorNetwork() != null || network.encoder() == null) {
            throw new org.vae4j.BadInputException("model family " + definition.family() + ": " + what + " needs a "
                    + "vae-family model (prior N(0, I)); a completion model fills images with vae4j inpaint");
        }
    }

    private NDArray condition(NDManager m, int[] classes, int start, int n) {
        if (classes == null) {
            return null;
        }
        long[] c = new long[n];
        for (int i = 0; i < n; i++) {
            c[i] = classes[start + i];
        }
        return Tensors.fromJava(m, c);
    }

    private void checkClasses(int[] classes, int count) {
        int k = classes();
        if (k == 0) {
            if (classes != null) {
                throw new IllegalArgumentException("classes given for an unconditional model");
            }
            return;
        }
        if (classes == null || classes.length != count) {
            throw new IllegalArgumentException("a conditional model needs one class per code: "
                    + (classes == null ? "none" : classes.length) + " for " + count);
        }
        for (int c : classes) {
            if (c < 0 || c >= k) {
                throw new IllegalArgumentException("class " + c + " is outside the model's " + k + " classes");
            }
        }
    }

    private static float[] slice(float[] values, int start, int n, int width) {
        float[] out = new float[n * width];
        System.arraycopy(values, start * width, out, 0, n * width);
        return out;
    }

    private static void checkLength(String what, float[] values, int count, int width) {
        if (count < 0 || values.length != (long) count * width) {
            throw new IllegalArgumentException(
                    what + ": " + values.length + " values for " + count + " rows of " + width);
        }
    }

    @Override
    public void close() {
        manager.close();
    }

    /**
     * The encoder's output for a set of inputs.
     *
     * @param mu means of q(z | x), count x latent
     * @param logVar log variances of q(z | x), count x latent
     * @param count number of inputs
     * @param latent latent size
     */
    public record Encoding(float[] mu, float[] logVar, int count, int latent) {}
}
