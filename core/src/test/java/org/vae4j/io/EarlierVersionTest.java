package org.vae4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vae4j.TestData;

/**
 * Model folders written by earlier releases keep loading and keep giving the same outputs. Each folder under
 * {@code testdata/models} was written by the release its name gives, with the samples that release drew from it.
 */
class EarlierVersionTest {

    @Test
    void aFormatOneMlpFolderLoadsAndSamplesAsItDid() throws IOException {
        Path models = TestData.folder().resolve("models");
        try (ModelFolder saved = ModelStore.load(models.resolve("v1-mlp"))) {
            assertEquals(1, saved.info().formatVersion());
            assertEquals("mlp", saved.info().model().arch());
            assertEquals(List.of(32), saved.info().model().hidden());
            assertEquals(2, saved.metrics().size());
            float[] now = saved.model().sample(2, 7);
            List<String> then = Files.readAllLines(models.resolve("v1-mlp-sample-2-seed-7.txt")).stream()
                    .filter(l -> !l.startsWith("#"))
                    .toList();
            assertEquals(then.size(), now.length);
            for (int i = 0; i < now.length; i++) {
                assertEquals(Float.parseFloat(then.get(i)), now[i], 1e-6f, "value " + i);
            }
        }
    }
}
