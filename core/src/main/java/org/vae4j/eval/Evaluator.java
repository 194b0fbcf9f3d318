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
