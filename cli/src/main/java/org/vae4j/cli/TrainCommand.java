package org.vae4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import org.vae4j.BadInputException;
import org.vae4j.Messages;
import org.vae4j.data.CategoricalField;
import org.vae4j.data.DataSources;
import org.vae4j.data.ExampleSet;
import org.vae4j.data.Schema;
import org.vae4j.image.Binarization;
import org.vae4j.image.ImageDataset;
import org.vae4j.data.ImageField;
import org.vae4j.image.ImagePictures;
import org.vae4j.inpaint.CompletionPictures;
import org.vae4j.inpaint.MaskMixture;
import org.vae4j.loss.CompletionObjective;
import org.vae4j.io.AtomicFolder;
import org.vae4j.io.CheckpointWriter;
import org.vae4j.io.FolderLock;
import org.vae4j.io.ModelFolder;
import org.vae4j.io.ModelInfo;
import org.vae4j.io.ModelStore;
import org.vae4j.likelihood.Likelihood;
import org.vae4j.model.CompletionFamily;
import org.vae4j.model.CompletionSpec;
import org.vae4j.model.ElboSpec;
import org.vae4j.model.ObjectiveSpec;
import org.vae4j.model.LatentModel;
import org.vae4j.model.ModelDefinition;
import org.vae4j.model.ModelSpec;
import org.vae4j.model.VaeFamily;
import org.vae4j.model.LanguageModelFamily;
import org.vae4j.model.LmSpec;
import org.vae4j.data.TokenSequenceField;
import org.vae4j.table.TableCodec;
import org.vae4j.table.TableReader;
import org.vae4j.text.TextOptions;
import org.vae4j.text.TextPictures;
import java.util.Optional;
import org.vae4j.train.TrainConfig;
import org.vae4j.train.Trainer;
import org.vae4j.train.TrainingDivergedException;
import org.vae4j.train.TrainingListener;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vae4j train}: trains a model and keeps its folder (model, metrics, pictures) up to date after every epoch. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = {
            "Train a model. The defaults are the classic PyTorch VAE example: MLP 784-400-20 with ReLU, Bernoulli "
                    + "likelihood, Adam at 1e-3, batch 128.",
            "After every epoch the output folder is replaced atomically with the model, metrics.csv, loss.png, "
                    + "samples.png and reconstructions.png; a killed run continues with --resume."
        })
final class TrainCommand implements Callable<Integer> {
    /** The options a resumed run may give: everything else is the run's and may only be repeated unchanged. */
    private static final List<String> RESUMABLE = List.of(
            "--out", "--resume", "--epochs", "--no-progress", "--data-dir", "--no-download", "--verbose");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "SPEC",
            description = "Training data: fashion-mnist[:train|:test], mnist[:train|:test], idx:IMAGES[,LABELS], "
                    + "folder:DIR, text:FILE (one sentence per line, or label<TAB>text), smiles:FILE (one molecule "
                    + "per line) or csv:FILE (a table with a header row). Required unless --resume.")
    String data;

    /** A resumed table run's settings, which it keeps. */
    private ModelInfo.TableInfo resumedTable;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The run's model folder.")
    Path out;

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    /** Either continue the run in --out or replace it. */
    static final class Mode {
        @Option(names = "--resume", description = "Continue the run in --out from its last completed epoch.")
        boolean resume;

        @Option(names = "--force", description = "Replace a model already in --out (kept until epoch 1 is done).")
        boolean force;
    }

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", converter = Converters.Positive.class,
            description = "Total epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "128", converter = Converters.Positive.class,
            description = "Examples per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "1e-3", converter = Converters.PositiveNumber.class,
            description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of every random step "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--family", paramLabel = "NAME", defaultValue = VaeFamily.NAME,
            converter = Converters.FamilyName.class,
            description = "The kind of model and its objective: vae; lm (text: the sequence decoder without z, a "
                    + "plain language model, the baseline of a sequence VAE); or with --complete the completion model "
                    + "complete (a conditional VAE of the missing pixels given the observed ones) or its "
                    + "deterministic baseline (default: ${DEFAULT-VALUE}; complete with --complete).")
    String family;

    @Option(names = "--complete", paramLabel = "MASKS",
            description = "Train a completion model that fills the missing pixels of these masks: one mask or a "
                    + "comma-separated mixture, one drawn per example, e.g. quadrant:1,quadrant:2,quadrant:3,"
                    + "random:0.5 (the kinds of vae4j inpaint --mask, without file:).")
    String complete;

    @Option(names = "--arch", paramLabel = "ARCH", converter = Converters.ArchitectureName.class,
            description = "Its networks: mlp (fully connected), conv (stride-2 convolutions, transposed-convolution "
                    + "decoder) or gru (token sequences: embedding, GRU encoder, GRU decoder) (default: mlp; gru for "
                    + "text: and smiles: data).")
    String arch;

    @Option(names = "--condition", paramLabel = "FIELD",
            description = "Condition the model on the data's class labels: label (a conditional VAE, q(z|x,y) and "
                    + "p(x|z,y)). Default: unconditional.")
    String condition;

    @Option(names = "--channels", paramLabel = "LIST", split = ",", converter = Converters.LayerSize.class,
            description = "conv: output channels of each stride-2 convolution, comma-separated (default: 32,64).")
    List<Integer> convChannels;

    @Option(names = "--batch-norm", description = "conv: batch normalisation after each convolution.")
    boolean batchNorm;

    @Option(names = "--hidden", paramLabel = "SIZES", split = ",", converter = Converters.LayerSize.class,
            description = "Dense hidden layer sizes, comma-separated (default: 400 for mlp, 256 for conv); for gru "
                    + "EMBEDDING,STATE (default: 300,256, Sentence-VAE's).")
    List<Integer> hidden;

    @Option(names = "--latent", paramLabel = "N", defaultValue = "20", converter = Converters.Positive.class,
            description = "Latent size (default: ${DEFAULT-VALUE}; 16 for text: and smiles: data).")
    int latent;

    @Option(names = "--beta", paramLabel = "B", defaultValue = "1", converter = Converters.NonNegativeNumber.class,
            description = "Weight of the KL term; >1 is a beta-VAE (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--likelihood", paramLabel = "NAME", converter = Converters.LikelihoodName.class,
            description = "bernoulli (pixels in [0,1]), gaussian (fixed --sigma), gaussian-global (one learned "
                    + "variance), gaussian-pixel (a learned variance per pixel) or categorical (tokens) (default: "
                    + "bernoulli; categorical for text: and smiles: data).")
    String likelihood;

    @Option(names = "--sigma", paramLabel = "S", converter = Converters.PositiveNumber.class,
            description = "gaussian: its standard deviation (default: 0.1); gaussian-global and gaussian-pixel: the "
                    + "smallest one they may learn (default: 0.01).")
    Double sigma;

    @Option(names = "--kl-warmup", paramLabel = "EPOCHS", defaultValue = "0", converter = Converters.NonNegative.class,
            description = "Raise the KL weight from 0 to beta over this many epochs, step by step, in the shape of "
                    + "--kl-anneal (default: ${DEFAULT-VALUE}, none).")
    int klWarmup;

    @Option(names = "--kl-anneal", paramLabel = "SHAPE", defaultValue = "linear",
            description = "The shape of the KL warm-up: linear, logistic (Bowman et al. 2016's sigmoid) or cyclical "
                    + "(Fu et al. 2019: cycles of --kl-warmup epochs through the run, each rising over its first half) "
                    + "(default: ${DEFAULT-VALUE}).")
    String klAnneal;

    @Option(names = "--word-dropout", paramLabel = "P", defaultValue = "0",
            converter = Converters.NonNegativeNumber.class,
            description = "gru: replace each input token of the decoder by <unk> with this probability in training, "
                    + "so it must rely on z (Bowman et al. 2016) (default: ${DEFAULT-VALUE}).")
    double wordDropout;

    @Option(names = "--columns", paramLabel = "NAME:KIND", split = ",",
            description = "csv: data: column kinds that override the inference, e.g. age:numeric,code:categorical "
                    + "(inferred: numeric, or categorical for text and for at most 10 distinct whole numbers).")
    List<String> columns;

    @Option(names = "--drop", paramLabel = "COLS", split = ",",
            description = "csv: data: columns to leave out, comma-separated (an id, a constant column).")
    List<String> drop;

    @Option(names = "--normalise", paramLabel = "HOW", defaultValue = "standard",
            description = "csv: data: numeric columns standardised (training mean and sd), or modes: TVAE's "
                    + "mode-specific normalisation, a Gaussian mixture per column, each value as its mode and its "
                    + "offset within it (default: ${DEFAULT-VALUE}).")
    Normalise normalise;

    /** How numeric columns are coded. */
    enum Normalise {
        standard,
        modes
    }

    @Option(names = "--tokens", paramLabel = "KIND",
            description = "text: and smiles: data: word (lower-cased words, punctuation split off), char or smiles "
                    + "(atoms such as Cl, [nH] and ring numbers %10 as single tokens) (default: word for text:, "
                    + "smiles for smiles:).")
    String tokens;

    @Option(names = "--keep-case", description = "word tokens: keep upper-case letters.")
    boolean keepCase;

    @Option(names = "--max-length", paramLabel = "N",
            description = "text: and smiles: data: the most tokens a sequence keeps; longer ones are cut and counted "
                    + "(default: 60 words, 200 characters or SMILES tokens).")
    Integer maxLength;

    @Option(names = "--min-count", paramLabel = "C", defaultValue = "1",
            description = "text: and smiles: data: a token enters the vocabulary when it occurs at least C times in "
                    + "the training data; rarer ones become <unk> (default: ${DEFAULT-VALUE}).")
    int minCount;

    @Option(names = "--free-bits", paramLabel = "NATS", defaultValue = "0",
            converter = Converters.NonNegativeNumber.class,
            description = "Free bits: each latent dimension's KL counts as at least this many nats (default: "
                    + "${DEFAULT-VALUE}).")
    double freeBits;

    @Option(names = "--lr-schedule", paramLabel = "NAME", defaultValue = "constant",
            description = "constant, step (times --lr-gamma every --lr-step epochs) or cosine (from --lr at epoch 1 "
                    + "down to 0 at the end of the run) (default: ${DEFAULT-VALUE}).")
    Schedule lrSchedule;

    @Option(names = "--lr-step", paramLabel = "EPOCHS", defaultValue = "10", converter = Converters.Positive.class,
            description = "step schedule: epochs between decays (default: ${DEFAULT-VALUE}).")
    int lrStep;

    @Option(names = "--lr-gamma", paramLabel = "G", defaultValue = "0.1", converter = Converters.Factor.class,
            description = "step schedule: factor of each decay (default: ${DEFAULT-VALUE}).")
    double lrGamma;

    @Option(names = "--patience", paramLabel = "EPOCHS", defaultValue = "0", converter = Converters.NonNegative.class,
            description = "Stop when the validation loss has not improved for this many epochs, keeping the best "
                    + "epoch's weights (default: ${DEFAULT-VALUE}, train all epochs).")
    int patience;

    @Option(names = "--binarize", paramLabel = "MODE", defaultValue = "none",
            description = "Make pixels 0 or 1 for a Bernoulli likelihood, as in the literature on binarized MNIST: "
                    + "none, dynamic (a fresh draw for every batch), static (one seeded draw) or threshold (> 0.5) "
                    + "(default: ${DEFAULT-VALUE}).")
    Binarization binarize;

    @Option(names = "--val", paramLabel = "VAL", defaultValue = "auto",
            description = "Validation set: auto (the dataset's test part if it has one, else 0.1), none, a "
                    + "fraction of the training data such as 0.1, or a data specification (default: "
                    + "${DEFAULT-VALUE}).")
    String validation;

    @Option(names = "--no-progress", description = "No progress bars, only one line per epoch.")
    boolean noProgress;

    @Mixin
    DataOptionsMixin dataOptions;

    /** The learning-rate schedules on the command line. */
    enum Schedule {
        constant,
        step,
        cosine
    }

    /**
     * A setting of the run that an option gives, and where a resumed run finds it in the folder.
     *
     * @param option the option
     * @param saved the value the run was started with
     */
    private record Setting(String option, Function<RunSettings, Object> saved) {}

    /** Every option a resumed run may repeat but not change, with the run's value. */
    private static final List<Setting> SETTINGS = List.of(
            new Setting("--data", r -> r.dataSpec),
            new Setting("--image-size", r -> r.imageSize),
            new Setting("--color", r -> r.color),
            new Setting("--val", r -> r.validation),
            new Setting("--batch-size", r -> r.train.batchSize()),
            new Setting("--lr", r -> r.train.learningRate()),
            new Setting("--seed", r -> r.train.seed()),
            new Setting("--family", r -> r.definition.family()),
            new Setting("--arch", r -> r.definition.model().arch()),
            new Setting("--condition", r -> r.definition.schema().conditionField().map(CategoricalField::name)
                    .orElse(null)),
            new Setting("--channels", r -> r.definition.model().convChannels()),
            new Setting("--batch-norm", r -> r.definition.model().batchNorm()),
            new Setting("--hidden", r -> r.definition.model().hidden()),
            new Setting("--latent", r -> r.definition.model().latent()),
            new Setting("--complete", r -> r.definition.objective() instanceof CompletionSpec c ? c.masks() : null),
            new Setting("--beta", r -> r.definition.objective() instanceof ElboSpec e ? e.beta()
                    : r.definition.objective() instanceof CompletionSpec c ? c.beta() : null),
            new Setting("--likelihood", r -> r.definition.model().likelihood()),
            new Setting("--sigma", r -> r.definition.model().sigma()),
            new Setting("--kl-warmup", r -> r.train.klWarmupEpochs()),
            new Setting("--kl-anneal", r -> r.train.klSchedule()),
            new Setting("--word-dropout", r -> r.definition.objective() instanceof ElboSpec e ? e.wordDropout()
                    : r.definition.objective() instanceof LmSpec l ? l.wordDropout() : null),
            new Setting("--tokens", r -> r.definition.schema().tokens().map(TokenSequenceField::tokenizer)
                    .orElse(null)),
            new Setting("--keep-case", r -> r.definition.schema().tokens().map(TokenSequenceField::keepCase)
                    .orElse(false)),
            new Setting("--max-length", r -> r.definition.schema().tokens().map(TokenSequenceField::maxLength)
                    .orElse(null)),
            new Setting("--free-bits", r -> r.train.freeBits()),
            new Setting("--lr-schedule", r -> r.train.lrSchedule()),
            new Setting("--lr-step", r -> r.train.lrStepEpochs()),
            new Setting("--lr-gamma", r -> r.train.lrGamma()),
            new Setting("--patience", r -> r.train.patience()),
            new Setting("--binarize", r -> r.train.binarize()));

    /**
     * What the run trains on and how; from the options, or from the folder when resuming.
     *
     * @param dataSpec the training data, with absolute paths
     * @param imageSize the resize, or {@code null}
     * @param color the colour conversion, or {@code null}
     * @param validation the validation set as resolved ({@code none}, a fraction, or a data specification)
     * @param definition the model; for a fresh run its schema is completed from the data
     * @param train the training settings
     */
    private record RunSettings(String dataSpec, Integer imageSize, String color, String validation,
            ModelDefinition definition, TrainConfig train) {}

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        boolean interactive = !noProgress && Progress.interactive();
        AtomicFolder.finishWritesOnShutdown();
        DataSources base = dataOptions.sources(stderr, interactive);
        DataSources sources = new DataSources(base.options(), options(() -> new TextOptions(tokens, keepCase,
                maxLength, minCount)), new TableReader.Options(columnKinds(), drop, dataOptions.label,
                dataOptions.na, normalise == Normalise.modes), note -> {
                    stdout.println("note     " + note);
                    stdout.flush();
                });
        FolderLock ownerLock;
        try {
            ownerLock = FolderLock.owner(out);
        } catch (IOException e) {
            throw new BadInputException("--out " + out + ": cannot write a model folder there ("
                    + Messages.firstLine(e.getMessage()) + ")", e);
        }
        try (FolderLock owner = ownerLock) {
            if (owner == null) {
                throw new BadInputException(out + " is being written by another vae4j train right now; wait for it "
                        + "to finish or stop it before starting or resuming a run there");
            }
            // Only the writer finishes or undoes a swap another run left interrupted.
            AtomicFolder.recover(out);
            return mode.resume ? resume(sources, stdout, stderr, interactive) : fresh(sources, stdout, stderr,
                    interactive);
        }
    }

    private int fresh(DataSources sources, PrintWriter stdout, PrintWriter stderr, boolean interactive)
            throws IOException {
        if (data == null) {
            throw new BadInputException("--data is required: the training data, e.g. --data fashion-mnist");
        }
        if (ModelStore.exists(out)) {
            if (!mode.force) {
                ModelInfo info = ModelStore.readInfo(out);
                int done = info.training() == null ? 0 : info.training().epochsCompleted();
                throw new BadInputException(out + " already holds a model (" + done + " epochs); add --resume to "
                        + "continue it or --force to replace it");
            }
        } else if (Files.exists(out) && !isEmptyDirectory(out)) {
            throw new BadInputException(out + " exists and is not a vae4j model folder; choose another --out");
        }
        boolean text = DataSources.isText(data);
        if (!text) {
            for (String o : List.of("--tokens", "--keep-case", "--max-length", "--min-count")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                    throw new BadInputException(o + " applies to text:FILE and smiles:FILE data, not " + data);
                }
            }
        }
        if (!DataSources.isTable(data)) {
            for (String o : List.of("--columns", "--drop", "--label", "--na", "--normalise")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                    throw new BadInputException(o + " applies to csv:FILE data, not " + data);
                }
            }
        }
        if (klWarmup == 0 && spec.commandLine().getParseResult().hasMatchedOption("--kl-anneal")) {
            throw new BadInputException("--kl-anneal " + klAnneal + " shapes the KL warm-up; give its length with "
                    + "--kl-warmup EPOCHS");
        }
        TrainConfig train = options(() -> new TrainConfig(epochs, batchSize, learningRate, seed, klWarmup, freeBits,
                lrSchedule.name(), lrStep, lrGamma, patience, binarize.label(), klAnneal));
        RunSettings run = new RunSettings(sources.absolute(data, "--data"), dataOptions.imageSize,
                dataOptions.color == null ? null : dataOptions.color.name(), resolveValidation(sources, data), null,
                train);
        Loaded loaded = loadData(run, sources, null);
        ModelDefinition definition = definition(loaded.train);
        try (LatentModel model = LatentModel.create(definition, seed);
                Trainer trainer = new Trainer(model, train)) {
            return fit(new RunSettings(run.dataSpec, run.imageSize, run.color, run.validation, definition, train),
                    loaded, trainer, stdout, stderr, interactive);
        }
    }

    private int resume(DataSources sources, PrintWriter stdout, PrintWriter stderr, boolean interactive)
            throws IOException {
        if (!ModelStore.exists(out)) {
            throw new BadInputException(out + ": no model to resume (no " + ModelStore.INFO_FILE
                    + "); start the run without --resume");
        }
        try (ModelFolder saved = ModelStore.load(out)) {
            ModelInfo info = saved.info();
            Path file = out.resolve(ModelStore.INFO_FILE);
            if (info.training() == null || info.data() == null) {
                throw new BadInputException(file + ": no training section, so there is no run to resume");
            }
            TrainConfig was = info.training().settings();
            RunSettings savedRun = new RunSettings(info.data().spec(), info.data().imageSize(), info.data().color(),
                    info.training().validation(), info.definition(), was);
            checkUnchanged(savedRun, sources);
            // a table is read again with the run's label column and missing markers
            resumedTable = info.data().table();
            if (resumedTable != null) {
                sources = sources.withTable(new TableReader.Options(null, null, resumedTable.label(),
                        resumedTable.na()));
            }
            if (info.training().stoppedEarly()) {
                stdout.println(out + " stopped early after epoch " + saved.metrics().size() + " and holds the "
                        + "weights of its best epoch, " + info.training().bestEpoch() + "; nothing to do");
                return 0;
            }
            // Without --epochs a resumed run goes on to the epochs it was started with.
            int epochs = spec.commandLine().getParseResult().hasMatchedOption("--epochs") ? this.epochs : was.epochs();
            int done = saved.metrics().size();
            if (done >= epochs) {
                stdout.println(done == epochs
                        ? out + " has already completed " + done + " of " + done + " epochs; nothing to do (give a "
                                + "larger --epochs to train further)"
                        : "--epochs " + epochs + " is fewer than the " + done + " epochs " + out
                                + " has already completed; nothing to do");
                return 0;
            }
            was.resumeConflict(epochs).ifPresent(reason -> {
                throw new BadInputException("--epochs " + epochs + ": " + out + ": " + reason);
            });
            TrainConfig train = options(() -> was.withEpochs(epochs));
            RunSettings run = new RunSettings(savedRun.dataSpec, savedRun.imageSize, savedRun.color, savedRun.validation,
                    savedRun.definition, train);
            Loaded loaded = loadData(run, sources, info.data().sha256());
            try (Trainer trainer = new Trainer(saved.model(), train)) {
                ModelStore.restoreTrainer(out, trainer, saved.metrics());
                return fit(run, loaded, trainer, stdout, stderr, interactive);
            }
        }
    }

    /** A resumed run keeps its settings: an option that is given must repeat the run's value. */
    private void checkUnchanged(RunSettings saved, DataSources sources) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (Setting s : SETTINGS) {
            if (!parsed.hasMatchedOption(s.option)) {
                continue;
            }
            Object given = given(s.option, sources, saved);
            Object was = s.saved.apply(saved);
            if (!Objects.equals(normalise(given), normalise(was))) {
                throw new BadInputException(s.option + " " + display(given) + " differs from the run's "
                        + display(was) + " in " + out.resolve(ModelStore.INFO_FILE) + "; a resumed run keeps its "
                        + "settings (only --epochs may change)");
            }
        }
        for (CommandLine.Model.OptionSpec o : parsed.matchedOptions()) {
            String name = o.longestName();
            if (!RESUMABLE.contains(name) && SETTINGS.stream().noneMatch(s -> s.option.equals(name))) {
                throw new BadInputException(name + " does not apply to a resumed run, which keeps its settings");
            }
        }
    }

    private Object given(String option, DataSources sources, RunSettings saved) {
        Object value = spec.findOption(option).getValue();
        return switch (option) {
            case "--data" -> sources.absolute(data, "--data");
            case "--val" -> resolveValidation(sources, saved.dataSpec);
            case "--color" -> dataOptions.color == null ? null : dataOptions.color.name();
            case "--lr-schedule" -> lrSchedule.name();
            case "--kl-anneal" -> klAnneal.toLowerCase(Locale.ROOT);
            case "--tokens" -> tokens.toLowerCase(Locale.ROOT);
            case "--binarize" -> binarize.label();
            case "--complete" -> MaskMixture.parse(complete, "--complete").toString();
            default -> value;
        };
    }

    private static Object normalise(Object v) {
        if (v instanceof Number n && !(v instanceof Double)) {
            return n instanceof Integer || n instanceof Long ? (Object) n.longValue() : (Object) n.doubleValue();
        }
        return v;
    }

    private static String display(Object v) {
        if (v instanceof List<?> list) {
            return list.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("");
        }
        return String.valueOf(v);
    }

    /** The data of a run, split for validation, checked against the saved hash when resuming. */
    private record Loaded(ExampleSet full, ExampleSet train, ExampleSet validation) {}

    private Loaded loadData(RunSettings run, DataSources sources, String savedSha) {
        // The run's own image size and colour conversion, which a resumed run keeps.
        DataSources runSources = sources.withOptions(sources.options()
                .withImageSize(run.imageSize)
                .withChannels(DataOptionsMixin.channels(run.color)));
        String v = run.validation.toLowerCase(Locale.ROOT);
        Double fraction = null;
        if (v.matches("[0-9.eE+-]+")) {
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
        }
        if (run.definition == null && fraction != null) {
            // a fresh run's text vocabulary comes from the training part only
            ExampleSet[] parts = runSources.loadHeldOut(run.dataSpec, "--data", fraction, run.train.seed());
            return new Loaded(parts[0], parts[1], parts[2]);
        }
        // a fresh run builds a text vocabulary from its data; a resumed one reads the data with the model's
        ExampleSet full = run.definition == null ? runSources.load(run.dataSpec, "--data")
                : runSources.loadFor(run.dataSpec, "--data", run.definition.schema());
        String sha = sha256(full, runSources, run.dataSpec);
        if (savedSha != null && !Objects.equals(savedSha, sha)) {
            throw new BadInputException(run.dataSpec + ": the data has changed since the run started (SHA-256 "
                    + sha + ", the run used " + savedSha + "); a resumed run needs the same data");
        }
        if (v.equals("none")) {
            return new Loaded(full, full, null);
        }
        if (fraction != null) {
            ExampleSet[] parts = full.split(fraction, run.train.seed());
            return new Loaded(full, parts[0], parts[1]);
        }
        return new Loaded(full, full, runSources.loadFor(run.validation, "--val", full.schema()));
    }

    private int fit(RunSettings run, Loaded loaded, Trainer trainer, PrintWriter stdout, PrintWriter stderr,
            boolean interactive) {
        LatentModel model = trainer.model();
        printHeader(stdout, model, run, loaded, trainer.epochsCompleted());
        ExampleSet full = loaded.full;
        Optional<TokenSequenceField> tokenField = full.schema().tokens();
        boolean table = TableCodec.isTable(model.schema());
        ModelInfo.DataInfo dataInfo = new ModelInfo.DataInfo(
                run.dataSpec, full.name(), sha256(full, new DataSources(), run.dataSpec), loaded.train.size(), run.imageSize,
                run.color, full.classNames(), tokenField.map(f -> "token ids of a vocabulary of "
                        + f.vocabulary().size() + " (" + f.tokenizer() + " tokens, at most " + f.maxLength()
                        + " per sequence)").orElse(table ? "numeric columns " + (model.schema().inputs().stream()
                                .anyMatch(f -> f instanceof org.vae4j.data.ModeNumericField) ? "by modes (a Gaussian "
                                + "mixture each; standardised where one mode fits)" : "standardised with the "
                                + "training mean and sd") + ", categorical columns one-hot"
                                : "pixel / 255, in [0, 1]"),
                !table ? null : resumedTable != null ? resumedTable
                        : new ModelInfo.TableInfo(tableLabel(run, full), dataOptions.na == null ? List.of()
                                : dataOptions.na));
        List<CheckpointWriter.Pictures> pictures = new ArrayList<>();
        ExampleSet shown = loaded.validation != null ? loaded.validation : loaded.train;
        if (shown instanceof ImageDataset images) {
            pictures.add(model.objective() instanceof CompletionObjective ? new CompletionPictures(images)
                    : new ImagePictures(images));
        } else if (tokenField.isPresent()) {
            pictures.add(new TextPictures(shown));
        }
        TrainingListener listener = TrainingListener.all(
                new TrainingProgress(stdout, stderr, interactive),
                new CheckpointWriter(out, dataInfo, run.validation, pictures));
        try {
            trainer.fit(loaded.train, loaded.validation, listener);
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
        List<String> files = new ArrayList<>(List.of(ModelStore.METRICS_FILE, CheckpointWriter.LOSS_PNG));
        pictures.forEach(p -> files.addAll(p.files()));
        stdout.println("done: " + out + " holds the model, " + String.join(", ", files.subList(0, files.size() - 1))
                + " and " + files.get(files.size() - 1));
        return 0;
    }

    private static String sha256(ExampleSet data, DataSources sources, String spec) {
        return data instanceof ImageDataset images ? images.sha256() : sources.fileSha256(spec).orElse(null);
    }

    /** Turns --val auto into what it means for this data, so the saved run names its real validation set. */
    private String resolveValidation(DataSources sources, String dataSpec) {
        String v = validation.trim();
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

    /** The model a fresh run builds, its schema taken from the training data. */
    private ModelDefinition definition(ExampleSet train) {
        boolean sequences = train.schema().tokens().isPresent();
        boolean table = TableCodec.isTable(train.schema());
        String arch = this.arch != null ? this.arch : sequences ? "gru" : "mlp";
        String likelihood = this.likelihood != null ? this.likelihood : sequences ? "categorical"
                : table ? "tabular" : "bernoulli";
        if (table != likelihood.equals("tabular")) {
            throw new BadInputException("--likelihood " + likelihood + ": " + (table ? "a table's columns need the "
                    + "tabular likelihood (a Gaussian per numeric column, a categorical per categorical one)"
                    : "tabular models csv: tables; the data is " + train.schema().describeInputs()));
        }
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        int latent = given.hasMatchedOption("--latent") ? this.latent : sequences ? 16
                : table ? tableLatent(train.schema().inputSize()) : this.latent;
        boolean conv = arch.equals("conv");
        if (!conv && (convChannels != null || batchNorm)) {
            throw new BadInputException((convChannels != null ? "--channels" : "--batch-norm")
                    + " applies to --arch conv only");
        }
        Schema schema = train.schema();
        Schema model = schema.withCondition(null);
        if (condition != null) {
            if (!condition.equals("label")) {
                throw new BadInputException("--condition " + condition + ": expected label, the class labels of the "
                        + "data (the only condition this version knows)");
            }
            CategoricalField labels = schema.conditionField().orElseThrow(() -> new BadInputException(
                    "--condition label: " + train.name() + " has no labels to condition on (give idx:IMAGES,LABELS, "
                            + "a folder with one subfolder per class, or --label COL for csv:)"));
            model = schema.withCondition(labels);
        }
        List<Integer> channels = conv ? (convChannels == null ? List.of(32, 64) : convChannels) : List.of();
        if (conv && channels.size() > 8) {
            throw new BadInputException("--channels " + display(channels) + ": expected at most 8 convolutions");
        }
        List<Integer> layers = hidden != null ? hidden : conv ? List.of(256) : arch.equals("gru") ? List.of(300, 256)
                : table ? TABLE_HIDDEN : List.of(400);
        ModelSpec modelSpec = options(() -> new ModelSpec(arch, layers, latent, channels, conv && batchNorm,
                likelihood, sigma != null ? sigma : Likelihood.defaultSigma(likelihood)));
        Schema finalSchema = model;
        String familyName = family;
        ObjectiveSpec objective = options(() -> new ElboSpec(beta, wordDropout));
        if (family.equals(LanguageModelFamily.NAME)) {
            for (String o : List.of("--latent", "--beta", "--kl-warmup", "--kl-anneal", "--free-bits", "--complete",
                    "--condition")) {
                if (given.hasMatchedOption(o)) {
                    throw new BadInputException(o + " applies to models with a latent space; --family lm has none");
                }
            }
            if (!sequences) {
                throw new BadInputException("--family lm models token sequences; give text:FILE or smiles:FILE data");
            }
            objective = options(() -> new LmSpec(wordDropout));
        }
        if (complete != null) {
            if (condition != null) {
                throw new BadInputException("--condition applies to the vae family; a completion model (--complete) "
                        + "conditions on the observed pixels");
            }
            CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
            if (family.equals(VaeFamily.NAME) && parsed.hasMatchedOption("--family")) {
                throw new BadInputException("--family vae trains on whole images; with --complete give --family "
                        + "complete (the default) or baseline");
            }
            if (family.equals(CompletionFamily.BASELINE)) {
                for (String o : List.of("--latent", "--beta", "--kl-warmup", "--free-bits")) {
                    if (parsed.hasMatchedOption(o)) {
                        throw new BadInputException(o + " applies to models with a latent space; --family baseline "
                                + "has none");
                    }
                }
            }
            if (family.equals(VaeFamily.NAME)) {
                familyName = CompletionFamily.NAME;
            } else if (!family.equals(CompletionFamily.NAME) && !family.equals(CompletionFamily.BASELINE)) {
                throw new BadInputException("--family " + family + ": --complete trains the family complete or "
                        + "baseline");
            }
            MaskMixture masks = MaskMixture.parse(complete, "--complete");
            ImageField image = schema.requireImage("--complete");
            masks.check(image.height(), image.width());
            objective = new CompletionSpec(masks.toString(), beta);
        } else if (family.equals(CompletionFamily.NAME) || family.equals(CompletionFamily.BASELINE)) {
            throw new BadInputException("--family " + family + " needs --complete MASKS, the masks it learns to "
                    + "fill, e.g. --complete quadrant:1");
        }
        try {
            return new ModelDefinition(familyName, finalSchema, modelSpec, objective);
        } catch (IllegalArgumentException e) { // the architecture's own check, e.g. images too small for the layers
            throw new BadInputException(train.name() + ": " + e.getMessage()
                    + (conv ? " (--arch conv --channels " + display(channels) + ")" : ""));
        }
    }

    /** The hidden layers of a table's MLP unless --hidden is given. */
    static final List<Integer> TABLE_HIDDEN = List.of(128, 128);

    /**
     * The latent size of a table's model unless --latent is given: half the coded row's values, at least 2 and at
     * most 16, so the code compresses the row.
     */
    static int tableLatent(int width) {
        return Math.max(2, Math.min(16, width / 2));
    }

    /** The column kinds given with --columns, checked for the NAME:KIND form. */
    private java.util.Map<String, String> columnKinds() {
        if (columns == null) {
            return null;
        }
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String c : columns) {
            int colon = c.lastIndexOf(':');
            if (colon <= 0 || colon == c.length() - 1) {
                throw new BadInputException("--columns " + c + ": expected NAME:KIND, e.g. age:numeric or "
                        + "code:categorical");
            }
            out.put(c.substring(0, colon).strip(), c.substring(colon + 1).strip());
        }
        return out;
    }

    private String tableLabel(RunSettings run, ExampleSet full) {
        if (run.definition.schema().conditional()) {
            return run.definition.schema().condition().name();
        }
        return full.schema().conditionField().map(CategoricalField::name).orElse(null);
    }

    private void printHeader(PrintWriter stdout, LatentModel model, RunSettings run, Loaded loaded, int done) {
        stdout.printf(Locale.ROOT, "model    %s, %,d parameters%n", model.describe(), model.parameterCount());
        stdout.printf(Locale.ROOT, "data     %s%n", loaded.train);
        stdout.printf(Locale.ROOT, "validate %s%n", loaded.validation == null ? "none" : loaded.validation.toString());
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

    /** Turns an invalid option combination found by a record's validation into a one-line usage error. */
    private static <T> T options(java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new BadInputException("invalid option: " + e.getMessage());
        }
    }
}
