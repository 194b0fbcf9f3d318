package org.vae4j.generate;

import java.util.Objects;
import org.vae4j.BadInputException;
import org.vae4j.data.ExampleSet;
import org.vae4j.model.LatentModel;

/**
 * Style transfer with a conditional VAE, the analogies of Kingma et al. (2014): encode each input with its own label
 * to the mean of q(z | x, y), then decode that same z with other labels. What z keeps (stroke, thickness, pose) moves
 * to the other classes.
 */
public final class StyleTransfer {
    private StyleTransfer() {}

    /**
     * The transferred images.
     *
     * @param codes the inputs' codes, count x latent: each row is decoded with every target
     * @param sources each input's own class
     * @param targets the classes every code is decoded with, in column order
     * @param images count x targets.length x D values: input after input, target after target
     * @param count how many inputs
     */
    public record Result(float[] codes, int[] sources, int[] targets, float[] images, int count) {
        /** @return the target class of every image, in the order of {@link #images()} */
        public int[] imageClasses() {
            int[] out = new int[count * targets.length];
            for (int i = 0; i < count; i++) {
                System.arraycopy(targets, 0, out, i * targets.length, targets.length);
            }
            return out;
        }
    }

    /**
     * Transfers every example of a dataset to every target class.
     *
     * @param model a conditional model
     * @param data labelled examples that fit it
     * @param targets the classes to decode with, each within the model's classes
     * @return the codes and the images
     * @throws BadInputException if the model is unconditional or the data has no labels
     * @throws IllegalArgumentException if a target is out of range
     */
    public static Result transfer(LatentModel model, ExampleSet data, int[] targets) {
        Objects.requireNonNull(targets, "targets");
        if (model.classes() == 0) {
            throw new BadInputException("style transfer needs a conditional model (train with --condition label); "
                    + "this model is unconditional");
        }
        int[] sources = data.labels().orElseThrow(() -> new BadInputException(data.name()
                + ": style transfer encodes each image with its own label, but the data has no labels"));
        for (int t : targets) {
            if (t < 0 || t >= model.classes()) {
                throw new IllegalArgumentException("target class " + t + ": expected 0 to " + (model.classes() - 1));
            }
        }
        int n = data.size();
        int latent = model.latent();
        float[] mu = model.encode(data).mu();
        float[] codes = new float[Math.multiplyExact(Math.multiplyExact(n, targets.length), latent)];
        int[] classes = new int[n * targets.length];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < targets.length; t++) {
                System.arraycopy(mu, i * latent, codes, (i * targets.length + t) * latent, latent);
                classes[i * targets.length + t] = targets[t];
            }
        }
        float[] images = model.decode(codes, n * targets.length, classes);
        return new Result(mu, sources.clone(), targets.clone(), images, n);
    }
}
