package org.vae4j.latent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.vae4j.BadInputException;
import org.vae4j.data.ExampleSet;
import org.vae4j.data.ImageField;
import org.vae4j.io.Png;
import org.vae4j.model.LatentModel;
import org.vae4j.plot.ImageGrid;
import org.vae4j.plot.LatentScatter;

/**
 * The pictures of a model's latent space: a scatter plot of the latent means of a dataset coloured by class, and the
 * manifold of decodings of a 2-D latent space.
 */
public final class LatentPlots {
    /** How many points t-SNE maps when {@link Scatter#maxPoints()} is 0: its time and memory grow with N^2. */
    public static final int TSNE_DEFAULT_MAX_POINTS = 2000;

    /** The manifold's default number of rows and columns. */
    public static final int DEFAULT_GRID = 20;

    private LatentPlots() {}

    /**
     * How a latent scatter plot is made.
     *
     * @param modelName the model's name for the title, e.g. its folder
     * @param method PCA or t-SNE, for latent spaces of more than 2 dimensions
     * @param maxPoints draw at most this many examples, a random subset; 0 for the default: all of them, but
     *     {@value LatentPlots#TSNE_DEFAULT_MAX_POINTS} for t-SNE
     * @param seed seed of the subset and of t-SNE
     * @param classNames the class names of the model's training data (from its {@code vae4j.json}), shown instead of
     *     the data's when those are only the default numbering (see {@link LatentCodes#classNames}); may be empty
     */
    public record Scatter(String modelName, Projection.Method method, int maxPoints, long seed, List<String> classNames) {
        /**
         * Checks the settings.
         *
         * @throws IllegalArgumentException if maxPoints is negative
         */
        public Scatter {
            Objects.requireNonNull(modelName, "modelName");
            Objects.requireNonNull(method, "method");
            if (maxPoints < 0) {
                throw new IllegalArgumentException("maxPoints must be 0 (default) or more, found " + maxPoints);
            }
            classNames = List.copyOf(classNames == null ? List.of() : classNames);
        }

        /**
         * PCA, the default number of points, seed 1, the data's class names.
         *
         * @param modelName the model's name for the title
         * @return the settings
         */
        public static Scatter defaults(String modelName) {
            return new Scatter(modelName, Projection.Method.PCA, 0, 1, List.of());
        }

        /**
         * @param newMethod PCA or t-SNE
         * @return these settings with another method
         */
        public Scatter withMethod(Projection.Method newMethod) {
            return new Scatter(modelName, newMethod, maxPoints, seed, classNames);
        }

        /**
         * @param newMaxPoints at most this many points, or 0 for the default
         * @return these settings with another limit
         */
        public Scatter withMaxPoints(int newMaxPoints) {
            return new Scatter(modelName, method, newMaxPoints, seed, classNames);
        }

        /**
         * @param newSeed seed of the subset and of t-SNE
         * @return these settings with another seed
         */
        public Scatter withSeed(long newSeed) {
            return new Scatter(modelName, method, maxPoints, newSeed, classNames);
        }

        /**
         * @param names the class names of the model's training data
         * @return these settings with other class names
         */
        public Scatter withClassNames(List<String> names) {
            return new Scatter(modelName, method, maxPoints, seed, names);
        }
    }

    /**
     * What a scatter plot shows.
     *
     * @param projection the 2-D points and how they were made
     * @param shown how many examples were drawn
     * @param total how many the data holds
     * @param title the picture's title
     * @param subtitle the picture's second line
     */
    public record ScatterResult(Projection projection, int shown, int total, String title, String subtitle) {}

    /**
     * Encodes a dataset (or a random subset), maps the latent means to 2-D and writes the scatter plot as a PNG.
     *
     * @param model the model
     * @param data examples that fit the model, with or without labels
     * @param settings method, number of points, seed, names
     * @param file where to write the PNG; parent folders are created
     * @return what was drawn
     * @throws BadInputException if the data does not fit the model, the latent space is 1-D, or t-SNE would get
     *     fewer than 4 points
     */
    public static ScatterResult scatter(LatentModel model, ExampleSet data, Scatter settings, Path file) {
        model.schema().checkData(data);
        int latent = model.latent();
        if (latent < 2) {
            throw new BadInputException("the latent scatter plot needs at least 2 latent dimensions, this model has "
                    + latent);
        }
        boolean tsne = latent > 2 && settings.method() == Projection.Method.TSNE;
        int max = settings.maxPoints() > 0 ? settings.maxPoints() : tsne ? TSNE_DEFAULT_MAX_POINTS : Integer.MAX_VALUE;
        int[] chosen = Projection.subset(data.size(), max, settings.seed());
        if (tsne && chosen.length < 4) {
            throw new BadInputException(data.name() + ": t-SNE needs at least 4 examples, found " + chosen.length);
        }
        ExampleSet shown = chosen.length == data.size() ? data : data.subset(chosen, data.name());
        LatentCodes codes = LatentCodes.encode(model, shown, LatentCodes.classNames(data.classNames(),
                settings.classNames()));
        Projection projection = Projection.of(codes.mu(), codes.count(), latent, settings.method(),
                Tsne.Options.defaults().withSeed(settings.seed()));
        String title = settings.modelName() + ": latent means of " + data.name();
        String which = chosen.length < data.size()
                ? String.format(Locale.ROOT, "%,d of %,d examples (a random subset, seed %d)", chosen.length,
                        data.size(), settings.seed())
                : String.format(Locale.ROOT, "all %,d examples", data.size());
        String subtitle = projection.description() + "; " + which;
        Png.write(LatentScatter.render(projection.points(), projection.count(), codes.labels(), codes.classNames(),
                LatentScatter.Options.of(title, subtitle, projection.xLabel(), projection.yLabel())), file);
        return new ScatterResult(projection, chosen.length, data.size(), title, subtitle);
    }

    /**
     * The quantiles of the standard normal distribution at (i + 0.5) / n for i = 0 .. n - 1: the prior's quantiles
     * that the manifold is decoded at. Computed as sqrt(2) erfinv(2p - 1) in double precision with the engine's
     * {@code erfinv} (PyTorch's).
     *
     * @param manager where to compute (freed before returning)
     * @param n how many, from 1
     * @return the n quantiles, increasing, symmetric around 0
     */
    public static double[] priorQuantiles(NDManager manager, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be 1 or more, found " + n);
        }
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = 2 * (i + 0.5) / n - 1;
        }
        try (NDManager work = manager.newSubManager()) {
            NDArray z = work.create(p, new Shape(n)).erfinv().mul(Math.sqrt(2));
            return z.toDoubleArray();
        }
    }

    /**
     * Decodes a grid of latent codes over the prior's quantiles: the image in row r (from the top) and column c has
     * z1 = q[c] and z2 = q[grid - 1 - r] with q = {@link #priorQuantiles}, so z1 grows to the right and z2 upwards,
     * as on a plot's axes. A conditional model decodes every code with the given class.
     *
     * @param model a model with a 2-D latent space
     * @param grid rows and columns, from 1
     * @param label the class to decode with for a conditional model; ignored (give -1) for an unconditional one
     * @return grid x grid images (C x H x W each), row after row
     * @throws BadInputException if the latent space is not 2-D
     */
    public static float[] manifoldImages(LatentModel model, int grid, int label) {
        int latent = model.latent();
        if (latent != 2) {
            throw new BadInputException("the manifold plot needs a 2-D latent space, this model's is " + latent
                    + "-D (train with --latent 2)");
        }
        if (grid < 1) {
            throw new IllegalArgumentException("grid must be 1 or more, found " + grid);
        }
        double[] q = priorQuantiles(model.manager(), grid);
        float[] z = new float[grid * grid * 2];
        for (int r = 0; r < grid; r++) {
            for (int c = 0; c < grid; c++) {
                int at = 2 * (r * grid + c);
                z[at] = (float) q[c];
                z[at + 1] = (float) q[grid - 1 - r];
            }
        }
        return model.decode(z, grid * grid, Traversal.classes(model, label, grid * grid));
    }

    /**
     * Draws the manifold of {@link #manifoldImages} as one picture, grey or colour like the model's images.
     *
     * @param model a model of images with a 2-D latent space
     * @param grid rows and columns, from 1
     * @param label the class to decode with for a conditional model; ignored (give -1) for an unconditional one
     * @return the picture, laid out as {@link ImageGrid#grid} describes
     * @throws BadInputException if the latent space is not 2-D or the model's data are not images
     */
    public static BufferedImage manifold(LatentModel model, int grid, int label) {
        ImageField c = model.schema().requireImage("the manifold plot");
        float[] images = manifoldImages(model, grid, label);
        return ImageGrid.grid(images, grid * grid, c.channels(), c.height(), c.width(), grid);
    }

    /**
     * Writes the manifold of {@link #manifold} as a PNG, atomically.
     *
     * @param model a model of images with a 2-D latent space
     * @param grid rows and columns, from 1
     * @param label the class to decode with for a conditional model; ignored (give -1) for an unconditional one
     * @param file where to write the PNG; parent folders are created
     * @throws BadInputException if the latent space is not 2-D or the model's data are not images
     */
    public static void writeManifold(LatentModel model, int grid, int label, Path file) {
        Png.write(manifold(model, grid, label), file);
    }
}
