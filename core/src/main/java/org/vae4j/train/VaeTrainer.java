package org.vae4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.SplittableRandom;
import org.vae4j.Seeds;
import org.vae4j.Tensors;
import org.vae4j.data.ImageDataset;
import org.vae4j.eval.ElboResult;
import org.vae4j.eval.Evaluator;
import org.vae4j.loss.ElboLoss;
import org.vae4j.model.VaeModel;

/**
 * Trains a {@link VaeModel} with Adam on minibatches, minimising reconstruction + beta * KL.
 *
 * <p>Each epoch's shuffle and reparameterisation noise come from seeds derived from the run's seed and the epoch
 * number, so a run resumed from the checkpoint of epoch k (see {@link #restore}) computes exactly what the
 * uninterrupted run computes. Every batch's arrays live in a child {@link NDManager} closed after the batch, so
 * native memory stays flat however long the run.
 */
public final class VaeTrainer {
    private static final long SHUFFLE = 0x5F1E;
    private static final long NOISE = 0xA015E;
    private static final long VALIDATION = 0x7A11D;

    private final VaeModel model;
    private final TrainConfig config;
    private final FusedAdam optimizer;
    private final List<EpochMetrics> history = new ArrayList<>();

    /**
     * Creates a trainer for a model.
     *
     * @param model the model to train in place
     * @param config the run's settings
     */
    public VaeTrainer(VaeModel model, TrainConfig config) {
        this.model = model;
        this.config = config;
        this.optimizer = new FusedAdam((float) config.learningRate());
    }

    /**
     * Continues a run from a checkpoint: the epochs already done and the optimizer's state.
     *
     * @param pastEpochs the metrics of the epochs already done, in order
     * @param optimizerState the state written by {@link FusedAdam#saveState}
     * @throws IOException if the optimizer state cannot be read or does not fit the model's parameters
     */
    public void restore(List<EpochMetrics> pastEpochs, DataInputStream optimizerState) throws IOException {
        optimizer.loadState(model.manager(), optimizerState);
        Map<String, Shape> expected = new TreeMap<>(model.parameterShapes());
        Map<String, Shape> found = optimizer.stateShapes();
        if (!found.isEmpty() && !found.equals(expected)) {
            throw new IOException("optimizer state is for parameters " + found + ", expected " + expected);
        }
        history.clear();
        history.addAll(pastEpochs);
    }

    /** @return the model being trained */
    public VaeModel model() {
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

    /**
     * Trains from the epoch after the last completed one up to {@link TrainConfig#epochs()}.
     *
     * @param train training images with the model's input shape
     * @param validation images scored after every epoch, or {@code null}
     * @param listener progress, metrics and checkpoint hooks
     * @return the metrics of every epoch of the run, including restored ones
     * @throws TrainingDivergedException if the training or validation loss becomes NaN or infinite
     * @throws org.vae4j.BadInputException if a dataset's shape does not fit the model
     */
    public List<EpochMetrics> fit(ImageDataset train, ImageDataset validation, TrainingListener listener) {
        Evaluator.checkShape(model, train);
        if (validation != null) {
            Evaluator.checkShape(model, validation);
        }
        int n = train.size();
        int d = train.pixelsPerImage();
        int batchSize = Math.min(config.batchSize(), n);
        int batches = (n + batchSize - 1) / batchSize;
        int first = history.size() + 1;
        listener.onTrainingStart(first, config.epochs(), batches);
        float beta = (float) model.config().beta();
        List<Pair<String, NDArray>> params = new ArrayList<>();
        for (Pair<String, Parameter> p : model.network().getParameters()) {
            NDArray w = p.getValue().getArray();
            w.setRequiresGradient(true);
            params.add(new Pair<>(p.getKey(), w));
        }
        try (NDManager run = model.manager().newSubManager()) {
            NDArray data = run.create(train.pixels(), new Shape(n, d));
            NDArray valData =
                    validation == null
                            ? null
                            : run.create(validation.pixels(), new Shape(validation.size(), d));
            for (int epoch = first; epoch <= config.epochs(); epoch++) {
                long started = System.nanoTime();
                long[] order = permutation(n, Seeds.derive(config.seed(), SHUFFLE, epoch));
                Seeds.seedEngine(Seeds.derive(config.seed(), NOISE, epoch));
                double sumRecon = 0;
                double sumKl = 0;
                for (int b = 0; b < batches; b++) {
                    int start = b * batchSize;
                    int size = Math.min(batchSize, n - start);
                    double recon;
                    double kl;
                    try (NDManager batch = run.newSubManager()) {
                        long[] rows = new long[size];
                        System.arraycopy(order, start, rows, 0, size);
                        NDArray x = data.get(batch.create(rows));
                        x.attach(batch);
                        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                            NDList terms = ElboLoss.terms(model, x, true);
                            NDArray reconSum = terms.get(0).sum();
                            NDArray klSum = terms.get(1).sum();
                            collector.backward(reconSum.add(Tensors.times(klSum, beta)));
                            recon = reconSum.getFloat();
                            kl = klSum.getFloat();
                        }
                        double loss = recon + beta * kl;
                        if (!Double.isFinite(loss)) {
                            throw new TrainingDivergedException(epoch, b + 1, loss);
                        }
                        for (Pair<String, NDArray> p : params) {
                            try (NDArray grad = p.getValue().getGradient()) {
                                optimizer.update(p.getKey(), p.getValue(), grad);
                            }
                        }
                    }
                    sumRecon += recon;
                    sumKl += kl;
                    listener.onBatchEnd(
                            new BatchMetrics(
                                    epoch, b + 1, batches, (recon + beta * kl) / size, recon / size, kl / size));
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                EpochMetrics metrics;
                double trainRecon = sumRecon / n;
                double trainKl = sumKl / n;
                if (valData == null) {
                    metrics = new EpochMetrics(
                            epoch, trainRecon + beta * trainKl, trainRecon, trainKl, null, null, null, seconds);
                } else {
                    ElboResult v = Evaluator.elbo(model, valData, Seeds.derive(config.seed(), VALIDATION, epoch));
                    if (!Double.isFinite(v.loss(beta))) {
                        throw TrainingDivergedException.inValidation(epoch, v.loss(beta));
                    }
                    metrics = new EpochMetrics(
                            epoch, trainRecon + beta * trainKl, trainRecon, trainKl,
                            v.loss(beta), v.recon(), v.kl(), seconds);
                }
                history.add(metrics);
                listener.onEpochEnd(metrics, this);
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
