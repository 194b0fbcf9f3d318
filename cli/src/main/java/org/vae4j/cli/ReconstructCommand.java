package org.vae4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vae4j.BadInputException;
import org.vae4j.data.ExampleSet;
import org.vae4j.model.LatentModel;
import org.vae4j.text.TextTasks;
import org.vae4j.data.ImageField;
import org.vae4j.image.ImageDataset;
import org.vae4j.io.ModelFolder;
import org.vae4j.plot.ImageGrid;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vae4j reconstruct}: shows inputs above their reconstructions. */
@Command(
        name = "reconstruct",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = "Encode images to the mean of q(z|x), decode them (a conditional model with each image's own "
                + "label), and write a PNG with each row of inputs above its reconstructions, or with --out FILE.npy "
                + "the reconstructions as a NumPy array N x C x H x W.")
final class ReconstructCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--data", required = true, paramLabel = "SPEC", description = "Images to reconstruct, e.g. fashion-mnist:test.")
    String data;

    @Option(names = "--count", paramLabel = "N", defaultValue = "32", description = "How many of the first images (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--columns", paramLabel = "N", defaultValue = "8", description = "Grid columns (default: ${DEFAULT-VALUE}).")
    int columns;

    @Option(names = "--out", paramLabel = "FILE", description = "The .png or .npy file to write; for a text model a "
            + "text file (default: print each input above its decoding).")
    Path out;

    @Option(names = "--beam", paramLabel = "B", defaultValue = "1", description = "Text: decode with beam search of "
            + "width B (default: ${DEFAULT-VALUE}, greedy).")
    int beam;

    @Mixin
    DataOptionsMixin dataOptions;

    @Override
    public Integer call() {
        Checks.positive("--count", count, 10_000);
        Checks.positive("--columns", columns, 1_000);
        Checks.positive("--beam", beam, 100);
        try (ModelFolder saved = model.loadVae("reconstruct")) {
            if (TextOutput.isText(saved.model())) {
                TextOutput.refuseImageOptions(spec, "--columns");
                TextOutput.checkOut(out);
                LatentModel m = saved.model();
                ExampleSet data = dataOptions.loadFor(spec, this.data, m).first(count);
                TextTasks.Reconstruction r = TextTasks.reconstruct(m, data, beam);
                List<String> lines = new ArrayList<>();
                for (int i = 0; i < data.size(); i++) {
                    lines.add("> " + r.inputs().get(i));
                    lines.add("< " + r.decoded().get(i));
                    lines.add("");
                }
                String where = TextOutput.write(lines, out, spec.commandLine().getOut());
                spec.commandLine().getOut().println(where + data.size() + " sequences of " + data.name()
                        + " decoded from the means of q(z|x); " + r.exact() + " reconstructed exactly");
                return 0;
            }
            TextOutput.refuseTextOptions(spec, "--beam");
            ImageOutput.require(out);
            ImageDataset images = dataOptions.loadImagesFor(spec, data, saved.model()).head(count);
            ImageField f = saved.model().schema().requireImage("vae4j reconstruct");
            int n = images.size();
            float[] recon = saved.model().reconstruct(images);
            String written = ImageOutput.write(out, () -> ImageGrid.pairs(images.pixels(), recon, n, f.channels(),
                    f.height(), f.width(), columns), recon, n, f, images.labels().orElse(null));
            spec.commandLine().getOut().println("wrote " + out + " (" + written + n + " images of "
                    + images.name() + (written.isEmpty() ? " above their reconstructions)" : ", reconstructed)"));
        }
        return 0;
    }
}
