package org.vae4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vae4j.BadInputException;
import org.vae4j.data.ArrayExamples;
import org.vae4j.data.DataSources;
import org.vae4j.io.ModelFolder;
import org.vae4j.model.LatentModel;
import org.vae4j.table.Table;
import org.vae4j.table.TableCodec;
import org.vae4j.table.TableReader;
import org.vae4j.table.TableTasks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vae4j impute}: fills a table's missing cells with a trained model. */
@Command(
        name = "impute",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = {
            "Fill the missing cells of a table by importance sampling (MIWAE, Mattei and Frellsen 2019): K draws "
                    + "z_k ~ q(z | observed cells), weights p(observed | z_k) p(z_k) / q(z_k | observed), and each "
                    + "missing cell the weighted mean of its column (numeric) or its most probable category.",
            "Writes the model's columns (and the label column, if any) with every observed cell exactly as read, "
                    + "and a last column 'filled' naming the cells that were filled, separated by ';'."
        })
final class ImputeCommand implements Callable<Integer> {
    /** The name of the column that says which cells of a row were filled. */
    static final String FILLED_COLUMN = "filled";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--data", required = true, paramLabel = "csv:FILE", description = "The table to fill.")
    String data;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The filled table, a .csv file.")
    Path out;

    @Option(names = "--samples", paramLabel = "K", defaultValue = "100", description = "Importance samples per row "
            + "(default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the draws (default: "
            + "${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    DataOptionsMixin dataOptions;

    @Override
    public Integer call() {
        Checks.positive("--samples", samples, 1_000_000);
        TableOutput.checkCsv("--out", out);
        if (!DataSources.isTable(data)) {
            throw new BadInputException("--data " + data + ": impute fills tables; give csv:FILE");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        try (ModelFolder saved = model.loadVae("impute")) {
            LatentModel m = saved.model();
            if (!TableOutput.isTable(m)) {
                throw new BadInputException("--model " + model.dir + " reads " + m.schema().describeInputs()
                        + "; impute fills tables (for images use vae4j inpaint)");
            }
            if (m.classes() > 0) {
                throw new BadInputException("--model " + model.dir + " is conditioned on "
                        + m.schema().condition().name() + "; impute needs an unconditional model");
            }
            TableCodec codec = TableCodec.of(m.schema());
            TableReader.Options how = dataOptions.tableFor(saved);
            Path file = Path.of(data.substring("csv:".length()).strip());
            Table table = TableReader.readFor(file, codec.kinds(), how.label(), how.na(), how.labelGiven());
            ArrayExamples coded = codec.encode(table);
            TableTasks.Filled filled = TableTasks.impute(m, coded, samples, seed);
            List<String> header = new ArrayList<>(codec.names());
            if (table.labelColumn() != null) {
                header.add(table.labelColumn());
            }
            header.add(FILLED_COLUMN);
            List<String[]> rows = new ArrayList<>();
            for (int r = 0; r < table.rows(); r++) {
                List<String> row = new ArrayList<>();
                List<String> which = new ArrayList<>();
                for (int c = 0; c < codec.names().size(); c++) {
                    boolean was = filled.filled()[r][c];
                    row.add(was ? filled.cells()[r][c] : table.cells()[r][c]);
                    if (was) {
                        which.add(codec.names().get(c));
                    }
                }
                if (table.labelColumn() != null) {
                    row.add(table.labels()[r]);
                }
                row.add(String.join(";", which));
                rows.add(row.toArray(String[]::new));
            }
            String where = TableOutput.write("--out", out, header, rows, stdout);
            long touched = rows.stream().filter(r -> !r[r.length - 1].isEmpty()).count();
            stdout.printf(Locale.ROOT, "%s%,d cells filled in %,d of %,d rows (K %d) by %s%n", where, filled.count(),
                    touched, table.rows(), samples, model.dir);
        }
        return 0;
    }
}
