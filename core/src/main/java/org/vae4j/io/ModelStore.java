package org.vae4j.io;

import ai.djl.MalformedModelException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
import java.util.List;
import org.vae4j.BadInputException;
import org.vae4j.Versions;
import org.vae4j.model.VaeConfig;
import org.vae4j.model.VaeModel;
import org.vae4j.train.EpochMetrics;
import org.vae4j.train.FusedAdam;
import org.vae4j.train.VaeTrainer;

/**
 * Saves and loads model folders. A model folder holds:
 *
 * <ul>
 *   <li>{@value #INFO_FILE}: format and version, architecture, data, training summary, provenance;
 *   <li>{@value #WEIGHTS_FILE}: the weights in DJL's parameter format;
 *   <li>{@value #METRICS_FILE}: one row per epoch;
 *   <li>{@value #OPTIMIZER_FILE}: Adam's state, so training can resume (written by training);
 *   <li>any pictures the writer adds (loss curves, samples).
 * </ul>
 *
 * <p>Folders are written whole to a temporary sibling and swapped into place ({@link AtomicFolder}), so a crash never
 * leaves a half-written model. Loading checks the format version and every weight's shape and fails with one line
 * naming the file. Loading never runs code from the folder.
 */
public final class ModelStore {
    /** The value of the {@code format} field. */
    public static final String FORMAT = "vae4j-model";
    /** The folder layout version this release writes and reads. */
    public static final int FORMAT_VERSION = 1;
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

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ModelStore() {}

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
    public static void save(
            Path dir,
            VaeModel model,
            ModelInfo info,
            List<EpochMetrics> metrics,
            FusedAdam optimizer,
            AtomicFolder.Writer extras)
            throws IOException {
        ModelInfo complete = new ModelInfo(
                FORMAT, FORMAT_VERSION, model.config(), info.data(), info.training(), provenance());
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
            JSON.writeValue(folder.resolve(INFO_FILE).toFile(), complete);
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
    public static void save(Path dir, VaeTrainer trainer) throws IOException {
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
            Path dir, VaeTrainer trainer, ModelInfo.DataInfo data, String validation, AtomicFolder.Writer extras)
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
                trainer.stoppedEarly() ? Boolean.TRUE : null);
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
        save(dir, trainer.model(), new ModelInfo(null, 0, trainer.model().config(), data, training, null), history,
                trainer.optimizer(), all);
    }

    /**
     * Writes a model folder with just the model: no data description, history or optimizer state.
     *
     * @param dir the model folder
     * @param model the model
     * @throws IOException if writing fails; the previous version is then untouched
     */
    public static void save(Path dir, VaeModel model) throws IOException {
        save(dir, model, new ModelInfo(null, 0, model.config(), null, null, null), List.of(), null, null);
    }

    /**
     * Tells whether a path holds a model folder (after finishing any interrupted write).
     *
     * @param dir the path
     * @return whether {@code dir/vae4j.json} exists
     */
    public static boolean exists(Path dir) {
        try {
            AtomicFolder.recover(dir);
        } catch (IOException e) {
            return false;
        }
        return Files.isRegularFile(dir.resolve(INFO_FILE));
    }

    /**
     * Reads and checks a model folder's description.
     *
     * @param dir the model folder
     * @return the description
     * @throws BadInputException if the folder or file is missing, malformed or of an unsupported version
     */
    public static ModelInfo readInfo(Path dir) {
        try {
            AtomicFolder.recover(dir);
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot finish an interrupted write (" + e.getMessage() + ")", e);
        }
        if (!Files.exists(dir)) {
            throw new BadInputException(dir + ": no such folder, expected a model folder written by vae4j train");
        }
        Path file = dir.resolve(INFO_FILE);
        if (!Files.isDirectory(dir) || !Files.isRegularFile(file)) {
            throw new BadInputException(dir + ": not a vae4j model folder, expected a folder holding " + INFO_FILE);
        }
        ModelInfo info;
        try {
            info = JSON.readValue(file.toFile(), ModelInfo.class);
        } catch (ValueInstantiationException e) {
            // The JSON is well formed but describes an invalid model (the records validate themselves).
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new BadInputException(file + ": " + MetricsCsv.firstLine(cause.getMessage()), e);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + ": not valid JSON (" + MetricsCsv.firstLine(e.getOriginalMessage())
                    + ")", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (info == null || !FORMAT.equals(info.format())) {
            throw new BadInputException(file + ": format is " + (info == null ? "missing" : "'" + info.format() + "'")
                    + ", expected '" + FORMAT + "'");
        }
        if (info.formatVersion() > FORMAT_VERSION) {
            throw new BadInputException(file + ": format version " + info.formatVersion()
                    + " is newer than this vae4j (" + Versions.vae4j() + ") reads (" + FORMAT_VERSION
                    + "); upgrade vae4j");
        }
        if (info.formatVersion() < 1) {
            throw new BadInputException(file + ": format version " + info.formatVersion()
                    + " is not one this vae4j reads, expected " + FORMAT_VERSION);
        }
        if (info.model() == null) {
            throw new BadInputException(file + ": no 'model' section, expected the architecture");
        }
        return info;
    }

    /**
     * Loads a model folder.
     *
     * @param dir the model folder
     * @return the model with its description and history; close it when done
     * @throws BadInputException if anything is missing, malformed, or does not fit the described architecture
     */
    public static SavedModel load(Path dir) {
        ModelInfo info = readInfo(dir);
        VaeConfig config = info.model();
        Path weights = dir.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(weights)) {
            throw new BadInputException(weights + ": no such file, expected the weights of " + config.describe());
        }
        VaeModel model;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(weights)))) {
            model = VaeModel.load(config, in);
        } catch (EOFException e) {
            throw new BadInputException(weights + ": truncated, expected the weights of " + config.describe(), e);
        } catch (MalformedModelException | IOException | IllegalArgumentException e) {
            throw new BadInputException(weights + ": " + MetricsCsv.firstLine(e.getMessage())
                    + " (expected the weights of " + config.describe() + ")", e);
        }
        Path metricsFile = dir.resolve(METRICS_FILE);
        try {
            List<EpochMetrics> metrics = Files.exists(metricsFile) ? MetricsCsv.read(metricsFile) : List.of();
            return new SavedModel(model, info, metrics);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Puts a trainer back where a model folder's training stopped: the epoch history and Adam's state.
     *
     * @param dir the model folder the trainer's model was loaded from
     * @param trainer a trainer for that model
     * @param metrics the folder's per-epoch history
     * @throws BadInputException if the optimizer state is missing or malformed
     */
    public static void restoreTrainer(Path dir, VaeTrainer trainer, List<EpochMetrics> metrics) {
        Path file = dir.resolve(OPTIMIZER_FILE);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such file, expected the optimizer state needed to resume");
        }
        ModelInfo.TrainingInfo training = readInfo(dir).training();
        boolean stopped = training != null && Boolean.TRUE.equals(training.stoppedEarly());
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            trainer.restore(metrics, in, stopped);
        } catch (EOFException e) {
            throw new BadInputException(file + ": truncated, expected Adam's state for every parameter", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": " + e.getMessage() + ", expected Adam's state", e);
        }
        Path best = dir.resolve(BEST_FILE);
        if (Files.isRegularFile(best)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(best)))) {
                trainer.loadBestWeights(in);
            } catch (IOException e) {
                throw new BadInputException(best + ": " + e.getMessage() + ", expected the best epoch's weights", e);
            }
        }
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
