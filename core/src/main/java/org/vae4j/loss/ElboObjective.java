package org.vae4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vae4j.Noise;
import org.vae4j.Tensors;
import org.vae4j.data.Batch;
import org.vae4j.model.LatentModel;

/**
 * The VAE objective on a batch: a one-sample estimate of the negative ELBO, -log p(x|z) with
 * z = mu + sigma * eps ~ q(z|x) (the reparameterisation trick, eps from the call's {@link Noise}), plus the analytic
 * KL(q(z|x) || N(0, I)) of every latent dimension. The training loss weights the KL by beta; for a conditional model
 * every distribution also takes the class, and the terms are those of the conditional ELBO of log p(x|y).
 *
 * <p>Terms: {@code recon} (batch) and {@code kl} (batch, latent). Reconstruction sums over the batch's observed
 * values when it has a mask.
 */
public final class ElboObjective implements Objective {
    /** The reconstruction term's name. */
    public static final String RECON = "recon";
    /** The KL term's name. */
    public static final String KL = "kl";

    private static final List<Term> TERMS = List.of(
            new Term(RECON, "-E_q log p(x|z)", false),
            new Term(KL, "KL(q(z|x) || N(0, I))", true));

    private final double beta;
    private final double wordDropout;

    /**
     * @param beta the KL weight of the training loss
     */
    public ElboObjective(double beta) {
        this(beta, 0);
    }

    /**
     * @param beta the KL weight
     * @param wordDropout for a decoder that reads the sequence it reconstructs: the probability that a token of
     *     its input is replaced by {@code <unk>} in training ({@link org.vae4j.nn.SequenceDecoder#dropWords})
     */
    public ElboObjective(double beta, double wordDropout) {
        this.beta = beta;
        this.wordDropout = wordDropout;
    }

    /** @return the KL weight */
    public double beta() {
        return beta;
    }

    @Override
    public List<Term> terms() {
        return TERMS;
    }

    @Override
    public Map<String, NDArray> compute(LatentModel model, Batch batch, Noise noise, boolean training) {
        NDList q = model.encode(batch, training);
        NDArray mu = q.get(0);
        NDArray logVar = q.get(1);
        NDArray eps = noise.normal(mu.getManager(), mu.getShape());
        NDArray z = mu.add(Tensors.times(logVar, 0.5f).exp().mul(eps));
        NDArray decoderInput = training && model.network().decoderReadsInput()
                ? org.vae4j.nn.SequenceDecoder.dropWords(batch.input(), wordDropout, noise) : batch.input();
        NDArray params = model.decode(z, batch.condition(), decoderInput, training);
        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put(RECON, model.likelihood().negLogLikelihood(params, batch.input(), batch.mask()));
        terms.put(KL, Kl.perDimension(mu, logVar));
        return terms;
    }

    @Override
    public NDArray trainingLoss(Map<String, NDArray> terms, Step step) {
        NDArray recon = terms.get(RECON);
        NDArray kl = terms.get(KL);
        int batchSize = Math.toIntExact(recon.getShape().get(0));
        NDArray klObjective = klObjective(kl.sum(new int[] {0}), batchSize, (float) step.freeBits());
        return recon.sum().add(Tensors.times(klObjective, (float) (beta * step.klWeight())));
    }

    @Override
    public boolean variational() {
        return true;
    }

    @Override
    public double loss(Map<String, Double> means) {
        return means.get(RECON) + beta * means.get(KL);
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
