package org.vae4j.train;

/**
 * Thrown when the loss becomes NaN or infinite. The model in memory is no longer usable; the last checkpoint
 * written before the failing epoch is intact.
 */
public class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;

    /**
     * Creates the exception.
     *
     * @param epoch the epoch in which the loss diverged, from 1
     * @param batch the batch in which it diverged, from 1
     * @param value the loss value seen
     */
    public TrainingDivergedException(int epoch, int batch, double value) {
        super("the loss became " + value + " at epoch " + epoch + ", batch " + batch);
        this.epoch = epoch;
        this.batch = batch;
    }

    /**
     * Creates the exception for a validation loss that is not finite after an epoch whose training loss was.
     *
     * @param epoch the epoch after which validation failed, from 1
     * @param value the validation loss seen
     * @return the exception; {@link #batch()} is 0
     */
    public static TrainingDivergedException inValidation(int epoch, double value) {
        return new TrainingDivergedException(epoch, 0,
                "the validation loss became " + value + " after epoch " + epoch);
    }

    private TrainingDivergedException(int epoch, int batch, String message) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
    }

    /** @return the epoch in which the loss diverged */
    public int epoch() {
        return epoch;
    }

    /** @return the batch in which the loss diverged, or 0 when the validation loss diverged */
    public int batch() {
        return batch;
    }
}
