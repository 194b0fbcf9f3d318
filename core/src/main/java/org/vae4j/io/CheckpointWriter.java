package org.vae4j.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.vae4j.data.ImageDataset;
import org.vae4j.model.VaeConfig;
import org.vae4j.model.VaeModel;
import org.vae4j.plot.ImageGrid;
import org.vae4j.plot.LossCurves;
import org.vae4j.train.EpochMetrics;
import org.vae4j.train.TrainingListener;
import org.vae4j.train.VaeTrainer;

/**
 * Keeps a run's model folder current: after every epoch it rewrites the folder atomically with the model, Adam's
 * state, the metrics, and three pictures: {@value #LOSS_PNG} (loss curves), {@value #SAMPLES_PNG} (64 draws from the
 * prior, the same latent draws every epoch so progress is visible) and {@value #RECONSTRUCTIONS_PNG} (the first 32
 * images above their reconstructions). A crash loses at most the epoch in progress; {@link ModelStore#load} and
 * {@link ModelStore#restoreTrainer} continue from the folder.
 */
public final class CheckpointWriter implements TrainingListener {
    /** Loss curves. */
    public static final String LOSS_PNG = "loss.png";
    /** Samples from the prior. */
    public static final String SAMPLES_PNG = "samples.png";
    /** Inputs above their reconstructions. */
    public static final String RECONSTRUCTIONS_PNG = "reconstructions.png";

    private static final int SAMPLE_COUNT = 64;
    private static final int RECON_COUNT = 32;
    private static final int COLUMNS = 8;

    private final Path dir;
    private final ModelInfo.DataInfo data;
    private final String validation;
    private final ImageDataset pictureSource;

    /**
     * Creates the writer.
     *
     * @param dir the run's model folder
     * @param data the training data's description, or {@code null}
     * @param validation the validation set as the run names it, or {@code null}
     * @param pictureSource images to show reconstructed (the validation set, say), or {@code null} for no
     *     reconstruction picture
     */
    public CheckpointWriter(Path dir, ModelInfo.DataInfo data, String validation, ImageDataset pictureSource) {
        this.dir = dir;
        this.data = data;
        this.validation = validation;
        this.pictureSource = pictureSource;
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics, VaeTrainer trainer) {
        VaeModel model = trainer.model();
        VaeConfig c = model.config();
        try {
            ModelStore.save(dir, trainer, data, validation, folder -> {
                float[] samples = model.sample(SAMPLE_COUNT, trainer.config().seed());
                ImageGrid.writePng(ImageGrid.grid(samples, SAMPLE_COUNT, c.channels(), c.height(), c.width(), COLUMNS),
                        folder.resolve(SAMPLES_PNG));
                if (pictureSource != null) {
                    int n = Math.min(RECON_COUNT, pictureSource.size());
                    float[] inputs = Arrays.copyOf(pictureSource.pixels(), n * c.inputSize());
                    ImageGrid.writePng(ImageGrid.pairs(inputs, model.reconstruct(inputs, n), n, c.channels(),
                            c.height(), c.width(), COLUMNS), folder.resolve(RECONSTRUCTIONS_PNG));
                }
                LossCurves.write(trainer.history(), folder.resolve(LOSS_PNG));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + dir + ": " + e.getMessage(), e);
        }
    }
}
