package org.vae4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vae4j.BadInputException;
import org.vae4j.data.Schema;
import org.vae4j.model.ElboSpec;
import org.vae4j.model.ModelSpec;
import org.vae4j.model.VaeFamily;
import org.vae4j.train.TrainConfig;

/**
 * Reads the {@code vae4j.json} of format 1, written by vae4j before the schema core: a VAE of images, its
 * architecture in one {@code model} section. Fields that format 1 always had are required; fields added to it later
 * (conv channels, batch normalisation, the training controls) take the values that releases without them had.
 * Unknown fields are refused, as in format 2.
 */
final class FormatOne {
    private static final List<String> TOP = List.of("format", "formatVersion", "model", "data", "training",
            "provenance");
    private static final List<String> MODEL = List.of("architecture", "channels", "height", "width", "hidden",
            "latent", "likelihood", "sigma", "beta", "convChannels", "batchNorm");
    private static final List<String> MODEL_REQUIRED = MODEL.subList(0, 9);
    private static final List<String> DATA = List.of("spec", "name", "sha256", "count", "imageSize", "color",
            "classNames", "normalisation");
    private static final List<String> TRAINING = List.of("settings", "validation", "epochsCompleted",
            "finalTrainLoss", "finalValidationLoss", "seconds", "bestEpoch", "stoppedEarly");
    private static final List<String> SETTINGS = List.of("epochs", "batchSize", "learningRate", "seed",
            "klWarmupEpochs", "freeBits", "lrSchedule", "lrStepEpochs", "lrGamma", "patience", "binarize");
    private static final List<String> PROVENANCE = List.of("vae4j", "djl", "engine", "java", "os", "written");

    private FormatOne() {}

    static ModelInfo read(JsonNode root, Path file) {
        Reader r = new Reader(file);
        r.known(root, TOP, "");
        JsonNode m = r.object(root, "model", "");
        r.known(m, MODEL, "model.");
        r.required(m, MODEL_REQUIRED, "model.");
        Schema schema = Schema.image(r.integer(m, "channels", "model."), r.integer(m, "height", "model."),
                r.integer(m, "width", "model."));
        ModelSpec spec;
        ElboSpec objective;
        try {
            spec = new ModelSpec(r.text(m, "architecture", "model."), r.integers(m, "hidden", "model."),
                    r.integer(m, "latent", "model."), m.has("convChannels") ? r.integers(m, "convChannels", "model.")
                    : List.of(), m.has("batchNorm") && m.get("batchNorm").asBoolean(),
                    r.text(m, "likelihood", "model."), r.number(m, "sigma", "model."));
            objective = new ElboSpec(r.number(m, "beta", "model."));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": field 'model': " + e.getMessage(), e);
        }
        ModelInfo.DataInfo data = null;
        if (root.hasNonNull("data")) {
            JsonNode d = root.get("data");
            r.known(d, DATA, "data.");
            List<String> names = new ArrayList<>();
            if (d.hasNonNull("classNames")) {
                d.get("classNames").forEach(n -> names.add(n.asText()));
            }
            data = new ModelInfo.DataInfo(r.optText(d, "spec"), r.optText(d, "name"), r.optText(d, "sha256"),
                    d.path("count").asInt(0), d.hasNonNull("imageSize") ? d.get("imageSize").asInt() : null,
                    r.optText(d, "color"), names, r.optText(d, "normalisation"));
        }
        ModelInfo.TrainingInfo training = null;
        if (root.hasNonNull("training")) {
            JsonNode t = root.get("training");
            r.known(t, TRAINING, "training.");
            JsonNode s = r.object(t, "settings", "training.");
            r.known(s, SETTINGS, "training.settings.");
            r.required(s, SETTINGS.subList(0, 4), "training.settings.");
            TrainConfig settings;
            try {
                settings = new TrainConfig(r.integer(s, "epochs", "training.settings."),
                        r.integer(s, "batchSize", "training.settings."),
                        r.number(s, "learningRate", "training.settings."), s.get("seed").asLong(),
                        s.path("klWarmupEpochs").asInt(0), s.path("freeBits").asDouble(0),
                        s.hasNonNull("lrSchedule") ? s.get("lrSchedule").asText() : "constant",
                        s.path("lrStepEpochs").asInt(0), s.path("lrGamma").asDouble(0.1),
                        s.path("patience").asInt(0), s.hasNonNull("binarize") ? s.get("binarize").asText() : "none");
            } catch (IllegalArgumentException e) {
                throw new BadInputException(file + ": field 'training.settings': " + e.getMessage(), e);
            }
            training = new ModelInfo.TrainingInfo(settings, r.optText(t, "validation"),
                    t.path("epochsCompleted").asInt(0),
                    t.hasNonNull("finalTrainLoss") ? t.get("finalTrainLoss").asDouble() : null,
                    t.hasNonNull("finalValidationLoss") ? t.get("finalValidationLoss").asDouble() : null,
                    t.path("seconds").asDouble(0),
                    t.hasNonNull("bestEpoch") ? t.get("bestEpoch").asInt() : null,
                    t.path("stoppedEarly").asBoolean(false));
        }
        ModelInfo.Provenance provenance = null;
        if (root.hasNonNull("provenance")) {
            JsonNode p = root.get("provenance");
            r.known(p, PROVENANCE, "provenance.");
            provenance = new ModelInfo.Provenance(r.optText(p, "vae4j"), r.optText(p, "djl"), r.optText(p, "engine"),
                    r.optText(p, "java"), r.optText(p, "os"), r.optText(p, "written"));
        }
        return new ModelInfo(ModelStore.FORMAT, 1, VaeFamily.NAME, schema, spec, objective, data, training,
                provenance);
    }

    /** Field access that fails with one line naming the file and the field. */
    private record Reader(Path file) {
        void known(JsonNode node, List<String> fields, String path) {
            ModelStore.checkKnown(node, fields, path, file);
        }

        void required(JsonNode node, List<String> fields, String path) {
            for (String f : fields) {
                if (!node.hasNonNull(f)) {
                    throw new BadInputException(file + ": missing field '" + path + f + "'");
                }
            }
        }

        JsonNode object(JsonNode node, String field, String path) {
            JsonNode v = node.get(field);
            if (v == null || !v.isObject()) {
                throw new BadInputException(file + ": " + (v == null || v.isNull() ? "missing field '" + path + field
                        + "'" : "field '" + path + field + "' is " + v + ", expected an object"));
            }
            return v;
        }

        int integer(JsonNode node, String field, String path) {
            JsonNode v = node.get(field);
            if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new BadInputException(file + ": field '" + path + field + "' is " + v
                        + ", expected a whole number");
            }
            return v.intValue();
        }

        double number(JsonNode node, String field, String path) {
            JsonNode v = node.get(field);
            if (v == null || !v.isNumber()) {
                throw new BadInputException(file + ": field '" + path + field + "' is " + v + ", expected a number");
            }
            return v.doubleValue();
        }

        String text(JsonNode node, String field, String path) {
            JsonNode v = node.get(field);
            if (v == null || !v.isTextual()) {
                throw new BadInputException(file + ": field '" + path + field + "' is " + v + ", expected a string");
            }
            return v.asText();
        }

        String optText(JsonNode node, String field) {
            return node.hasNonNull(field) ? node.get(field).asText() : null;
        }

        List<Integer> integers(JsonNode node, String field, String path) {
            JsonNode v = node.get(field);
            if (v == null || !v.isArray()) {
                throw new BadInputException(file + ": field '" + path + field + "' is " + v
                        + ", expected a list of whole numbers");
            }
            List<Integer> out = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isIntegralNumber()) {
                    throw new BadInputException(file + ": field '" + path + field + "' holds " + e
                            + ", expected whole numbers");
                }
                out.add(e.intValue());
            }
            return out;
        }
    }
}
