package org.vae4j.image;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.vae4j.BadInputException;
import org.vae4j.data.Batch;
import org.vae4j.data.CategoricalField;
import org.vae4j.data.ExampleSet;
import org.vae4j.data.ImageField;
import org.vae4j.data.Schema;

/**
 * An in-memory set of equally sized images with optional class labels.
 *
 * <p>Pixels are floats in [0, 1], stored image after image in channel, row, column order (N x C x H x W). The
 * dataset is immutable: {@link #pixels()} returns the backing array, which callers must not change.
 *
 * <p>As an {@link ExampleSet} its schema is one {@link ImageField} named {@code image} and, when it has labels, a
 * condition named {@code label} with its class names; batches hold the flat pixels, (B, C*H*W), and the labels.
 */
public final class ImageDataset implements ExampleSet {
    private final String name;
    private final float[] pixels;
    private final int count;
    private final int channels;
    private final int height;
    private final int width;
    private final int[] labels;
    private final List<String> classNames;
    private final String sha256;
    private final Schema schema;

    /**
     * Creates a dataset, checking that sizes agree and that every pixel is a finite number in [0, 1].
     *
     * @param name where the data came from, used in messages (for example {@code fashion-mnist:train})
     * @param pixels N x C x H x W floats in [0, 1]
     * @param channels 1 (grayscale) or 3 (RGB)
     * @param height image height in pixels
     * @param width image width in pixels
     * @param labels one class index per image, or {@code null} when the data has no labels
     * @param classNames names of the classes, indexed by label; empty when there are no labels
     * @param sha256 a SHA-256 of the source data for provenance, or {@code null} when unknown
     * @throws BadInputException if the dataset is empty, sizes disagree, or a pixel is NaN or outside [0, 1]
     */
    public ImageDataset(
            String name,
            float[] pixels,
            int channels,
            int height,
            int width,
            int[] labels,
            List<String> classNames,
            String sha256) {
        this.name = Objects.requireNonNull(name, "name");
        this.pixels = Objects.requireNonNull(pixels, "pixels");
        ImageField field;
        try {
            field = ImageField.of(channels, height, width);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(name + ": " + e.getMessage(), e);
        }
        int perImage = channels * height * width;
        if (pixels.length == 0) {
            throw new BadInputException(name + ": the dataset is empty, expected at least one image");
        }
        if (pixels.length % perImage != 0) {
            throw new BadInputException(
                    name + ": " + pixels.length + " pixel values do not divide into images of " + perImage);
        }
        this.count = pixels.length / perImage;
        this.channels = channels;
        this.height = height;
        this.width = width;
        if (labels != null && labels.length != count) {
            throw new BadInputException(
                    name + ": " + labels.length + " labels for " + count + " images, expected one label per image");
        }
        this.labels = labels;
        this.classNames = List.copyOf(classNames == null ? List.of() : classNames);
        if (labels != null) {
            for (int i = 0; i < labels.length; i++) {
                int label = labels[i];
                if (label < 0 || (!this.classNames.isEmpty() && label >= this.classNames.size())) {
                    throw new BadInputException(
                            name + ": label " + label + " of image " + i + " is outside the "
                                    + this.classNames.size() + " known classes");
                }
            }
        }
        for (int i = 0; i < pixels.length; i++) {
            float v = pixels[i];
            if (!(v >= 0f && v <= 1f)) {
                throw new BadInputException(
                        name + ": image " + (i / perImage) + " has pixel value " + v + ", expected a number in [0, 1]");
            }
        }
        this.sha256 = sha256;
        this.schema = new Schema(List.of(field),
                labels == null ? null : new CategoricalField("label", categoryNames(labels, this.classNames)));
    }

    private static List<String> categoryNames(int[] labels, List<String> names) {
        if (!names.isEmpty()) {
            return names;
        }
        int max = 0;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        List<String> numbered = new ArrayList<>(max + 1);
        for (int k = 0; k <= max; k++) {
            numbered.add(String.valueOf(k));
        }
        return numbered;
    }

    /** @return where the data came from, for messages and provenance */
    @Override
    public String name() {
        return name;
    }

    /** @return the number of images */
    @Override
    public int size() {
        return count;
    }

    /** @return 1 for grayscale, 3 for RGB */
    public int channels() {
        return channels;
    }

    /** @return image height in pixels */
    public int height() {
        return height;
    }

    /** @return image width in pixels */
    public int width() {
        return width;
    }

    /** @return channels x height x width */
    public int pixelsPerImage() {
        return channels * height * width;
    }

    /** @return the shape of one image as {channels, height, width} */
    public int[] imageShape() {
        return new int[] {channels, height, width};
    }

    /** @return the backing N x C x H x W array; do not modify */
    public float[] pixels() {
        return pixels;
    }

    /**
     * Copies one image.
     *
     * @param index image index
     * @return its C x H x W pixels
     */
    public float[] image(int index) {
        Objects.checkIndex(index, count);
        int n = pixelsPerImage();
        return Arrays.copyOfRange(pixels, index * n, (index + 1) * n);
    }

    /** @return the class labels, if the data has them (the backing array; do not modify) */
    @Override
    public Optional<int[]> labels() {
        return Optional.ofNullable(labels);
    }

    /** @return class names indexed by label as the data gave them; empty when unknown */
    @Override
    public List<String> classNames() {
        return classNames;
    }

    /** @return a SHA-256 of the source data, or {@code null} */
    public String sha256() {
        return sha256;
    }

    /**
     * Selects images by index, in the given order.
     *
     * @param indices which images to keep
     * @param newName name of the subset
     * @return a new dataset holding copies of the selected images
     */
    @Override
    public ImageDataset subset(int[] indices, String newName) {
        int n = pixelsPerImage();
        float[] out = new float[indices.length * n];
        int[] outLabels = labels == null ? null : new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int src = Objects.checkIndex(indices[i], count);
            System.arraycopy(pixels, src * n, out, i * n, n);
            if (outLabels != null) {
                outLabels[i] = labels[src];
            }
        }
        return new ImageDataset(newName, out, channels, height, width, outLabels, classNames, sha256);
    }

    /**
     * Splits off a random validation part.
     *
     * @param validationFraction share of images for validation, in (0, 1)
     * @param seed seed of the shuffle, so the split is reproducible
     * @return two datasets: {training part, validation part}
     * @throws BadInputException if either part would be empty
     */
    @Override
    public ImageDataset[] split(double validationFraction, long seed) {
        int[][] parts = ExampleSet.splitRows(count, validationFraction, seed, name);
        return new ImageDataset[] {subset(parts[0], name + "[train split]"), subset(parts[1],
            name + "[validation split]")};
    }

    @Override
    public ImageDataset first(int n) {
        return prefix(n, name + " [first " + n + "]");
    }

    /**
     * @param n how many images
     * @return the first {@code n} images under this dataset's own name (this dataset when it has no more)
     */
    public ImageDataset head(int n) {
        return prefix(n, name);
    }

    private ImageDataset prefix(int n, String newName) {
        return n >= count ? this : subset(java.util.stream.IntStream.range(0, n).toArray(), newName);
    }

    /** @return one image field and, with labels, the condition {@code label} */
    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public Batch batch(NDManager manager, long[] rows) {
        return Batch.ofRows(manager, pixels, pixelsPerImage(), labels, rows);
    }

    @Override
    public String toString() {
        return name + " (" + count + " images, " + channels + "x" + height + "x" + width
                + (labels == null ? "" : ", " + classNames.size() + " classes") + ")";
    }
}
