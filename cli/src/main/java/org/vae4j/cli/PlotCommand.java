package org.vae4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.vae4j.BadInputException;
import org.vae4j.data.ExampleSet;
import org.vae4j.data.ImageField;
import org.vae4j.io.ModelFolder;
import org.vae4j.io.MetricsCsv;
import org.vae4j.io.Png;
import org.vae4j.latent.LatentPlots;
import org.vae4j.latent.Projection;
import org.vae4j.plot.ImageGrid;
import org.vae4j.plot.LossCurves;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/** {@code vae4j plot}: pictures of the latent space and of training runs. */
@Command(
        name = "plot",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Pictures of a model's latent space (latent, manifold) and of training runs (curves).",
        subcommands = {PlotCommand.Latent.class, PlotCommand.Manifold.class, PlotCommand.Curves.class})
final class PlotCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a plot is required: latent, manifold or curves");
    }

    /** {@code vae4j plot latent}: the latent means of a dataset, coloured by class. */
    @Command(
            name = "latent",
            mixinStandardHelpOptions = true,
            versionProvider = Main.Version.class,
            sortOptions = false,
            description = "Scatter plot of the latent means of q(z|x), coloured by class. A 2-D latent space is "
                    + "drawn as it is; a larger one is projected to 2-D with PCA or t-SNE.")
    static final class Latent implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ModelOption model;

        @Option(names = "--data", required = true, paramLabel = "SPEC", description = "Data to encode, e.g. fashion-mnist:test.")
        String data;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The PNG to write.")
        Path out;

        @Option(names = "--method", paramLabel = "pca|tsne", defaultValue = "pca",
                description = "Projection of latent spaces of more than 2 dimensions (default: ${DEFAULT-VALUE}).")
        Projection.Method method;

        @Option(names = "--max-points", paramLabel = "N",
                description = "Draw at most N examples, a random subset chosen with --seed (default: all; "
                        + LatentPlots.TSNE_DEFAULT_MAX_POINTS + " with t-SNE, whose time grows with N^2).")
        Integer maxPoints;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
                description = "Seed of the subset and of t-SNE (default: ${DEFAULT-VALUE}).")
        long seed;

        @Mixin
        DataOptionsMixin dataOptions;

        @Override
        public Integer call() {
            Checks.pngPath("--out", out);
            if (maxPoints != null && maxPoints < 1) {
                throw new BadInputException("--max-points " + maxPoints + ": expected a whole number from 1");
            }
            try (ModelFolder saved = model.loadVae("plot")) {
                ExampleSet images = dataOptions.loadFor(spec, data, saved);
                int latent = saved.model().latent();
                if (latent < 2) {
                    throw new BadInputException(model.dir + ": the latent plot needs at least 2 latent dimensions, "
                            + "this model has 1 (a 1-D latent space is better shown as a histogram)");
                }
                LatentPlots.Scatter settings = LatentPlots.Scatter.defaults(model.dir.toString())
                        .withMethod(method)
                        .withMaxPoints(maxPoints == null ? 0 : maxPoints)
                        .withSeed(seed)
                        .withClassNames(EncodeCommand.trainingClassNames(saved));
                LatentPlots.ScatterResult r = LatentPlots.scatter(saved.model(), images, settings, out);
                spec.commandLine().getOut().println("wrote " + out + " (" + r.subtitle() + ")");
            }
            return 0;
        }
    }

    /** {@code vae4j plot manifold}: decodings over a grid of the prior's quantiles. */
    @Command(
            name = "manifold",
            mixinStandardHelpOptions = true,
            versionProvider = Main.Version.class,
            sortOptions = false,
            description = "For a 2-D latent space: an N x N grid of decodings at the prior's quantiles, "
                    + "z = Phi^-1((i + 0.5) / N) on each axis; z1 grows to the right, z2 upwards. A conditional "
                    + "model decodes with --class.")
    static final class Manifold implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ModelOption model;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The PNG to write.")
        Path out;

        @Option(names = "--grid", paramLabel = "N", defaultValue = "" + LatentPlots.DEFAULT_GRID,
                description = "Rows and columns (default: ${DEFAULT-VALUE}).")
        int grid;

        @Option(names = "--class", paramLabel = "K", description = "A conditional model's class to decode with, by "
                + "index or name.")
        String label;

        @Override
        public Integer call() {
            ImageOutput.check("--out", out);
            Checks.positive("--grid", grid, 100);
            try (ModelFolder saved = model.loadVae("plot")) {
                int latent = saved.model().latent();
                if (latent != 2) {
                    throw new BadInputException(model.dir + ": the manifold plot needs a 2-D latent space, this "
                            + "model's is " + latent + "-D (train with --latent 2)");
                }
                int k = -1;
                if (saved.model().classes() > 0) {
                    if (label == null) {
                        throw new BadInputException(model.dir + " is a conditional model: give the class to decode "
                                + "with, --class K");
                    }
                    k = SampleCommand.classIndex("--class", label, saved.model().schema().condition());
                } else if (label != null) {
                    throw new BadInputException("--class " + label + ": " + model.dir + " is an unconditional model");
                }
                ImageField f = saved.model().schema().requireImage("vae4j plot manifold");
                float[] images = LatentPlots.manifoldImages(saved.model(), grid, k);
                String written = ImageOutput.write(out, () -> ImageGrid.grid(images, grid * grid, f.channels(),
                        f.height(), f.width(), grid), images, grid * grid, f, null);
                spec.commandLine().getOut().println("wrote " + out + " (" + written + grid + " x " + grid
                        + " decodings over the prior's quantiles of " + model.dir + ")");
            }
            return 0;
        }
    }

    /** {@code vae4j plot curves}: loss curves of one or more runs. */
    @Command(
            name = "curves",
            mixinStandardHelpOptions = true,
            versionProvider = Main.Version.class,
            sortOptions = false,
            description = "Training and validation curves of one or more runs, one colour per run, validation "
                    + "dashed.")
    static final class Curves implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "RUN", description = "Model folders written by train, or their metrics.csv files.")
        List<Path> runs;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The PNG to write.")
        Path out;

        @Option(names = "--metric", paramLabel = "NAME", defaultValue = "loss",
                description = "loss (the negative ELBO of a VAE), or a term the runs record, e.g. recon or kl "
                        + "(default: ${DEFAULT-VALUE}).")
        String metric;

        @Override
        public Integer call() {
            Checks.pngPath("--out", out);
            List<LossCurves.Run> read = MetricsCsv.readRuns(runs);
            LossCurves.Metric chosen = new LossCurves.Metric(metric);
            if (!metric.equals(LossCurves.Metric.LOSS_NAME)) {
                for (LossCurves.Run run : read) {
                    if (run.metrics().stream().noneMatch(m -> m.train().terms().containsKey(metric))) {
                        throw new BadInputException("--metric " + metric + ": run " + run.name() + " records no such "
                                + "term; expected loss or one of " + String.join(", ", run.metrics().isEmpty()
                                ? List.of() : run.metrics().get(0).train().terms().keySet()));
                    }
                }
            }
            Png.write(LossCurves.compare(read, chosen, LossCurves.COMPARE_WIDTH, LossCurves.COMPARE_HEIGHT), out);
            spec.commandLine().getOut().println("wrote " + out + " (" + chosen.description() + " per epoch of "
                    + read.stream().map(LossCurves.Run::name).collect(Collectors.joining(", ")) + ")");
            return 0;
        }
    }
}
