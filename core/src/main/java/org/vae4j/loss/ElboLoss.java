package org.vae4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.vae4j.Tensors;
import org.vae4j.model.VaeModel;

/**
 * The VAE objective on a batch: a one-sample estimate of the negative ELBO, -log p(x|z) with z ~ q(z|x), plus the
 * analytic KL(q(z|x) || N(0, I)). The training loss weights the KL by beta.
 */
public final class ElboLoss {
    private ElboLoss() {}

    /**
     * Runs the network on a batch and returns both terms per example.
     *
     * @param model the model
     * @param x flat inputs, shape (batch, D)
     * @param training whether in training mode
     * @return {reconstruction term, shape (batch); KL term of each latent dimension, shape (batch, latent)}, in nats
     */
    public static NDList terms(VaeModel model, NDArray x, boolean training) {
        NDList out = model.network().forward(model.parameterStore(), new NDList(x), training);
        NDArray recon = model.likelihood().negLogLikelihood(out.get(0), x);
        NDArray kl = Kl.perDimension(out.get(1), out.get(2));
        return new NDList(recon, kl);
    }

    /**
     * The KL term the optimizer sees for a batch, with free bits (Kingma et al. 2016): each latent dimension's KL,
     * averaged over the batch, counts as at least {@code freeBits} nats, so a dimension below that gets no gradient
     * pushing it further down. Without free bits it is the plain sum.
     *
     * @param klDimSums the KL of each latent dimension summed over the batch, shape (latent)
     * @param batchSize the number of examples in the batch
     * @param freeBits nats per dimension, 0 for none
     * @return batchSize * sum_d max(klDimSums_d / batchSize, freeBits), a scalar
     */
    public static NDArray klObjective(NDArray klDimSums, int batchSize, float freeBits) {
        if (freeBits <= 0) {
            return klDimSums.sum();
        }
        NDArray perExample = Tensors.times(klDimSums, 1f / batchSize);
        return Tensors.times(perExample.maximum(Tensors.scalar(perExample, freeBits)).sum(), batchSize);
    }
}
