package org.vae4j.model;

import org.vae4j.data.Schema;
import org.vae4j.likelihood.Likelihood;
import org.vae4j.loss.LanguageModelObjective;
import org.vae4j.loss.Objective;
import org.vae4j.nn.Init;
import org.vae4j.nn.SequenceDecoder;

/**
 * The family {@code lm}: a recurrent language model, the sequence VAE's decoder without z (its first state is zero),
 * trained on the negative log-likelihood of the sequences. Its test NLL is the yardstick of a sequence VAE's: a VAE
 * whose NLL is no better while its KL is near zero has learnt nothing in z (Bowman et al. 2016).
 */
public final class LanguageModelFamily implements Family {
    /** The family's name. */
    public static final String NAME = "lm";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "language model: the sequence decoder without z (the baseline of a sequence VAE)";
    }

    @Override
    public Class<LmSpec> objectiveType() {
        return LmSpec.class;
    }

    @Override
    public void check(Schema schema, ModelSpec model) {
        if (!(Architectures.get(model.arch()) instanceof RecurrentArchitecture)) {
            throw new IllegalArgumentException("family lm models token sequences with --arch gru, not "
                    + model.arch());
        }
        if (schema.conditional()) {
            throw new IllegalArgumentException("family lm takes no --condition");
        }
    }

    @Override
    public LatentNetwork build(ModelDefinition d, Init init) {
        ModelSpec spec = d.model();
        Schema schema = d.schema();
        Likelihood likelihood = Likelihood.of(spec.likelihood(), spec.sigma(), schema);
        int vocabulary = RecurrentArchitecture.tokens(schema).vocabulary().size();
        SequenceDecoder decoder = new SequenceDecoder(vocabulary, spec.hidden().get(0), spec.hidden().get(1), 0,
                false, init);
        return LatentNetwork.languageModel(decoder, likelihood, schema.inputSize());
    }

    @Override
    public Objective objective(ModelDefinition d) {
        return new LanguageModelObjective(((LmSpec) d.objective()).wordDropout());
    }

    static String describe(ModelSpec spec, Schema schema) {
        return "gru embedding " + spec.hidden().get(0) + ", state " + spec.hidden().get(1) + ", "
                + RecurrentArchitecture.tokens(schema).vocabulary().size() + " tokens";
    }
}
