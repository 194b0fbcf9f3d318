package org.vae4j.io;

import ai.djl.MalformedModelException;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vae4j.BadInputException;
import org.vae4j.Messages;
import org.vae4j.Versions;
import org.vae4j.data.Schema;
import org.vae4j.model.Architectures;
import org.vae4j.model.Families;
import org.vae4j.model.Family;
import org.vae4j.model.LatentModel;
import org.vae4j.model.ModelDefinition;
import org.vae4j.model.ModelSpec;
import org.vae4j.model.ObjectiveSpec;
import org.vae4j.train.EpochMetrics;
import org.vae4j.train.FusedAdam;
import org.vae4j.model.VaeFamily;
import org.vae4j.train.TrainConfig;
import org.vae4j.train.Trainer;

/**
 * Saves and loads model folders. A model folder holds:
 *
 * <ul>
 *   <li>{@value #INFO_FILE}: format and version, family, schema, model spec, objective, data, training summary,
 *       provenance;
 *   <li>{@value #WEIGHTS_FILE}: the weights in DJL's parameter format;
 *   <li>{@value #METRICS_FILE}: one row per epoch, a column per term of the objective;
 *   <li>{@value #OPTIMIZER_FILE}: Adam's state, so training can resume (written by training);
 *   <li>any pictures the writer adds (loss curves, samples).
 * </ul>
 *
 * <p>Folders are written whole to a temporary sibling and swapped into place under an inter-process lock
 * ({@link AtomicFolder}, {@link FolderLock}), so a crash never leaves a half-written model, and readers, which hold
 * the shared lock while they read, never see half of a swap. Readers never change a folder.
 *
 * <p>{@value #INFO_FILE} of format {@value #FORMAT_VERSION} is read strictly: every field must be present (an absent
 * value is written as {@code null}), and an unknown field, an unknown family or kind, or a value of the wrong type
 * fails with one line naming the file and the field. Format-1 folders (vae4j before the schema core) keep loading.
 * Loading checks every weight's shape and never runs code from the folder.
 */
public final class ModelStore {
    /** The value of the {@code format} field. */
    public static final String FORMAT = "vae4j-model";
    /** The folder layout version this release writes. */
    public static final int FORMAT_VERSION = 2;
    /** The description file. */
    public static final String INFO_FILE = "vae4j.json";
    /** The weights file. */
    public static final String WEIGHTS_FILE = "weights.params";
    /** The per-epoch metrics file. */
    public static final String METRICS_FILE = "metrics.csv";
    /** The optimizer state file. */
    public static final String OPTIMIZER_FILE = "optimizer.state";
    /** The best epoch's weights kept by early stopping, to resume a run that is waiting for improvement. */
    public static final String BEST_FILE = "best-weights.state";

    /** The fields of a format-2 {@value #INFO_FILE}, in order. */
    static final List<String> FIELDS = List.of(
            "format", "formatVersion", "family", "schema", "model", "objective", "data", "training", "provenance");

    private static final ObjectMapper WRITER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper STRICT = strict();
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
    private static final Pattern COERCE = Pattern.compile("^Cannot coerce [^(]*\\((.*)\\) to `([^`]+)`");

    private ModelStore() {}

    /**
     * The reader of format 2: no repeated, unknown or missing field, no trailing content, and no conversion of one
     * JSON type into another (a quoted number, a fraction for a whole number, a number for a string or a boolean);
     * {@code null} only where a field is marked nullable ({@code @JsonSetter(nulls = Nulls.SET)}), never as a silent
     * default.
     */
    private static ObjectMapper strict() {
        JsonMapper mapper = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                        .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .build())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .defaultSetterInfo(JsonSetter.Value.forValueNulls(Nulls.FAIL, Nulls.FAIL))
                .build();
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        return mapper;
    }

    /**
     * Writes a model folder, replacing any previous version atomically.
     *
     * @param dir the model folder
     * @param model the model
     * @param info the description; its format, version and provenance are filled in here
     * @param metrics the per-epoch history (may be empty)
     * @param optimizer the optimizer whose state to keep for resuming, or {@code null}
     * @param extras writes additional files (pictures) into the new folder, or {@code null}
     * @throws IOException if writing fails; the previous version is then untouched
     */
    public static void save(Path dir, LatentModel model, ModelInfo info, List<EpochMetrics> metrics,
            FusedAdam optimizer, AtomicFolder.Writer extras) throws IOException {
        ModelDefinition d = model.definition();
        ModelInfo complete = new ModelInfo(FORMAT, FORMAT_VERSION, d.family(), d.schema(), d.model(), d.objective(),
                info.data(), info.training(), provenance());
        byte[] json = toJson(complete);
        AtomicFolder.replace(dir, folder -> {
            try (DataOutputStream out = new DataOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(folder.resolve(WEIGHTS_FILE))))) {
                model.saveWeights(out);
            }
            if (optimizer != null) {
                try (DataOutputStream out = new DataOutputStream(
                        new BufferedOutputStream(Files.newOutputStream(folder.resolve(OPTIMIZER_FILE))))) {
                    optimizer.saveState(out);
                }
            }
            MetricsCsv.write(folder.resolve(METRICS_FILE), metrics);
            if (extras != null) {
                extras.write(folder);
            }
            // The description goes last: a folder with a vae4j.json is complete.
            Files.write(folder.resolve(INFO_FILE), json);
        });
    }

    /**
     * Writes a trained model's folder: the model, its per-epoch history and Adam's state (so training can resume),
     * and a description of the run's settings.
     *
     * @param dir the model folder
     * @param trainer the trainer holding the model
     * @throws IOException if writing fails; the previous version is then untouched
     */
    public static void save(Path dir, Trainer trainer) throws IOException {
        save(dir, trainer, null, null, null);
    }

    /**
     * Writes a trained model's folder with a description of its data and any extra files, e.g. after every epoch.
     *
     * @param dir the model folder
     * @param trainer the trainer holding the model, its history and optimizer
     * @param data the training data's description, or {@code null}
     * @param validation the validation set as the run names it (e.g. {@code fashion-mnist:test}, {@code 0.1},
     *     {@code none}), or {@code null}
     * @param extras writes additional files (pictures) into the new folder, or {@code null}
     * @throws IOException if writing fails; the previous version is then untouched
     */
    public static void save(
            Path dir, Trainer trainer, ModelInfo.DataInfo data, String validation, AtomicFolder.Writer extras)
            throws IOException {
        List<EpochMetrics> history = trainer.history();
        EpochMetrics last = history.isEmpty() ? null : history.get(history.size() - 1);
        int best = trainer.bestEpoch();
        ModelInfo.TrainingInfo training = new ModelInfo.TrainingInfo(
                trainer.config(),
                validation,
                history.size(),
                last == null ? null : last.trainLoss(),
                last == null ? null : last.valLoss(),
                history.stream().mapToDouble(EpochMetrics::seconds).sum(),
                best == 0 ? null : best,
                trainer.stoppedEarly());
        AtomicFolder.Writer all = folder -> {
            if (trainer.hasBestWeights() && !trainer.stoppedEarly()) {
                try (DataOutputStream out = new DataOutputStream(
                        new BufferedOutputStream(Files.newOutputStream(folder.resolve(BEST_FILE))))) {
                    trainer.saveBestWeights(out);
                }
            }
            if (extras != null) {
                extras.write(folder);
            }
        };
        save(dir, trainer.model(), ModelInfo.of(trainer.model().definition(), data, training), history,
                trainer.optimizer(), all);
    }

    /**
     * Writes a model folder with just the model: no data description, history or optimizer state.
     *
     * @param dir the model folder
     * @param model the model
     * @throws IOException if writing fails; the previous version is then untouched
     */
    public static void save(Path dir, LatentModel model) throws IOException {
        save(dir, model, ModelInfo.of(model.definition(), null, null), List.of(), null, null);
    }

    /**
     * Tells whether a path holds a model folder. Changes nothing: during an interrupted swap it looks at the version
     * a writer would keep.
     *
     * @param dir the path
     * @return whether the folder's current version holds a {@value #INFO_FILE}
     */
    public static boolean exists(Path dir) {
        Path current = AtomicFolder.current(dir);
        return current != null && Files.isRegularFile(current.resolve(INFO_FILE));
    }

    /**
     * Reads and checks a model folder's description, under the folder's shared lock.
     *
     * @param dir the model folder
     * @return the description
     * @throws BadInputException if the folder or file is missing, malformed, incomplete or of an unsupported version
     */
    public static ModelInfo readInfo(Path dir) {
        return locked(dir, folder -> readInfoIn(dir, folder));
    }

    /**
     * Loads a model folder, under its shared lock: the description, the weights and the metrics of one version.
     *
     * @param dir the model folder
     * @return the model with its description and history; close it when done
     * @throws BadInputException if anything is missing, malformed, or does not fit the described model
     */
    public static ModelFolder load(Path dir) {
        return locked(dir, folder -> {
            ModelInfo info = readInfoIn(dir, folder);
            ModelDefinition definition = info.definition();
            Path weights = folder.resolve(WEIGHTS_FILE);
            if (!Files.isRegularFile(weights)) {
                throw new BadInputException(weights + ": no such file, expected the weights of "
                        + definition.describe());
            }
            LatentModel model;
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(weights)))) {
                model = LatentModel.load(definition, in);
            } catch (EOFException e) {
                throw new BadInputException(weights + ": truncated, expected the weights of "
                        + definition.describe(), e);
            } catch (MalformedModelException | IOException | IllegalArgumentException e) {
                throw new BadInputException(weights + ": " + Messages.firstLine(e.getMessage())
                        + " (expected the weights of " + definition.describe() + ")", e);
            }
            Path metricsFile = folder.resolve(METRICS_FILE);
            try {
                List<EpochMetrics> metrics = Files.exists(metricsFile) ? MetricsCsv.read(metricsFile) : List.of();
                return new ModelFolder(model, info, metrics);
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
        });
    }

    /**
     * Puts a trainer back where a model folder's training stopped: the epoch history, Adam's state, and the best
     * epoch's weights of early stopping.
     *
     * @param dir the model folder the trainer's model was loaded from
     * @param trainer a trainer for that model, with the run's settings
     * @param metrics the folder's per-epoch history
     * @throws BadInputException if the optimizer state is missing or malformed, or the trainer's settings would
     *     change what the epochs already trained computed (a cosine schedule's length)
     */
    public static void restoreTrainer(Path dir, Trainer trainer, List<EpochMetrics> metrics) {
        locked(dir, folder -> {
            Path file = folder.resolve(OPTIMIZER_FILE);
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(file + ": no such file, expected the optimizer state needed to resume");
            }
            ModelInfo.TrainingInfo training = readInfoIn(dir, folder).training();
            if (training != null) {
                checkResumable(folder.resolve(INFO_FILE), training.settings(), trainer.config());
            }
            boolean stopped = training != null && training.stoppedEarly();
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                trainer.restore(metrics, in, stopped);
            } catch (EOFException e) {
                throw new BadInputException(file + ": truncated, expected Adam's state for every parameter", e);
            } catch (IOException e) {
                throw new BadInputException(file + ": " + e.getMessage() + ", expected Adam's state", e);
            }
            Path best = folder.resolve(BEST_FILE);
            if (Files.isRegularFile(best)) {
                try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(best)))) {
                    trainer.loadBestWeights(in);
                } catch (IOException e) {
                    throw new BadInputException(best + ": " + e.getMessage() + ", expected the best epoch's weights",
                            e);
                }
            }
            return null;
        });
    }

    /**
     * Checks that a run can continue with new settings: a cosine schedule decays over the run's epochs, so resuming
     * it with another number of epochs would change what the finished epochs were trained with.
     *
     * @param file the folder's description, for the message
     * @param saved the settings the run was trained with
     * @param next the settings it would continue with
     * @throws BadInputException if the two do not fit
     */
    static void checkResumable(Path file, TrainConfig saved, TrainConfig next) {
        saved.resumeConflict(next.epochs()).ifPresent(reason -> {
            throw new BadInputException(file + ": cannot resume with " + next.epochs() + " epochs: " + reason);
        });
    }

    /** Reads under the folder's shared lock; a missing folder is reported here, naming it. */
    private static <T> T locked(Path dir, AtomicFolder.Reader<T> reader) {
        try {
            return AtomicFolder.read(dir, folder -> {
                if (folder == null) {
                    throw new BadInputException(dir + ": no such folder, expected a model folder written by vae4j "
                            + "train");
                }
                return reader.read(folder);
            });
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static ModelInfo readInfoIn(Path dir, Path folder) {
        Path file = folder.resolve(INFO_FILE);
        if (!Files.isDirectory(folder) || !Files.isRegularFile(file)) {
            throw new BadInputException(dir + ": not a vae4j model folder, expected a folder holding " + INFO_FILE);
        }
        JsonNode root;
        try {
            root = STRICT.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new BadInputException(file + ": not valid JSON" + at + " ("
                    + Messages.firstLine(e.getOriginalMessage()) + ")", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return parse(root, file);
    }

    /**
     * Reads a description from its JSON, strictly for format {@value #FORMAT_VERSION}, and format 1 as it was.
     *
     * @param root the JSON
     * @param file where it came from, for messages
     * @return the description, checked
     * @throws BadInputException naming the file and the field for anything malformed
     */
    static ModelInfo parse(JsonNode root, Path file) {
        if (root == null || !root.isObject()) {
            throw new BadInputException(file + ": expected a JSON object describing a vae4j model");
        }
        JsonNode format = root.get("format");
        if (format == null || !FORMAT.equals(format.asText(null))) {
            throw new BadInputException(file + ": format is " + (format == null ? "missing" : format.toString())
                    + ", expected '" + FORMAT + "'");
        }
        JsonNode version = root.get("formatVersion");
        if (version == null || !version.canConvertToInt() || !version.isIntegralNumber()) {
            throw new BadInputException(file + ": field 'formatVersion' is " + (version == null ? "missing"
                    : version.toString()) + ", expected a whole number such as " + FORMAT_VERSION);
        }
        int v = version.intValue();
        if (v > FORMAT_VERSION) {
            throw new BadInputException(file + ": format version " + v + " is newer than this vae4j ("
                    + Versions.vae4j() + ") reads (" + FORMAT_VERSION + "); upgrade vae4j");
        }
        if (v < 1) {
            throw new BadInputException(file + ": format version " + v + " is not one this vae4j reads, expected 1 to "
                    + FORMAT_VERSION);
        }
        ModelInfo info = v == 1 ? FormatOne.read(root, file) : readFormatTwo(root, file);
        try {
            info.definition();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": " + e.getMessage(), e);
        }
        return info;
    }

    private static ModelInfo readFormatTwo(JsonNode given, Path file) {
        JsonNode root = withAddedFields(given);
        checkFields(root, FIELDS, "", file);
        JsonNode familyNode = root.get("family");
        if (!familyNode.isTextual()) {
            throw new BadInputException(file + ": field 'family' is " + familyNode + ", expected a family name such "
                    + "as " + String.join(" or ", Families.names()));
        }
        Family family = Families.find(familyNode.asText()).orElseThrow(() -> new BadInputException(file
                + ": field 'family': unknown family '" + familyNode.asText() + "', expected "
                + String.join(" or ", Families.names()) + " (a newer vae4j may know it)"));
        Schema schema = required(root, "schema", Schema.class, file);
        ModelSpec model = required(root, "model", ModelSpec.class, file);
        if (Architectures.find(model.arch()).isEmpty()) {
            throw new BadInputException(file + ": field 'model.arch': unknown architecture '" + model.arch()
                    + "', expected one of " + String.join(", ", Architectures.names()) + " (a newer vae4j may know it)");
        }
        ObjectiveSpec objective = required(root, "objective", family.objectiveType(), file);
        ModelInfo.DataInfo data = optional(root, "data", ModelInfo.DataInfo.class, file);
        ModelInfo.TrainingInfo training = optional(root, "training", ModelInfo.TrainingInfo.class, file);
        ModelInfo.Provenance provenance = required(root, "provenance", ModelInfo.Provenance.class, file);
        return new ModelInfo(FORMAT, FORMAT_VERSION, family.name(), schema, model, objective, data, training,
                provenance);
    }

    /**
     * Fields added to format 2 after its first release, given their defaults when a folder written before them lacks
     * them (so such folders keep loading, and mean what they meant): {@code objective.wordDropout} 0 for the vae
     * family, {@code training.settings.klSchedule} linear, {@code data.table} null. A present field is read strictly as every other.
     */
    private static JsonNode withAddedFields(JsonNode root) {
        if (!root.isObject()) {
            return root;
        }
        com.fasterxml.jackson.databind.node.ObjectNode copy = (com.fasterxml.jackson.databind.node.ObjectNode)
                root.deepCopy();
        JsonNode family = copy.get("family");
        JsonNode objective = copy.get("objective");
        if (family != null && VaeFamily.NAME.equals(family.asText(null)) && objective instanceof
                com.fasterxml.jackson.databind.node.ObjectNode o && !o.has("wordDropout")) {
            o.put("wordDropout", 0.0);
        }
        if (copy.get("data") instanceof com.fasterxml.jackson.databind.node.ObjectNode d && !d.has("table")) {
            d.putNull("table");
        }
        JsonNode training = copy.get("training");
        JsonNode settings = training == null ? null : training.get("settings");
        if (settings instanceof com.fasterxml.jackson.databind.node.ObjectNode o && !o.has("klSchedule")) {
            o.put("klSchedule", "linear");
        }
        return copy;
    }

    /** Fails on a missing or an unknown field of an object. */
    static void checkFields(JsonNode node, List<String> fields, String path, Path file) {
        for (String f : fields) {
            if (!node.has(f)) {
                throw new BadInputException(file + ": missing field '" + path + f + "'");
            }
        }
        checkKnown(node, fields, path, file);
    }

    /** Fails on a field of an object that is not one of {@code fields}. */
    static void checkKnown(JsonNode node, List<String> fields, String path, Path file) {
        Set<String> known = new LinkedHashSet<>(fields);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new BadInputException(file + ": unknown field '" + path + f + "', expected only "
                        + String.join(", ", fields));
            }
        }
    }

    private static <T> T required(JsonNode root, String field, Class<T> type, Path file) {
        T value = optional(root, field, type, file);
        if (value == null) {
            throw new BadInputException(file + ": field '" + field + "' is null, expected " + article(type));
        }
        return value;
    }

    private static String article(Class<?> type) {
        return "a " + type.getSimpleName() + " object";
    }

    private static <T> T optional(JsonNode root, String field, Class<T> type, Path file) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return STRICT.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + ": " + describe(e, field), e);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": field '" + field + "': " + e.getMessage(), e);
        }
    }

    /** One line for a mapping error: the field's dotted path and what was wrong. */
    static String describe(JsonProcessingException e, String section) {
        String path = section + (e instanceof JsonMappingException m ? path(m) : "");
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> known = new ArrayList<>();
            if (u.getKnownPropertyIds() != null) {
                u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            }
            return "unknown field '" + path + "'" + (known.isEmpty() ? "" : ", expected only "
                    + String.join(", ", known));
        }
        if (e instanceof InvalidTypeIdException t) {
            return t.getTypeId() == null ? "missing field '" + path + ".kind'"
                    : "field '" + path + ".kind': unknown kind '" + t.getTypeId()
                            + "', expected image, numeric, categorical or tokens";
        }
        if (e instanceof ValueInstantiationException v) {
            Throwable cause = v.getCause() != null ? v.getCause() : v;
            return "field '" + path + "': " + Messages.firstLine(cause.getMessage());
        }
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.startsWith("Invalid `null` value")) {
            return "field '" + path + "' is null, expected a value";
        }
        Matcher coerce = COERCE.matcher(message);
        if (coerce.find()) {
            return "field '" + path + "' is " + coerce.group(1) + ", expected " + expected(coerce.group(2));
        }
        if (e instanceof MismatchedInputException && message.contains("creator property")) {
            Matcher m = QUOTED.matcher(message);
            String name = m.find() ? m.group(1) : "?";
            String full = path.endsWith("." + name) || path.equals(name) ? path : path + "." + name;
            return "missing field '" + full + "'";
        }
        return "field '" + path + "': " + Messages.firstLine(message);
    }

    private static String expected(String javaType) {
        return switch (javaType) {
            case "int", "long", "java.lang.Integer", "java.lang.Long" -> "a whole number";
            case "float", "double", "java.lang.Float", "java.lang.Double" -> "a number";
            case "boolean", "java.lang.Boolean" -> "true or false";
            case "java.lang.String" -> "a string";
            default -> "a " + javaType.substring(javaType.lastIndexOf('.') + 1);
        };
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append('.').append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /**
     * @param info a complete description
     * @return its JSON, every field written
     * @throws IOException if it cannot be serialised
     */
    static byte[] toJson(ModelInfo info) throws IOException {
        ObjectNode root = WRITER.createObjectNode();
        root.put("format", info.format());
        root.put("formatVersion", info.formatVersion());
        root.put("family", info.family());
        root.set("schema", WRITER.valueToTree(info.schema()));
        root.set("model", WRITER.valueToTree(info.model()));
        root.set("objective", WRITER.valueToTree(info.objective()));
        root.set("data", WRITER.valueToTree(info.data()));
        root.set("training", WRITER.valueToTree(info.training()));
        root.set("provenance", WRITER.valueToTree(info.provenance()));
        return WRITER.writeValueAsBytes(root);
    }

    private static ModelInfo.Provenance provenance() {
        return new ModelInfo.Provenance(
                Versions.vae4j(),
                Versions.djl(),
                Versions.engine(),
                System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }
}
