package org.vae4j.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.vae4j.data.ImageDataset;
import org.vae4j.io.SavedModel;
import org.vae4j.model.VaeConfig;
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
        description = "Encode images to the mean of q(z|x), decode them, and write a PNG with each row of inputs "
                + "above its reconstructions.")
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

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The PNG to write.")
    Path out;

    @Mixin
    DataOptionsMixin dataOptions;

    @Override
    public Integer call() {
        Checks.positive("--count", count, 10_000);
        Checks.positive("--columns", columns, 1_000);
        Checks.pngPath("--out", out);
        try (SavedModel saved = model.load()) {
            ImageDataset images = dataOptions.loadFor(spec, data, saved.model());
            VaeConfig c = saved.info().model();
            int n = Math.min(count, images.size());
            float[] inputs = Arrays.copyOf(images.pixels(), n * c.inputSize());
            float[] recon = saved.model().reconstruct(inputs, n);
            ImageGrid.writePng(ImageGrid.pairs(inputs, recon, n, c.channels(), c.height(), c.width(), columns), out);
            spec.commandLine().getOut().println("wrote " + out + " (" + n + " images of " + images.name()
                    + " above their reconstructions)");
        }
        return 0;
    }
}
