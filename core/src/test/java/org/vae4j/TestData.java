package org.vae4j;

import java.nio.file.Files;
import java.nio.file.Path;
import org.vae4j.data.IdxReader;
import org.vae4j.data.ImageDataset;

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
}
