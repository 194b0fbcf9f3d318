package org.vae4j.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.vae4j.BadInputException;
import org.vae4j.Seeds;
import org.vae4j.data.ImageDataset;
import org.vae4j.loss.ElboLoss;
import org.vae4j.model.VaeModel;

/** Scores a model on data. */
public final class Evaluator {
    private static final long EVAL_NOISE = 0xE7A1;
    private static final int BATCH = 1000;

    private Evaluator() {}

    /**
     * The negative ELBO per example, with one posterior sample per example drawn from a fixed seed.
     *
     * @param model the model
     * @param data images with the model's input shape
     * @param seed seed of the posterior samples
     * @return the negative ELBO and its two parts
     * @throws BadInputException if the data's image shape is not the model's
     */
    public static ElboResult elbo(VaeModel model, ImageDataset data, long seed) {
        checkShape(model, data);
        try (NDManager manager = model.manager().newSubManager()) {
            NDArray x = manager.create(data.pixels(), new Shape(data.size(), data.pixelsPerImage()));
            return elbo(model, x, seed);
        }
    }

    /**
     * The negative ELBO per example over rows of an array already in native memory.
     *
     * @param model the model
     * @param x flat inputs, shape (N, D)
     * @param seed seed of the posterior samples
     * @return the negative ELBO and its two parts
     */
    public static ElboResult elbo(VaeModel model, NDArray x, long seed) {
        Seeds.seedEngine(Seeds.derive(seed, EVAL_NOISE, 0));
        long n = x.getShape().get(0);
        double recon = 0;
        double[] klDims = new double[model.config().latent()];
        for (long start = 0; start < n; start += BATCH) {
            long end = Math.min(n, start + BATCH);
            try (NDManager batch = model.manager().newSubManager()) {
                NDArray xb = x.get(start + ":" + end);
                xb.attach(batch);
                NDList terms = ElboLoss.terms(model, xb, false);
                recon += terms.get(0).sum().getFloat();
                float[] dims = terms.get(1).sum(new int[] {0}).toFloatArray();
                for (int d = 0; d < dims.length; d++) {
                    klDims[d] += dims[d];
                }
            }
        }
        double kl = 0;
        List<Double> perDim = new ArrayList<>(klDims.length);
        for (double v : klDims) {
            kl += v;
            perDim.add(v / n);
        }
        return new ElboResult((recon + kl) / n, recon / n, kl / n, (int) n, perDim);
    }

    /**
     * Active units (Burda et al. 2015): latent dimensions u whose posterior mean varies across the data,
     * Cov_x(E_q[z_u]) above a threshold (0.01 in the paper). An inactive dimension carries no information about x.
     *
     * @param model the model
     * @param x flat inputs, shape (N, D), N at least 2
     * @param threshold the variance above which a dimension counts as active, e.g. {@link #ACTIVE_THRESHOLD}
     * @return the variance of each dimension's posterior mean over the data and how many exceed the threshold
     */
    public static ActiveUnits activeUnits(VaeModel model, NDArray x, double threshold) {
        long n = x.getShape().get(0);
        int latent = model.config().latent();
        double[] sum = new double[latent];
        double[] sumSq = new double[latent];
        for (long start = 0; start < n; start += BATCH) {
            long end = Math.min(n, start + BATCH);
            try (NDManager batch = model.manager().newSubManager()) {
                NDArray xb = x.get(start + ":" + end);
                xb.attach(batch);
                float[] mu = model.network().encode(model.parameterStore(), xb, false).get(0).toFloatArray();
                for (int i = 0; i < mu.length; i++) {
                    sum[i % latent] += mu[i];
                    sumSq[i % latent] += (double) mu[i] * mu[i];
                }
            }
        }
        double[] variance = new double[latent];
        int active = 0;
        for (int u = 0; u < latent; u++) {
            double mean = sum[u] / n;
            variance[u] = Math.max(0, sumSq[u] / n - mean * mean);
            if (variance[u] > threshold) {
                active++;
            }
        }
        return new ActiveUnits(active, variance, threshold);
    }

    /** Burda et al.'s threshold on Cov_x(E_q[z_u]) for an active unit. */
    public static final double ACTIVE_THRESHOLD = 0.01;

    /**
     * The active units of a model on a dataset.
     *
     * @param count how many dimensions are active
     * @param variance Cov_x(E_q[z_u]) of each dimension u (population variance over the data)
     * @param threshold the variance above which a dimension is active
     */
    public record ActiveUnits(int count, double[] variance, double threshold) {}

    /**
     * Checks that a dataset's images have the shape a model was built for.
     *
     * @param model the model
     * @param data the data
     * @throws BadInputException naming the data, its shape and the expected one
     */
    public static void checkShape(VaeModel model, ImageDataset data) {
        var c = model.config();
        if (data.channels() != c.channels() || data.height() != c.height() || data.width() != c.width()) {
            throw new BadInputException(
                    data.name() + ": images are " + data.channels() + "x" + data.height() + "x" + data.width()
                            + " (channels x height x width), but the model expects " + c.channels() + "x"
                            + c.height() + "x" + c.width());
        }
    }
}
