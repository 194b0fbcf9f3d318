package org.vae4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.vae4j.BadInputException;
import org.vae4j.data.CategoricalField;
import org.vae4j.data.ImageField;
import org.vae4j.generate.StyleTransfer;
import org.vae4j.image.ImageDataset;
import org.vae4j.io.ModelFolder;
import org.vae4j.model.LatentModel;
import org.vae4j.plot.ImageGrid;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vae4j transfer}: style transfer with a conditional VAE, the analogies figure of Kingma et al. 2014. */
@Command(
        name = "transfer",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = {
            "Style transfer with a conditional model: encode each image with its own label to the mean of "
                    + "q(z|x,y), then decode that z with other labels. Writes one row per image, the image first, "
                    + "then one column per target class (class 0 first, headed by its name), labelled with the "
                    + "image's own class.",
            "With --out FILE.npy the transferred images are written as a NumPy array (images x targets) and their "
                    + "target classes as FILE.labels.npy."
        })
final class TransferCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--data", required = true, paramLabel = "SPEC", description = "Labelled images to transfer, e.g. "
            + "fashion-mnist:test.")
    String data;

    @Option(names = "--to", paramLabel = "K|all", defaultValue = "all", split = ",",
            description = "Target classes, by index or name, comma-separated, or all (default: ${DEFAULT-VALUE}).")
    List<String> to;

    @Option(names = "--count", paramLabel = "N", defaultValue = "10", converter = Converters.Positive.class,
            description = "How many of the first images (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The .png or .npy file to write.")
    Path out;

    @Mixin
    DataOptionsMixin dataOptions;

    @Override
    public Integer call() {
        ImageOutput.check("--out", out);
        if (count > 10_000) {
            throw new BadInputException("--count " + count + ": expected at most 10000 images");
        }
        try (ModelFolder saved = model.loadVae("transfer")) {
            LatentModel m = saved.model();
            if (m.classes() == 0) {
                throw new BadInputException(model.dir + " is an unconditional model; style transfer needs a "
                        + "conditional one (train with --condition label)");
            }
            ImageField f = m.schema().requireImage("vae4j transfer");
            CategoricalField condition = m.schema().condition();
            int[] targets = targets(condition);
            ImageDataset images = dataOptions.loadImagesFor(spec, data, m).head(count);
            StyleTransfer.Result r = StyleTransfer.transfer(m, images, targets);
            int n = r.count();
            int d = f.size();
            int columns = targets.length + 1;
            float[] grid = new float[n * columns * d];
            List<String> labels = new ArrayList<>();
            List<String> headings = new ArrayList<>(List.of("image"));
            for (int t : targets) {
                headings.add(condition.category(t));
            }
            for (int i = 0; i < n; i++) {
                System.arraycopy(images.pixels(), i * d, grid, i * columns * d, d);
                System.arraycopy(r.images(), i * targets.length * d, grid, (i * columns + 1) * d, targets.length * d);
                labels.add(condition.category(r.sources()[i]));
            }
            String written = ImageOutput.write(out, () -> ImageGrid.rows(grid, n, columns, f.channels(), f.height(),
                    f.width(), labels, headings, true, false, ImageGrid.Options.defaults()), r.images(),
                    n * targets.length, f, r.imageClasses());
            spec.commandLine().getOut().println("wrote " + out + " (" + written + n + " images of " + images.name()
                    + ", each decoded with its own code and " + (targets.length == m.classes() ? "every class"
                    : targets.length == 1 ? "class " + targets[0] : targets.length + " classes") + ")");
        }
        return 0;
    }

    private int[] targets(CategoricalField condition) {
        if (to.size() == 1 && to.get(0).trim().equalsIgnoreCase("all")) {
            return IntStream.range(0, condition.size()).toArray();
        }
        int[] out = new int[to.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = SampleCommand.classIndex("--to", to.get(i).trim(), condition);
        }
        return out;
    }
}
