package org.vae4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vae4j.io.SavedModel;
import org.vae4j.model.VaeConfig;
import org.vae4j.plot.ImageGrid;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vae4j sample}: draws new images from the prior and writes them as a grid. */
@Command(
        name = "sample",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = "Draw z from N(0, I), decode, and write the images as a PNG grid.")
final class SampleCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--count", paramLabel = "N", defaultValue = "64", description = "How many (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--columns", paramLabel = "N", defaultValue = "8", description = "Grid columns (default: ${DEFAULT-VALUE}).")
    int columns;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The PNG to write.")
    Path out;

    @Override
    public Integer call() {
        Checks.positive("--count", count, 100_000);
        Checks.positive("--columns", columns, 1_000);
        Checks.pngPath("--out", out);
        try (SavedModel saved = model.load()) {
            VaeConfig c = saved.info().model();
            float[] images = saved.model().sample(count, seed);
            ImageGrid.writePng(ImageGrid.grid(images, count, c.channels(), c.height(), c.width(), columns), out);
        }
        spec.commandLine().getOut().println("wrote " + out + " (" + count + " samples from " + model.dir + ")");
        return 0;
    }
}
