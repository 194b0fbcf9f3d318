package org.vae4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.vae4j.BadInputException;
import org.vae4j.Messages;
import org.vae4j.data.DataSources;
import org.vae4j.data.TokenSequenceField;
import org.vae4j.io.ModelFolder;
import org.vae4j.model.LatentModel;
import org.vae4j.text.Molecules;
import org.vae4j.text.TextTasks;

/** Printing and writing what the commands make of a sequence model. */
final class TextOutput {
    private TextOutput() {}

    /**
     * @param model a model
     * @return whether it reads and writes token sequences
     */
    static boolean isText(LatentModel model) {
        return TextTasks.isSequenceModel(model);
    }

    /**
     * @param model a sequence model
     * @return whether its tokens are SMILES
     */
    static boolean isSmiles(LatentModel model) {
        return ((TokenSequenceField) model.schema().inputs().get(0)).tokenizer().equals("smiles");
    }

    /**
     * Refuses image-only options given to a sequence model.
     *
     * @param spec the command
     * @param options the options that apply to images only
     */
    static void refuseImageOptions(picocli.CommandLine.Model.CommandSpec spec, String... options) {
        refuse(spec, " applies to image models; this model reads token sequences", options);
    }

    /**
     * Refuses an image file name for a text model's output, before any work is done.
     *
     * @param out the --out file, or {@code null} to print
     */
    static void checkOut(Path out) {
        if (out == null) {
            return;
        }
        String name = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".png") || name.endsWith(".npy")) {
            throw new BadInputException("--out " + out + ": a text model writes text; give a .txt file or no --out "
                    + "to print");
        }
    }

    /**
     * Refuses text-only options given to an image model.
     *
     * @param spec the command
     * @param options the options that apply to text models only
     */
    static void refuseTextOptions(picocli.CommandLine.Model.CommandSpec spec, String... options) {
        refuse(spec, " applies to text models (token sequences); this model reads images", options);
    }

    private static void refuse(picocli.CommandLine.Model.CommandSpec spec, String why, String... options) {
        for (String o : options) {
            if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                throw new BadInputException(o + why);
            }
        }
    }

    /**
     * Writes lines to a text file, or prints them when there is no file.
     *
     * @param lines the lines
     * @param out the file, or {@code null} to print
     * @param stdout where to print
     * @return a description of where they went, for the summary line
     */
    static String write(List<String> lines, Path out, PrintWriter stdout) {
        if (out == null) {
            lines.forEach(stdout::println);
            stdout.flush();
            return "";
        }
        checkOut(out);
        try {
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.write(out, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("--out " + out + ": cannot write (" + Messages.firstLine(e.getMessage())
                    + ")", e);
        }
        return "wrote " + out + ": ";
    }

    /**
     * The training molecules of a model, for novelty: read again from the file its folder names.
     *
     * @param saved the model folder
     * @param sources where data is read
     * @return the training SMILES, or empty when the folder names no data or the file is gone
     */
    static Optional<List<String>> trainingTexts(ModelFolder saved, DataSources sources) {
        if (saved.info().data() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(TextTasks.texts(saved.model(), sources.loadFor(saved.info().data().spec(), "data",
                    saved.model().schema())));
        } catch (BadInputException e) {
            return Optional.empty();
        }
    }

    /**
     * Prints the validity, uniqueness and novelty of generated molecules.
     *
     * @param generated the SMILES strings
     * @param training the training set's, if known
     * @param stdout where to print
     * @return the report
     */
    static Molecules.Report printMolecules(List<String> generated, Optional<List<String>> training,
            PrintWriter stdout) {
        Molecules.Report r = Molecules.report(generated, training.orElse(List.of()));
        stdout.printf(Locale.ROOT, "validity   %.3f (%d of %d parse as molecules, CDK)%n", r.validity(), r.valid(),
                r.count());
        stdout.printf(Locale.ROOT, "uniqueness %.3f (%d distinct canonical SMILES among the valid)%n", r.uniqueness(),
                r.unique());
        if (training.isPresent()) {
            stdout.printf(Locale.ROOT, "novelty    %.3f (%d of the distinct ones are not in the training data)%n",
                    r.novelty(), r.novel());
        } else {
            stdout.println("novelty    not measured: the training data named in the model folder cannot be read");
        }
        stdout.flush();
        return r;
    }
}
