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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.vae4j.Seeds;
import org.vae4j.likelihood.Likelihood;

/**
 * A VAE with its weights in native memory: create one, train it with {@link org.vae4j.train.VaeTrainer}, save it
 * with {@link org.vae4j.io.ModelStore}, and use it to sample, reconstruct, encode and decode.
 *
 * <p>Images go in and come out as flat float arrays, image after image (N x C x H x W), values in [0, 1] for image
 * data. Close the model to free its native memory.
 */
public final class VaeModel implements AutoCloseable {
    private static final int BATCH = 1024;
    private static final long SAMPLE_NOISE = 0x5A3D;

    private final VaeConfig config;
    private final NDManager manager;
    private final Vae network;
    private final Likelihood likelihood;
    private final ParameterStore store;

    private VaeModel(VaeConfig config, NDManager manager) {
        this.config = config;
        this.manager = manager;
        this.network = new Vae(config);
        this.likelihood = config.createLikelihood();
        this.store = new ParameterStore(manager, false);
        network.initialize(manager, DataType.FLOAT32, new Shape(1, config.inputSize()));
    }

    /**
     * Creates a model with freshly initialised weights.
     *
     * @param config the architecture
     * @param seed seed of the weight initialisation
     * @return the model
     */
    public static VaeModel create(VaeConfig config, long seed) {
        Seeds.seedEngine(Seeds.derive(seed, 1, 0));
        return new VaeModel(config, NDManager.newBaseManager());
    }

    /**
     * Creates a model and loads weights saved by {@link #saveWeights}, checking every parameter's name and shape.
     *
     * @param config the architecture the weights were saved with
     * @param in the weights
     * @return the model
     * @throws MalformedModelException if the weights do not fit the architecture
     * @throws IOException if reading fails or the data ends early
     */
    public static VaeModel load(VaeConfig config, DataInputStream in) throws IOException, MalformedModelException {
        VaeModel model = new VaeModel(config, NDManager.newBaseManager());
        try {
            Map<String, Shape> expected = model.parameterShapes();
            model.network.loadParameters(model.manager, in);
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

    /** @return the architecture */
    public VaeConfig config() {
        return config;
    }

    /** @return the network block, for training and custom use */
    public Vae network() {
        return network;
    }

    /** @return the observation model */
    public Likelihood likelihood() {
        return likelihood;
    }

    /** @return the manager that owns the weights; create per-batch child managers from it */
    public NDManager manager() {
        return manager;
    }

    /** @return the parameter store to pass to the network's forward calls */
    public ParameterStore parameterStore() {
        return store;
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
     * Draws new data: z from the prior N(0, I), then the mean of p(x | z).
     *
     * @param count how many
     * @param seed seed of the latent draws; the same seed gives the same pictures
     * @return count x D values
     */
    public float[] sample(int count, long seed) {
        Random random = new Random(Seeds.derive(seed, SAMPLE_NOISE, 0));
        float[] z = new float[count * config.latent()];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
        }
        return decode(z, count);
    }

    /**
     * Decodes latent codes to the mean of p(x | z).
     *
     * @param z count x latent values
     * @param count how many codes
     * @return count x D values
     */
    public float[] decode(float[] z, int count) {
        int latent = config.latent();
        checkLength("latent codes", z, count, latent);
        float[] out = new float[count * config.inputSize()];
        for (int start = 0; start < count; start += BATCH) {
            int n = Math.min(BATCH, count - start);
            try (NDManager batch = manager.newSubManager()) {
                NDArray zb = batch.create(slice(z, start, n, latent), new Shape(n, latent));
                NDArray mean = likelihood.mean(network.decode(store, zb, false));
                System.arraycopy(mean.toFloatArray(), 0, out, start * config.inputSize(), n * config.inputSize());
            }
        }
        return out;
    }

    /**
     * Encodes inputs to the parameters of q(z | x).
     *
     * @param x count x D values
     * @param count how many inputs
     * @return the means and log variances
     */
    public Encoding encode(float[] x, int count) {
        int d = config.inputSize();
        int latent = config.latent();
        checkLength("inputs", x, count, d);
        float[] mu = new float[count * latent];
        float[] logVar = new float[count * latent];
        for (int start = 0; start < count; start += BATCH) {
            int n = Math.min(BATCH, count - start);
            try (NDManager batch = manager.newSubManager()) {
                NDArray xb = batch.create(slice(x, start, n, d), new Shape(n, d));
                NDList stats = network.encode(store, xb, false);
                System.arraycopy(stats.get(0).toFloatArray(), 0, mu, start * latent, n * latent);
                System.arraycopy(stats.get(1).toFloatArray(), 0, logVar, start * latent, n * latent);
            }
        }
        return new Encoding(mu, logVar, count, latent);
    }

    /**
     * Reconstructs inputs deterministically: encode to the mean of q(z | x), then decode to the mean of p(x | z).
     *
     * @param x count x D values
     * @param count how many inputs
     * @return count x D values
     */
    public float[] reconstruct(float[] x, int count) {
        return decode(encode(x, count).mu(), count);
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
