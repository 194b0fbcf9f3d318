package org.vae4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vae4j.Noise;
import org.vae4j.Tensors;
import org.vae4j.data.Batch;
import org.vae4j.data.ImageField;
import org.vae4j.inpaint.MaskMixture;
import org.vae4j.model.LatentModel;
import org.vae4j.model.LatentNetwork;

/**
 * The objective of a completion model ({@code complete}) and of its deterministic baseline ({@code baseline}).
 *
 * <p>Every example gets a mask from the model's mixture, drawn from the call's {@link Noise}: its missing pixels are
 * the targets, its other pixels the condition. The networks see the condition as c = (x * m, m), the image with
 * every pixel that is not observed set to 0 and the mask m of observed pixels (a value the data itself lacks is
 * neither observed nor a target).
 *
 * <ul>
 *   <li>{@code complete}: the negative conditional ELBO of log p(x_miss | x_obs), {@code recon} = -log
 *       p(x_miss | z, c) with z = mu + sigma * eps ~ q(z | x, m), plus {@code kl} = KL(q(z | x, m) || p(z | c)) of
 *       every dimension, in closed form ({@link Kl#between}); the training loss weights the KL by beta.
 *   <li>{@code baseline}: {@code recon} = -log p(x_miss | c) of the network's output alone.
 * </ul>
 *
 * Missing pixels enter only the recognition network, which sees the whole image; the prior network and the
 * generator never read them.
 */
public final class CompletionObjective implements Objective {
    private static final List<Term> COMPLETE = List.of(
            new Term(ElboObjective.RECON, "-E_q log p(x_miss|z,x_obs)", false),
            new Term(ElboObjective.KL, "KL(q(z|x) || p(z|x_obs))", true));
    private static final List<Term> BASELINE = List.of(
            new Term(ElboObjective.RECON, "-log p(x_miss|x_obs)", false));

    private final MaskMixture masks;
    private final double beta;
    private final boolean latent;
    private final ImageField image;

    /**
     * @param masks the training masks
     * @param beta the KL weight
     * @param latent true for the conditional VAE, false for the baseline
     * @param image the images' shape
     */
    public CompletionObjective(MaskMixture masks, double beta, boolean latent, ImageField image) {
        this.masks = masks;
        this.beta = beta;
        this.latent = latent;
        this.image = image;
    }

    /** @return the training masks */
    public MaskMixture masks() {
        return masks;
    }

    @Override
    public List<Term> terms() {
        return latent ? COMPLETE : BASELINE;
    }

    @Override
    public Map<String, NDArray> compute(LatentModel model, Batch batch, Noise noise, boolean training) {
        int b = batch.size();
        int hw = image.height() * image.width();
        // per example: the kind, then 48 bits of seed for random:P from two more draws
        float[] u = noise.uniform(batch.input().getManager(), new Shape(b, 3)).toFloatArray();
        boolean[] missing = new boolean[b * hw];
        for (int i = 0; i < b; i++) {
            long seed = ((long) (u[3 * i + 1] * 0x1p24) & 0xFFFFFF) << 24 | ((long) (u[3 * i + 2] * 0x1p24) & 0xFFFFFF);
            System.arraycopy(masks.draw(image.height(), image.width(), u[3 * i], seed), 0, missing, i * hw, hw);
        }
        return compute(model, batch, missing, noise, training);
    }

    /**
     * The terms for given masks.
     *
     * @param model the model
     * @param batch the batch
     * @param missing {@code missing[example * H * W + pixel]}, the same for every channel
     * @param noise the reparameterisation draws
     * @param training whether in training mode
     * @return term name to per-example values
     */
    public Map<String, NDArray> compute(LatentModel model, Batch batch, boolean[] missing, Noise noise,
            boolean training) {
        Masked in = Masked.of(batch, missing, image);
        LatentNetwork net = model.network();
        Map<String, NDArray> terms = new LinkedHashMap<>();
        if (!latent) {
            NDArray params = net.decode(model.parameterStore(), in.condition(), null, training);
            terms.put(ElboObjective.RECON, in.negLogLikelihood(model.likelihood(), params));
            return terms;
        }
        NDList q = net.encode(model.parameterStore(), in.recognition(), null, training);
        NDList p = net.prior(model.parameterStore(), in.condition(), training);
        NDArray mu = q.get(0);
        NDArray logVar = q.get(1);
        NDArray eps = noise.normal(mu.getManager(), mu.getShape());
        NDArray z = mu.add(Tensors.times(logVar, 0.5f).exp().mul(eps));
        NDArray params = net.decode(model.parameterStore(), NDArrays.concat(new NDList(z, in.condition()), 1), null,
                training);
        terms.put(ElboObjective.RECON, in.negLogLikelihood(model.likelihood(), params));
        terms.put(ElboObjective.KL, Kl.between(mu, logVar, p.get(0), p.get(1)));
        return terms;
    }

    @Override
    public NDArray trainingLoss(Map<String, NDArray> terms, Step step) {
        NDArray recon = terms.get(ElboObjective.RECON);
        if (!latent) {
            return recon.sum();
        }
        NDArray kl = terms.get(ElboObjective.KL);
        int batchSize = Math.toIntExact(recon.getShape().get(0));
        NDArray klObjective = ElboObjective.klObjective(kl.sum(new int[] {0}), batchSize, (float) step.freeBits());
        return recon.sum().add(Tensors.times(klObjective, (float) (beta * step.klWeight())));
    }

    @Override
    public double loss(Map<String, Double> means) {
        return latent ? means.get(ElboObjective.RECON) + beta * means.get(ElboObjective.KL)
                : means.get(ElboObjective.RECON);
    }

    /**
     * A batch split by a mask, as the networks see it: the image x with values the data lacks set to 0, (B, D); the
     * condition c = (x * m, m), (B, 2D), m the observed pixels; the recognition network's input (x, m), made when
     * first asked for; and the target mask, (B, D), 1 for a missing value the data has.
     */
    public static final class Masked {
        private final NDArray x;
        private final NDArray seen;
        private final NDArray condition;
        private final NDArray target;
        private NDArray recognition;

        private Masked(NDArray x, NDArray seen, NDArray target) {
            this.x = x;
            this.seen = seen;
            this.target = target;
            this.condition = NDArrays.concat(new NDList(x.mul(seen), seen), 1);
        }

        /**
         * @param batch the batch
         * @param missing the task's missing pixels, {@code missing[example * H * W + pixel]}
         * @param image the images' shape
         * @return the split batch, in the batch's manager
         */
        public static Masked of(Batch batch, boolean[] missing, ImageField image) {
            int b = batch.size();
            int hw = image.height() * image.width();
            int d = image.size();
            if (missing.length != (long) b * hw) {
                throw new IllegalArgumentException(missing.length + " mask flags for " + b + " images of " + hw
                        + " pixels");
            }
            NDArray x = batch.observed().input();
            NDManager m = x.getManager();
            boolean[] has = batch.mask() == null ? null : batch.mask().toBooleanArray();
            float[] seen = new float[b * d];
            float[] target = new float[b * d];
            for (int i = 0; i < b; i++) {
                for (int c = 0; c < image.channels(); c++) {
                    for (int p = 0; p < hw; p++) {
                        int at = i * d + c * hw + p;
                        boolean present = has == null || has[at];
                        boolean miss = missing[i * hw + p];
                        seen[at] = present && !miss ? 1f : 0f;
                        target[at] = present && miss ? 1f : 0f;
                    }
                }
            }
            return new Masked(x, Tensors.fromJava(m, seen, new Shape(b, d)), Tensors.fromJava(m, target,
                    new Shape(b, d)));
        }

        /** @return the image, values the data lacks set to 0, (B, D) */
        public NDArray x() {
            return x;
        }

        /** @return (x * m, m), (B, 2D) */
        public NDArray condition() {
            return condition;
        }

        /** @return (x, m), (B, 2D), the recognition network's input */
        public NDArray recognition() {
            if (recognition == null) {
                recognition = NDArrays.concat(new NDList(x, seen), 1);
            }
            return recognition;
        }

        /** @return the target mask, (B, D) */
        public NDArray target() {
            return target;
        }

        /**
         * -log p(x_miss | params) of each example: the likelihood's per-value terms times the target mask, summed
         * (x is finite everywhere: values the data lacks are 0, so no NaN reaches the product or its gradient).
         *
         * @param likelihood the likelihood
         * @param params its parameters, (B, ...)
         * @return (B)
         */
        public NDArray negLogLikelihood(org.vae4j.likelihood.Likelihood likelihood, NDArray params) {
            return likelihood.perValue(params, x).mul(target).sum(new int[] {1});
        }
    }
}
