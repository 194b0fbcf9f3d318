package org.vae4j.model;

import ai.djl.nn.Block;
import org.vae4j.data.Field;
import org.vae4j.data.Schema;
import org.vae4j.data.TokenSequenceField;
import org.vae4j.nn.Init;
import org.vae4j.nn.SequenceDecoder;
import org.vae4j.nn.SequenceEncoder;

/**
 * {@code gru}: the sequence VAE of Bowman et al. 2016 on one token field. {@code hidden} is [embedding, GRU state];
 * the encoder ({@link SequenceEncoder}) maps the state at each sequence's last token to the outputs, the decoder
 * ({@link SequenceDecoder}) starts from a linear map of z and reads the sequence shifted behind {@code <bos>}
 * (teacher forcing); the likelihood must be {@code categorical}.
 */
final class RecurrentArchitecture implements Architecture {
    @Override
    public String name() {
        return "gru";
    }

    static TokenSequenceField tokens(Schema schema) {
        return schema.tokens().orElseThrow(() -> new IllegalArgumentException(
                "--arch gru reads one field of token sequences, not " + schema.describeInputs()));
    }

    @Override
    public void check(ModelSpec spec, Schema schema) {
        tokens(schema);
        if (schema.conditional()) {
            throw new IllegalArgumentException("--arch gru has no conditional form yet");
        }
        if (spec.hidden().size() != 2) {
            throw new IllegalArgumentException("--arch gru takes --hidden EMBEDDING,STATE (two sizes), not "
                    + spec.hidden());
        }
        if (!spec.likelihood().equals("categorical")) {
            throw new IllegalArgumentException("--arch gru predicts tokens: --likelihood categorical, not "
                    + spec.likelihood());
        }
        if (!spec.convChannels().isEmpty() || spec.batchNorm()) {
            throw new IllegalArgumentException("conv channels and batch normalisation apply to the conv architecture "
                    + "only, not gru");
        }
    }

    @Override
    public Block encoder(ModelSpec spec, Schema schema, int outputs, Init init) {
        return new SequenceEncoder(tokens(schema).vocabulary().size(), spec.hidden().get(0), spec.hidden().get(1),
                outputs, init);
    }

    @Override
    public Block decoder(ModelSpec spec, Schema schema, int outputsPerValue, Init init) {
        int vocabulary = tokens(schema).vocabulary().size();
        if (outputsPerValue != vocabulary) {
            throw new IllegalArgumentException("a gru decoder gives one logit per token of the vocabulary");
        }
        return new SequenceDecoder(vocabulary, spec.hidden().get(0), spec.hidden().get(1), spec.latent(), false,
                init);
    }

    @Override
    public boolean decoderReadsInput() {
        return true;
    }

    @Override
    public String describe(ModelSpec spec, Schema schema) {
        Field f = tokens(schema);
        return "gru embedding " + spec.hidden().get(0) + ", state " + spec.hidden().get(1) + ", latent "
                + spec.latent() + ", " + ((TokenSequenceField) f).vocabulary().size() + " tokens";
    }
}
