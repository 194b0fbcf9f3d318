package org.vae4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.BadInputException;
import org.vae4j.image.ImageDataset;

class DataSourcesTest {
    @TempDir
    Path tmp;

    private DataSources offline() {
        return new DataSources(DataOptions.defaults()
                .withCacheDir(tmp.resolve("cache"))
                .withSystemDirs(List.of())
                .withAllowDownload(false));
    }

    @Test
    void unknownSpecification() {
        BadInputException e = assertThrows(BadInputException.class, () -> offline().loadImages("foo", "data"));
        assertEquals(
                "data \"foo\": unknown data specification, expected fashion-mnist[:train|:test],"
                        + " mnist[:train|:test], idx:IMAGES[,LABELS], folder:DIR, text:FILE, smiles:FILE or csv:FILE",
                e.getMessage());
    }

    @Test
    void malformedSpecifications() {
        DataSources sources = offline();
        assertEquals(
                "data \"fashion-mnist:valid\": unknown part \"valid\" of fashion-mnist, expected fashion-mnist,"
                        + " fashion-mnist:train or fashion-mnist:test",
                assertThrows(BadInputException.class, () -> sources.loadImages("fashion-mnist:valid", "data")).getMessage());
        assertEquals(
                "data \"idx:\": expected idx:IMAGES or idx:IMAGES,LABELS with two file paths",
                assertThrows(BadInputException.class, () -> sources.loadImages("idx:", "data")).getMessage());
        assertEquals(
                "data \"idx:a,b,c\": expected idx:IMAGES or idx:IMAGES,LABELS with two file paths",
                assertThrows(BadInputException.class, () -> sources.loadImages("idx:a,b,c", "data")).getMessage());
        assertEquals(
                "data \"folder:\": expected folder:DIR with a folder path",
                assertThrows(BadInputException.class, () -> sources.loadImages("folder:", "data")).getMessage());
        assertTrue(assertThrows(BadInputException.class, () -> sources.loadImages(" ", "data"))
                .getMessage()
                .startsWith("data \" \": empty data specification, expected fashion-mnist[:train|:test]"));
    }

    @Test
    void testPartOfNamedSpecifications() {
        DataSources sources = offline();
        assertEquals(Optional.of("fashion-mnist:test"), sources.testPartOf("fashion-mnist"));
        assertEquals(Optional.of("fashion-mnist:test"), sources.testPartOf("fashion-mnist:train"));
        assertEquals(Optional.of("fashion-mnist:test"), sources.testPartOf("fashion-mnist:test"));
        assertEquals(Optional.of("mnist:test"), sources.testPartOf("mnist"));
        assertEquals(Optional.empty(), sources.testPartOf("idx:a.gz,b.gz"));
        assertEquals(Optional.empty(), sources.testPartOf("folder:photos"));
        assertThrows(BadInputException.class, () -> sources.testPartOf("cifar10"));
    }

    @Test
    void namedDatasetWithNothingAvailable() {
        BadInputException e = assertThrows(BadInputException.class, () -> offline().loadImages("mnist:test", "data"));
        assertTrue(e.getMessage().startsWith("mnist:test: t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz"
                + " not found in "), e.getMessage());
        assertTrue(e.getMessage().contains("from https://ossci-datasets.s3.amazonaws.com/mnist/ into "));
    }

    @Test
    void idxSpecificationWithAndWithoutLabels() {
        Path images = IdxFiles.write(tmp.resolve("i.gz"), IdxFiles.gzip(IdxFiles.images(2, 2, 2, new byte[8])));
        Path labels = IdxFiles.write(tmp.resolve("l.gz"), IdxFiles.gzip(IdxFiles.labels(2, new byte[] {1, 0})));

        String spec = "idx:" + images + "," + labels;
        ImageDataset data = offline().loadImages(spec, "data");
        assertEquals(spec, data.name());
        assertArrayEquals(new int[] {1, 0}, data.labels().orElseThrow());
        assertEquals(List.of("0", "1"), data.classNames());

        assertTrue(offline().loadImages("idx:" + images, "data").labels().isEmpty());
    }

    @Test
    void imageSizeResizesEverySource() throws IOException {
        Path images = IdxFiles.write(tmp.resolve("i.gz"), IdxFiles.images(3, 4, 4, IdxFiles.randomBytes(48, 5)));
        DataSources sized = new DataSources(offline().options().withImageSize(8));
        ImageDataset data = sized.loadImages("idx:" + images, "data");
        assertArrayEquals(new int[] {1, 8, 8}, data.imageShape());
        assertEquals(3, data.size());

        Path folder = tmp.resolve("photos");
        Files.createDirectories(folder);
        ImageIO.write(new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB), "png", folder.resolve("a.png").toFile());
        ImageIO.write(new BufferedImage(5, 7, BufferedImage.TYPE_BYTE_GRAY), "png", folder.resolve("b.png").toFile());
        data = new DataSources(sized.options().withChannels(3)).loadImages("folder:" + folder, "data");
        assertArrayEquals(new int[] {3, 8, 8}, data.imageShape());
        assertArrayEquals(new int[] {3, 8, 8},
                new DataSources(sized.options().withChannels(3)).loadImages("idx:" + images, "data").imageShape(),
                "gray IDX images become RGB when asked");
        assertEquals("folder:" + folder, data.name());
    }

    @Test
    void invalidImageSize() {
        BadInputException e =
                assertThrows(BadInputException.class, () -> DataOptions.defaults().withImageSize(0));
        assertEquals("--image-size 0: expected a positive number of pixels", e.getMessage());
    }

    @Test
    void cacheFolderFromTheSystemProperty() {
        String old = System.getProperty(DataOptions.CACHE_PROPERTY);
        try {
            System.setProperty(DataOptions.CACHE_PROPERTY, tmp.resolve("elsewhere").toString());
            assertEquals(tmp.resolve("elsewhere"), DataOptions.defaults().cacheDir());
        } finally {
            if (old == null) {
                System.clearProperty(DataOptions.CACHE_PROPERTY);
            } else {
                System.setProperty(DataOptions.CACHE_PROPERTY, old);
            }
        }
        if (System.getenv(DataOptions.CACHE_ENV) == null && old == null) {
            assertEquals(
                    Path.of(System.getProperty("user.home"), ".vae4j", "datasets"), DataOptions.defaults().cacheDir());
        }
        assertEquals(List.of(Path.of("/usr/share/datasets")), DataOptions.defaults().systemDirs());
        assertTrue(DataOptions.defaults().allowDownload());
    }
}
