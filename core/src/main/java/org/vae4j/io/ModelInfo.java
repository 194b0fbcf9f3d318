package org.vae4j.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.vae4j.model.VaeConfig;
import org.vae4j.train.TrainConfig;

/**
 * The content of a model folder's {@code vae4j.json}: what the model is, what it was trained on and how, and where
 * it came from. Everything needed to rebuild the network is in {@link #model()}; the rest documents the model.
 *
 * @param format always {@value ModelStore#FORMAT}
 * @param formatVersion the folder layout's version, {@value ModelStore#FORMAT_VERSION} for this release
 * @param model the architecture and objective
 * @param data the training data, or {@code null} for an untrained model
 * @param training how the model was trained and how far, or {@code null} for an untrained model
 * @param provenance versions and time of writing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelInfo(
        String format,
        int formatVersion,
        VaeConfig model,
        DataInfo data,
        TrainingInfo training,
        Provenance provenance) {

    /**
     * The data a model was trained on.
     *
     * @param spec the data specification the run was started with, e.g. {@code fashion-mnist}
     * @param name the resolved dataset name, e.g. {@code fashion-mnist:train}
     * @param sha256 SHA-256 of the source data, when known
     * @param count number of training images
     * @param imageSize the size images were resized to, or {@code null} when not resized
     * @param color {@code gray} or {@code rgb} when images were converted to that, or {@code null}
     * @param classNames class names by label; empty when unlabeled
     * @param normalisation how pixels map to inputs
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DataInfo(
            String spec,
            String name,
            String sha256,
            int count,
            Integer imageSize,
            String color,
            List<String> classNames,
            String normalisation) {}

    /**
     * How a model was trained.
     *
     * @param settings epochs (the target), batch size, learning rate, seed
     * @param validation the validation set: {@code none}, a fraction of the training data, or a data specification
     * @param epochsCompleted epochs done so far
     * @param finalTrainLoss training loss of the last completed epoch, nats per example
     * @param finalValidationLoss validation loss of the last completed epoch, or {@code null}
     * @param seconds total seconds of the training passes
     * @param bestEpoch the epoch with the lowest validation loss, or {@code null} without validation
     * @param stoppedEarly whether early stopping ended the run (the weights are then the best epoch's), or
     *     {@code null} for no
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TrainingInfo(
            TrainConfig settings,
            String validation,
            int epochsCompleted,
            Double finalTrainLoss,
            Double finalValidationLoss,
            double seconds,
            Integer bestEpoch,
            Boolean stoppedEarly) {

        /**
         * A summary of a run without early stopping.
         *
         * @param settings the run's settings
         * @param validation the validation set
         * @param epochsCompleted epochs done
         * @param finalTrainLoss training loss of the last epoch
         * @param finalValidationLoss validation loss of the last epoch, or {@code null}
         * @param seconds total seconds of the training passes
         */
        public TrainingInfo(TrainConfig settings, String validation, int epochsCompleted, Double finalTrainLoss,
                Double finalValidationLoss, double seconds) {
            this(settings, validation, epochsCompleted, finalTrainLoss, finalValidationLoss, seconds, null, null);
        }
    }

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
