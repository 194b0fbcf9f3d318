package org.vae4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vae4j.BadInputException;
import org.vae4j.data.ExampleSet;
import org.vae4j.io.ModelInfo;
import org.vae4j.io.ModelFolder;
import org.vae4j.latent.LatentCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vae4j encode}: the means (and log-variances) of q(z|x) of every example, as CSV or NumPy files. */
@Command(
        name = "encode",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = "Encode data: for each example, the mean of q(z|x) (and with --log-var its log-variances) "
                + "with its label and class. FILE.csv gets a CSV with the header index,label,class,mu_1..mu_L"
                + "[,logvar_1..logvar_L]; FILE.npy gets a float32 NumPy array N x L (N x 2L with --log-var) and, "
                + "when the data has labels, FILE.labels.npy with N int32 labels.")
final class EncodeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--data", required = true, paramLabel = "SPEC", description = "Data to encode, e.g. fashion-mnist:test.")
    String data;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The .csv or .npy file to write.")
    Path out;

    @Option(names = "--log-var", description = "Also write the log-variances of q(z|x).")
    boolean logVar;

    @Mixin
    DataOptionsMixin dataOptions;

    @Override
    public Integer call() {
        LatentCodes.Format format = LatentCodes.Format.of(out);
        if (format == null) {
            throw new BadInputException("--out " + out + ": expected a file name ending in .csv or .npy");
        }
        if (Files.isDirectory(out)) {
            throw new BadInputException("--out " + out + ": is a folder, expected a .csv or .npy file name");
        }
        try (ModelFolder saved = model.loadVae("encode")) {
            ExampleSet images = dataOptions.loadFor(spec, data, saved);
            LatentCodes codes = LatentCodes.encode(saved.model(), images,
                    LatentCodes.classNames(images.classNames(), trainingClassNames(saved)));
            List<Path> written;
            try {
                written = codes.write(out, logVar);
            } catch (IOException e) {
                throw new CommandFailedException("cannot write " + out + ": " + e.getMessage());
            }
            String what = codes.count() + " examples x " + codes.latent() + (logVar ? " means and log-variances"
                    : " means") + (codes.labels() == null ? ", no labels" : ", with labels");
            spec.commandLine().getOut().println("wrote " + written.get(0) + " (" + what + ")"
                    + (written.size() > 1 ? " and " + written.get(1) : ""));
        }
        return 0;
    }

    /**
     * @param saved a model folder
     * @return the class names of the data it was trained on; empty when unknown
     */
    static List<String> trainingClassNames(ModelFolder saved) {
        ModelInfo.DataInfo data = saved.info().data();
        return data == null || data.classNames() == null ? List.of() : data.classNames();
    }
}
