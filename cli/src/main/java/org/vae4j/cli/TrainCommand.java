package org.vae4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.vae4j.BadInputException;
import org.vae4j.data.DataSources;
import org.vae4j.data.ImageDataset;
import org.vae4j.io.AtomicFolder;
import org.vae4j.io.CheckpointWriter;
import org.vae4j.io.ModelInfo;
import org.vae4j.io.ModelStore;
import org.vae4j.io.SavedModel;
import org.vae4j.model.VaeConfig;
import org.vae4j.model.VaeModel;
import org.vae4j.train.TrainConfig;
import org.vae4j.train.TrainingDivergedException;
import org.vae4j.train.TrainingListener;
import org.vae4j.train.VaeTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vae4j train}: trains a VAE and keeps its folder (model, metrics, pictures) up to date after every epoch. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = {
            "Train a VAE. The defaults are the classic PyTorch example: MLP 784-400-20 with ReLU, Bernoulli "
                    + "likelihood, Adam at 1e-3, batch 128.",
            "After every epoch the output folder is replaced atomically with the model, metrics.csv, loss.png, "
                    + "samples.png and reconstructions.png; a killed run continues with --resume."
        })
final class TrainCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--data",
            paramLabel = "SPEC",
            description = "Training data: fashion-mnist[:train|:test], mnist[:train|:test], idx:IMAGES[,LABELS] "
                    + "or folder:DIR. Required unless --resume.")
    String data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The run's model folder.")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its last completed epoch.")
    boolean resume;

    @Option(names = "--force", description = "Replace a model already in --out (kept until epoch 1 is done).")
    boolean force;

    @Option(names = "--epochs", paramLabel = "N", description = "Total epochs (default: 10).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Examples per step (default: 128).")
    Integer batchSize;

    @Option(names = "--lr", paramLabel = "RATE", description = "Adam's learning rate (default: 1e-3).")
    Double learningRate;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of every random step (default: 1).")
    Long seed;

    @Option(
            names = "--hidden",
            paramLabel = "SIZES",
            split = ",",
            description = "Hidden layer sizes, comma-separated (default: 400).")
    List<Integer> hidden;

    @Option(names = "--latent", paramLabel = "N", description = "Latent size (default: 20).")
    Integer latent;

    @Option(names = "--beta", paramLabel = "B", description = "Weight of the KL term; >1 is a beta-VAE (default: 1).")
    Double beta;

    @Option(
            names = "--likelihood",
            paramLabel = "NAME",
            description = "bernoulli (pixels in [0,1]) or gaussian with fixed --sigma (default: bernoulli).")
    LikelihoodName likelihood;

    @Option(names = "--sigma", paramLabel = "S", description = "Standard deviation of the gaussian (default: 0.1).")
    Double sigma;

    @Option(
            names = "--val",
            paramLabel = "VAL",
            description = "Validation set: auto (the dataset's test part if it has one, else 0.1), none, a "
                    + "fraction of the training data such as 0.1, or a data specification (default: auto).")
    String validation;

    @Option(names = "--no-progress", description = "No progress bars, only one line per epoch.")
    boolean noProgress;

    @Mixin
    DataOptionsMixin dataOptions;

    /** The likelihood names accepted on the command line. */
    enum LikelihoodName {
        bernoulli,
        gaussian
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        boolean interactive = !noProgress && Progress.interactive();
        AtomicFolder.finishWritesOnShutdown();
        if (resume && force) {
            throw new BadInputException("--resume and --force contradict each other: --resume continues the model in "
                    + out + ", --force replaces it; give one of them");
        }
        checkOptionValues();

        DataSources sources = dataOptions.sources(stderr, interactive);
        SavedModel saved = resume ? openResume() : null;
        try {
            Run run = saved == null ? freshRun(sources) : resumedRun(saved, sources);
            if (saved != null && saved.metrics().size() >= run.train.epochs()) {
                int done = saved.metrics().size();
                stdout.println(done == run.train.epochs()
                        ? out + " has already completed " + done + " of " + done + " epochs; nothing to do (give a "
                                + "larger --epochs to train further)"
                        : "--epochs " + run.train.epochs() + " is fewer than the " + done + " epochs " + out
                                + " has already completed; nothing to do");
                return 0;
            }
            ImageDataset full = sources.load(run.dataSpec, "--data");
            if (saved != null && saved.info().data() != null && saved.info().data().sha256() != null
                    && !Objects.equals(saved.info().data().sha256(), full.sha256())) {
                throw new BadInputException(run.dataSpec + ": the data has changed since the run started (SHA-256 "
                        + full.sha256() + ", the run used " + saved.info().data().sha256()
                        + "); a resumed run needs the same data");
            }
            ImageDataset[] parts = splitValidation(full, run, sources);
            ImageDataset train = parts[0];
            ImageDataset val = parts[1];
            VaeConfig config = saved != null ? saved.info().model() : modelConfig(train);
            VaeModel model = saved != null ? saved.model() : VaeModel.create(config, run.train.seed());
            try {
                VaeTrainer trainer = new VaeTrainer(model, run.train);
                if (saved != null) {
                    ModelStore.restoreTrainer(out, trainer, saved.metrics());
                }
                printHeader(stdout, model, run, train, val, trainer.epochsCompleted());
                ModelInfo.DataInfo dataInfo = new ModelInfo.DataInfo(
                        run.dataSpec, full.name(), full.sha256(), train.size(), run.imageSize, full.classNames(),
                        "pixel / 255, in [0, 1]");
                TrainingListener listener = TrainingListener.all(
                        new TrainingProgress(stdout, stderr, interactive),
                        new CheckpointWriter(out, dataInfo, run.validation, val != null ? val : train));
                try {
                    trainer.fit(train, val, listener);
                } catch (TrainingDivergedException e) {
                    int kept = e.epoch() - 1;
                    stderr.println("vae4j train: " + e.getMessage() + "; training stopped. "
                            + (kept > 0
                                    ? out + " keeps the model of epoch " + kept + "."
                                    : "No epoch completed, so nothing was saved.")
                            + " Try a lower --lr or a smaller --beta, and start again with --force.");
                    return Main.FAILED;
                }
                stdout.println("done: " + out + " holds the model, " + ModelStore.METRICS_FILE + ", "
                        + CheckpointWriter.LOSS_PNG + ", " + CheckpointWriter.SAMPLES_PNG + " and "
                        + CheckpointWriter.RECONSTRUCTIONS_PNG);
                return 0;
            } finally {
                model.close();
            }
        } finally {
            if (saved != null) {
                saved.model().close();
            }
        }
    }

    /** What the run trains on and how; from the options, or from the folder when resuming. */
    private record Run(String dataSpec, Integer imageSize, String validation, TrainConfig train) {}

    private Run freshRun(DataSources sources) throws IOException {
        if (data == null) {
            throw new BadInputException("--data is required: the training data, e.g. --data fashion-mnist");
        }
        if (ModelStore.exists(out)) {
            if (!force) {
                ModelInfo info = ModelStore.readInfo(out);
                int done = info.training() == null ? 0 : info.training().epochsCompleted();
                throw new BadInputException(out + " already holds a model (" + done + " epochs); add --resume to "
                        + "continue it or --force to replace it");
            }
        } else if (Files.exists(out) && !isEmptyDirectory(out)) {
            throw new BadInputException(out + " exists and is not a vae4j model folder; choose another --out");
        }
        TrainConfig train = options(
                () -> new TrainConfig(
                        or(epochs, 10), or(batchSize, 128), or(learningRate, 1e-3), or(seed, 1L)));
        return new Run(
                sources.absolute(data, "--data"), dataOptions.imageSize, resolveValidation(sources, data), train);
    }

    /** Turns --val auto into what it means for this data, so the saved run names its real validation set. */
    private String resolveValidation(DataSources sources, String dataSpec) {
        String v = validation == null ? "auto" : validation.trim();
        if (v.equalsIgnoreCase("auto")) {
            return sources.testPartOf(dataSpec).orElse("0.1");
        }
        if (v.equalsIgnoreCase("none")) {
            return "none";
        }
        if (v.matches("[0-9.eE+-]+")) {
            try {
                return String.valueOf(Double.parseDouble(v));
            } catch (NumberFormatException e) {
                return v; // reported with the expected forms when the split is made
            }
        }
        return sources.absolute(v, "--val");
    }

    private SavedModel openResume() {
        if (!ModelStore.exists(out)) {
            throw new BadInputException(out + ": no model to resume (no " + ModelStore.INFO_FILE
                    + "); start the run without --resume");
        }
        return ModelStore.load(out);
    }

    private Run resumedRun(SavedModel saved, DataSources sources) {
        ModelInfo info = saved.info();
        Path file = out.resolve(ModelStore.INFO_FILE);
        if (info.training() == null || info.data() == null) {
            throw new BadInputException(file + ": no training section, so there is no run to resume");
        }
        TrainConfig was = info.training().settings();
        VaeConfig model = info.model();
        same("--data", data == null ? null : sources.absolute(data, "--data"), info.data().spec());
        same("--image-size", dataOptions.imageSize, info.data().imageSize());
        same("--val", validation == null ? null : resolveValidation(sources, info.data().spec()),
                info.training().validation());
        same("--batch-size", batchSize, was.batchSize());
        same("--lr", learningRate, was.learningRate());
        same("--seed", seed, was.seed());
        same("--hidden", hidden, model.hidden());
        same("--latent", latent, model.latent());
        same("--beta", beta, model.beta());
        same("--likelihood", likelihood == null ? null : likelihood.name(), model.likelihood());
        same("--sigma", sigma, model.sigma());
        TrainConfig train = options(() -> was.withEpochs(or(epochs, was.epochs())));
        return new Run(info.data().spec(), info.data().imageSize(), info.training().validation(), train);
    }

    /** Checks ranges here, so that messages name the option the user typed. */
    private void checkOptionValues() {
        positive("--epochs", epochs);
        positive("--batch-size", batchSize);
        positive("--latent", latent);
        if (hidden != null) {
            for (Integer h : hidden) {
                if (h == null || h <= 0) {
                    throw new BadInputException("--hidden " + hidden + ": expected positive layer sizes, e.g. 400 "
                            + "or 512,256");
                }
            }
        }
        if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new BadInputException("--lr " + learningRate + ": expected a positive number, e.g. 1e-3");
        }
        if (sigma != null && !(sigma > 0 && Double.isFinite(sigma))) {
            throw new BadInputException("--sigma " + sigma + ": expected a positive number, e.g. 0.1");
        }
        if (beta != null && !(beta >= 0 && Double.isFinite(beta))) {
            throw new BadInputException("--beta " + beta + ": expected a number >= 0, e.g. 1 or 4");
        }
    }

    private static void positive(String option, Integer value) {
        if (value != null && value <= 0) {
            throw new BadInputException(option + " " + value + ": expected a whole number >= 1");
        }
    }

    private void same(String option, Object given, Object saved) {
        if (given != null && !given.equals(saved)) {
            throw new BadInputException(option + " " + given + " differs from the run's " + saved + " in "
                    + out.resolve(ModelStore.INFO_FILE) + "; a resumed run keeps its settings (only --epochs "
                    + "may change)");
        }
    }

    private VaeConfig modelConfig(ImageDataset train) {
        return options(() -> new VaeConfig(
                "mlp",
                train.channels(),
                train.height(),
                train.width(),
                hidden == null ? List.of(400) : hidden,
                or(latent, 20),
                likelihood == null ? "bernoulli" : likelihood.name(),
                or(sigma, 0.1),
                or(beta, 1.0)));
    }

    private ImageDataset[] splitValidation(ImageDataset full, Run run, DataSources sources) {
        String v = run.validation.toLowerCase(Locale.ROOT);
        if (v.equals("none")) {
            return new ImageDataset[] {full, null};
        }
        if (v.matches("[0-9.eE+-]+")) {
            double fraction;
            try {
                fraction = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new BadInputException("--val " + run.validation + ": expected auto, none, a fraction such as "
                        + "0.1, or a data specification");
            }
            if (!(fraction > 0 && fraction < 1)) {
                throw new BadInputException("--val " + run.validation + ": a validation fraction must be between 0 "
                        + "and 1");
            }
            return full.split(fraction, run.train.seed());
        }
        return new ImageDataset[] {full, sources.load(run.validation, "--val")};
    }

    private void printHeader(
            PrintWriter stdout, VaeModel model, Run run, ImageDataset train, ImageDataset val, int done) {
        stdout.printf(Locale.ROOT, "model    %s, %,d parameters%n", model.config().describe(), model.parameterCount());
        stdout.printf(Locale.ROOT, "data     %s%n", train);
        stdout.printf(Locale.ROOT, "validate %s%n", val == null ? "none" : val.toString());
        stdout.printf(Locale.ROOT, "train    epochs %d-%d, batch %d, Adam lr %s, seed %d -> %s%n",
                done + 1, run.train.epochs(), run.train.batchSize(), run.train.learningRate(), run.train.seed(), out);
        stdout.flush();
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    /** Turns an invalid option combination found by a config's validation into a one-line usage error. */
    private <T> T options(java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new BadInputException("invalid option: " + e.getMessage());
        }
    }
}
