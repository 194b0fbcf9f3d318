package org.vae4j.inpaint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vae4j.data.ImageField;
import org.vae4j.image.ImageDataset;
import org.vae4j.io.CheckpointWriter;
import org.vae4j.io.Png;
import org.vae4j.model.LatentModel;
import org.vae4j.model.CompletionSpec;
import org.vae4j.plot.ImageGrid;
import org.vae4j.train.Trainer;

/**
 * The picture a training run of a completion model keeps current, {@value #COMPLETIONS_PNG}: 8 images of a set, one
 * per row, the original first and then, for each of the model's training masks (up to 4), the damaged image
 * (missing pixels grey) and the model's fill. The masks are drawn from the run's seed, the same every epoch.
 */
public final class CompletionPictures implements CheckpointWriter.Pictures {
    /** The picture's name. */
    public static final String COMPLETIONS_PNG = "completions.png";

    private static final int COUNT = 8;
    private static final int KINDS = 4;
    private static final int SAMPLES = 16;

    private final ImageDataset source;

    /** @param source the images to fill (the validation set, say) */
    public CompletionPictures(ImageDataset source) {
        this.source = source;
    }

    @Override
    public List<String> files() {
        return List.of(COMPLETIONS_PNG);
    }

    @Override
    public void write(Trainer trainer, Path folder) {
        LatentModel model = trainer.model();
        ImageField f = model.schema().requireImage("completion pictures");
        long seed = trainer.config().seed();
        ImageDataset images = source.first(COUNT);
        int n = images.size();
        int d = f.size();
        float[] original = images.pixels();
        List<MaskSpec> kinds = ((CompletionSpec) model.definition().objective()).mixture().kinds();
        kinds = kinds.subList(0, Math.min(KINDS, kinds.size()));
        int columns = 1 + 2 * kinds.size();
        float[] grid = new float[n * columns * d];
        List<String> headings = new ArrayList<>(List.of("original"));
        for (int k = 0; k < kinds.size(); k++) {
            boolean[] missing = Inpainting.missing(kinds.get(k), f, n, seed, null);
            float[] damaged = Inpainting.shownDamaged(original, missing);
            float[] filled = CompletionFill.fill(model, damaged, missing, null, SAMPLES, seed, 0).values();
            for (int i = 0; i < n; i++) {
                System.arraycopy(damaged, i * d, grid, (i * columns + 1 + 2 * k) * d, d);
                System.arraycopy(filled, i * d, grid, (i * columns + 2 + 2 * k) * d, d);
            }
            headings.add(kinds.get(k).toString());
            headings.add("filled");
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(original, i * d, grid, i * columns * d, d);
        }
        Png.write(ImageGrid.rows(grid, n, columns, f.channels(), f.height(), f.width(), null, headings, false, false,
                ImageGrid.Options.defaults()), folder.resolve(COMPLETIONS_PNG));
    }
}
