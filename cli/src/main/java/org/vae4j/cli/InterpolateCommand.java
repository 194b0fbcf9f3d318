package org.vae4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.vae4j.BadInputException;
import org.vae4j.Seeds;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageFolderReader;
import org.vae4j.io.SavedModel;
import org.vae4j.latent.Interpolation;
import org.vae4j.model.VaeConfig;
import org.vae4j.plot.ImageGrid;
import picocli.CommandLine;
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
                    + "(--from and --to), which are resized and converted to the model's input shape."
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

    @Option(names = "--data", paramLabel = "SPEC", description = "Images to take pairs from, e.g. fashion-mnist:test "
            + "(required unless --from and --to are given).")
    String data;

    @Option(names = "--pairs", paramLabel = "I:J,...", description = "Pairs of example indices of --data, one row "
            + "each, e.g. 0:1,2:3 (default: " + DEFAULT_PAIRS + " random pairs drawn with --seed).")
    String pairs;

    @Option(names = "--from", paramLabel = "IMAGE", description = "A PNG or JPEG image to start from, instead of "
            + "--data (needs --to).")
    Path from;

    @Option(names = "--to", paramLabel = "IMAGE", description = "A PNG or JPEG image to end at (needs --from).")
    Path to;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "10", description = "Decoded steps per row, both "
            + "ends included (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "linear", description = "linear (a straight "
            + "line) or spherical (along the great circle, the norm changing linearly) (default: ${DEFAULT-VALUE}).")
    Method method;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the random pairs "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The PNG to write.")
    Path out;

    @Mixin
    DataOptionsMixin dataOptions;

    /** The interpolation methods offered on the command line. */
    enum Method {
        linear,
        spherical;

        Interpolation.Method api() {
            return Interpolation.Method.valueOf(name().toUpperCase(Locale.ROOT));
        }
    }

    /** Two example indices as the user wrote them. */
    record Pair(long first, long second, String text) {}

    @Override
    public Integer call() {
        Checks.between("--steps", steps, 2, MAX_STEPS);
        Checks.pngPath("--out", out);
        boolean files = from != null || to != null;
        if (files) {
            if (from == null || to == null) {
                throw new BadInputException(from == null
                        ? "--to " + to + ": expected --from as well, the image to start from"
                        : "--from " + from + ": expected --to as well, the image to end at");
            }
            if (pairs != null) {
                throw new BadInputException("--pairs " + pairs + ": not with --from and --to, which give the one "
                        + "pair to interpolate; use either");
            }
            if (data != null) {
                throw new BadInputException("--data " + data + ": not with --from and --to; give pairs of examples "
                        + "of --data with --pairs, or two image files with --from and --to");
            }
        } else if (data == null) {
            throw new BadInputException("expected --data (with --pairs or random pairs) or --from and --to, the "
                    + "images to interpolate between");
        }
        List<Pair> chosen = pairs == null ? null : parsePairs(pairs);

        try (SavedModel saved = model.load()) {
            VaeConfig c = saved.info().model();
            int d = c.inputSize();
            float[] starts;
            float[] ends;
            String what;
            if (files) {
                starts = readImage("--from", from, c);
                ends = readImage("--to", to, c);
                what = "between " + from + " and " + to;
            } else {
                ImageDataset images = dataOptions.loadFor(spec, data, saved.model());
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
                for (int i = 0; i < chosen.size(); i++) {
                    System.arraycopy(images.image((int) chosen.get(i).first()), 0, starts, i * d, d);
                    System.arraycopy(images.image((int) chosen.get(i).second()), 0, ends, i * d, d);
                }
                what = "between pairs of " + images.name() + " ("
                        + chosen.stream().map(p -> p.first() + ":" + p.second()).collect(Collectors.joining(","))
                        + ")";
            }
            int rows = starts.length / d;
            Interpolation.Result r = Interpolation.interpolate(saved.model(), starts, ends, rows, steps, method.api());
            int columns = steps + 2;
            float[] grid = new float[rows * columns * d];
            for (int row = 0; row < rows; row++) {
                int at = row * columns * d;
                System.arraycopy(starts, row * d, grid, at, d);
                System.arraycopy(r.images(), row * steps * d, grid, at + d, steps * d);
                System.arraycopy(ends, row * d, grid, at + (columns - 1) * d, d);
            }
            ImageGrid.writePng(ImageGrid.rows(grid, rows, columns, c.channels(), c.height(), c.width(), null, true,
                    ImageGrid.Options.defaults()), out);
            spec.commandLine().getOut().println("wrote " + out + " (" + rows + (rows == 1 ? " row" : " rows")
                    + " of " + steps + " " + method + " steps " + what + ", the originals at both ends)");
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
    private List<Pair> randomPairs(ImageDataset images) {
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
    private static float[] readImage(String option, Path file, VaeConfig c) {
        try {
            return ImageFolderReader.readImage(file, c.channels(), c.height(), c.width());
        } catch (BadInputException e) {
            throw new BadInputException(option + " " + e.getMessage(), e);
        }
    }
}
