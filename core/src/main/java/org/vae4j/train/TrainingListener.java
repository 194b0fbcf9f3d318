package org.vae4j.train;

/**
 * Hears about a training run's progress: progress bars, metric files and checkpoints are listeners. All methods
 * run on the training thread; keep them quick.
 */
public interface TrainingListener {

    /**
     * Called once before the first epoch of this call to {@link Trainer#fit}.
     *
     * @param firstEpoch the first epoch to run, from 1 (above 1 when resuming)
     * @param lastEpoch the last epoch to run
     * @param batchesPerEpoch gradient steps per epoch
     */
    default void onTrainingStart(int firstEpoch, int lastEpoch, int batchesPerEpoch) {}

    /**
     * Called after each gradient step.
     *
     * @param metrics the batch's losses
     */
    default void onBatchEnd(BatchMetrics metrics) {}

    /**
     * Called after each epoch, once validation is done. The trainer's state is consistent here: this is the place
     * to write a checkpoint.
     *
     * @param metrics the epoch's losses
     * @param trainer the trainer, for its model, optimizer and history
     */
    default void onEpochEnd(EpochMetrics metrics, Trainer trainer) {}

    /**
     * Combines listeners; each is called in order.
     *
     * @param listeners the listeners
     * @return one listener calling all of them
     */
    static TrainingListener all(TrainingListener... listeners) {
        return new TrainingListener() {
            @Override
            public void onTrainingStart(int firstEpoch, int lastEpoch, int batchesPerEpoch) {
                for (TrainingListener l : listeners) {
                    l.onTrainingStart(firstEpoch, lastEpoch, batchesPerEpoch);
                }
            }

            @Override
            public void onBatchEnd(BatchMetrics metrics) {
                for (TrainingListener l : listeners) {
                    l.onBatchEnd(metrics);
                }
            }

            @Override
            public void onEpochEnd(EpochMetrics metrics, Trainer trainer) {
                for (TrainingListener l : listeners) {
                    l.onEpochEnd(metrics, trainer);
                }
            }
        };
    }
}
