package org.vae4j.latent;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import org.vae4j.Seeds;

/**
 * Points mapped to two dimensions for a picture, with the axis names and a one-line description of how.
 *
 * <p>{@link #of} chooses: 2-D points are kept as they are (axes {@code z1}, {@code z2}); others are projected with
 * {@link Method#PCA PCA} (the default; axes {@code PC1 (xx% of variance)}) or {@link Method#TSNE t-SNE} (axes
 * {@code t-SNE 1}, {@code t-SNE 2}).
 *
 * @param points count x 2 coordinates, point after point
 * @param count number of points
 * @param method how the points were mapped; {@code null} when they were 2-D already
 * @param xLabel the horizontal axis' name
 * @param yLabel the vertical axis' name
 * @param description how the points were mapped, e.g. {@code PCA of the 20-D means (PC1 and PC2: 31.2% of the
 *     variance)}, {@code t-SNE of the 20-D means (...)} or {@code 2-D latent space, drawn as it is}
 */
public record Projection(float[] points, int count, Method method, String xLabel, String yLabel, String description) {

    /** How points with more than two dimensions are mapped to two. */
    public enum Method {
        /** Principal component analysis: the linear projection that keeps the most variance. Fast, exact. */
        PCA,
        /** t-SNE: a non-linear map that keeps neighbourhoods; N^2 time and memory. */
        TSNE;

        /** @return the name in lower case, as the command line spells it */
        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final long SUBSET_NOISE = 0x5B5E;

    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException if {@code points} does not hold count x 2 values
     */
    public Projection {
        Objects.requireNonNull(points, "points");
        if ((long) count * 2 != points.length) {
            throw new IllegalArgumentException(points.length + " values do not make " + count + " 2-D points");
        }
    }

    /**
     * Maps points to 2-D: as they are when they are 2-D, else with the given method.
     *
     * @param points count x dims values, point after point
     * @param count number of points, from 1 (from 4 for t-SNE)
     * @param dims dimensions per point, from 2
     * @param method PCA or t-SNE, used when dims is more than 2
     * @param tsne t-SNE's options (its seed included), used with {@link Method#TSNE}
     * @return the 2-D points
     * @throws IllegalArgumentException if dims is below 2, sizes disagree, or t-SNE gets fewer than 4 points
     */
    public static Projection of(float[] points, int count, int dims, Method method, Tsne.Options tsne) {
        Objects.requireNonNull(points, "points");
        if (dims < 2) {
            throw new IllegalArgumentException("a 2-D picture needs at least 2 dimensions, found " + dims);
        }
        if (dims == 2) {
            return new Projection(points.clone(), count, null, "z1", "z2", "2-D latent space, drawn as it is");
        }
        if (Objects.requireNonNull(method, "method") == Method.PCA) {
            return pca(points, count, dims);
        }
        return tsne(points, count, dims, Objects.requireNonNull(tsne, "tsne"));
    }

    /**
     * Projects points onto their first two principal components.
     *
     * @param points count x dims values
     * @param count number of points, from 1
     * @param dims dimensions per point, from 2
     * @return the projection, axes named with each component's share of the variance
     */
    public static Projection pca(float[] points, int count, int dims) {
        Pca pca = Pca.fit(points, count, dims);
        double first = 100 * pca.explainedRatio(0);
        double second = 100 * pca.explainedRatio(1);
        return new Projection(
                pca.transform(points, count, 2),
                count,
                Method.PCA,
                String.format(Locale.ROOT, "PC1 (%.1f%% of variance)", first),
                String.format(Locale.ROOT, "PC2 (%.1f%% of variance)", second),
                String.format(Locale.ROOT, "PCA of the %d-D means (PC1 and PC2: %.1f%% of the variance)", dims,
                        first + second));
    }

    /**
     * Maps points to 2-D with t-SNE.
     *
     * @param points count x dims values
     * @param count number of points, from 4
     * @param dims dimensions per point
     * @param options perplexity, iterations, seed
     * @return the map
     */
    public static Projection tsne(float[] points, int count, int dims, Tsne.Options options) {
        Tsne.Result r = Tsne.embed(points, count, dims, options);
        return new Projection(
                r.points(),
                count,
                Method.TSNE,
                "t-SNE 1",
                "t-SNE 2",
                String.format(Locale.ROOT, "t-SNE of the %d-D means (perplexity %s, %d iterations, seed %d, KL %.2f)",
                        dims, trim(r.perplexity()), options.iterations(), options.seed(), r.kl()));
    }

    /**
     * Chooses a random subset of indices, the same for the same seed.
     *
     * @param count how many there are
     * @param max how many to keep at most, from 1
     * @param seed the seed
     * @return {@code min(count, max)} distinct indices in increasing order; all indices when count is at most max
     */
    public static int[] subset(int count, int max, long seed) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be 1 or more, found " + max);
        }
        int[] all = new int[count];
        for (int i = 0; i < count; i++) {
            all[i] = i;
        }
        if (count <= max) {
            return all;
        }
        Random random = new Random(Seeds.derive(seed, SUBSET_NOISE, 0));
        for (int i = 0; i < max; i++) { // partial Fisher-Yates shuffle
            int j = i + random.nextInt(count - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = Arrays.copyOf(all, max);
        Arrays.sort(chosen);
        return chosen;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
