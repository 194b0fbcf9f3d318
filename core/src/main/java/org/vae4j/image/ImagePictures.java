package org.vae4j.image;

import java.nio.file.Path;
import java.util.List;
import org.vae4j.data.ImageField;
import org.vae4j.generate.Sampling;
import org.vae4j.io.CheckpointWriter;
import org.vae4j.io.Png;
import org.vae4j.model.LatentModel;
import org.vae4j.plot.ImageGrid;
import org.vae4j.train.Trainer;

/**
 * The pictures a training run of an image model keeps current: {@value #SAMPLES_PNG}, 64 draws from the prior (the
 * same latent draws every epoch, so progress is visible; for a conditional model one row of 8 per class, the same 8
 * draws in every row), and {@value #RECONSTRUCTIONS_PNG}, the first 32 images of a set above their reconstructions.
 */
public final class ImagePictures implements CheckpointWriter.Pictures {
    /** Samples from the prior. */
    public static final String SAMPLES_PNG = "samples.png";
    /** Inputs above their reconstructions. */
    public static final String RECONSTRUCTIONS_PNG = "reconstructions.png";

    private static final int SAMPLE_COUNT = 64;
    private static final int RECON_COUNT = 32;
    private static final int COLUMNS = 8;

    private final ImageDataset source;

    /**
     * @param source images to show reconstructed (the validation set, say), or {@code null} for no reconstruction
     *     picture
     */
    public ImagePictures(ImageDataset source) {
        this.source = source;
    }

    @Override
    public List<String> files() {
        return source == null ? List.of(SAMPLES_PNG) : List.of(SAMPLES_PNG, RECONSTRUCTIONS_PNG);
    }

    @Override
    public void write(Trainer trainer, Path folder) {
        LatentModel model = trainer.model();
        ImageField f = model.schema().requireImage("image pictures");
        long seed = trainer.config().seed();
        Sampling.Result samples = model.classes() > 0 ? Sampling.everyClass(model, COLUMNS, seed)
                : Sampling.draw(model, SAMPLE_COUNT, -1, seed);
        Png.write(ImageGrid.grid(samples.images(), samples.count(), f.channels(), f.height(), f.width(), COLUMNS),
                folder.resolve(SAMPLES_PNG));
        if (source != null) {
            ImageDataset images = source.first(RECON_COUNT);
            Png.write(ImageGrid.pairs(images.pixels(), model.reconstruct(images), images.size(), f.channels(),
                    f.height(), f.width(), COLUMNS), folder.resolve(RECONSTRUCTIONS_PNG));
        }
    }
}
