package org.vae4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.vae4j.BadInputException;
import org.vae4j.Noise;
import org.vae4j.Seeds;
import org.vae4j.data.Batch;
import org.vae4j.data.ExampleSet;
import org.vae4j.eval.Evaluator;
import org.vae4j.image.Binarization;
import org.vae4j.loss.Objective;
import org.vae4j.loss.TermSums;
import org.vae4j.model.LatentModel;

/**
 * Trains a {@link LatentModel} with Adam on minibatches, minimising its family's {@link Objective}, whatever terms
 * that objective names.
 *
 * <p>Options of {@link TrainConfig}: KL warm-up (the KL weight rises linearly from 0 to beta), free bits (a floor on
 * each latent dimension's batch-mean KL in the objective), a learning-rate schedule, early stopping on the
 * validation loss (which keeps the best epoch's weights), and binarization of the inputs. The reported losses always
 * use the full beta and no free bits, so that epochs stay comparable; warm-up and free bits only change what the
 * gradient sees.
 *
 * <p>Each epoch's shuffle and noise come from seeds derived from the run's seed and the epoch number, drawn in Java
 * ({@link Noise}) and never from the engine's global generator, so a run resumed from the checkpoint of epoch k
 * (see {@link #restore}) computes exactly what the uninterrupted run computes, and an evaluation in between or in
 * another thread changes nothing. The data is copied into native memory once per {@link #fit}; every batch's arrays
 * live in a child {@link NDManager} closed after the batch, so native memory stays flat however long the run.
 */
public final class Trainer implements AutoCloseable {
    private static final long SHUFFLE = 0x5F1E;
    private static final long NOISE = 0xA015E;
    private static final long BINARIZE = 0xB1A7;
    private static final long DYNAMIC_DRAWS = 0xB1A8;
    private static final long VALIDATION = 0x7A11D;
    private static final int BEST_VERSION = 1;

    private final LatentModel model;
    private final TrainConfig config;
    private final FusedAdam optimizer;
    private final List<EpochMetrics> history = new ArrayList<>();
    private Map<String, float[]> bestWeights;
    private boolean stoppedEarly;

    /**
     * Creates a trainer for a model.
     *
     * @param model the model to train in place
     * @param config the run's settings
     */
    public Trainer(LatentModel model, TrainConfig config) {
        this.model = model;
        this.config = config;
        this.optimizer = new FusedAdam((float) config.learningRate());
    }

    /** Frees Adam's state, which lives in the model's manager; the model stays as trained. */
    @Override
    public void close() {
        optimizer.close();
    }

    /**
     * Continues a run from a checkpoint: the epochs already done and the optimizer's state.
     *
     * @param pastEpochs the metrics of the epochs already done, in order
     * @param optimizerState the state written by {@link FusedAdam#saveState}
     * @param stopped whether the run had already stopped early
     * @throws IOException if the optimizer state cannot be read or does not fit the model's parameters
     */
    public void restore(List<EpochMetrics> pastEpochs, DataInputStream optimizerState, boolean stopped)
            throws IOException {
        optimizer.loadState(model.manager(), optimizerState);
        Map<String, Shape> expected = new TreeMap<>();
        trainable().forEach(p -> expected.put(p.getKey(), p.getValue().getShape()));
        Map<String, Shape> found = optimizer.stateShapes();
        if (!found.isEmpty() && !found.equals(expected)) {
            throw new IOException("optimizer state is for parameters " + found + ", expected " + expected);
        }
        history.clear();
        history.addAll(pastEpochs);
        stoppedEarly = stopped;
    }

    /** @return the model being trained */
    public LatentModel model() {
        return model;
    }

    /** @return the run's settings */
    public TrainConfig config() {
        return config;
    }

    /** @return the optimizer, whose state a checkpoint saves */
    public FusedAdam optimizer() {
        return optimizer;
    }

    /** @return the metrics of every epoch done so far, including restored ones */
    public List<EpochMetrics> history() {
        return List.copyOf(history);
    }

    /** @return how many epochs are done */
    public int epochsCompleted() {
        return history.size();
    }

    /** @return whether early stopping ended the run; the model then holds the best epoch's weights */
    public boolean stoppedEarly() {
        return stoppedEarly;
    }

    /** @return the epoch with the lowest validation loss so far, or 0 without validation */
    public int bestEpoch() {
        int best = 0;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (EpochMetrics m : history) {
            if (m.valLoss() != null && m.valLoss() < bestLoss) {
                bestLoss = m.valLoss();
                best = m.epoch();
            }
        }
        return best;
    }

    /** @return whether the trainer holds a copy of the best epoch's weights (early stopping only) */
    public boolean hasBestWeights() {
        return bestWeights != null;
    }

    /**
     * Writes the copy of the best epoch's weights kept for early stopping.
     *
     * @param out where to write
     * @throws IOException if writing fails
     * @throws IllegalStateException if there is no copy (see {@link #hasBestWeights()})
     */
    public void saveBestWeights(DataOutputStream out) throws IOException {
        if (bestWeights == null) {
            throw new IllegalStateException("no best weights are kept: early stopping is off or no epoch is done");
        }
        out.writeInt(BEST_VERSION);
        out.writeInt(bestWeights.size());
        for (Map.Entry<String, float[]> e : bestWeights.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().length);
            for (float v : e.getValue()) {
                out.writeFloat(v);
            }
        }
    }

    /**
     * Reads the copy of the best epoch's weights written by {@link #saveBestWeights}.
     *
     * @param in where to read
     * @throws IOException if the data does not fit the model's parameters
     */
    public void loadBestWeights(DataInputStream in) throws IOException {
        if (in.readInt() != BEST_VERSION) {
            throw new IOException("best weights: unknown version");
        }
        Map<String, Shape> shapes = model.parameterShapes();
        int n = in.readInt();
        if (n != shapes.size()) {
            throw new IOException("best weights: " + n + " parameters, expected " + shapes.size());
        }
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            int length = in.readInt();
            Shape shape = shapes.get(name);
            if (shape == null || shape.size() != length) {
                throw new IOException("best weights: parameter " + name + " of " + length + " values does not fit "
                        + shapes);
            }
            float[] values = new float[length];
            for (int j = 0; j < length; j++) {
                values[j] = in.readFloat();
            }
            weights.put(name, values);
        }
        bestWeights = weights;
    }

    private List<Pair<String, NDArray>> trainable() {
        List<Pair<String, NDArray>> params = new ArrayList<>();
        for (Pair<String, Parameter> p : model.network().getParameters()) {
            if (p.getValue().requiresGradient()) {
                params.add(new Pair<>(p.getKey(), p.getValue().getArray()));
            }
        }
        return params;
    }

    private Map<String, float[]> snapshot() {
        Map<String, float[]> copy = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : model.network().getParameters()) {
            copy.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return copy;
    }

    private void restoreSnapshot(Map<String, float[]> weights) {
        try (NDManager work = model.manager().newSubManager()) {
            for (Pair<String, Parameter> p : model.network().getParameters()) {
                NDArray target = p.getValue().getArray();
                NDArray values = org.vae4j.Tensors.fromJava(work, weights.get(p.getKey()), target.getShape());
                // An in-place copy: the parameter keeps its engine-owned memory (set(float[]) would wrap Java memory).
                target.set(new ai.djl.ndarray.index.NDIndex("..."), values);
            }
        }
    }

    /**
     * Trains from the epoch after the last completed one up to {@link TrainConfig#epochs()}, or until early stopping.
     *
     * @param train training examples that fit the model's schema
     * @param validation examples scored after every epoch, or {@code null}
     * @param listener progress, metrics and checkpoint hooks
     * @return the metrics of every epoch of the run, including restored ones
     * @throws TrainingDivergedException if the training or validation loss becomes NaN or infinite
     * @throws BadInputException if a dataset does not fit the model, or early stopping has no validation set
     */
    public List<EpochMetrics> fit(ExampleSet train, ExampleSet validation, TrainingListener listener) {
        model.schema().checkData(train);
        if (validation != null) {
            model.schema().checkData(validation);
        } else if (config.patience() > 0) {
            throw new BadInputException("early stopping (patience " + config.patience()
                    + ") needs a validation set to watch");
        }
        if (stoppedEarly) {
            return history();
        }
        Objective objective = model.objective();
        List<Objective.Term> terms = objective.terms();
        int n = train.size();
        int batchSize = Math.min(config.batchSize(), n);
        int batches = (n + batchSize - 1) / batchSize;
        int first = history.size() + 1;
        listener.onTrainingStart(first, config.epochs(), batches);
        List<Pair<String, NDArray>> params = trainable();
        params.forEach(p -> p.getValue().setRequiresGradient(true));
        // Static and threshold binarization fix the data once; dynamic draws afresh for every batch below and
        // scores validation on one fixed draw, so that epochs compare.
        Binarization binarize = config.binarization();
        ExampleSet trainSet = binarize == Binarization.DYNAMIC ? train
                : binarize.apply(train, Seeds.derive(config.seed(), BINARIZE, 0));
        ExampleSet valSet = validation == null ? null
                : binarize.apply(validation, Seeds.derive(config.seed(), BINARIZE, 1));
        try (NDManager run = model.manager().newSubManager()) {
            ExampleSet data = trainSet.resident(run);
            ExampleSet valData = valSet == null ? null : valSet.resident(run);
            for (int epoch = first; epoch <= config.epochs(); epoch++) {
                long started = System.nanoTime();
                optimizer.setLearningRate((float) config.learningRateAt(epoch));
                long[] order = permutation(n, Seeds.derive(config.seed(), SHUFFLE, epoch));
                Noise noise = new Noise(Seeds.derive(config.seed(), NOISE, epoch));
                Noise draws = new Noise(Seeds.derive(config.seed(), DYNAMIC_DRAWS, epoch));
                TermSums sums = new TermSums(terms);
                for (int b = 0; b < batches; b++) {
                    int start = b * batchSize;
                    int size = Math.min(batchSize, n - start);
                    Objective.Step step = new Objective.Step(
                            config.klWeightAt(epoch, b + 1, batches), config.freeBits());
                    try (NDManager batch = run.newSubManager()) {
                        long[] rows = new long[size];
                        System.arraycopy(order, start, rows, 0, size);
                        Batch x = data.batch(batch, rows);
                        if (binarize == Binarization.DYNAMIC) {
                            x = Binarization.draw(x, draws);
                        }
                        double[] values;
                        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                            Map<String, NDArray> computed = objective.compute(model, x, noise, true);
                            collector.backward(objective.trainingLoss(computed, step));
                            values = sums.read(computed);
                        }
                        Map<String, Double> means = sums.means(values, size);
                        double loss = objective.loss(means);
                        if (!Double.isFinite(loss)) {
                            throw new TrainingDivergedException(epoch, b + 1, loss);
                        }
                        for (Pair<String, NDArray> p : params) {
                            try (NDArray grad = p.getValue().getGradient()) {
                                optimizer.update(p.getKey(), p.getValue(), grad);
                            }
                        }
                        sums.add(values);
                        listener.onBatchEnd(new BatchMetrics(epoch, b + 1, batches, loss, means));
                    }
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                Map<String, Double> trainMeans = sums.means(sums.total(), n);
                TermValues trainValues = new TermValues(objective.loss(trainMeans), trainMeans);
                TermValues valValues = null;
                if (valData != null) {
                    Evaluator.Result v = Evaluator.evaluate(model, valData, Seeds.derive(config.seed(), VALIDATION,
                            epoch));
                    if (!Double.isFinite(v.values().loss())) {
                        throw TrainingDivergedException.inValidation(epoch, v.values().loss());
                    }
                    valValues = v.values();
                }
                EpochMetrics metrics = new EpochMetrics(epoch, trainValues, valValues, seconds, sums.parts(n));
                history.add(metrics);
                boolean stop = false;
                if (config.patience() > 0) {
                    int best = bestEpoch();
                    if (best == epoch) {
                        bestWeights = snapshot();
                    } else if (epoch - best >= config.patience() && bestWeights != null) {
                        restoreSnapshot(bestWeights);
                        stoppedEarly = true;
                        stop = true;
                    }
                }
                listener.onEpochEnd(metrics, this);
                if (stop) {
                    break;
                }
            }
        }
        return history();
    }

    private static long[] permutation(int n, long seed) {
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
