package org.vae4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vae4j.BadInputException;
import org.vae4j.data.ExampleSet;
import org.vae4j.io.ModelFolder;
import org.vae4j.latent.Traversal;
import org.vae4j.data.ImageField;
import org.vae4j.plot.ImageGrid;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vae4j traverse}: one row per latent dimension, varied around one example's mean. */
@Command(
        name = "traverse",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = {
            "Encode one example to the mean of q(z|x), set one latent dimension at a time to evenly spaced values "
                    + "from -R to R while holding the others, decode (a conditional model with the example's label), "
                    + "and write a PNG with one labelled row per dimension, or the images as .npy "
                    + "(rows x steps images).",
            "Rows are sorted by the dimension's KL on --data (mean over its examples), largest first, so the "
                    + "dimensions the model uses come first; the order and KL are printed. Dimensions are "
                    + "numbered from z1."
        })
final class TraverseCommand implements Callable<Integer> {
    /** The most steps per row. */
    static final int MAX_STEPS = 200;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--data", required = true, paramLabel = "SPEC", description = "The data: the example, and the "
            + "KL that orders the rows, e.g. fashion-mnist:test.")
    String data;

    @Option(names = "--index", paramLabel = "I", defaultValue = "0", description = "The example to start from, from "
            + "0 (default: ${DEFAULT-VALUE}).")
    int index;

    @Option(names = "--range", paramLabel = "R", defaultValue = "3", description = "Each dimension goes from -R to R "
            + "(default: ${DEFAULT-VALUE}, three standard deviations of the prior).")
    double range;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "9", description = "Values per dimension, both ends "
            + "included (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--dims", paramLabel = "K", description = "Draw only the K dimensions of largest KL (default: "
            + "all).")
    Integer dims;

    @Option(names = "--out", paramLabel = "FILE", description = "The PNG to write; for a text model a text file "
            + "(default: print the rows).")
    Path out;

    @Mixin
    DataOptionsMixin dataOptions;

    @Override
    public Integer call() {
        if (!(range > 0) || Double.isInfinite(range)) {
            throw new BadInputException("--range " + format(range) + ": expected a number above 0, e.g. 3");
        }
        Checks.between("--steps", steps, 2, MAX_STEPS);
        if (dims != null && dims < 1) {
            throw new BadInputException("--dims " + dims + ": expected a whole number from 1 to the latent size");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        try (ModelFolder saved = model.loadVae("traverse")) {
            if (TextOutput.isText(saved.model())) {
                return traverseText(saved.model(), stdout);
            }
            ImageOutput.require(out);
            ImageField c = saved.model().schema().requireImage("vae4j traverse");
            int latent = saved.model().latent();
            if (dims != null && dims > latent) {
                throw new BadInputException("--dims " + dims + ": expected a whole number from 1 to " + latent
                        + ", the model's latent size");
            }
            ExampleSet images = dataOptions.loadFor(spec, data, saved);
            Checks.exampleIndex("--index " + index + ": example " + index, index, images);
            Traversal.Options options = new Traversal.Options(range, steps, dims == null ? 0 : dims);
            Traversal.Result r = Traversal.traverse(saved.model(), images, index, options);

            List<String> labels = new ArrayList<>();
            for (int dim : r.dimensions()) {
                labels.add(label(dim));
            }
            String written = ImageOutput.write(out, () -> ImageGrid.rows(r.images(), r.rows(), r.steps(),
                    c.channels(), c.height(), c.width(), labels, false, ImageGrid.Options.defaults()), r.images(),
                    r.rows() * r.steps(), c, r.classes());

            stdout.printf(Locale.ROOT, "latent dimensions by KL on %s (nats, mean over %d examples), "
                    + "largest first:%n", images.name(), images.size());
            int[] all = Traversal.byKl(r.kl());
            int width = label(latent - 1).length();
            for (int i = 0; i < all.length; i++) {
                stdout.printf(Locale.ROOT, "%-" + width + "s  KL %.2f%s%n", label(all[i]), r.kl()[all[i]],
                        i < r.rows() ? "" : "  (not drawn)");
            }
            stdout.println("wrote " + out + " (" + written + r.rows() + (r.rows() == 1 ? " row" : " rows") + " of " + steps
                    + " values from -" + format(range) + " to " + format(range) + " around example " + index
                    + " of " + images.name() + ")");
        }
        return 0;
    }

    /** One printed row per dimension: each value of the dimension and the greedy decoding there. */
    private int traverseText(org.vae4j.model.LatentModel m, PrintWriter stdout) {
        TextOutput.checkOut(out);
        int latent = m.latent();
        if (dims != null && dims > latent) {
            throw new BadInputException("--dims " + dims + ": expected a whole number from 1 to " + latent
                    + ", the model's latent size");
        }
        ExampleSet data = dataOptions.loadFor(spec, this.data, m);
        Checks.exampleIndex("--index " + index + ": example " + index, index, data);
        ExampleSet one = data.subset(new int[] {index}, "example " + index);
        float[] base = m.encode(one).mu();
        double[] kl = Traversal.klPerDimension(m, data);
        int[] order = Traversal.byKl(kl);
        int rows = dims == null ? latent : dims;
        double[] values = Traversal.values(range, steps);
        List<String> lines = new ArrayList<>();
        lines.add("example " + index + ": " + org.vae4j.text.TextTasks.texts(m, one).get(0));
        for (int r = 0; r < rows; r++) {
            int dim = order[r];
            float[] codes = new float[steps * latent];
            for (int k = 0; k < steps; k++) {
                System.arraycopy(base, 0, codes, k * latent, latent);
                codes[k * latent + dim] = (float) values[k];
            }
            List<String> decoded = org.vae4j.text.TextTasks.decode(m, codes, steps, 0, 1, 0);
            lines.add(String.format(Locale.ROOT, "%s (KL %.2f)", label(dim), kl[dim]));
            for (int k = 0; k < steps; k++) {
                lines.add(String.format(Locale.ROOT, "  %+.2f  %s", values[k], decoded.get(k)));
            }
        }
        String where = TextOutput.write(lines, out, stdout);
        if (!where.isEmpty()) {
            stdout.println(where + rows + " dimensions of " + steps + " values around example " + index);
        }
        return 0;
    }

    /** @return the name of a 0-based dimension as people read it, {@code z1} for dimension 0 */
    static String label(int dimension) {
        return "z" + (dimension + 1);
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
