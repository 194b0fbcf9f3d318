package org.vae4j;

import java.nio.file.Files;
import java.nio.file.Path;
import org.vae4j.image.IdxReader;
import org.vae4j.image.ImageDataset;

/** The real Fashion-MNIST sample shipped with the project, for tests that need real images. */
public final class TestData {
    private TestData() {}

    /** @return the project's {@code testdata} folder, found by walking up from the working directory */
    public static Path folder() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("testdata");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no testdata folder above " + Path.of("").toAbsolutePath());
    }

    /** @return the first 200 Fashion-MNIST test images with labels */
    public static ImageDataset fashionMnist200() {
        Path sample = folder().resolve("fashion-mnist-200");
        return IdxReader.read(sample.resolve("images-idx3-ubyte.gz"), sample.resolve("labels-idx1-ubyte.gz"));
    }

    /**
     * Synthetic colour images: a filled rectangle of a random colour on a background of another, at a random place.
     *
     * @param count how many images
     * @param size their width and height
     * @param seed the seed
     * @return count RGB images of size x size, labelled by the rectangle's dominant colour channel
     */
    public static ImageDataset colourRectangles(int count, int size, long seed) {
        java.util.Random r = new java.util.Random(seed);
        int plane = size * size;
        float[] pixels = new float[count * 3 * plane];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            float[] bg = {r.nextFloat() * 0.3f, r.nextFloat() * 0.3f, r.nextFloat() * 0.3f};
            int dominant = r.nextInt(3);
            float[] fg = {0.2f + 0.2f * r.nextFloat(), 0.2f + 0.2f * r.nextFloat(), 0.2f + 0.2f * r.nextFloat()};
            fg[dominant] = 0.8f + 0.2f * r.nextFloat();
            int w = size / 4 + r.nextInt(size / 2);
            int h = size / 4 + r.nextInt(size / 2);
            int x0 = r.nextInt(size - w + 1);
            int y0 = r.nextInt(size - h + 1);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        boolean inside = x >= x0 && x < x0 + w && y >= y0 && y < y0 + h;
                        pixels[i * 3 * plane + c * plane + y * size + x] = inside ? fg[c] : bg[c];
                    }
                }
            }
            labels[i] = dominant;
        }
        return new ImageDataset("rectangles", pixels, 3, size, size, labels, java.util.List.of("red", "green", "blue"),
                null);
    }

    /**
     * A VAE of images, as the tests of the first releases built it (architecture, image shape, layers, likelihood,
     * beta, convolutions) in one call.
     */
    public static org.vae4j.model.ModelDefinition definition(String arch, int channels, int height, int width,
            java.util.List<Integer> hidden, int latent, String likelihood, double sigma, double beta,
            java.util.List<Integer> conv, boolean batchNorm) {
        return org.vae4j.model.ModelDefinition.vae(org.vae4j.data.Schema.image(channels, height, width),
                new org.vae4j.model.ModelSpec(arch, hidden, latent, conv, batchNorm, likelihood, sigma))
                .withBeta(beta);
    }

    /** {@link #definition} without convolutions. */
    public static org.vae4j.model.ModelDefinition definition(String arch, int channels, int height, int width,
            java.util.List<Integer> hidden, int latent, String likelihood, double sigma, double beta) {
        return definition(arch, channels, height, width, hidden, latent, likelihood, sigma, beta, java.util.List.of(),
                false);
    }

    /** @return a copy of every parameter's values, in saving order */
    public static java.util.List<float[]> weights(org.vae4j.model.LatentModel model) {
        java.util.List<float[]> out = new java.util.ArrayList<>();
        for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : model.network().getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }
}
