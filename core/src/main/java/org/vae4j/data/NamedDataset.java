package org.vae4j.data;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A well-known dataset in the layout of MNIST: four IDX files with pinned SHA-256 hashes, class names, and the
 * mirrors it can be downloaded from.
 *
 * <p>The hashes are of the <em>decompressed</em> files, because the gzip packaging differs between mirrors and
 * distributions while the content does not. Tests and users can describe their own datasets with the canonical
 * constructor, or change the mirrors with {@link #withMirrors}.
 *
 * @param name the name used in data specifications and as the cache subfolder, for example {@code fashion-mnist}
 * @param classNames names of the classes, indexed by label
 * @param trainImages the training images file
 * @param trainLabels the training labels file
 * @param testImages the test images file
 * @param testLabels the test labels file
 * @param mirrors base addresses, tried in order; a file {@code F} is fetched from {@code mirror + F + ".gz"}
 * @param installHint how to install the files from a package manager, for the error message when nothing works
 *     (for example {@code on Debian, apt install dataset-fashion-mnist provides them}), or {@code null}
 */
public record NamedDataset(
        String name,
        List<String> classNames,
        FileEntry trainImages,
        FileEntry trainLabels,
        FileEntry testImages,
        FileEntry testLabels,
        List<URI> mirrors,
        String installHint) {

    // Declared before the datasets below, which use them while the class initialises.
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** Fashion-MNIST (Zalando Research, MIT licence): 60,000 + 10,000 clothing images of 28 x 28, 10 classes. */
    public static final NamedDataset FASHION_MNIST = new NamedDataset(
            "fashion-mnist",
            List.of(
                    "T-shirt/top",
                    "Trouser",
                    "Pullover",
                    "Dress",
                    "Coat",
                    "Sandal",
                    "Shirt",
                    "Sneaker",
                    "Bag",
                    "Ankle boot"),
            new FileEntry("train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
            new FileEntry("train-labels-idx1-ubyte", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
            new FileEntry("t10k-images-idx3-ubyte", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
            new FileEntry("t10k-labels-idx1-ubyte", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
            List.of(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")),
            "on Debian, apt install dataset-fashion-mnist provides them");

    /** MNIST handwritten digits: 60,000 + 10,000 images of 28 x 28, classes "0" to "9". */
    public static final NamedDataset MNIST = new NamedDataset(
            "mnist",
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            new FileEntry("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
            new FileEntry("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
            new FileEntry("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
            new FileEntry("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
            List.of(
                    URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
                    URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/")),
            null);

    /** A part of a named dataset. */
    public enum Split {
        /** The training part ({@code :train}). */
        TRAIN,
        /** The test part ({@code :test}). */
        TEST;

        /** @return the name used in data specifications: {@code train} or {@code test} */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One file of a named dataset.
     *
     * @param name the file name without {@code .gz}, for example {@code train-images-idx3-ubyte}
     * @param sha256 lower-case hex SHA-256 of the decompressed file
     */
    public record FileEntry(String name, String sha256) {
        /**
         * Checks the entry.
         *
         * @param name the file name without {@code .gz}
         * @param sha256 lower-case hex SHA-256 of the decompressed file
         * @throws IllegalArgumentException if the name is blank or contains a slash, or the hash is not 64 lower-case
         *     hex digits
         */
        public FileEntry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256, "sha256");
            if (name.isBlank() || name.contains("/") || name.contains("\\")) {
                throw new IllegalArgumentException("file name " + name + ": expected a plain file name");
            }
            if (!SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException(
                        "SHA-256 " + sha256 + " of " + name + ": expected 64 lower-case hex digits");
            }
        }
    }

    /**
     * Checks the description and normalises the mirrors to end with {@code /}.
     *
     * @param name the dataset name: lower-case letters, digits, '.', '-' or '_'
     * @param classNames names of the classes, indexed by label
     * @param trainImages the training images file
     * @param trainLabels the training labels file
     * @param testImages the test images file
     * @param testLabels the test labels file
     * @param mirrors base addresses, tried in order
     * @param installHint how to install the files from a package manager, or {@code null}
     * @throws IllegalArgumentException if the name is not lower-case letters, digits, dots, dashes and underscores
     */
    public NamedDataset {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "dataset name " + name + ": expected lower-case letters, digits, '.', '-' or '_'");
        }
        classNames = List.copyOf(classNames);
        Objects.requireNonNull(trainImages, "trainImages");
        Objects.requireNonNull(trainLabels, "trainLabels");
        Objects.requireNonNull(testImages, "testImages");
        Objects.requireNonNull(testLabels, "testLabels");
        mirrors = normalizeMirrors(mirrors);
    }

    /**
     * Returns the built-in datasets by name.
     *
     * @return {@code fashion-mnist} and {@code mnist}, in that order
     */
    public static Map<String, NamedDataset> builtIn() {
        Map<String, NamedDataset> map = new LinkedHashMap<>();
        map.put(FASHION_MNIST.name(), FASHION_MNIST);
        map.put(MNIST.name(), MNIST);
        return java.util.Collections.unmodifiableMap(map);
    }

    /**
     * Returns a copy with other mirrors, for example a local server or an internal mirror.
     *
     * @param newMirrors base addresses, tried in order
     * @return the changed copy
     */
    public NamedDataset withMirrors(List<URI> newMirrors) {
        return new NamedDataset(
                name, classNames, trainImages, trainLabels, testImages, testLabels, newMirrors, installHint);
    }

    /**
     * @param split train or test
     * @return the images file of that part
     */
    public FileEntry images(Split split) {
        return split == Split.TRAIN ? trainImages : testImages;
    }

    /**
     * @param split train or test
     * @return the labels file of that part
     */
    public FileEntry labels(Split split) {
        return split == Split.TRAIN ? trainLabels : testLabels;
    }

    private static List<URI> normalizeMirrors(List<URI> mirrors) {
        List<URI> out = new ArrayList<>();
        for (URI uri : mirrors) {
            String s = uri.toString();
            out.add(s.endsWith("/") ? uri : URI.create(s + "/"));
        }
        return List.copyOf(out);
    }
}
