package org.vae4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.vae4j.BadInputException;
import org.vae4j.Messages;
import org.vae4j.io.AtomicFile;
import org.vae4j.model.LatentModel;
import org.vae4j.table.TableTasks;

/** Writing what the commands make of a table model. */
final class TableOutput {
    private TableOutput() {}

    /**
     * @param model a model
     * @return whether it models a table
     */
    static boolean isTable(LatentModel model) {
        return TableTasks.isTable(model);
    }

    /**
     * Refuses a --out that is not a CSV file, before any work is done.
     *
     * @param option the option
     * @param out the file, or {@code null} to print
     */
    static void checkCsv(String option, Path out) {
        if (out != null && !out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            throw new BadInputException(option + " " + out + ": a table model writes rows as CSV; give a .csv file");
        }
    }

    /**
     * Refuses options of image and text models given to a table model.
     *
     * @param spec the command
     * @param options the options
     */
    static void refuseOtherOptions(picocli.CommandLine.Model.CommandSpec spec, String... options) {
        for (String o : options) {
            if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                throw new BadInputException(o + " applies to image and text models; this model reads a table");
            }
        }
    }

    /**
     * Writes rows as CSV (replacing the file atomically), or prints them.
     *
     * @param option the option naming the file, for messages
     * @param out the file, or {@code null} to print
     * @param header the column names
     * @param rows the cells
     * @param stdout where to print
     * @return "wrote FILE: " or "" when printed
     */
    static String write(String option, Path out, List<String> header, List<String[]> rows, PrintWriter stdout) {
        StringWriter text = new StringWriter();
        try {
            TableTasks.writeCsv(text, header, rows);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not fail
        }
        if (out == null) {
            stdout.print(text);
            stdout.flush();
            return "";
        }
        try {
            if (out.toAbsolutePath().getParent() != null) {
                java.nio.file.Files.createDirectories(out.toAbsolutePath().getParent());
            }
            AtomicFile.write(out, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BadInputException(option + " " + out + ": cannot write (" + Messages.firstLine(e.getMessage())
                    + ")", e);
        }
        return "wrote " + out + ": ";
    }
}
