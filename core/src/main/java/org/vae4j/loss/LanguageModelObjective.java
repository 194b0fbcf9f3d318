package org.vae4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.vae4j.Noise;
import org.vae4j.data.Batch;
import org.vae4j.model.LatentModel;
import org.vae4j.nn.SequenceDecoder;

/**
 * The objective of a language model: -log p(x), the categorical likelihood of every token given the ones before it,
 * exactly (no latent variable to bound).
 */
public final class LanguageModelObjective implements Objective {
    private static final List<Term> TERMS = List.of(new Term(ElboObjective.RECON, "-log p(x)", false));

    private final double wordDropout;

    /**
     * @param wordDropout the probability that a token of the decoder's input is replaced by {@code <unk>} in
     *     training
     */
    public LanguageModelObjective(double wordDropout) {
        this.wordDropout = wordDropout;
    }

    @Override
    public List<Term> terms() {
        return TERMS;
    }

    @Override
    public Map<String, NDArray> compute(LatentModel model, Batch batch, Noise noise, boolean training) {
        NDArray x = batch.input();
        NDArray none = x.getManager().zeros(new Shape(x.getShape().get(0), 0));
        NDArray input = training ? SequenceDecoder.dropWords(x, wordDropout, noise) : x;
        NDArray params = model.decode(none, null, input, training);
        return Map.of(ElboObjective.RECON, model.likelihood().negLogLikelihood(params, x, batch.mask()));
    }

    @Override
    public NDArray trainingLoss(Map<String, NDArray> terms, Step step) {
        return terms.get(ElboObjective.RECON).sum();
    }

    @Override
    public boolean variational() {
        return false;
    }

    @Override
    public double loss(Map<String, Double> means) {
        return means.get(ElboObjective.RECON);
    }
}
