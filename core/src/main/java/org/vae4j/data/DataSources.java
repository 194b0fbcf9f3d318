package org.vae4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.Optional;
import java.util.stream.Collectors;
import org.vae4j.BadInputException;
import org.vae4j.data.NamedDataset.Split;
import org.vae4j.image.IdxReader;
import org.vae4j.image.ImageDataset;
import org.vae4j.image.ImageFolderReader;
import org.vae4j.image.Images;
import org.vae4j.table.Table;
import org.vae4j.table.TableCodec;
import org.vae4j.table.TableReader;
import org.vae4j.text.TextCorpus;
import org.vae4j.text.TextOptions;
import org.vae4j.text.TokenData;
import org.vae4j.text.Tokenizer;

/**
 * Turns a data specification into a dataset. This is the entry point the command line uses for {@code --data}.
 *
 * <p>Specifications:
 *
 * <ul>
 *   <li>{@code fashion-mnist}, {@code fashion-mnist:train}, {@code fashion-mnist:test}, and the same for
 *       {@code mnist} (or any other dataset in {@link DataOptions#datasets()}): a named dataset, the training part
 *       by default; see {@link NamedDatasetLoader};
 *   <li>{@code idx:IMAGES} or {@code idx:IMAGES,LABELS}: IDX files, raw or gzip; see {@link IdxReader};
 *   <li>{@code folder:DIR}: PNG and JPEG images, one subfolder per class; see {@link ImageFolderReader};
 *   <li>{@code text:FILE} and {@code smiles:FILE}: token sequences, one per line; see {@link TextCorpus};
 *   <li>{@code csv:FILE}: a table with a header row, numeric and categorical columns and missing cells; see
 *       {@link TableReader} and {@link TableCodec}.
 * </ul>
 *
 * <p>The dataset is named after the specification as given. When {@link DataOptions#imageSize()} is set, images of
 * every source are resized to that width and height; when {@link DataOptions#channels()} is set, they are converted to
 * gray or RGB.
 */
public final class DataSources {
    private final DataOptions options;
    private final NamedDatasetLoader loader;
    private final TextOptions text;
    private final TableReader.Options table;
    private final Consumer<String> notices;

    /** Creates a data source with {@link DataOptions#defaults()}. */
    public DataSources() {
        this(DataOptions.defaults());
    }

    /**
     * Creates a data source that reads training text with given settings.
     *
     * @param options folders, download permission and listener, image size
     * @param text how a fresh training run tokenizes text
     * @param notices receives one-line notes about the data read, such as the number of lines cut
     */
    public DataSources(DataOptions options, TextOptions text, Consumer<String> notices) {
        this(options, text, TableReader.Options.defaults(), notices);
    }

    /**
     * Creates a data source that reads text and tables with given settings.
     *
     * @param options folders, download permission and listener, image size
     * @param text how a fresh training run tokenizes text
     * @param table how tables are read: kinds, dropped columns, the label column, missing markers; reading a table
     *     for a model uses only its label and markers (the columns and kinds are the model's)
     * @param notices receives one-line notes about the data read, such as the number of lines cut
     */
    public DataSources(DataOptions options, TextOptions text, TableReader.Options table, Consumer<String> notices) {
        this.options = Objects.requireNonNull(options, "options");
        this.loader = new NamedDatasetLoader(options);
        this.text = Objects.requireNonNull(text, "text");
        this.table = Objects.requireNonNull(table, "table");
        this.notices = Objects.requireNonNull(notices, "notices");
    }

    /**
     * @param newTable other table settings
     * @return these sources reading tables with them
     */
    public DataSources withTable(TableReader.Options newTable) {
        return new DataSources(options, text, newTable, notices);
    }

    /**
     * Creates a data source.
     *
     * @param options folders, download permission and listener, image size
     */
    public DataSources(DataOptions options) {
        this(options, TextOptions.defaults(), note -> {});
    }

    /**
     * @param newOptions other data options
     * @return these sources with those options, the same text settings and notices
     */
    public DataSources withOptions(DataOptions newOptions) {
        return new DataSources(newOptions, text, table, notices);
    }

    /** @return the options in use */
    public DataOptions options() {
        return options;
    }

    /**
     * Loads the data a specification names.
     *
     * @param spec for example {@code fashion-mnist:test}, {@code idx:data/images.gz,data/labels.gz} or
     *     {@code folder:photos}
     * @return the dataset, named {@code spec}
     * @throws BadInputException if the specification is malformed or the data is missing or bad
     */
    public ExampleSet load(String spec) {
        return load(spec, "data");
    }

    /**
     * Loads the data a specification names, of whatever kind it is. Text is tokenized with this source's
     * {@link TextOptions}, and its vocabulary is built from it, as a fresh training run needs; use {@link #loadFor}
     * to read data for an existing model.
     *
     * @param spec for example {@code fashion-mnist:test}
     * @param origin what gave the specification, used at the start of messages, e.g. {@code --val}
     * @return the dataset, named {@code spec}
     * @throws BadInputException if the specification is malformed or the data is missing or bad
     */
    public ExampleSet load(String spec, String origin) {
        return loadTraining(spec, origin, null);
    }

    /**
     * Loads training data; text's vocabulary comes from the rows {@code split} keeps for training, or all rows.
     *
     * @param split the validation split, or {@code null}
     */
    private ExampleSet loadTraining(String spec, String origin, HeldOut split) {
        Parsed parsed = parse(spec, origin);
        if (parsed.kind() == Kind.CSV) {
            Table t = named(spec, TableReader.read(parsed.images(), table));
            ArrayExamples coded = TableCodec.fit(t, table.byModes()).encode(t, t.labels() == null ? null
                    : TableCodec.classes(t));
            noteTable(t, coded);
            return coded;
        }
        if (!parsed.isText()) {
            return loadImages(spec, origin);
        }
        Tokenizer tokenizer = text.tokenizer(parsed.format());
        int maxLength = text.maxLength(tokenizer);
        TextCorpus corpus = read(parsed, spec, parsed.format(), tokenizer, maxLength);
        List<List<String>> seen = corpus.sequences();
        if (split != null) {
            seen = new java.util.ArrayList<>();
            for (int row : ExampleSet.splitRows(corpus.size(), split.fraction(), split.seed(), spec)[0]) {
                seen.add(corpus.sequences().get(row));
            }
        }
        TokenSequenceField field = TokenData.field(seen, tokenizer, maxLength, text.minCount());
        return TokenData.examples(corpus, field, corpus.labels() != null);
    }

    /**
     * Loads training data and holds a random part out for validation, as a fresh training run with a validation
     * fraction needs: text's vocabulary is built from the training part only, so {@code --min-count} counts
     * training occurrences and a word seen only in held-out lines is {@code <unk>}.
     *
     * @param spec a data specification
     * @param origin what gave it, for messages
     * @param fraction the share held out, in (0, 1)
     * @param seed the split's seed
     * @return {all examples, the training part, the validation part}; the parts are those of
     *     {@link ExampleSet#split} of the first with the same fraction and seed
     * @throws BadInputException if the data cannot be read or is too small to split
     */
    public ExampleSet[] loadHeldOut(String spec, String origin, double fraction, long seed) {
        ExampleSet full = loadTraining(spec, origin, new HeldOut(fraction, seed));
        ExampleSet[] parts = full.split(fraction, seed);
        return new ExampleSet[] {full, parts[0], parts[1]};
    }

    /**
     * Loads data for a model of a given schema: text is read with the model's tokenizer, length and vocabulary (its
     * labels, if any, as the model's classes when it has a condition); images as {@link #loadImages} does. The kind
     * of data must be the model's.
     *
     * @param spec a data specification
     * @param origin what gave it, for messages
     * @param schema the model's schema
     * @return the data, named {@code spec}; not yet checked against the schema beyond its kind
     * @throws BadInputException if the data is of another kind than the model reads, or cannot be read
     */
    public ExampleSet loadFor(String spec, String origin, Schema schema) {
        Parsed parsed = parse(spec, origin);
        boolean tabular = TableCodec.isTable(schema);
        if (tabular != (parsed.kind() == Kind.CSV)) {
            throw new BadInputException(origin + " " + spec + ": " + (tabular ? describe(parsed) + ", but the model "
                    + "reads a table (" + schema.describeInputs() + "); give csv:FILE" : "a table, but the model reads "
                    + schema.describeInputs() + "; give the kind of data it was trained on"));
        }
        if (tabular) {
            TableCodec codec = TableCodec.of(schema);
            // a conditional model's label column is its condition's
            String label = schema.conditional() ? schema.condition().name() : table.label();
            // an unconditional model reads the label column of its run's record when the file has it (to colour,
            // to score), and drops it when a cell of it is missing; a label the user names must be there
            boolean required = schema.conditional() || table.labelGiven();
            Table t = named(spec, TableReader.readFor(parsed.images(), codec.kinds(), label,
                    table.na(), required));
            boolean complete = t.labels() != null && java.util.Arrays.stream(t.labels()).allMatch(Objects::nonNull);
            CategoricalField classes = schema.conditional() ? schema.condition()
                    : t.labels() == null || (!complete && !required) ? null : TableCodec.classes(t);
            return codec.encode(t, classes);
        }
        boolean isText = parsed.isText();
        Optional<TokenSequenceField> tokens = schema.tokens();
        if (tokens.isEmpty()) {
            if (isText) {
                throw new BadInputException(origin + " " + spec + ": text, but the model reads "
                        + schema.describeInputs() + "; give the kind of data it was trained on");
            }
            return loadImages(spec, origin);
        }
        TokenSequenceField field = tokens.get();
        boolean smiles = field.tokenizer().equals("smiles");
        if (!isText) {
            throw new BadInputException(origin + " " + spec + ": images, but the model reads token sequences; give "
                    + (smiles ? "smiles:FILE" : "text:FILE"));
        }
        TextCorpus.Format format = parsed.format();
        if (smiles != (format == TextCorpus.Format.SMILES)) {
            throw new BadInputException(origin + " " + spec + ": the model reads " + (smiles ? "SMILES; give "
                    + "smiles:FILE" : field.tokenizer() + " tokens of text; give text:FILE"));
        }
        TextCorpus corpus = read(parsed, spec, format, TokenData.tokenizer(field), field.maxLength());
        CategoricalField condition = corpus.labels() == null ? null
                : schema.conditionField().orElse(new CategoricalField("label", corpus.classes()));
        return TokenData.examples(corpus, field, condition);
    }

    private TextCorpus read(Parsed parsed, String spec, TextCorpus.Format format, Tokenizer tokenizer,
            int maxLength) {
        TextCorpus corpus = TextCorpus.read(parsed.images(), format, tokenizer, maxLength);
        corpus = new TextCorpus(spec, corpus.sequences(), corpus.lines(), corpus.labels(), corpus.classes(),
                corpus.cut());
        if (corpus.cut() > 0) {
            notices.accept(String.format(Locale.ROOT, "%s: %,d of %,d sequences were longer than %d %s tokens and "
                    + "were cut (--max-length)", spec, corpus.cut(), corpus.size(), maxLength, tokenizer.kind()));
        }
        return corpus;
    }

    /**
     * The SHA-256 of the file behind a text or table specification, so that a resumed run can tell whether its data
     * changed.
     *
     * @param spec a data specification
     * @return the hash of a {@code text:}, {@code smiles:} or {@code csv:} file, empty for other kinds
     * @throws BadInputException if the specification is malformed or the file cannot be read
     */
    public Optional<String> fileSha256(String spec) {
        Parsed parsed = parse(spec, "data");
        if (!parsed.isText() && parsed.kind() != Kind.CSV) {
            return Optional.empty();
        }
        try {
            return Optional.of(Hashing.sha256Hex(Files.readAllBytes(parsed.images())));
        } catch (IOException e) {
            throw new BadInputException(spec + ": cannot read (" + Hashing.describe(e) + ")", e);
        }
    }

    /**
     * Loads images a specification names, naming the specification's origin in messages.
     *
     * @param spec for example {@code fashion-mnist:test}
     * @param origin what gave the specification, used at the start of messages, e.g. {@code --val}
     * @return the images, named {@code spec}
     * @throws BadInputException if the specification is malformed, does not name images, or the data is missing or
     *     bad
     */
    public ImageDataset loadImages(String spec, String origin) {
        Parsed parsed = parse(spec, origin);
        if (parsed.isText() || parsed.kind() == Kind.CSV) {
            throw new BadInputException(origin + " " + spec + ": " + describe(parsed) + ", but images are needed "
                    + "here (fashion-mnist, idx:IMAGES[,LABELS] or folder:DIR)");
        }
        ImageDataset data;
        switch (parsed.kind()) {
            case NAMED:
                data = loader.load(parsed.dataset(), parsed.split());
                break;
            case IDX:
                data = IdxReader.read(parsed.images(), parsed.labels(), spec, null);
                break;
            case FOLDER:
                return ImageFolderReader.read(parsed.images(), options.imageSize(), spec, options.channels());
            default:
                throw new IllegalStateException(parsed.kind().toString());
        }
        int size = options.imageSize() == null ? -1 : options.imageSize();
        return Images.convert(data, size < 0 ? data.height() : size, size < 0 ? data.width() : size,
                options.channels() == null ? data.channels() : options.channels());
    }

    /**
     * Names the test part that belongs to a specification, for evaluating a model trained on it.
     *
     * @param spec a data specification
     * @return for a named dataset, its test part (for example {@code fashion-mnist:test} for {@code fashion-mnist} or
     *     {@code fashion-mnist:train}, and for {@code fashion-mnist:test} itself); empty for {@code idx:} and
     *     {@code folder:}, which have no known test part
     * @throws BadInputException if the specification is malformed
     */
    public Optional<String> testPartOf(String spec) {
        Parsed parsed = parse(spec, "data");
        if (parsed.kind() != Kind.NAMED) {
            return Optional.empty();
        }
        return Optional.of(parsed.dataset().name() + ":" + Split.TEST.label());
    }

    /**
     * Makes the file paths in an {@code idx:} or {@code folder:} specification absolute, so that it names the same
     * data from any working directory (as a saved run must); named datasets are returned unchanged.
     *
     * @param spec a data specification
     * @param origin what gave the specification, for messages
     * @return the same specification with absolute paths
     * @throws BadInputException if the specification is malformed
     */
    public String absolute(String spec, String origin) {
        Parsed parsed = parse(spec, origin);
        return switch (parsed.kind()) {
            case NAMED -> spec;
            case IDX -> "idx:" + parsed.images().toAbsolutePath().normalize()
                    + (parsed.labels() == null ? "" : "," + parsed.labels().toAbsolutePath().normalize());
            case FOLDER -> "folder:" + parsed.images().toAbsolutePath().normalize();
            case TEXT -> "text:" + parsed.images().toAbsolutePath().normalize();
            case SMILES -> "smiles:" + parsed.images().toAbsolutePath().normalize();
            case CSV -> "csv:" + parsed.images().toAbsolutePath().normalize();
        };
    }

    /**
     * @param spec a data specification
     * @return whether it names text ({@code text:} or {@code smiles:}), without reading anything
     */
    public static boolean isText(String spec) {
        return spec != null && (spec.startsWith("text:") || spec.startsWith("smiles:"));
    }

    /**
     * @param spec a data specification
     * @return whether it names a table ({@code csv:}), without reading anything
     */
    public static boolean isTable(String spec) {
        return spec != null && spec.startsWith("csv:");
    }

    private static String describe(Parsed parsed) {
        return parsed.isText() ? "text" : parsed.kind() == Kind.CSV ? "a table" : "images";
    }

    private static Table named(String spec, Table t) {
        return new Table(spec, t.columns(), t.kinds(), t.cells(), t.rowNumbers(), t.labelColumn(), t.labels());
    }

    private void noteTable(Table t, ExampleSet coded) {
        long missing = 0;
        for (String[] row : t.cells()) {
            for (String cell : row) {
                missing += cell == null ? 1 : 0;
            }
        }
        long numeric = t.kinds().stream().filter(k -> k == Table.Kind.NUMERIC).count();
        notices.accept(String.format(Locale.ROOT, "%s: %,d rows, %d numeric and %d categorical columns (%d values "
                + "a row), %,d missing cells%s", t.name(), t.rows(), numeric, t.kinds().size() - numeric,
                coded.schema().inputSize(), missing, t.labelColumn() == null ? ""
                        : ", label column '" + t.labelColumn() + "'"));
    }

    /** @return the accepted forms, as used in messages */
    public String expectedForms() {
        String named = options.datasets().keySet().stream()
                .sorted()
                .map(name -> name + "[:train|:test]")
                .collect(Collectors.joining(", "));
        return (named.isEmpty() ? "" : named + ", ")
                + "idx:IMAGES[,LABELS], folder:DIR, text:FILE, smiles:FILE or csv:FILE";
    }

    private enum Kind {
        NAMED,
        IDX,
        FOLDER,
        TEXT,
        SMILES,
        CSV
    }

    private record HeldOut(double fraction, long seed) {}

    private record Parsed(Kind kind, NamedDataset dataset, Split split, Path images, Path labels) {
        boolean isText() {
            return kind == Kind.TEXT || kind == Kind.SMILES;
        }

        /** The text format of a {@code text:} or {@code smiles:} specification. */
        TextCorpus.Format format() {
            return kind == Kind.TEXT ? TextCorpus.Format.TEXT : TextCorpus.Format.SMILES;
        }
    }

    private Parsed parse(String spec, String origin) {
        if (spec == null || spec.isBlank()) {
            throw new BadInputException(origin + " \"" + (spec == null ? "" : spec)
                    + "\": empty data specification, expected " + expectedForms());
        }
        if (spec.startsWith("idx:")) {
            String rest = spec.substring(4);
            String[] parts = rest.split(",", -1);
            if (rest.isBlank() || parts.length > 2 || parts[0].isBlank() || (parts.length == 2 && parts[1].isBlank())) {
                throw new BadInputException(
                        origin + " \"" + spec + "\": expected idx:IMAGES or idx:IMAGES,LABELS with two file paths");
            }
            return new Parsed(
                    Kind.IDX, null, null, Path.of(parts[0].strip()), parts.length == 2 ? Path.of(parts[1].strip()) : null);
        }
        if (spec.startsWith("folder:")) {
            String dir = spec.substring(7);
            if (dir.isBlank()) {
                throw new BadInputException(origin + " \"" + spec + "\": expected folder:DIR with a folder path");
            }
            return new Parsed(Kind.FOLDER, null, null, Path.of(dir.strip()), null);
        }
        for (Kind kind : List.of(Kind.TEXT, Kind.SMILES, Kind.CSV)) {
            String prefix = kind.name().toLowerCase(Locale.ROOT) + ":";
            if (spec.startsWith(prefix)) {
                String file = spec.substring(prefix.length());
                if (file.isBlank()) {
                    throw new BadInputException(origin + " \"" + spec + "\": expected " + prefix + "FILE with a file "
                            + "path");
                }
                return new Parsed(kind, null, null, Path.of(file.strip()), null);
            }
        }
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        Optional<NamedDataset> dataset = options.dataset(name);
        if (dataset.isEmpty()) {
            throw new BadInputException(
                    origin + " \"" + spec + "\": unknown data specification, expected " + expectedForms());
        }
        Split split = Split.TRAIN;
        if (colon >= 0) {
            String part = spec.substring(colon + 1);
            if (part.equals("train")) {
                split = Split.TRAIN;
            } else if (part.equals("test")) {
                split = Split.TEST;
            } else {
                throw new BadInputException(origin + " \"" + spec + "\": unknown part \"" + part + "\" of " + name
                        + ", expected " + name + ", " + name + ":train or " + name + ":test");
            }
        }
        return new Parsed(Kind.NAMED, dataset.get(), split, null, null);
    }
}
