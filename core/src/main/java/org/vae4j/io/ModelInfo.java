package org.vae4j.io;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;
import org.vae4j.data.Schema;
import org.vae4j.model.ModelDefinition;
import org.vae4j.model.ModelSpec;
import org.vae4j.model.ObjectiveSpec;
import org.vae4j.train.TrainConfig;

/**
 * The content of a model folder's {@code vae4j.json} (format {@value ModelStore#FORMAT_VERSION}): what the model is,
 * what it was trained on and how, and where it came from. Everything needed to rebuild the network is in
 * {@link #definition()}; the rest documents the model. Every field is written, {@code null} where there is nothing,
 * and read strictly (see {@link ModelStore#readInfo}).
 *
 * @param format always {@value ModelStore#FORMAT}
 * @param formatVersion the folder layout's version
 * @param family the model family, e.g. {@code vae}
 * @param schema the data's fields and the optional condition
 * @param model the networks and likelihood head
 * @param objective the family's objective settings
 * @param data the training data, or {@code null} for an untrained model
 * @param training how the model was trained and how far, or {@code null} for an untrained model
 * @param provenance versions and time of writing
 */
public record ModelInfo(
        String format,
        int formatVersion,
        String family,
        Schema schema,
        ModelSpec model,
        ObjectiveSpec objective,
        DataInfo data,
        TrainingInfo training,
        Provenance provenance) {

    /**
     * A description of a model, to be completed by {@link ModelStore#save}.
     *
     * @param definition the model
     * @param data the training data, or {@code null}
     * @param training the training summary, or {@code null}
     * @return the description, without format or provenance yet
     */
    public static ModelInfo of(ModelDefinition definition, DataInfo data, TrainingInfo training) {
        return new ModelInfo(null, 0, definition.family(), definition.schema(), definition.model(),
                definition.objective(), data, training, null);
    }

    /** @return the model to rebuild */
    public ModelDefinition definition() {
        return new ModelDefinition(family, schema, model, objective);
    }

    /**
     * The data a model was trained on.
     *
     * @param spec the data specification the run was started with, e.g. {@code fashion-mnist}
     * @param name the resolved dataset name, e.g. {@code fashion-mnist:train}
     * @param sha256 SHA-256 of the source data, when known
     * @param count number of training examples
     * @param imageSize the size images were resized to, or {@code null} when not resized
     * @param color {@code gray} or {@code rgb} when images were converted to that, or {@code null}
     * @param classNames class names by label; empty when unlabeled
     * @param normalisation how raw values map to inputs
     * @param table how a {@code csv:} table was read (label column, missing markers), or {@code null} for other
     *     data; added to format 2 after its first release (absent means {@code null})
     */
    public record DataInfo(
            String spec,
            String name,
            @JsonSetter(nulls = Nulls.SET) String sha256,
            int count,
            @JsonSetter(nulls = Nulls.SET) Integer imageSize,
            @JsonSetter(nulls = Nulls.SET) String color,
            List<String> classNames,
            String normalisation,
            @JsonSetter(nulls = Nulls.SET) TableInfo table) {
        /**
         * The same without table settings, for data other than tables.
         *
         * @param spec the data specification
         * @param name the resolved name
         * @param sha256 the source's hash, or {@code null}
         * @param count training examples
         * @param imageSize the resize, or {@code null}
         * @param color the colour conversion, or {@code null}
         * @param classNames class names by label
         * @param normalisation how raw values map to inputs
         */
        public DataInfo(String spec, String name, String sha256, int count, Integer imageSize, String color,
                List<String> classNames, String normalisation) {
            this(spec, name, sha256, count, imageSize, color, classNames, normalisation, null);
        }
    }

    /**
     * How a table was read for training, so later commands read new tables the same way unless told otherwise.
     *
     * @param label the label column (kept out of the inputs), or {@code null}
     * @param na the extra missing-value markers given with {@code --na}
     */
    public record TableInfo(@JsonSetter(nulls = Nulls.SET) String label, List<String> na) {
        /** Copies the markers. */
        public TableInfo {
            na = List.copyOf(na);
        }
    }

    /**
     * How a model was trained.
     *
     * @param settings epochs (the target), batch size, learning rate, seed and the training controls
     * @param validation the validation set: {@code none}, a fraction of the training data, or a data specification
     * @param epochsCompleted epochs done so far
     * @param finalTrainLoss training loss of the last completed epoch, nats per example, or {@code null}
     * @param finalValidationLoss validation loss of the last completed epoch, or {@code null}
     * @param seconds total seconds of the training passes
     * @param bestEpoch the epoch with the lowest validation loss, or {@code null} without validation
     * @param stoppedEarly whether early stopping ended the run (the weights are then the best epoch's)
     */
    public record TrainingInfo(
            TrainConfig settings,
            @JsonSetter(nulls = Nulls.SET) String validation,
            int epochsCompleted,
            @JsonSetter(nulls = Nulls.SET) Double finalTrainLoss,
            @JsonSetter(nulls = Nulls.SET) Double finalValidationLoss,
            double seconds,
            @JsonSetter(nulls = Nulls.SET) Integer bestEpoch,
            boolean stoppedEarly) {}

    /**
     * Where a model came from.
     *
     * @param vae4j vae4j's version
     * @param djl DJL's version
     * @param engine engine name and version
     * @param java Java runtime version
     * @param os operating system and architecture
     * @param written when the folder was written, ISO-8601 UTC
     */
    public record Provenance(String vae4j, String djl, String engine, String java, String os, String written) {}
}
