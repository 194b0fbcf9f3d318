package org.vae4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vae4j.BadInputException;
import org.vae4j.data.CategoricalField;
import org.vae4j.data.ImageField;
import org.vae4j.generate.Sampling;
import org.vae4j.io.ModelFolder;
import org.vae4j.model.LatentModel;
import org.vae4j.plot.ImageGrid;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vae4j sample}: draws new images from the prior and writes them as a grid or a NumPy array. */
@Command(
        name = "sample",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = {
            "Draw z from N(0, I), decode, and write the images as a PNG grid, or as a NumPy array N x C x H x W "
                    + "when --out ends in .npy.",
            "A conditional model draws images of the class --class K; without it, one row per class, the same z in "
                    + "every row (--count per class, default --columns)."
        })
final class SampleCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--count", paramLabel = "N", description = "How many (default: 64; per class for a conditional "
            + "model without --class, default --columns; a table model: 1000 rows).")
    Integer count;

    @Option(names = "--class", paramLabel = "K", description = "A conditional model's class to draw: its index from "
            + "0 or its name.")
    String label;

    @Option(names = "--columns", paramLabel = "N", defaultValue = "8", description = "Grid columns (default: ${DEFAULT-VALUE}).")
    int columns;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", description = "The .png or .npy file to write; for a text model "
            + "a text file, one sequence per line (default: print them); for a table model a .csv file with the "
            + "training columns, units and categories (default: print it).")
    Path out;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0",
            converter = Converters.NonNegativeNumber.class,
            description = "Text: draw each token from the softmax at this temperature; 0 decodes greedily "
                    + "(default: ${DEFAULT-VALUE}; a language model draws at 1 unless given).")
    double temperature;

    @Option(names = "--beam", paramLabel = "B", defaultValue = "1", description = "Text: beam search of width B "
            + "(default: ${DEFAULT-VALUE}, greedy).")
    int beam;

    @Mixin
    DataOptionsMixin dataOptions;

    @Override
    public Integer call() {
        if (count != null) {
            Checks.positive("--count", count, 100_000);
        }
        Checks.positive("--columns", columns, 1_000);
        Checks.positive("--beam", beam, 100);
        String what;
        try (ModelFolder saved = model.loadGenerative("sample")) {
            LatentModel m = saved.model();
            if (TextOutput.isText(m)) {
                return sampleText(saved);
            }
            if (TableOutput.isTable(m)) {
                return sampleTable(m);
            }
            TextOutput.refuseTextOptions(spec, "--temperature", "--beam");
            ImageOutput.require(out);
            ImageField f = m.schema().requireImage("vae4j sample");
            Sampling.Result r;
            int gridColumns = columns;
            if (m.classes() == 0) {
                if (label != null) {
                    throw new BadInputException("--class " + label + ": " + model.dir + " is an unconditional model "
                            + "(train with --condition label to draw by class)");
                }
                r = Sampling.draw(m, count == null ? 64 : count, -1, seed);
                what = r.count() + " samples";
            } else if (label != null) {
                int k = classIndex("--class", label, m.schema().condition());
                r = Sampling.draw(m, count == null ? 64 : count, k, seed);
                what = r.count() + " samples of class " + k + " (" + m.schema().condition().category(k) + ")";
            } else {
                int perClass = count == null ? columns : count;
                r = Sampling.everyClass(m, perClass, seed);
                gridColumns = perClass;
                what = perClass + " samples of each of " + m.classes() + " classes, one row per class";
            }
            int gc = gridColumns;
            Sampling.Result drawn = r;
            // one row per class: each row labelled with its class name
            java.util.function.Supplier<java.awt.image.BufferedImage> picture = drawn.rows() > 0
                    ? () -> ImageGrid.rows(drawn.images(), drawn.rows(), gc, f.channels(), f.height(), f.width(),
                            m.schema().condition().categories(), false, ImageGrid.Options.defaults())
                    : () -> ImageGrid.grid(drawn.images(), drawn.count(), f.channels(), f.height(), f.width(), gc);
            String written = ImageOutput.write(out, picture, r.images(), r.count(), f, r.classes());
            spec.commandLine().getOut().println("wrote " + out + " (" + written + what + " from " + model.dir
                    + ")");
        }
        return 0;
    }

    private int sampleTable(LatentModel m) {
        TableOutput.refuseOtherOptions(spec, "--columns", "--temperature", "--beam");
        TableOutput.checkCsv("--out", out);
        int n = count == null ? 1000 : count;
        int k = -1;
        String what = n + " synthetic rows";
        if (m.classes() > 0) {
            if (label == null) {
                throw new BadInputException("--class is required: " + model.dir + " is conditioned on "
                        + m.schema().condition().name() + "; give the class of the rows (one of "
                        + String.join(", ", m.schema().condition().categories()) + ")");
            }
            k = classIndex("--class", label, m.schema().condition());
            what += " of class " + m.schema().condition().category(k);
        } else if (label != null) {
            throw new BadInputException("--class " + label + ": " + model.dir + " is an unconditional model");
        }
        String[][] rows = org.vae4j.table.TableTasks.sample(m, n, k, seed);
        java.util.List<String> header = new java.util.ArrayList<>(org.vae4j.table.TableCodec.of(m.schema()).names());
        java.util.List<String[]> lines = new java.util.ArrayList<>(java.util.Arrays.asList(rows));
        if (k >= 0) {
            // a conditional model's rows carry their class, so compare --label can use them
            header.add(m.schema().condition().name());
            String name = m.schema().condition().category(k);
            for (int i = 0; i < lines.size(); i++) {
                String[] row = java.util.Arrays.copyOf(lines.get(i), header.size());
                row[row.length - 1] = name;
                lines.set(i, row);
            }
        }
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        String where = TableOutput.write("--out", out, header, lines, stdout);
        if (!where.isEmpty()) {
            stdout.println(where + what + " (each cell drawn from p(x | z), z from N(0, I)) from " + model.dir);
        }
        return 0;
    }

    private int sampleText(ModelFolder saved) {
        LatentModel m = saved.model();
        TextOutput.refuseImageOptions(spec, "--class", "--columns");
        TextOutput.checkOut(out);
        boolean lm = m.latent() == 0;
        double t = lm && !spec.commandLine().getParseResult().hasMatchedOption("--temperature") && beam == 1
                ? 1 : temperature;
        int n = count == null ? 10 : count;
        java.util.List<String> texts = org.vae4j.text.TextTasks.sample(m, n, t, beam, seed);
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        String where = TextOutput.write(texts, out, stdout);
        String how = beam > 1 ? "beam search of width " + beam : t > 0 ? "sampled at temperature " + t : "greedy";
        if (!where.isEmpty()) {
            stdout.println(where + n + " sequences (" + how + ") from " + model.dir);
        }
        if (TextOutput.isSmiles(m)) {
            TextOutput.printMolecules(texts, TextOutput.trainingTexts(saved, dataOptions.sources(
                    spec.commandLine().getErr(), false)), stdout);
        }
        return 0;
    }

    /**
     * Reads a class given by index or name.
     *
     * @param option the option, for the message
     * @param text what was given
     * @param condition the model's condition
     * @return the class index
     */
    static int classIndex(String option, String text, CategoricalField condition) {
        int k = condition.categories().indexOf(text);
        if (k >= 0) {
            return k;
        }
        try {
            k = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            k = -1;
        }
        if (k < 0 || k >= condition.size()) {
            throw new BadInputException(option + " " + text + ": expected a class index from 0 to "
                    + (condition.size() - 1) + " or one of the names " + String.join(", ", condition.categories()));
        }
        return k;
    }
}
