package org.vae4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.data.NamedDataset.Split;
import org.vae4j.image.ImageDataset;
import org.vae4j.image.IdxReader;

/** The real sample shipped in {@code testdata/fashion-mnist-200}. */
class FashionMnistSampleTest {
    /** The sample, relative to the core module, which is the working directory of its tests. */
    static final Path SAMPLE = Path.of("..", "testdata", "fashion-mnist-200");

    static final Path IMAGES = SAMPLE.resolve("images-idx3-ubyte.gz");
    static final Path LABELS = SAMPLE.resolve("labels-idx1-ubyte.gz");

    @Test
    void sampleHolds200LabeledImages() {
        ImageDataset data = IdxReader.read(IMAGES, LABELS, "fashion-mnist-200", NamedDataset.FASHION_MNIST.classNames());

        assertEquals(200, data.size());
        assertArrayEquals(new int[] {1, 28, 28}, data.imageShape());
        int[] labels = data.labels().orElseThrow();
        assertTrue(Arrays.stream(labels).allMatch(l -> l >= 0 && l <= 9));
        assertEquals(10, Arrays.stream(labels).distinct().count(), "all ten classes occur");
        // Fashion-MNIST's first test image is an ankle boot.
        assertEquals("Ankle boot", data.classNames().get(labels[0]));
        assertEquals("a83986794402227a1e9f8491954178a24b2e314b7081f0776c7dc9a675541994", data.sha256());
    }

    @Test
    void sampleLoadsThroughAnIdxSpecification() {
        ImageDataset data = new DataSources(DataOptions.defaults().withAllowDownload(false))
                .loadImages("idx:" + IMAGES + "," + LABELS, "data");
        assertEquals(200, data.size());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), data.classNames());
    }

    /** Runs only where Debian's dataset-fashion-mnist package is installed; CI machines skip it. */
    @Test
    void sampleIsTheStartOfTheRealTestSet(@TempDir Path cache) {
        Path system = Path.of("/usr/share/datasets");
        assumeTrue(Files.isDirectory(system.resolve("fashion-mnist")), "dataset-fashion-mnist is not installed");

        DataOptions options = DataOptions.defaults()
                .withCacheDir(cache)
                .withSystemDirs(List.of(system))
                .withAllowDownload(false);
        ImageDataset full = new NamedDatasetLoader(options).load(NamedDataset.FASHION_MNIST, Split.TEST);
        ImageDataset sample = IdxReader.read(IMAGES, LABELS);

        assertEquals("fashion-mnist:test", full.name());
        assertEquals(10000, full.size());
        assertEquals(NamedDataset.FASHION_MNIST.testImages().sha256(), full.sha256());
        int n = sample.pixels().length;
        assertArrayEquals(sample.pixels(), Arrays.copyOf(full.pixels(), n));
        assertArrayEquals(
                sample.labels().orElseThrow(), Arrays.copyOf(full.labels().orElseThrow(), sample.size()));
    }
}
