package org.vae4j.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.vae4j.plot.LossCurves;
import org.vae4j.train.EpochMetrics;
import org.vae4j.train.Trainer;
import org.vae4j.train.TrainingListener;

/**
 * Keeps a run's model folder current: after every epoch it rewrites the folder atomically with the model, Adam's
 * state, the metrics, the loss curves ({@value #LOSS_PNG}) and whatever pictures the data's modality draws
 * ({@link Pictures}, e.g. samples and reconstructions of images). A crash loses at most the epoch in progress;
 * {@link ModelStore#load} and {@link ModelStore#restoreTrainer} continue from the folder.
 */
public final class CheckpointWriter implements TrainingListener {
    /** Loss curves. */
    public static final String LOSS_PNG = "loss.png";

    /** Pictures a modality adds to every checkpoint. */
    public interface Pictures {
        /** @return the names of the files it writes, for messages */
        List<String> files();

        /**
         * Writes the pictures of the trainer's model into a new version of the folder.
         *
         * @param trainer the trainer, with its model and settings
         * @param folder where to write
         * @throws IOException if writing fails
         */
        void write(Trainer trainer, Path folder) throws IOException;
    }

    private final Path dir;
    private final ModelInfo.DataInfo data;
    private final String validation;
    private final List<Pictures> pictures;

    /**
     * Creates the writer.
     *
     * @param dir the run's model folder
     * @param data the training data's description, or {@code null}
     * @param validation the validation set as the run names it, or {@code null}
     * @param pictures what to draw after every epoch besides the loss curves
     */
    public CheckpointWriter(Path dir, ModelInfo.DataInfo data, String validation, List<Pictures> pictures) {
        this.dir = dir;
        this.data = data;
        this.validation = validation;
        this.pictures = List.copyOf(pictures);
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics, Trainer trainer) {
        try {
            ModelStore.save(dir, trainer, data, validation, folder -> {
                for (Pictures p : pictures) {
                    p.write(trainer, folder);
                }
                Png.write(LossCurves.render(trainer.history(), LossCurves.DEFAULT_WIDTH, LossCurves.DEFAULT_HEIGHT),
                        folder.resolve(LOSS_PNG));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + dir + ": " + e.getMessage(), e);
        }
    }
}
