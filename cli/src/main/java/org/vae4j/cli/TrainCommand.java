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
import org.vae4j.data.Binarization;
import org.vae4j.data.DataSources;
import org.vae4j.data.ImageDataset;
import org.vae4j.io.AtomicFolder;
import org.vae4j.io.CheckpointWriter;
import org.vae4j.io.ModelInfo;
import org.vae4j.io.ModelStore;
import org.vae4j.io.SavedModel;
import org.vae4j.likelihood.Likelihood;
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
            names = "--arch",
            paramLabel = "ARCH",
            description = "mlp (fully connected) or conv (stride-2 convolutions, transposed-convolution decoder) "
                    + "(default: mlp).")
    Architecture arch;

    @Option(
            names = "--channels",
            paramLabel = "LIST",
            split = ",",
            description = "conv: output channels of each stride-2 convolution, comma-separated (default: 32,64).")
    List<Integer> convChannels;

    @Option(names = "--batch-norm", description = "conv: batch normalisation after each convolution.")
    Boolean batchNorm;

    @Option(
            names = "--hidden",
            paramLabel = "SIZES",
            split = ",",
            description = "Dense hidden layer sizes, comma-separated (default: 400 for mlp, 256 for conv).")
    List<Integer> hidden;

    @Option(names = "--latent", paramLabel = "N", description = "Latent size (default: 20).")
    Integer latent;

    @Option(names = "--beta", paramLabel = "B", description = "Weight of the KL term; >1 is a beta-VAE (default: 1).")
    Double beta;

    @Option(
            names = "--likelihood",
            paramLabel = "NAME",
            description = "bernoulli (pixels in [0,1]), gaussian (fixed --sigma), gaussian-global (one learned "
                    + "variance) or gaussian-pixel (a learned variance per pixel) (default: bernoulli).")
    String likelihood;

    @Option(
            names = "--sigma",
            paramLabel = "S",
            description = "gaussian: its standard deviation (default: 0.1); gaussian-global and gaussian-pixel: the "
                    + "smallest one they may learn (default: 0.01).")
    Double sigma;

    @Option(
            names = "--kl-warmup",
            paramLabel = "EPOCHS",
            description = "Raise the KL weight linearly from 0 to beta over this many epochs (default: 0, none).")
    Integer klWarmup;

    @Option(
            names = "--free-bits",
            paramLabel = "NATS",
            description = "Free bits: each latent dimension's KL counts as at least this many nats (default: 0).")
    Double freeBits;

    @Option(
            names = "--lr-schedule",
            paramLabel = "NAME",
            description = "constant, step (times --lr-gamma every --lr-step epochs) or cosine (to 0 over the run) "
                    + "(default: constant).")
    String lrSchedule;

    @Option(names = "--lr-step", paramLabel = "EPOCHS", description = "step schedule: epochs between decays (default: 10).")
    Integer lrStep;

    @Option(names = "--lr-gamma", paramLabel = "G", description = "step schedule: factor of each decay (default: 0.1).")
    Double lrGamma;

    @Option(
            names = "--patience",
            paramLabel = "EPOCHS",
            description = "Stop when the validation loss has not improved for this many epochs, keeping the best "
                    + "epoch's weights (default: 0, train all epochs).")
    Integer patience;

    @Option(
            names = "--binarize",
            paramLabel = "MODE",
            description = "Make pixels 0 or 1 for a Bernoulli likelihood, as in the literature on binarized MNIST: "
                    + "none, dynamic (a fresh draw for every batch), static (one seeded draw) or threshold (> 0.5) "
                    + "(default: none).")
    String binarize;

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

    /** The architectures accepted on the command line. */
    enum Architecture {
        mlp,
        conv
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
            if (saved != null && Boolean.TRUE.equals(saved.info().training().stoppedEarly())) {
                stdout.println(out + " stopped early after epoch " + saved.metrics().size() + " and holds the "
                        + "weights of its best epoch, " + saved.info().training().bestEpoch() + "; nothing to do");
                return 0;
            }
            if (saved != null && saved.metrics().size() >= run.train.epochs()) {
                int done = saved.metrics().size();
                stdout.println(done == run.train.epochs()
                        ? out + " has already completed " + done + " of " + done + " epochs; nothing to do (give a "
                                + "larger --epochs to train further)"
                        : "--epochs " + run.train.epochs() + " is fewer than the " + done + " epochs " + out
                                + " has already completed; nothing to do");
                return 0;
            }
            // The run's own image size and colour conversion, which a resumed run keeps.
            DataSources runSources = new DataSources(sources.options()
                    .withImageSize(run.imageSize)
                    .withChannels(DataOptionsMixin.channels(run.color)));
            ImageDataset full = runSources.load(run.dataSpec, "--data");
            if (saved != null && saved.info().data() != null && saved.info().data().sha256() != null
                    && !Objects.equals(saved.info().data().sha256(), full.sha256())) {
                throw new BadInputException(run.dataSpec + ": the data has changed since the run started (SHA-256 "
                        + full.sha256() + ", the run used " + saved.info().data().sha256()
                        + "); a resumed run needs the same data");
            }
            ImageDataset[] parts = splitValidation(full, run, runSources);
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
                        run.dataSpec, full.name(), full.sha256(), train.size(), run.imageSize, run.color,
                        full.classNames(), "pixel / 255, in [0, 1]");
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
                if (trainer.stoppedEarly()) {
                    stdout.println("stopped early: the validation loss has not improved for " + run.train.patience()
                            + " epochs; the model keeps the weights of epoch " + trainer.bestEpoch());
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
    private record Run(String dataSpec, Integer imageSize, String color, String validation, TrainConfig train) {}

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
        TrainConfig train = options(() -> new TrainConfig(
                or(epochs, 10), or(batchSize, 128), or(learningRate, 1e-3), or(seed, 1L), or(klWarmup, 0),
                or(freeBits, 0.0), or(lrSchedule, "constant"), or(lrStep, 10), or(lrGamma, 0.1), or(patience, 0),
                or(binarize, "none")));
        return new Run(sources.absolute(data, "--data"), dataOptions.imageSize,
                dataOptions.color == null ? null : dataOptions.color.name(), resolveValidation(sources, data), train);
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
        same("--color", dataOptions.color == null ? null : dataOptions.color.name(), info.data().color());
        same("--val", validation == null ? null : resolveValidation(sources, info.data().spec()),
                info.training().validation());
        same("--batch-size", batchSize, was.batchSize());
        same("--lr", learningRate, was.learningRate());
        same("--seed", seed, was.seed());
        same("--hidden", hidden, model.hidden());
        same("--latent", latent, model.latent());
        same("--beta", beta, model.beta());
        same("--arch", arch == null ? null : arch.name(), model.architecture());
        same("--channels", convChannels, model.convChannels());
        same("--batch-norm", batchNorm, model.batchNorm());
        same("--likelihood", likelihood, model.likelihood());
        same("--sigma", sigma, model.sigma());
        same("--kl-warmup", klWarmup, was.klWarmupEpochs());
        same("--free-bits", freeBits, was.freeBits());
        same("--lr-schedule", lrSchedule, was.lrSchedule());
        same("--lr-step", lrStep, was.lrStepEpochs());
        same("--lr-gamma", lrGamma, was.lrGamma());
        same("--patience", patience, was.patience());
        Binarization given = Checks.binarization("--binarize", binarize);
        same("--binarize", given == null ? null : given.label(), was.binarize());
        TrainConfig train = options(() -> was.withEpochs(or(epochs, was.epochs())));
        return new Run(info.data().spec(), info.data().imageSize(), info.data().color(), info.training().validation(),
                train);
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
        if (convChannels != null) {
            for (Integer c : convChannels) {
                if (c == null || c <= 0) {
                    throw new BadInputException("--channels " + convChannels + ": expected positive channel counts, "
                            + "e.g. 32,64");
                }
            }
            if (convChannels.size() > 8) {
                throw new BadInputException("--channels " + convChannels + ": expected at most 8 convolutions");
            }
        }
        if (likelihood != null && !Likelihood.NAMES.contains(likelihood)) {
            throw new BadInputException("--likelihood " + likelihood + ": expected one of "
                    + String.join(", ", Likelihood.NAMES));
        }
        if (lrSchedule != null && !TrainConfig.SCHEDULES.contains(lrSchedule)) {
            throw new BadInputException("--lr-schedule " + lrSchedule + ": expected one of "
                    + String.join(", ", TrainConfig.SCHEDULES));
        }
        positive("--lr-step", lrStep);
        if (lrGamma != null && !(lrGamma > 0 && lrGamma <= 1)) {
            throw new BadInputException("--lr-gamma " + lrGamma + ": expected a factor in (0, 1], e.g. 0.1");
        }
        if (klWarmup != null && klWarmup < 0) {
            throw new BadInputException("--kl-warmup " + klWarmup + ": expected 0 or more epochs");
        }
        if (freeBits != null && !(freeBits >= 0 && Double.isFinite(freeBits))) {
            throw new BadInputException("--free-bits " + freeBits + ": expected 0 or more nats, e.g. 0.5");
        }
        Checks.binarization("--binarize", binarize);
        if (patience != null && patience < 0) {
            throw new BadInputException("--patience " + patience + ": expected 0 (off) or more epochs");
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
        boolean conv = arch == Architecture.conv;
        if (!conv && (convChannels != null || batchNorm != null)) {
            throw new BadInputException((convChannels != null ? "--channels" : "--batch-norm")
                    + " applies to --arch conv only");
        }
        String lik = or(likelihood, "bernoulli");
        if (conv) {
            int layers = or(convChannels, List.of(32, 64)).size();
            int smallest = 1 << layers;
            if (train.height() < smallest || train.width() < smallest) {
                throw new BadInputException(train.name() + ": images of " + train.height() + "x" + train.width()
                        + " are too small for " + layers + " stride-2 convolutions (--channels " + or(convChannels,
                        List.of(32, 64)) + "), expected at least " + smallest + "x" + smallest
                        + "; use fewer --channels or a larger --image-size");
            }
        }
        return options(() -> new VaeConfig(
                conv ? "conv" : "mlp",
                train.channels(),
                train.height(),
                train.width(),
                or(hidden, conv ? List.of(256) : List.of(400)),
                or(latent, 20),
                lik,
                or(sigma, lik.equals("gaussian-global") || lik.equals("gaussian-pixel") ? 0.01 : 0.1),
                or(beta, 1.0),
                conv ? or(convChannels, List.of(32, 64)) : List.of(),
                conv && Boolean.TRUE.equals(batchNorm)));
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
        stdout.printf(Locale.ROOT, "train    epochs %d-%d, batch %d, Adam lr %s, seed %d%s -> %s%n",
                done + 1, run.train.epochs(), run.train.batchSize(), run.train.learningRate(), run.train.seed(),
                run.train.binarize().equals("none") ? "" : ", binarized pixels (" + run.train.binarize() + ")", out);
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
