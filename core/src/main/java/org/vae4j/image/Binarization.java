package org.vae4j.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import java.util.Locale;
import java.util.SplittableRandom;
import org.vae4j.BadInputException;
import org.vae4j.Noise;
import org.vae4j.data.Batch;
import org.vae4j.data.ExampleSet;

/**
 * Turning [0, 1] pixels into 0 or 1, as the literature on binarized MNIST does, so that a Bernoulli likelihood is a
 * true probability mass and log-likelihoods compare with published ones.
 *
 * <ul>
 *   <li>{@code threshold}: 1 where the pixel is above 0.5;
 *   <li>{@code static}: one Bernoulli draw per pixel with the pixel as its probability, made once from a seed, so the
 *       dataset is fixed (like the classic statically binarized MNIST);
 *   <li>{@code dynamic}: a fresh Bernoulli draw every time training uses an image (Salakhutdinov and Murray 2008),
 *       which regularises; a fixed set (validation, evaluation) gets one seeded draw, as {@code static}.
 * </ul>
 */
public enum Binarization {
    /** Pixels as they are. */
    NONE,
    /** A fresh Bernoulli draw whenever training uses an image; one seeded draw for fixed sets. */
    DYNAMIC,
    /** One seeded Bernoulli draw per pixel. */
    STATIC,
    /** 1 above 0.5, else 0. */
    THRESHOLD;

    /** @return the name used on the command line and in model files, e.g. {@code dynamic} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return {@link #label()}, so that lists of the values read as the command line spells them */
    @Override
    public String toString() {
        return label();
    }

    /**
     * Reads a name.
     *
     * @param text {@code none}, {@code dynamic}, {@code static} or {@code threshold} (any case); {@code null} is none
     * @return the binarization
     * @throws BadInputException naming the accepted values
     */
    public static Binarization parse(String text) {
        if (text == null) {
            return NONE;
        }
        for (Binarization b : values()) {
            if (b.label().equalsIgnoreCase(text.trim())) {
                return b;
            }
        }
        throw new BadInputException("binarization '" + text + "': expected none, dynamic, static or threshold");
    }

    /**
     * One Bernoulli draw per input value with the value as its probability (the training loop's dynamic
     * binarization).
     *
     * @param batch a batch whose inputs are in [0, 1]
     * @param noise the draws to use
     * @return the batch with 0 or 1 float inputs, in the inputs' manager
     */
    public static Batch draw(Batch batch, Noise noise) {
        NDList drawn = new NDList(batch.inputs().size());
        for (NDArray x : batch.inputs()) {
            drawn.add(noise.uniform(x.getManager(), x.getShape()).lt(x).toType(DataType.FLOAT32, false));
        }
        return new Batch(drawn, batch.mask(), batch.condition());
    }

    /**
     * Binarizes a fixed set of images; see {@link #apply(ImageDataset, long)}.
     *
     * @param data examples; they must be images unless this is {@code none}
     * @param seed seed of the draw
     * @return the binarized copy, or {@code data} itself for {@code none}
     * @throws BadInputException if the data are not images
     */
    public ExampleSet apply(ExampleSet data, long seed) {
        if (this == NONE) {
            return data;
        }
        if (data instanceof ImageDataset images) {
            return apply(images, seed);
        }
        throw new BadInputException(data.name() + ": binarization (" + label() + ") applies to images, not to "
                + data.schema().describeInputs());
    }

    /**
     * Binarizes a fixed dataset: {@code threshold} cuts at 0.5; {@code static} and {@code dynamic} make one Bernoulli
     * draw per pixel from the seed (the same seed, the same draw); {@code none} returns the data itself.
     *
     * @param data [0, 1] images
     * @param seed seed of the draw
     * @return the binarized copy, named after the original with the binarization appended
     */
    public ImageDataset apply(ImageDataset data, long seed) {
        if (this == NONE) {
            return data;
        }
        float[] in = data.pixels();
        float[] out = new float[in.length];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < in.length; i++) {
            boolean one = this == THRESHOLD ? in[i] > 0.5f : random.nextDouble() < in[i];
            out[i] = one ? 1f : 0f;
        }
        return new ImageDataset(data.name() + " [binarized: " + label() + "]", out, data.channels(), data.height(),
                data.width(), data.labels().orElse(null), data.classNames(), data.sha256());
    }
}
