package org.vae4j.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.BadInputException;
import org.vae4j.TestData;
import org.vae4j.image.ImageDataset;
import org.vae4j.model.ModelDefinition;
import org.vae4j.model.LatentModel;
import org.vae4j.plot.ImageGrid;
import org.vae4j.plot.LatentScatter;

/** The manifold over the prior's quantiles and the latent scatter plot, through the Java API. */
class LatentPlotsTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    @TempDir
    Path dir;

    @Test
    void priorQuantilesAreTheStandardNormals() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Phi^-1(0.025) = -1.959963984540054, Phi^-1(0.5) = 0 (reference values of the normal distribution).
            double[] q = LatentPlots.priorQuantiles(manager, 20);
            assertEquals(20, q.length);
            assertEquals(-1.959963984540054, q[0], 1e-12);
            assertEquals(1.959963984540054, q[19], 1e-12);
            for (int i = 0; i < 20; i++) {
                assertEquals(-q[19 - i], q[i], 1e-12, "symmetric");
                if (i > 0) {
                    assertTrue(q[i] > q[i - 1], "increasing");
                }
            }
            double[] three = LatentPlots.priorQuantiles(manager, 3);
            // (i + 0.5) / 3 = 1/6, 1/2, 5/6; Phi^-1(5/6) = 0.967421566101701.
            assertArrayEquals(new double[] {-0.967421566101701, 0, 0.967421566101701}, three, 1e-12);
            assertArrayEquals(new double[] {0}, LatentPlots.priorQuantiles(manager, 1), 0);
        }
    }

    @Test
    void manifoldTilesAreTheDecodingsOfTheirGridPoints() {
        try (LatentModel model = LatentModel.create(ModelDefinition.classic(1, 8, 8).withHidden(List.of(16)).withLatent(2), 2)) {
            int grid = 4;
            float[] images = LatentPlots.manifoldImages(model, grid, -1);
            assertEquals(grid * grid * 64, images.length);
            double[] q;
            try (NDManager manager = NDManager.newBaseManager()) {
                q = LatentPlots.priorQuantiles(manager, grid);
            }
            // Row 0 is the top: largest z2; column 0 the left: smallest z1.
            int r = 0;
            int c = 3;
            float[] expected = model.decode(new float[] {(float) q[c], (float) q[grid - 1 - r]}, 1, null);
            // Decoded in a batch of 16 rather than alone: equal up to the rounding of another matrix product.
            assertArrayEquals(expected, Arrays.copyOfRange(images, (r * grid + c) * 64, (r * grid + c + 1) * 64),
                    1e-6f);

            BufferedImage picture = LatentPlots.manifold(model, grid, -1);
            int tile = 8 * ImageGrid.autoScale(8, 8);
            int pad = ImageGrid.DEFAULT_PADDING;
            assertEquals(pad + grid * (tile + pad), picture.getWidth());
            assertEquals(pad + grid * (tile + pad), picture.getHeight());
        }
    }

    @Test
    void colourModelsGiveColourManifolds() throws IOException {
        try (LatentModel model = LatentModel.create(ModelDefinition.classic(3, 6, 6).withHidden(List.of(8)).withLatent(2), 4)) {
            Path file = dir.resolve("m.png");
            LatentPlots.writeManifold(model, 3, -1, file);
            BufferedImage image = ImageIO.read(file.toFile());
            boolean colour = false;
            for (int y = 0; y < image.getHeight() && !colour; y++) {
                for (int x = 0; x < image.getWidth() && !colour; x++) {
                    int rgb = image.getRGB(x, y);
                    colour = ((rgb >> 16) & 0xFF) != (rgb & 0xFF) || ((rgb >> 8) & 0xFF) != (rgb & 0xFF);
                }
            }
            assertTrue(colour, "an RGB model's manifold has colour pixels");
        }
    }

    @Test
    void manifoldNeedsATwoDimensionalLatentSpace() {
        try (LatentModel model = LatentModel.create(ModelDefinition.classic(1, 8, 8).withHidden(List.of(8)).withLatent(5), 2)) {
            BadInputException e = assertThrows(BadInputException.class, () -> LatentPlots.manifold(model, 4, -1));
            assertTrue(e.getMessage().contains("2-D latent space") && e.getMessage().contains("5-D"), e.getMessage());
        }
    }

    @Test
    void scatterOfAFewDimensionalLatentSpaceWithPcaAndTsne() throws IOException {
        ImageDataset data = TestData.fashionMnist200();
        try (LatentModel model = LatentModel.create(ModelDefinition.classic(1, 28, 28).withHidden(List.of(16)).withLatent(4), 3)) {
            Path pca = dir.resolve("pca.png");
            LatentPlots.ScatterResult r = LatentPlots.scatter(model, data, LatentPlots.Scatter.defaults("m"), pca);
            assertEquals(200, r.shown());
            assertEquals(Projection.Method.PCA, r.projection().method());
            assertTrue(r.projection().xLabel().startsWith("PC1 ("), r.projection().xLabel());
            assertTrue(r.subtitle().contains("all 200 examples"), r.subtitle());
            assertTrue(r.title().contains("m") && r.title().contains(data.name()), r.title());
            BufferedImage image = ImageIO.read(pca.toFile());
            assertEquals(LatentScatter.DEFAULT_WIDTH, image.getWidth());
            assertEquals(LatentScatter.DEFAULT_HEIGHT, image.getHeight());
            assertTrue(colours(image) > 50, "not blank");

            LatentPlots.Scatter tsne = LatentPlots.Scatter.defaults("m").withMethod(Projection.Method.TSNE)
                    .withMaxPoints(60).withSeed(5);
            LatentPlots.ScatterResult t = LatentPlots.scatter(model, data, tsne, dir.resolve("tsne.png"));
            assertEquals(60, t.shown());
            assertEquals("t-SNE 1", t.projection().xLabel());
            assertTrue(t.subtitle().contains("60 of 200 examples") && t.subtitle().contains("seed 5"), t.subtitle());
            LatentPlots.ScatterResult again = LatentPlots.scatter(model, data, tsne, dir.resolve("tsne2.png"));
            assertArrayEquals(t.projection().points(), again.projection().points(), "seeded");

            ImageDataset small = data.subset(new int[] {0, 1, 2}, "three");
            assertThrows(BadInputException.class, () -> LatentPlots.scatter(model, small, tsne, dir.resolve("x.png")));
        }
    }

    static int colours(BufferedImage image) {
        Set<Integer> set = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                set.add(image.getRGB(x, y));
            }
        }
        return set.size();
    }
}
