package org.vae4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.TestData;
import org.vae4j.io.ModelStore;
import org.vae4j.io.SavedModel;

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
}
