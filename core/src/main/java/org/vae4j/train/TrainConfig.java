package org.vae4j.train;

import java.util.List;
import java.util.Locale;
import org.vae4j.BadInputException;
import org.vae4j.image.Binarization;

/**
 * Settings of a training run, separate from the model's architecture. Validated on construction.
 *
 * @param epochs how many passes over the training data in total
 * @param batchSize examples per gradient step
 * @param learningRate Adam's step size (at the start, for a schedule)
 * @param seed seed of every random step of the run
 * @param klWarmupEpochs over how many epochs the KL weight rises linearly from 0 to beta, step by step; 0 for none
 * @param freeBits free bits in nats per latent dimension (Kingma et al. 2016): the KL of a dimension, averaged over
 *     the batch, counts as at least this much, so the optimizer has no reason to push it lower; 0 for none
 * @param lrSchedule {@code constant}, {@code step} (multiply by {@code lrGamma} every {@code lrStepEpochs}) or
 *     {@code cosine} (per epoch, from the learning rate at epoch 1 down to 0 at the end of the run: epoch e of E
 *     uses lr * (1 + cos(pi (e - 1) / E)) / 2, as PyTorch's {@code CosineAnnealingLR} with {@code T_max} = E; the
 *     schedule depends on E, so a run resumed with another number of epochs is refused)
 * @param lrStepEpochs for {@code step}: epochs between decays
 * @param lrGamma for {@code step}: the factor of each decay
 * @param patience stop when the validation loss has not improved for this many epochs, and keep the weights of the
 *     best epoch; 0 to train all epochs
 * @param binarize how the pixels are made 0 or 1 before training: {@code none}, {@code dynamic}, {@code static} or
 *     {@code threshold} (see {@link Binarization}); {@code null} means none
 * @param klSchedule the shape of the KL weight over the {@code klWarmupEpochs}: {@code linear} (from 0 to 1, then
 *     1), {@code logistic} (Bowman et al. 2016's sigmoid 1 / (1 + exp(-10 (p / W - 1/2))) of the progress p in
 *     epochs, then 1) or {@code cyclical} (Fu et al. 2019: cycles of W epochs repeated through the run, each rising
 *     linearly over its first half and holding 1 over the second); {@code null} means linear
 */
public record TrainConfig(
        int epochs,
        int batchSize,
        double learningRate,
        long seed,
        int klWarmupEpochs,
        double freeBits,
        String lrSchedule,
        int lrStepEpochs,
        double lrGamma,
        int patience,
        String binarize,
        String klSchedule) {

    /** The shapes of the KL weight's warm-up. */
    public static final List<String> KL_SCHEDULES = List.of("linear", "logistic", "cyclical");

    /** The learning-rate schedules. */
    public static final List<String> SCHEDULES = List.of("constant", "step", "cosine");

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException naming the field and what was expected
     */
    public TrainConfig {
        lrSchedule = lrSchedule == null ? "constant" : lrSchedule.toLowerCase(Locale.ROOT);
        klSchedule = klSchedule == null ? "linear" : klSchedule.toLowerCase(Locale.ROOT);
        if (!KL_SCHEDULES.contains(klSchedule)) {
            throw new IllegalArgumentException("KL schedule '" + klSchedule + "': expected one of " + KL_SCHEDULES);
        }
        try {
            binarize = Binarization.parse(binarize).label();
        } catch (BadInputException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs " + epochs + ": expected a positive integer");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size " + batchSize + ": expected a positive integer");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate " + learningRate + ": expected a positive number");
        }
        if (klWarmupEpochs < 0) {
            throw new IllegalArgumentException("KL warm-up " + klWarmupEpochs + ": expected 0 or more epochs");
        }
        if (!(freeBits >= 0) || Double.isInfinite(freeBits)) {
            throw new IllegalArgumentException("free bits " + freeBits + ": expected 0 or more nats");
        }
        if (!SCHEDULES.contains(lrSchedule)) {
            throw new IllegalArgumentException("learning-rate schedule '" + lrSchedule + "': expected one of "
                    + SCHEDULES);
        }
        if (lrSchedule.equals("step") && lrStepEpochs <= 0) {
            throw new IllegalArgumentException("learning-rate step " + lrStepEpochs + ": expected a positive "
                    + "number of epochs");
        }
        if (lrSchedule.equals("step") && !(lrGamma > 0 && lrGamma <= 1)) {
            throw new IllegalArgumentException("learning-rate gamma " + lrGamma + ": expected a factor in (0, 1]");
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience " + patience + ": expected 0 (off) or more epochs");
        }
    }

    /**
     * Settings with no warm-up, free bits, schedule or early stopping.
     *
     * @param epochs total epochs
     * @param batchSize examples per step
     * @param learningRate Adam's step size
     * @param seed the run's seed
     */
    public TrainConfig(int epochs, int batchSize, double learningRate, long seed) {
        this(epochs, batchSize, learningRate, seed, 0, 0, "constant", 0, 0.1, 0, "none");
    }

    /**
     * Settings with a linear KL warm-up (the {@code klSchedule} of the canonical constructor).
     *
     * @param epochs total passes
     * @param batchSize examples per step
     * @param learningRate Adam's step size
     * @param seed seed of the run
     * @param klWarmupEpochs KL warm-up epochs, 0 for none
     * @param freeBits free bits per latent dimension, 0 for none
     * @param lrSchedule the learning-rate schedule
     * @param lrStepEpochs for {@code step}: epochs between decays
     * @param lrGamma for {@code step}: the decay factor
     * @param patience early-stopping patience, 0 for none
     * @param binarize the binarization of the pixels
     */
    public TrainConfig(int epochs, int batchSize, double learningRate, long seed, int klWarmupEpochs,
            double freeBits, String lrSchedule, int lrStepEpochs, double lrGamma, int patience, String binarize) {
        this(epochs, batchSize, learningRate, seed, klWarmupEpochs, freeBits, lrSchedule, lrStepEpochs, lrGamma,
                patience, binarize, "linear");
    }

    /** @return the classic settings: 10 epochs, batch 128, Adam at 1e-3, seed 1 */
    public static TrainConfig defaults() {
        return new TrainConfig(10, 128, 1e-3, 1);
    }

    /**
     * Why a run with these settings cannot continue to another number of epochs, if it cannot.
     *
     * @param epochs the epochs it would continue to
     * @return the reason, or empty when it can
     */
    public java.util.Optional<String> resumeConflict(int epochs) {
        if (lrSchedule.equals("cosine") && epochs != this.epochs) {
            return java.util.Optional.of("the run decays its learning rate with a cosine schedule over its "
                    + this.epochs + " epochs, which another number of epochs would change for the epochs already "
                    + "trained; keep --epochs " + this.epochs + " or start a new run");
        }
        return java.util.Optional.empty();
    }

    /**
     * @param value total epochs
     * @return a copy with another epoch count
     */
    public TrainConfig withEpochs(int value) {
        return new TrainConfig(value, batchSize, learningRate, seed, klWarmupEpochs, freeBits, lrSchedule,
                lrStepEpochs, lrGamma, patience, binarize, klSchedule);
    }

    /**
     * @param warmupEpochs epochs of linear KL warm-up
     * @param nats free bits per latent dimension
     * @return a copy with another KL treatment
     */
    public TrainConfig withKl(int warmupEpochs, double nats) {
        return new TrainConfig(epochs, batchSize, learningRate, seed, warmupEpochs, nats, lrSchedule, lrStepEpochs,
                lrGamma, patience, binarize, klSchedule);
    }

    /**
     * @param schedule {@code constant}, {@code step} or {@code cosine}
     * @param stepEpochs epochs between step decays
     * @param gamma factor of each step decay
     * @return a copy with another learning-rate schedule
     */
    public TrainConfig withSchedule(String schedule, int stepEpochs, double gamma) {
        return new TrainConfig(epochs, batchSize, learningRate, seed, klWarmupEpochs, freeBits, schedule, stepEpochs,
                gamma, patience, binarize, klSchedule);
    }

    /**
     * @param value {@code none}, {@code dynamic}, {@code static} or {@code threshold}
     * @return a copy with another binarization of the training data
     */
    public TrainConfig withBinarize(String value) {
        return new TrainConfig(epochs, batchSize, learningRate, seed, klWarmupEpochs, freeBits, lrSchedule,
                lrStepEpochs, lrGamma, patience, value, klSchedule);
    }

    /**
     * @param schedule {@code linear}, {@code logistic} or {@code cyclical}
     * @return a copy with that shape of the KL warm-up
     */
    public TrainConfig withKlSchedule(String schedule) {
        return new TrainConfig(epochs, batchSize, learningRate, seed, klWarmupEpochs, freeBits, lrSchedule,
                lrStepEpochs, lrGamma, patience, binarize, schedule);
    }

    /** @return the binarization of the training data */
    public Binarization binarization() {
        return Binarization.parse(binarize);
    }

    /**
     * @param epochsWithoutImprovement early-stopping patience, 0 for off
     * @return a copy with another patience
     */
    public TrainConfig withPatience(int epochsWithoutImprovement) {
        return new TrainConfig(epochs, batchSize, learningRate, seed, klWarmupEpochs, freeBits, lrSchedule,
                lrStepEpochs, lrGamma, epochsWithoutImprovement, binarize, klSchedule);
    }

    /**
     * The learning rate of an epoch under the schedule.
     *
     * @param epoch the epoch, from 1
     * @return the learning rate for all of that epoch's steps
     */
    public double learningRateAt(int epoch) {
        return switch (lrSchedule) {
            case "step" -> learningRate * Math.pow(lrGamma, (epoch - 1) / lrStepEpochs);
            case "cosine" -> learningRate * 0.5 * (1 + Math.cos(Math.PI * (epoch - 1) / epochs));
            default -> learningRate;
        };
    }

    /**
     * The share of beta the KL term gets at a point of the run, step by step: the {@link #klSchedule} over the
     * warm-up epochs W (and, for {@code cyclical}, every later cycle of W epochs), 1 without warm-up.
     *
     * @param epoch the epoch, from 1
     * @param step the step within the epoch, from 1
     * @param steps steps per epoch
     * @return a factor in [0, 1]
     */
    public double klWeightAt(int epoch, int step, int steps) {
        if (klWarmupEpochs == 0) {
            return 1;
        }
        double progress = (epoch - 1) + (double) step / steps;
        return switch (klSchedule) {
            case "logistic" -> progress >= klWarmupEpochs ? 1
                    : 1 / (1 + Math.exp(-10 * (progress / klWarmupEpochs - 0.5)));
            case "cyclical" -> {
                double tau = (progress % klWarmupEpochs) / klWarmupEpochs;
                // the end of a cycle belongs to it (tau 0 after a whole cycle would drop the weight to 0)
                if (tau == 0 && progress > 0) {
                    tau = 1;
                }
                yield Math.min(1, tau / 0.5);
            }
            default -> Math.min(1, progress / klWarmupEpochs);
        };
    }
}
