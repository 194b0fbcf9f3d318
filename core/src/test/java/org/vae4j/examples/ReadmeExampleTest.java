package org.vae4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.TestData;
import org.vae4j.io.ModelStore;
import org.vae4j.io.SavedModel;
import org.vae4j.model.VaeConfig;
import org.vae4j.train.TrainConfig;

class ReadmeExampleTest {

    @Test
    void theReadmeExampleRunsOnTheShippedSample(@TempDir Path out) throws Exception {
        Path sample = TestData.folder().resolve("fashion-mnist-200");
        String spec = "idx:" + sample.resolve("images-idx3-ubyte.gz") + "," + sample.resolve("labels-idx1-ubyte.gz");
        double negElbo = ReadmeExample.run(spec, spec, 2, out);
        assertTrue(negElbo > 0 && negElbo < 600, "negative ELBO " + negElbo);
        assertTrue(Files.size(out.resolve("samples.png")) > 1000);
        try (SavedModel saved = ModelStore.load(out.resolve("model"))) {
            assertEquals(2, saved.metrics().size());
            assertEquals(2, saved.info().training().epochsCompleted());
        }
    }

    @Test
    void theReadmeConvExampleIsTheCodeHereAndBuildsWhatItSays() throws Exception {
        String source = Files.readString(Path.of("src/test/java/org/vae4j/examples/ReadmeExample.java"));
        String start = "// --- README conv example starts ---";
        String block = source.substring(source.indexOf(start) + start.length(),
                source.indexOf("// --- README conv example ends ---"));
        String readme = Files.readString(Path.of("..", "README.md"));
        assertTrue(squeeze(readme).contains(squeeze(block).trim()),
                "README.md no longer shows the conv example of ReadmeExample.convSettings()");

        Object[] settings = ReadmeExample.convSettings();
        VaeConfig conv = (VaeConfig) settings[0];
        TrainConfig training = (TrainConfig) settings[1];
        assertEquals("conv", conv.architecture());
        assertEquals(List.of(32, 64, 128), conv.convChannels());
        assertTrue(conv.batchNorm());
        assertEquals(3 * 64 * 64, conv.inputSize());
        assertEquals("gaussian-global", conv.likelihood());
        assertEquals(4.0, conv.beta());
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
