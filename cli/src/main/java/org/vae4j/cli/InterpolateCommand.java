package org.vae4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.vae4j.BadInputException;
import org.vae4j.Seeds;
import org.vae4j.data.ExampleSet;
import org.vae4j.data.ImageField;
import org.vae4j.image.ImageDataset;
import org.vae4j.image.ImageFolderReader;
import org.vae4j.io.ModelFolder;
import org.vae4j.latent.Interpolation;
import org.vae4j.model.LatentModel;
import org.vae4j.plot.ImageGrid;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vae4j interpolate}: decoded paths in latent space between pairs of images. */
@Command(
        name = "interpolate",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = {
            "Encode pairs of images to the means of q(z|x), interpolate between the two means of each pair, decode "
                    + "every step, and write a PNG with one row per pair: the first image, the decoded steps "
                    + "(the first and last are the two images' reconstructions), the second image.",
            "Give the images as pairs of examples of --data (--pairs, or random pairs) or as two image files "
                    + "(--from and --to), which are resized and converted to the model's input shape.",
            "A conditional model encodes each image with its label and decodes the first half of a row with the "
                    + "first image's class and the rest with the second's; image files take their class from "
                    + "--class. With --out FILE.npy the decoded steps are written as a NumPy array (rows x steps "
                    + "images)."
        })
final class InterpolateCommand implements Callable<Integer> {
    /** Rows drawn when no pairs are given. */
    static final int DEFAULT_PAIRS = 4;
    /** The most pairs one picture holds. */
    static final int MAX_PAIRS = 100;
    /** The most steps per row. */
    static final int MAX_STEPS = 200;

    private static final long PAIR_DRAWS = 0x1A7E;
    private static final Pattern PAIR = Pattern.compile("\\s*(\\d{1,18})\\s*:\\s*(\\d{1,18})\\s*");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOption model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** Where the pairs come from: examples of a dataset, or two image files. */
    static final class Source {
        @Option(names = "--data", required = true, paramLabel = "SPEC", description = "Images to take pairs from, "
                + "e.g. fashion-mnist:test.")
        String data;

        @ArgGroup(exclusive = false)
        FromFiles fromFiles;
    }

    @Option(names = "--pairs", paramLabel = "I:J,...", description = "Pairs of example indices of --data, one row "
            + "each, e.g. 0:1,2:3 (default: " + DEFAULT_PAIRS + " random pairs drawn with --seed).")
    String pairs;

    /** Two image files. */
    static final class FromFiles {
        @Option(names = "--from", required = true, paramLabel = "IMAGE|TEXT", description = "A PNG or JPEG image to "
                + "start from, instead of --data (with --to); for a text model, a sentence or SMILES string.")
        String from;

        @Option(names = "--to", required = true, paramLabel = "IMAGE|TEXT", description = "A PNG or JPEG image to end "
                + "at (with --from); for a text model, a sentence or SMILES string.")
        String to;

        @Option(names = "--class", paramLabel = "K", description = "A conditional model: the class of both images, "
                + "by index or name.")
        String label;
    }

    @Option(names = "--steps", paramLabel = "N", defaultValue = "10", description = "Decoded steps per row, both "
            + "ends included (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "linear", description = "linear (a straight "
            + "line) or spherical (along the great circle, the norm changing linearly) (default: ${DEFAULT-VALUE}).")
    Interpolation.Method method;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the random pairs "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", description = "The .png or .npy file to write; for a text model "
            + "a text file (default: print the steps).")
    Path out;

    @Mixin
    DataOptionsMixin dataOptions;

    /** Two example indices as the user wrote them. */
    record Pair(long first, long second, String text) {}

    @Override
    public Integer call() {
        Checks.between("--steps", steps, 2, MAX_STEPS);
        FromFiles files = source.fromFiles;
        if (files != null && pairs != null) {
            throw new BadInputException("--pairs " + pairs + ": not with --from and --to, which give the one pair to "
                    + "interpolate; use either");
        }
        List<Pair> chosen = pairs == null ? null : parsePairs(pairs);

        try (ModelFolder saved = model.loadVae("interpolate")) {
            LatentModel m = saved.model();
            if (TextOutput.isText(m)) {
                return interpolateText(m, files, chosen);
            }
            ImageOutput.require(out);
            ImageField c = m.schema().requireImage("vae4j interpolate");
            int d = c.size();
            float[] starts;
            float[] ends;
            int[] startClasses = null;
            int[] endClasses = null;
            String what;
            if (files != null) {
                starts = readImage("--from", Path.of(files.from), c);
                ends = readImage("--to", Path.of(files.to), c);
                if (m.classes() > 0) {
                    if (files.label == null) {
                        throw new BadInputException("--from " + files.from + ": " + model.dir + " is a conditional "
                                + "model; give the images' class with --class K");
                    }
                    int k = SampleCommand.classIndex("--class", files.label, m.schema().condition());
                    startClasses = new int[] {k};
                    endClasses = new int[] {k};
                } else if (files.label != null) {
                    throw new BadInputException("--class " + files.label + ": " + model.dir + " is an unconditional "
                            + "model");
                }
                what = "between " + files.from + " and " + files.to;
            } else {
                ImageDataset images = dataOptions.loadImagesFor(spec, source.data, m);
                if (chosen == null) {
                    chosen = randomPairs(images);
                } else {
                    for (Pair p : chosen) {
                        Checks.exampleIndex("--pairs " + p.text() + ": index " + p.first(), p.first(), images);
                        Checks.exampleIndex("--pairs " + p.text() + ": index " + p.second(), p.second(), images);
                    }
                }
                starts = new float[chosen.size() * d];
                ends = new float[chosen.size() * d];
                int[] labels = m.classes() > 0 ? images.labels().orElseThrow() : null;
                if (labels != null) {
                    startClasses = new int[chosen.size()];
                    endClasses = new int[chosen.size()];
                }
                for (int i = 0; i < chosen.size(); i++) {
                    int a = (int) chosen.get(i).first();
                    int b = (int) chosen.get(i).second();
                    System.arraycopy(images.image(a), 0, starts, i * d, d);
                    System.arraycopy(images.image(b), 0, ends, i * d, d);
                    if (labels != null) {
                        startClasses[i] = labels[a];
                        endClasses[i] = labels[b];
                    }
                }
                what = "between pairs of " + images.name() + " ("
                        + chosen.stream().map(p -> p.first() + ":" + p.second()).collect(Collectors.joining(","))
                        + ")";
            }
            int rows = starts.length / d;
            Interpolation.Result r = Interpolation.interpolate(m, starts, ends, startClasses, endClasses, rows, steps,
                    method);
            int columns = steps + 2;
            float[] grid = new float[rows * columns * d];
            for (int row = 0; row < rows; row++) {
                int at = row * columns * d;
                System.arraycopy(starts, row * d, grid, at, d);
                System.arraycopy(r.images(), row * steps * d, grid, at + d, steps * d);
                System.arraycopy(ends, row * d, grid, at + (columns - 1) * d, d);
            }
            String written = ImageOutput.write(out, () -> ImageGrid.rows(grid, rows, columns, c.channels(),
                    c.height(), c.width(), null, true, ImageGrid.Options.defaults()), r.images(), rows * steps, c,
                    r.classes());
            spec.commandLine().getOut().println("wrote " + out + " (" + written + rows + (rows == 1 ? " row"
                    : " rows") + " of " + steps + " " + method.label() + " steps " + what
                    + (written.isEmpty() ? ", the originals at both ends)" : ")"));
        }
        return 0;
    }

    /** The homotopies of a sequence VAE, printed step by step (Bowman et al. 2016's table). */
    private int interpolateText(LatentModel m, FromFiles files, List<Pair> chosen) {
        TextOutput.refuseImageOptions(spec, "--class");
        TextOutput.checkOut(out);
        if (method != Interpolation.Method.LINEAR) {
            throw new BadInputException("--method " + method.label() + ": text homotopies are linear");
        }
        List<ExampleSet[]> ends = new ArrayList<>();
        if (files != null) {
            ends.add(new ExampleSet[] {org.vae4j.text.TextTasks.example(m, files.from, "--from"),
                org.vae4j.text.TextTasks.example(m, files.to, "--to")});
        } else {
            ExampleSet data = dataOptions.loadFor(spec, source.data, m);
            if (chosen == null) {
                chosen = randomPairs(data);
            }
            for (Pair p : chosen) {
                Checks.exampleIndex("--pairs " + p.text() + ": index " + p.first(), p.first(), data);
                Checks.exampleIndex("--pairs " + p.text() + ": index " + p.second(), p.second(), data);
                ends.add(new ExampleSet[] {data.subset(new int[] {(int) p.first()}, "example " + p.first()),
                    data.subset(new int[] {(int) p.second()}, "example " + p.second())});
            }
        }
        List<String> lines = new ArrayList<>();
        for (ExampleSet[] pair : ends) {
            if (!lines.isEmpty()) {
                lines.add("");
            }
            List<String> from = org.vae4j.text.TextTasks.texts(m, pair[0]);
            List<String> to = org.vae4j.text.TextTasks.texts(m, pair[1]);
            lines.add("from: " + from.get(0));
            List<String> path = org.vae4j.text.TextTasks.homotopy(m, pair[0], pair[1], steps);
            for (int i = 0; i < path.size(); i++) {
                lines.add(String.format(java.util.Locale.ROOT, "%4.2f  %s", i / (double) (steps - 1), path.get(i)));
            }
            lines.add("to:   " + to.get(0));
        }
        String where = TextOutput.write(lines, out, spec.commandLine().getOut());
        if (!where.isEmpty()) {
            spec.commandLine().getOut().println(where + ends.size() + " homotopies of " + steps + " steps");
        }
        return 0;
    }

    /** Parses {@code I:J,I:J,...}, naming the first malformed pair. */
    static List<Pair> parsePairs(String text) {
        List<Pair> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            Matcher m = PAIR.matcher(part);
            if (!m.matches()) {
                throw new BadInputException("--pairs " + text + ": '" + part.strip() + "' is not a pair of example "
                        + "indices, expected I:J pairs separated by commas, e.g. 0:1,2:3");
            }
            out.add(new Pair(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), part.strip()));
        }
        if (out.size() > MAX_PAIRS) {
            throw new BadInputException("--pairs: " + out.size() + " pairs, expected at most " + MAX_PAIRS);
        }
        return out;
    }

    /** Draws {@value #DEFAULT_PAIRS} pairs of different examples, all distinct when the data has enough. */
    private List<Pair> randomPairs(ExampleSet images) {
        int n = images.size();
        if (n < 2) {
            throw new BadInputException("--data " + images.name() + ": 1 example, expected at least 2 to draw "
                    + "random pairs from (or give --pairs 0:0)");
        }
        Random random = new Random(Seeds.derive(seed, PAIR_DRAWS, 0));
        List<Pair> out = new ArrayList<>();
        if (n >= 2 * DEFAULT_PAIRS) {
            // A partial Fisher-Yates shuffle: 2 * DEFAULT_PAIRS distinct examples.
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = 0; i < 2 * DEFAULT_PAIRS; i++) {
                int j = i + random.nextInt(n - i);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int p = 0; p < DEFAULT_PAIRS; p++) {
                out.add(new Pair(order[2 * p], order[2 * p + 1], order[2 * p] + ":" + order[2 * p + 1]));
            }
        } else {
            for (int p = 0; p < DEFAULT_PAIRS; p++) {
                int i = random.nextInt(n);
                int j = random.nextInt(n - 1);
                j = j >= i ? j + 1 : j;
                out.add(new Pair(i, j, i + ":" + j));
            }
        }
        return out;
    }

    /** Reads an image file at the model's input shape, naming the option in any error. */
    private static float[] readImage(String option, Path file, ImageField c) {
        try {
            return ImageFolderReader.readImage(file, c.channels(), c.height(), c.width());
        } catch (BadInputException e) {
            throw new BadInputException(option + " " + e.getMessage(), e);
        }
    }
}
