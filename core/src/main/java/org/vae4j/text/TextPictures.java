package org.vae4j.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vae4j.data.ExampleSet;
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
        boolean latent = model.latent() > 0;
        List<String> samples = TextTasks.sample(model, SAMPLES, latent ? 0 : 1, 1, trainer.config().seed());
        Files.write(folder.resolve(SAMPLES_TXT), samples, StandardCharsets.UTF_8);
        StringBuilder recon = new StringBuilder();
        if (latent) {
            TextTasks.Reconstruction r = TextTasks.reconstruct(model, source.first(RECONSTRUCTIONS), 1);
            for (int i = 0; i < r.inputs().size(); i++) {
                recon.append("> ").append(r.inputs().get(i)).append('\n')
                        .append("< ").append(r.decoded().get(i)).append("\n\n");
            }
        } else {
            recon.append("a language model has no latent space to reconstruct from\n");
        }
        Files.writeString(folder.resolve(RECONSTRUCTIONS_TXT), recon, StandardCharsets.UTF_8);
    }
}
