package org.vae4j.text;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vae4j.data.ExampleSet;
import org.vae4j.data.TokenSequenceField;
import org.vae4j.io.CheckpointWriter;
import org.vae4j.model.LatentModel;
import org.vae4j.train.Trainer;

/**
 * What a sequence model writes after every epoch in place of pictures: {@value #SAMPLES_TXT}, ten greedy decodings of
 * prior draws (a language model's are drawn at temperature 1, since its greedy decoding is a single sentence), and
 * {@value #RECONSTRUCTIONS_TXT}, the first eight examples of the shown set above their greedy decodings from the
 * mean of q(z|x).
 */
public final class TextPictures implements CheckpointWriter.Pictures {
    /** The samples file. */
    public static final String SAMPLES_TXT = "samples.txt";
    /** The reconstructions file. */
    public static final String RECONSTRUCTIONS_TXT = "reconstructions.txt";

    private static final int SAMPLES = 10;
    private static final int RECONSTRUCTIONS = 8;

    private final ExampleSet source;

    /**
     * @param source sequences to show reconstructed (the validation set, say)
     */
    public TextPictures(ExampleSet source) {
        this.source = source;
    }

    @Override
    public List<String> files() {
        return List.of(SAMPLES_TXT, RECONSTRUCTIONS_TXT);
    }

    @Override
    public void write(Trainer trainer, Path folder) throws IOException {
        LatentModel model = trainer.model();
        TokenSequenceField field = (TokenSequenceField) model.schema().inputs().get(0);
        Tokenizer tokenizer = TokenData.tokenizer(field);
        long seed = trainer.config().seed();
        boolean latent = model.latent() > 0;
        List<List<String>> samples = SequenceDecoding.decode(model,
                LatentModel.priorDraws(SAMPLES, model.latent(), seed), SAMPLES, latent ? 0 : 1, seed);
        StringBuilder text = new StringBuilder();
        for (List<String> s : samples) {
            text.append(tokenizer.join(s)).append('\n');
        }
        Files.writeString(folder.resolve(SAMPLES_TXT), text, StandardCharsets.UTF_8);
        StringBuilder recon = new StringBuilder();
        if (latent) {
            ExampleSet shown = source.first(RECONSTRUCTIONS);
            List<List<String>> decoded = SequenceDecoding.decode(model, model.encode(shown).mu(), shown.size(), 0,
                    seed);
            List<List<String>> inputs = inputs(shown, field);
            for (int i = 0; i < shown.size(); i++) {
                recon.append("> ").append(tokenizer.join(inputs.get(i))).append('\n')
                        .append("< ").append(tokenizer.join(decoded.get(i))).append("\n\n");
            }
        } else {
            recon.append("a language model has no latent space to reconstruct from\n");
        }
        Files.writeString(folder.resolve(RECONSTRUCTIONS_TXT), recon, StandardCharsets.UTF_8);
    }

    /**
     * The tokens of every example of a set.
     *
     * @param data token examples
     * @param field their field
     * @return each example's tokens, up to its {@code <eos>}
     */
    public static List<List<String>> inputs(ExampleSet data, TokenSequenceField field) {
        List<List<String>> out = new ArrayList<>();
        int width = field.size();
        try (NDManager m = NDManager.newBaseManager()) {
            for (int start = 0; start < data.size(); start += 1024) {
                int end = Math.min(data.size(), start + 1024);
                float[] rows = data.batch(m, start, end).input().toFloatArray();
                for (int i = 0; i < end - start; i++) {
                    out.add(TokenData.tokens(java.util.Arrays.copyOfRange(rows, i * width, (i + 1) * width), field));
                }
            }
        }
        return out;
    }
}
