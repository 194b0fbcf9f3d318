package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.plot.ImageGrid;
import org.vae4j.plot.LatentScatter;
import org.vae4j.plot.LossCurves;

/** {@code vae4j plot latent|manifold|curves}: pictures of the right size that are not blank, and bad input. */
class PlotCommandTest {
    @TempDir
    static Path shared;

    /** A model with a 2-D latent space. */
    static Path model2;

    /** A model with a 3-D latent space. */
    static Path model3;

    @BeforeAll
    static void trainOnce() {
        model2 = shared.resolve("two");
        Cli.train(model2, 2);
        model3 = shared.resolve("three");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", model3, "--hidden", "32", "--latent", "3",
                "--batch-size", "64", "--no-progress", "--val", "none", "--epochs", "1")).ok();
    }


    private static int distinctColours(BufferedImage image) {
        Set<Integer> set = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                set.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return set.size();
    }

    /** Saturated pixels left of the legend: the coloured points (text, axes and grid are grey). */
    private static int pointPixels(BufferedImage image) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth() * 70 / 100; x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 40) {
                    n++;
                }
            }
        }
        return n;
    }

    private static Cli.Result latent(Path model, Path out, String... extra) {
        return Cli.run(Cli.args("plot", "latent", "--model", model, "--data", Cli.dataSpec(), "--out", out,
                Arrays.asList(extra)));
    }

    // --- plot latent ---------------------------------------------------------------------------------------------

    @Test
    void latentOfA2dModelIsDrawnAsItIs(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("latent.png");
        Cli.Result r = latent(model2, out).ok();
        assertEquals("", r.err(), r::describe);
        assertTrue(r.out().contains(out.toString()) && r.out().contains("all 200 examples"), r::describe);
        assertTrue(r.out().contains("2-D latent space"), r::describe);
        BufferedImage image = Cli.readPng(out);
        assertEquals(LatentScatter.DEFAULT_WIDTH, image.getWidth());
        assertEquals(LatentScatter.DEFAULT_HEIGHT, image.getHeight());
        assertTrue(distinctColours(image) > 50, "not blank");
        assertTrue(pointPixels(image) > 1000, "points drawn in the plot area: " + pointPixels(image));
    }

    @Test
    void latentOfA3dModelWithPcaAndWithTsne(@TempDir Path tmp) throws IOException {
        Path pca = tmp.resolve("pca.png");
        Cli.Result r = latent(model3, pca).ok();
        assertTrue(r.out().contains("PCA of the 3-D means"), r::describe);
        assertTrue(pointPixels(Cli.readPng(pca)) > 1000);

        Path tsne = tmp.resolve("tsne.png");
        Cli.Result t = latent(model3, tsne, "--method", "tsne", "--max-points", "80", "--seed", "4").ok();
        assertTrue(t.out().contains("t-SNE of the 3-D means") && t.out().contains("80 of 200 examples"), t::describe);
        BufferedImage image = Cli.readPng(tsne);
        assertEquals(LatentScatter.DEFAULT_WIDTH, image.getWidth());
        assertTrue(pointPixels(image) > 300, "points drawn");
        Path again = tmp.resolve("again.png");
        latent(model3, again, "--method", "tsne", "--max-points", "80", "--seed", "4").ok();
        assertArrayEquals(Cli.bytes(tsne), Cli.bytes(again), "same seed, same picture");
    }

    @Test
    void unlabelledDataIsDrawnInOneColour(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("u.png");
        Cli.run(Cli.args("plot", "latent", "--model", model2, "--data", "idx:" + Cli.images(), "--out", out)).ok();
        BufferedImage image = Cli.readPng(out);
        assertTrue(pointPixels(image) > 1000);
    }

    @Test
    void maxPointsMustBePositive(@TempDir Path tmp) {
        Path out = tmp.resolve("x.png");
        latent(model2, out, "--max-points", "0").badInput("--max-points", "0");
        latent(model2, out, "--max-points", "-5").badInput("--max-points", "-5");
        latent(model2, out, "--max-points", "lots").badInput("--max-points", "lots");
        assertFalse(Files.exists(out));
    }

    @Test
    void latentNeedsAPngAndAKnownMethod(@TempDir Path tmp) {
        latent(model2, tmp.resolve("x.jpg")).badInput("--out", ".png");
        latent(model2, tmp.resolve("x.png"), "--method", "umap").badInput("--method", "umap");
    }

    // --- plot manifold -------------------------------------------------------------------------------------------

    @Test
    void manifoldIsAGridOfDecodings(@TempDir Path tmp) throws IOException {
        int tile = 28 * ImageGrid.autoScale(28, 28);
        int pad = ImageGrid.DEFAULT_PADDING;
        Path out = tmp.resolve("m.png");
        Cli.Result r = Cli.run(Cli.args("plot", "manifold", "--model", model2, "--out", out, "--grid", "5")).ok();
        assertTrue(r.out().contains(out.toString()) && r.out().contains("5 x 5"), r::describe);
        BufferedImage image = Cli.readPng(out);
        assertEquals(pad + 5 * (tile + pad), image.getWidth());
        assertEquals(pad + 5 * (tile + pad), image.getHeight());
        assertTrue(distinctColours(image) > 20, "decodings are not blank");

        Path defaults = tmp.resolve("d.png");
        Cli.run(Cli.args("plot", "manifold", "--model", model2, "--out", defaults)).ok();
        assertEquals(pad + 20 * (tile + pad), Cli.readPng(defaults).getWidth(), "20 x 20 by default");
    }

    @Test
    void manifoldNeedsA2dLatentSpace(@TempDir Path tmp) {
        Path out = tmp.resolve("m.png");
        Cli.run(Cli.args("plot", "manifold", "--model", model3, "--out", out))
                .badInput(model3.toString(), "2-D latent space", "3-D", "--latent 2");
        assertFalse(Files.exists(out));
    }

    @Test
    void manifoldGridMustBeInRange(@TempDir Path tmp) {
        Path out = tmp.resolve("m.png");
        Cli.run(Cli.args("plot", "manifold", "--model", model2, "--out", out, "--grid", "0")).badInput("--grid", "0");
        Cli.run(Cli.args("plot", "manifold", "--model", model2, "--out", out, "--grid", "101"))
                .badInput("--grid", "101");
    }

    // --- plot curves ---------------------------------------------------------------------------------------------

    @Test
    void curvesOfTwoRunsFromFoldersAndFiles(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("curves.png");
        Cli.Result r = Cli.run(Cli.args("plot", "curves", model2, model3.resolve("metrics.csv"), "--out", out)).ok();
        assertTrue(r.out().contains("negative ELBO per epoch of two, three"), r::describe);
        BufferedImage image = Cli.readPng(out);
        assertEquals(LossCurves.COMPARE_WIDTH, image.getWidth());
        assertEquals(LossCurves.COMPARE_HEIGHT, image.getHeight());
        assertTrue(distinctColours(image) > 20, "not blank");

        Path kl = tmp.resolve("kl.png");
        Cli.Result k = Cli.run(Cli.args("plot", "curves", model2, "--metric", "kl", "--out", kl)).ok();
        assertTrue(k.out().contains("KL term per epoch of two"), k::describe);
        assertTrue(Files.isRegularFile(kl));
    }

    @Test
    void curvesNeedMetrics(@TempDir Path tmp) throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path out = tmp.resolve("c.png");
        Cli.run(Cli.args("plot", "curves", model2, empty, "--out", out)).badInput(empty.toString(), "metrics.csv");
        Cli.run(Cli.args("plot", "curves", tmp.resolve("missing"), "--out", out))
                .badInput("missing", "no such file or folder");
        Cli.run(Cli.args("plot", "curves", "--out", out)).badInput("RUN");
        Cli.run(Cli.args("plot", "curves", model2, "--metric", "elbo", "--out", out)).badInput("--metric", "elbo");
        assertFalse(Files.exists(out));
    }

    @Test
    void curvesOfARunCaughtMidSwapComeFromItsCurrentVersion(@TempDir Path tmp) throws IOException {
        // as a crash between the two renames of a checkpoint leaves it: the previous and the complete new version
        Path k = tmp.resolve("k");
        copyTree(model2, tmp.resolve(".k.old"));
        copyTree(model2, tmp.resolve(".k.writing"));
        Path out = tmp.resolve("c.png");
        Cli.Result r = Cli.run(Cli.args("plot", "curves", k, "--out", out)).ok();
        assertTrue(r.out().contains("of k"), r::describe);
        assertTrue(Files.isRegularFile(out));
        assertFalse(Files.exists(k), "a reader leaves the swap to the writer");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    // --- plot itself ---------------------------------------------------------------------------------------------

    @Test
    void errorsNameTheWholeCommand(@TempDir Path tmp) {
        Cli.Result r = Cli.run(Cli.args("plot", "manifold", "--model", model3, "--out", tmp.resolve("m.png")))
                .badInput();
        assertTrue(r.err().startsWith("vae4j plot manifold: "), r::describe);
        Cli.Result p = latent(model2, tmp.resolve("x.png"), "--max-points", "x").badInput();
        assertTrue(p.err().startsWith("vae4j plot latent: ") && p.err().contains("'vae4j plot latent --help'"),
                p::describe);
    }

    @Test
    void plotNeedsAKindOfPlot() {
        Cli.run("plot").badInput("latent, manifold or curves");
        assertTrue(Cli.run("plot", "--help").ok().out().contains("manifold"));
    }
}
