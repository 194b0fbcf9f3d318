package org.vae4j.train;

/**
 * Settings of a training run, separate from the model's architecture. Validated on construction.
 *
 * @param epochs how many passes over the training data in total
 * @param batchSize examples per gradient step
 * @param learningRate Adam's step size
 * @param seed seed of every random step of the run
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, long seed) {

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException naming the field and what was expected
     */
    public TrainConfig {
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs " + epochs + ": expected a positive integer");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size " + batchSize + ": expected a positive integer");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate " + learningRate + ": expected a positive number");
        }
    }

    /** @return the classic settings: 10 epochs, batch 128, Adam at 1e-3, seed 1 */
    public static TrainConfig defaults() {
        return new TrainConfig(10, 128, 1e-3, 1);
    }

    /**
     * @param value total epochs
     * @return a copy with another epoch count
     */
    public TrainConfig withEpochs(int value) {
        return new TrainConfig(value, batchSize, learningRate, seed);
    }
}
