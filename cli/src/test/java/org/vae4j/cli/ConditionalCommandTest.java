package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.data.DataOptions;
import org.vae4j.data.DataSources;
import org.vae4j.image.ImageDataset;
import org.vae4j.io.ModelFolder;
import org.vae4j.io.ModelStore;
import org.vae4j.model.LatentModel;
import org.vae4j.plot.ImageGrid;

/** The conditional VAE from the command line: train --condition label, sample by class, transfer, evaluate. */
class ConditionalCommandTest {
    @TempDir
    static Path shared;

    static Path model;
    static ImageDataset data;

    @BeforeAll
    static void trainOnce() {
        model = shared.resolve("cvae");
        Cli.Result r = Cli.train(model, 2, "--condition", "label");
        assertTrue(r.out().contains("conditioned on label (10 classes)"), r::describe);
        data = new DataSources(DataOptions.defaults().withAllowDownload(false)).loadImages(Cli.dataSpec(), "data");
    }

    private static int tile() {
        return 28 * ImageGrid.autoScale(28, 28);
    }

    private static int side(int tiles) {
        return ImageGrid.DEFAULT_PADDING + tiles * (tile() + ImageGrid.DEFAULT_PADDING);
    }

    @Test
    void infoAndTheFolderNameTheCondition() throws IOException {
        Cli.Result info = Cli.run("info", "--model", model.toString()).ok();
        assertTrue(info.out().contains("conditioned on label (10 classes)"), info::describe);
        JsonNode json = new ObjectMapper().readTree(model.resolve("vae4j.json").toFile());
        assertEquals(2, json.get("formatVersion").asInt());
        assertEquals("vae", json.get("family").asText());
        assertEquals(10, json.get("schema").get("condition").get("categories").size());
        // samples.png of a conditional run: one row of 8 per class.
        BufferedImage samples = Cli.readPng(model.resolve("samples.png"));
        assertEquals(side(10), samples.getHeight());
        assertEquals(side(8), samples.getWidth());
    }

    @Test
    void sampleWritesOneRowPerClassOrOneClassAsPngOrNpy(@TempDir Path tmp) throws IOException {
        Path grid = tmp.resolve("classes.png");
        Cli.Result r = Cli.run("sample", "--model", model.toString(), "--out", grid.toString(), "--count", "5").ok();
        assertTrue(r.out().contains("5 samples of each of 10 classes"), r::describe);
        BufferedImage image = Cli.readPng(grid);
        assertEquals(side(5) + ImageGrid.labelMargin(data.classNames(), tile()), image.getWidth(),
                "five columns and a margin with the class names");
        assertEquals(side(10), image.getHeight());

        Path npy = tmp.resolve("three.npy");
        Cli.run("sample", "--model", model.toString(), "--out", npy.toString(), "--class", "3", "--count", "6",
                "--seed", "4").ok();
        int[] shape = new int[4];
        float[] images = Cli.readNpy(npy, shape);
        assertArrayEquals(new int[] {6, 1, 28, 28}, shape);
        int[] labelShape = new int[1];
        float[] classes = Cli.readNpy(tmp.resolve("three.labels.npy"), labelShape);
        assertArrayEquals(new int[] {6, 0, 0, 0}, new int[] {labelShape[0], 0, 0, 0});
        for (float c : classes) {
            assertEquals(3f, c);
        }
        // The same draws through the API: the class-3 decodings of the prior draws of seed 4.
        try (ModelFolder saved = ModelStore.load(model)) {
            LatentModel m = saved.model();
            float[] expected = m.sample(6, new int[] {3, 3, 3, 3, 3, 3}, 4);
            assertArrayEquals(expected, images);
            assertFalse(Arrays.equals(expected, m.sample(6, new int[] {4, 4, 4, 4, 4, 4}, 4)),
                    "another class decodes the same z differently");
        }
        // A class by name.
        Cli.run("sample", "--model", model.toString(), "--out", tmp.resolve("n.png").toString(), "--class", "7").ok();
    }

    @Test
    void transferKeepsEachInputsCodeAndDecodesItWithEveryClass(@TempDir Path tmp) throws IOException {
        Path png = tmp.resolve("t.png");
        Cli.Result r = Cli.run("transfer", "--model", model.toString(), "--data", Cli.dataSpec(), "--out",
                png.toString(), "--count", "4").ok();
        assertTrue(r.out().contains("4 images") && r.out().contains("every class"), r::describe);
        BufferedImage image = Cli.readPng(png);
        assertEquals(ImageGrid.headingHeight(List.of("image"), tile()) + side(4), image.getHeight(),
                "a band of class names over the columns, then one row per input");
        Path npy = tmp.resolve("t.npy");
        Cli.run("transfer", "--model", model.toString(), "--data", Cli.dataSpec(), "--out", npy.toString(),
                "--count", "4", "--to", "0,2").ok();
        int[] shape = new int[4];
        float[] images = Cli.readNpy(npy, shape);
        assertArrayEquals(new int[] {8, 1, 28, 28}, shape, "4 inputs x 2 targets");
        float[] targets = Cli.readNpy(tmp.resolve("t.labels.npy"), new int[1]);
        assertArrayEquals(new float[] {0, 2, 0, 2, 0, 2, 0, 2}, targets);
        try (ModelFolder saved = ModelStore.load(model)) {
            LatentModel m = saved.model();
            ImageDataset four = data.first(4);
            float[] mu = m.encode(four).mu();
            for (int i = 0; i < 4; i++) {
                float[] z = Arrays.copyOfRange(mu, i * 2, (i + 1) * 2);
                for (int t = 0; t < 2; t++) {
                    float[] expected = m.decode(z, 1, new int[] {t * 2});
                    float[] got = Arrays.copyOfRange(images, (i * 2 + t) * 784, (i * 2 + t + 1) * 784);
                    assertArrayEquals(expected, got, 1e-6f, "input " + i + " to class " + (t * 2));
                }
            }
        }
    }

    @Test
    void evaluateReportsTheConditionalAndMarginalLikelihoodsAndTheClassifier() throws IOException {
        Cli.Result r = Cli.run("evaluate", "--model", model.toString(), "--data", Cli.dataSpec(), "--iw-samples",
                "10", "--limit", "30", "--json").ok();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("p(x|y)", j.get("logLikelihoodOf").asText());
        double conditional = j.get("logLikelihood").asDouble();
        double marginal = j.get("marginalLogLikelihood").asDouble();
        assertTrue(Double.isFinite(conditional) && Double.isFinite(marginal), r.out());
        // log p(x) = log (1/C) sum_y p(x|y) >= log p(x|y_true) - log C, example by example, so on average too.
        assertTrue(marginal >= conditional - Math.log(10) - 1e-9, conditional + " " + marginal);
        double accuracy = j.get("generativeAccuracy").asDouble();
        assertTrue(accuracy >= 0 && accuracy <= 1, r.out());
        assertFalse(j.get("normalised").asBoolean(), "grey pixels under a Bernoulli are not a normalised density");
        assertTrue(j.get("note").asText().contains("--binarize"), r.out());
        Cli.Result table = Cli.run("evaluate", "--model", model.toString(), "--data", Cli.dataSpec(), "--iw-samples",
                "5", "--limit", "10", "--no-marginal").ok();
        assertTrue(table.out().contains("-log p(x|y)") && !table.out().contains("classifier"), table::describe);
        Cli.Result binarized = Cli.run("evaluate", "--model", model.toString(), "--data", Cli.dataSpec(),
                "--iw-samples", "5", "--limit", "10", "--binarize", "threshold", "--json").ok();
        assertTrue(new ObjectMapper().readTree(binarized.out()).get("normalised").asBoolean(), binarized::describe);
    }

    @Test
    void everyLatentCommandWorksOnAConditionalModel(@TempDir Path tmp) {
        String m = model.toString();
        String d = Cli.dataSpec();
        Cli.run("reconstruct", "--model", m, "--data", d, "--out", tmp.resolve("r.png").toString()).ok();
        Cli.run("encode", "--model", m, "--data", d, "--out", tmp.resolve("z.csv").toString()).ok();
        Cli.run("interpolate", "--model", m, "--data", d, "--pairs", "0:1", "--out", tmp.resolve("i.png").toString())
                .ok();
        Cli.run("traverse", "--model", m, "--data", d, "--out", tmp.resolve("v.npy").toString()).ok();
        // the .npy outputs carry the class each image was decoded with
        int[] labels = data.labels().orElseThrow();
        int[] shape = new int[4];
        Cli.run("interpolate", "--model", m, "--data", d, "--pairs", "0:1", "--out", tmp.resolve("i.npy").toString())
                .ok();
        Cli.readNpy(tmp.resolve("i.npy"), shape);
        float[] steps = Cli.readNpy(tmp.resolve("i.labels.npy"), new int[1]);
        assertEquals(shape[0], steps.length);
        assertEquals(labels[0], steps[0]);
        assertEquals(labels[1], steps[steps.length - 1]);
        Cli.readNpy(tmp.resolve("v.npy"), shape);
        float[] traversed = Cli.readNpy(tmp.resolve("v.labels.npy"), new int[1]);
        assertEquals(shape[0], traversed.length);
        for (float c : traversed) {
            assertEquals(labels[0], c, "every traversal image is decoded with example 0's class");
        }
        Cli.run("plot", "latent", "--model", m, "--data", d, "--out", tmp.resolve("l.png").toString()).ok();
        Cli.run("plot", "manifold", "--model", m, "--class", "2", "--out", tmp.resolve("f.png").toString()).ok();
        Cli.run("plot", "manifold", "--model", m, "--out", tmp.resolve("g.png").toString()).badInput("--class");
        assertTrue(Files.isRegularFile(tmp.resolve("v.npy")));
    }

    @Test
    void badConditionalInputIsOneLineAndExitTwo(@TempDir Path tmp) {
        Path unlabelled = tmp.resolve("u");
        Cli.run(Cli.args("train", "--data", "idx:" + Cli.images(), "--out", unlabelled, Cli.TINY, "--condition",
                "label", "--epochs", "1")).badInput("--condition label", "no labels");
        assertFalse(Files.exists(unlabelled));
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", unlabelled, Cli.TINY, "--condition",
                "colour", "--epochs", "1")).badInput("--condition colour", "label");
        String m = model.toString();
        Cli.run("sample", "--model", m, "--class", "10", "--out", tmp.resolve("s.png").toString())
                .badInput("--class 10", "0 to 9");
        Cli.run("sample", "--model", m, "--class", "boots", "--out", tmp.resolve("s.png").toString())
                .badInput("--class boots");
        Cli.run("transfer", "--model", m, "--data", "idx:" + Cli.images(), "--out", tmp.resolve("t.png").toString())
                .badInput("no labels");
        Cli.run("transfer", "--model", m, "--data", Cli.dataSpec(), "--to", "11", "--out",
                tmp.resolve("t.png").toString()).badInput("--to 11");
        Path plain = tmp.resolve("plain");
        Cli.train(plain, 1);
        Cli.run("sample", "--model", plain.toString(), "--class", "1", "--out", tmp.resolve("s.png").toString())
                .badInput("--class 1", "unconditional");
        Cli.run("transfer", "--model", plain.toString(), "--data", Cli.dataSpec(), "--out",
                tmp.resolve("t.png").toString()).badInput("unconditional", "--condition label");
        Cli.run("sample", "--model", m, "--out", tmp.resolve("s.gif").toString()).badInput("--out", ".png", ".npy");
    }

    @Test
    void aConditionalRunResumesAndKeepsItsCondition(@TempDir Path tmp) {
        Path run = tmp.resolve("c");
        Cli.train(run, 1, "--condition", "label");
        Cli.run("train", "--out", run.toString(), "--resume", "--epochs", "2", "--no-progress").ok();
        Cli.run("train", "--out", run.toString(), "--resume", "--epochs", "3", "--condition", "label",
                "--no-progress").ok();
        try (ModelFolder saved = ModelStore.load(run)) {
            assertEquals(3, saved.metrics().size());
            assertEquals(10, saved.model().classes());
        }
        Cli.run("train", "--out", run.toString(), "--resume", "--epochs", "4", "--arch", "conv", "--no-progress")
                .badInput("--arch conv", "mlp");
    }

}
