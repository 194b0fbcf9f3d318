package org.vae4j.generate;

import java.util.Arrays;
import org.vae4j.model.LatentModel;

/**
 * New data from a model's prior: unconditional draws, draws of one class, and a grid of every class of a
 * conditional model on shared latent draws (row y holds class y, column j the same z_j for every class, so a column
 * shows what the classes make of one z).
 */
public final class Sampling {
    private Sampling() {}

    /**
     * Samples and the class each was drawn for.
     *
     * @param images count x D values, sample after sample
     * @param classes the class of every sample, or {@code null} for an unconditional model
     * @param count how many samples
     * @param rows rows of the grid they are laid out for (one per class for {@link #everyClass})
     */
    public record Result(float[] images, int[] classes, int count, int rows) {}

    /**
     * Draws from an unconditional model, or from a conditional one all of one class.
     *
     * @param model the model
     * @param count how many
     * @param label the class for a conditional model; ignored (give -1) for an unconditional one
     * @param seed seed of the latent draws
     * @return the samples
     * @throws IllegalArgumentException if a conditional model gets no valid class
     */
    public static Result draw(LatentModel model, int count, int label, long seed) {
        int[] classes = null;
        if (model.classes() > 0) {
            if (label < 0 || label >= model.classes()) {
                throw new IllegalArgumentException("class " + label + ": expected 0 to " + (model.classes() - 1));
            }
            classes = new int[count];
            Arrays.fill(classes, label);
        }
        return new Result(model.sample(count, classes, seed), classes, count, 0);
    }

    /**
     * Draws {@code perClass} latent codes from the prior and decodes each with every class of a conditional model.
     *
     * @param model a conditional model
     * @param perClass samples per class
     * @param seed seed of the latent draws
     * @return classes x perClass samples, class after class
     * @throws IllegalArgumentException for an unconditional model
     */
    public static Result everyClass(LatentModel model, int perClass, long seed) {
        int c = model.classes();
        if (c == 0) {
            throw new IllegalArgumentException("samples per class need a conditional model");
        }
        float[] z = LatentModel.priorDraws(perClass, model.latent(), seed);
        int latent = model.latent();
        float[] codes = new float[Math.multiplyExact(c * perClass, latent)];
        int[] classes = new int[c * perClass];
        for (int y = 0; y < c; y++) {
            System.arraycopy(z, 0, codes, y * perClass * latent, perClass * latent);
            Arrays.fill(classes, y * perClass, (y + 1) * perClass, y);
        }
        return new Result(model.decode(codes, c * perClass, classes), classes, c * perClass, c);
    }
}
