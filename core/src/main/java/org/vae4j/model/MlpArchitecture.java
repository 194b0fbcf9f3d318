package org.vae4j.model;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import org.vae4j.data.Schema;
import org.vae4j.nn.Concat;
import org.vae4j.nn.Init;

/**
 * {@code mlp}: dense layers with ReLU on the flat input, D - hidden... - outputs, and the mirror image back. A
 * conditional model concatenates the one-hot class to the encoder's x and to the decoder's z.
 */
final class MlpArchitecture implements Architecture {
    @Override
    public String name() {
        return "mlp";
    }

    @Override
    public void check(ModelSpec spec, Schema schema) {
        if (schema.inputs().stream().anyMatch(org.vae4j.data.TokenSequenceField.class::isInstance)) {
            throw new IllegalArgumentException("token sequences need --arch gru; mlp reads images and numbers, and "
                    + "would treat token ids as numbers");
        }
        if (!spec.convChannels().isEmpty() || spec.batchNorm()) {
            throw new IllegalArgumentException(
                    "conv channels and batch normalisation apply to the conv architecture only, not mlp");
        }
    }

    @Override
    public Block encoder(ModelSpec spec, Schema schema, int outputs, Init init) {
        SequentialBlock enc = new SequentialBlock();
        if (schema.conditional()) {
            enc.add(new Concat());
        }
        long in = Layers.dense(enc, spec.hidden(), schema.inputSize() + schema.classes(), init);
        return enc.add(Layers.linear(outputs, in, init));
    }

    @Override
    public Block decoder(ModelSpec spec, Schema schema, int outputsPerValue, Init init) {
        SequentialBlock dec = new SequentialBlock();
        if (schema.conditional()) {
            dec.add(new Concat());
        }
        long in = Layers.dense(dec, Layers.reversed(spec.hidden()), spec.latent() + schema.classes(), init);
        return dec.add(Layers.linear((long) outputsPerValue * schema.inputSize(), in, init));
    }

    @Override
    public String describe(ModelSpec spec, Schema schema) {
        StringBuilder sb = new StringBuilder("mlp ").append(schema.inputSize());
        spec.hidden().forEach(h -> sb.append('-').append(h));
        return sb.append('-').append(spec.latent()).toString();
    }
}
