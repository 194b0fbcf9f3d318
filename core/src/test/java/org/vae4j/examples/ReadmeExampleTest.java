package org.vae4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.TestData;
import org.vae4j.eval.Evaluator;
import org.vae4j.generate.StyleTransfer;
import org.vae4j.image.ImageDataset;
import org.vae4j.io.ModelFolder;
import org.vae4j.io.ModelStore;
import org.vae4j.model.ElboSpec;
import org.vae4j.model.LatentModel;
import org.vae4j.model.ModelDefinition;
import org.vae4j.plot.ImageGrid;
import org.vae4j.train.TrainConfig;

class ReadmeExampleTest {

    @Test
    void theReadmeExampleRunsOnTheShippedSample(@TempDir Path out) throws Exception {
        Path sample = TestData.folder().resolve("fashion-mnist-200");
        String spec = "idx:" + sample.resolve("images-idx3-ubyte.gz") + "," + sample.resolve("labels-idx1-ubyte.gz");
        double negElbo = ReadmeExample.run(spec, spec, 2, out);
        // The same model untrained scores about 784 ln 2 = 543 nats; two epochs on 200 images gain over 20.
        double untrained;
        try (LatentModel fresh = LatentModel.create(ModelDefinition.classic(1, 28, 28), 1)) {
            untrained = Evaluator.evaluate(fresh, TestData.fashionMnist200(), 1).termSum();
        }
        assertTrue(negElbo < untrained - 20, "trained " + negElbo + " vs untrained " + untrained);
        BufferedImage samples = ImageIO.read(out.resolve("samples.png").toFile());
        int tile = ImageGrid.autoScale(28, 28) * 28;
        int pad = ImageGrid.DEFAULT_PADDING;
        assertEquals(pad + 8 * (tile + pad), samples.getWidth(), "8 columns of samples");
        assertEquals(pad + 8 * (tile + pad), samples.getHeight(), "8 rows of samples");
        try (ModelFolder saved = ModelStore.load(out.resolve("model"))) {
            assertEquals(2, saved.metrics().size());
            assertEquals(2, saved.info().training().epochsCompleted());
            assertEquals(negElbo, Evaluator.evaluate(saved.model(), TestData.fashionMnist200(), 1).termSum(), 1e-3,
                    "the saved model scores what the trained one did");
        }
    }

    @Test
    void theReadmeConditionalExampleDrawsEveryClassAndTransfers(@TempDir Path out) throws Exception {
        ImageDataset data = TestData.fashionMnist200();
        StyleTransfer.Result r = ReadmeExample.conditional(data, data, 1, out);
        assertEquals(10, r.count());
        assertEquals(10, r.targets().length);
        assertEquals(10 * 10 * 784, r.images().length);
        assertArrayEquals(java.util.Arrays.copyOf(data.labels().orElseThrow(), 10), r.sources());
        BufferedImage classes = ImageIO.read(out.resolve("classes.png").toFile());
        int tile = ImageGrid.autoScale(28, 28) * 28;
        assertEquals(ImageGrid.DEFAULT_PADDING + 10 * (tile + ImageGrid.DEFAULT_PADDING), classes.getHeight(),
                "one row per class");
    }

    /** The repair keeps the observed three quadrants and fills the fourth of unseen images better than the mean image. */
    @Test
    void theReadmeCompletionExampleRepairsTheMissingQuadrant() {
        ImageDataset all = TestData.fashionMnist200();
        ImageDataset train = all.subset(java.util.stream.IntStream.range(0, 160).toArray(), "train");
        ImageDataset test = all.subset(java.util.stream.IntStream.range(160, 200).toArray(), "test");
        org.vae4j.inpaint.Inpainting.Result r = ReadmeExample.completion(train, test, 25);
        float[] mean = new float[784];
        float[] t = train.pixels();
        for (int i = 0; i < t.length; i++) {
            mean[i % 784] += t[i] / train.size();
        }
        float[] x = test.first(16).pixels();
        double floor = 0;
        int missing = 0;
        for (int i = 0; i < 16; i++) {
            for (int row = 0; row < 28; row++) {
                for (int col = 0; col < 28; col++) {
                    int at = i * 784 + row * 28 + col;
                    if (row >= 14 && col >= 14) {
                        double u = x[at] - mean[row * 28 + col];
                        floor += u * u;
                        missing++;
                    } else {
                        assertEquals(x[at], r.filled()[at], 0f, "observed pixel " + at);
                    }
                }
            }
        }
        floor /= missing;
        assertTrue(r.meanMse() < 0.9 * floor, "MSE " + r.meanMse() + " vs the mean image's " + floor);
        assertEquals(16, r.missingLogLikelihood().length);
    }

    @Test
    void theReadmeExamplesAreTheCodeHereAndBuildWhatTheySay() throws Exception {
        String source = Files.readString(Path.of("src/test/java/org/vae4j/examples/ReadmeExample.java"));
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String name : List.of("example", "conditional example", "completion example", "conv example")) {
            String start = "// --- README " + name + " starts ---";
            String block = source.substring(source.indexOf(start) + start.length(),
                    source.indexOf("// --- README " + name + " ends ---"));
            assertTrue(squeeze(readme).contains(squeeze(block).trim()),
                    "README.md no longer shows the " + name + " of ReadmeExample");
        }

        Object[] settings = ReadmeExample.convSettings();
        ModelDefinition conv = (ModelDefinition) settings[0];
        TrainConfig training = (TrainConfig) settings[1];
        assertEquals("conv", conv.model().arch());
        assertEquals(List.of(32, 64, 128), conv.model().convChannels());
        assertTrue(conv.model().batchNorm());
        assertEquals(3 * 64 * 64, conv.schema().inputSize());
        assertEquals("gaussian-global", conv.model().likelihood());
        assertEquals(4.0, ((ElboSpec) conv.objective()).beta());
        assertEquals(10, training.klWarmupEpochs());
        assertEquals(0.5, training.freeBits());
        assertEquals("cosine", training.lrSchedule());
        assertEquals(5, training.patience());
        assertEquals(0.5, training.klWeightAt(5, 1, 1), 1e-12);
    }

    private static String squeeze(String text) {
        return text.replaceAll("\\s+", " ");
    }
}
