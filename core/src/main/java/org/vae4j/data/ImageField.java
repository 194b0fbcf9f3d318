package org.vae4j.data;

import java.util.Objects;

/**
 * An image of {@code channels x height x width} pixels in [0, 1], flattened channel, row, column.
 *
 * @param name the field's name
 * @param channels 1 (gray) or 3 (RGB)
 * @param height rows
 * @param width columns
 */
public record ImageField(String name, int channels, int height, int width) implements Field {
    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException for other than 1 or 3 channels or a size below 1
     */
    public ImageField {
        Objects.requireNonNull(name, "name");
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("image channels " + channels + ": expected 1 (gray) or 3 (RGB)");
        }
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size " + height + "x" + width + ": expected positive sizes");
        }
    }

    /**
     * @param channels 1 or 3
     * @param height rows
     * @param width columns
     * @return an image field named {@code image}
     */
    public static ImageField of(int channels, int height, int width) {
        return new ImageField("image", channels, height, width);
    }

    @Override
    public int size() {
        return channels * height * width;
    }

    /** @return {@code CxHxW}, e.g. {@code 1x28x28} */
    public String shape() {
        return channels + "x" + height + "x" + width;
    }

    @Override
    public String describe() {
        return "image " + shape();
    }
}
