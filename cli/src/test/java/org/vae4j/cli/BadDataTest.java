package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data that cannot be used: each command exits 2 with one line naming the file and what is wrong, and train leaves
 * no output folder behind. Never touches the network or the system dataset folders.
 */
class BadDataTest {
    @TempDir
    static Path shared;

    static Path model;

    @BeforeAll
    static void trainOnce() {
        model = shared.resolve("model");
        Cli.train(model, 1);
    }

    /** Starts a training run on {@code data}, which must fail; checks that no model folder appeared. */
    private static Cli.Result train(String data, Path tmp, String... extra) {
        Path out = tmp.resolve("out");
        Cli.Result r = Cli.run(Cli.args("train", "--data", data, "--out", out, Cli.TINY, "--epochs", "1",
                Arrays.asList(extra)));
        assertFalse(Files.exists(out.resolve("vae4j.json")), () -> "a model was written\n" + r.describe());
        return r;
    }

    private static Cli.Result evaluate(String data, String... extra) {
        return Cli.run(Cli.args("evaluate", "--model", model, "--data", data, Arrays.asList(extra)));
    }

    @Test
    void missingImageFile(@TempDir Path tmp) {
        Path none = tmp.resolve("nothing-idx3-ubyte");
        train("idx:" + none, tmp).badInput(none.toString(), "no such file");
    }

    @Test
    void truncatedIdxFile(@TempDir Path tmp) {
        byte[] full = Cli.gunzip(Cli.images());
        Path cut = Cli.write(tmp.resolve("cut-idx3-ubyte"), Arrays.copyOf(full, 5000));
        train("idx:" + cut, tmp).badInput(cut.toString(), "truncated", "200 images");
        evaluate("idx:" + cut).badInput(cut.toString(), "truncated");
    }

    @Test
    void truncatedGzipFile(@TempDir Path tmp) {
        byte[] gz = Cli.bytes(Cli.images());
        Path cut = Cli.write(tmp.resolve("cut-idx3-ubyte.gz"), Arrays.copyOf(gz, gz.length / 2));
        train("idx:" + cut, tmp).badInput(cut.toString(), "gzip");
    }

    @Test
    void idxFileWithWrongMagicNumber(@TempDir Path tmp) {
        byte[] content = Cli.gunzip(Cli.images());
        ByteBuffer.wrap(content).putInt(0, 0x804);
        Path bad = Cli.write(tmp.resolve("bad-idx3-ubyte"), content);
        train("idx:" + bad, tmp).badInput(bad.toString(), "magic", "0x00000804", "0x00000803");
    }

    @Test
    void labelsSwappedWithImagesAreNamed(@TempDir Path tmp) {
        // The label file given as the image file: its magic number is that of labels.
        train("idx:" + Cli.labels() + "," + Cli.images(), tmp).badInput(Cli.labels().toString(), "magic");
    }

    @Test
    void labelFileWithAnotherCount(@TempDir Path tmp) {
        byte[] labels = Cli.gunzip(Cli.labels());
        Path hundred = Cli.write(tmp.resolve("labels-100"), Cli.idxLabels(100, Arrays.copyOfRange(labels, 8, 108)));
        train("idx:" + Cli.images() + "," + hundred, tmp).badInput(hundred.toString(), "100 labels", "200 images");
        evaluate("idx:" + Cli.images() + "," + hundred).badInput(hundred.toString(), "100");
    }

    @Test
    void malformedIdxSpec(@TempDir Path tmp) {
        train("idx:", tmp).badInput("idx:");
        train("idx:a,b,c", tmp).badInput("idx:a,b,c");
    }

    @Test
    void unknownDataSpec(@TempDir Path tmp) {
        train("cifar-99", tmp).badInput("--data", "cifar-99", "idx:", "folder:");
        train("fashion-mnist:validation", tmp).badInput("validation", "fashion-mnist:test");
    }

    @Test
    void emptyImageFolder(@TempDir Path tmp) throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("pictures"));
        train("folder:" + empty, tmp).badInput(empty.toString(), "no PNG or JPEG");
        evaluate("folder:" + empty).badInput(empty.toString());
    }

    @Test
    void missingImageFolder(@TempDir Path tmp) {
        Path none = tmp.resolve("no-pictures");
        train("folder:" + none, tmp).badInput(none.toString());
    }

    /** Runs with the system dataset folders switched off, as on a machine without Debian's dataset packages. */
    private static Cli.Result withoutSystemDatasets(java.util.function.Supplier<Cli.Result> run) {
        String before = System.getProperty(org.vae4j.data.DataOptions.SYSTEM_DIRS_PROPERTY);
        System.setProperty(org.vae4j.data.DataOptions.SYSTEM_DIRS_PROPERTY, "");
        try {
            return run.get();
        } finally {
            if (before == null) {
                System.clearProperty(org.vae4j.data.DataOptions.SYSTEM_DIRS_PROPERTY);
            } else {
                System.setProperty(org.vae4j.data.DataOptions.SYSTEM_DIRS_PROPERTY, before);
            }
        }
    }

    @Test
    void namedDatasetWithoutFilesOrDownloadsSaysHowToGetThem(@TempDir Path tmp) throws IOException {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Cli.Result r = withoutSystemDatasets(
                () -> train("fashion-mnist", tmp, "--no-download", "--data-dir", cache.toString()))
                .badInput("train-images-idx3-ubyte", "download");
        assertTrue(r.err().contains(cache.resolve("fashion-mnist").toString()), r::describe);
        assertTrue(r.err().contains("http"), () -> "names where to get the files\n" + r.describe());
    }

    @Test
    void mnistWithoutFilesOrDownloadsSaysHowToGetThem(@TempDir Path tmp) throws IOException {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Cli.Result r = withoutSystemDatasets(
                () -> evaluate("mnist:test", "--no-download", "--data-dir", cache.toString()))
                .badInput("t10k-images-idx3-ubyte", "download");
        assertTrue(r.err().contains(cache.resolve("mnist").toString()), r::describe);
        assertTrue(r.err().contains("http"), () -> "names where to get the files\n" + r.describe());
    }

    @Test
    void corruptFileInTheDatasetCacheIsNamed(@TempDir Path tmp) {
        // The cache is searched first, so this never reaches the system folders or the network.
        Path cache = tmp.resolve("cache");
        Path bad = Cli.write(cache.resolve("fashion-mnist").resolve("train-images-idx3-ubyte.gz"),
                Cli.bytes(Cli.images()));
        train("fashion-mnist", tmp, "--no-download", "--data-dir", cache.toString())
                .badInput(bad.toString(), "SHA-256");
    }

    /** Every command that runs a model on --data refuses images of another shape, naming the file and both shapes. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"evaluate", "reconstruct", "encode", "plot latent", "interpolate", "traverse"})
    void imagesOfAnotherShape(String command, @TempDir Path tmp) {
        Path small = Cli.write(tmp.resolve("small-idx3-ubyte"), Cli.idxImages(10, 14, 14, new byte[10 * 14 * 14]));
        Path out = tmp.resolve(command.equals("encode") ? "z.csv" : "x.png");
        List<Object> args = new ArrayList<>(Arrays.asList(command.split(" ")));
        args.addAll(List.of("--model", model, "--data", "idx:" + small));
        if (!command.equals("evaluate")) {
            args.addAll(List.of("--out", out));
        }
        Cli.run(Cli.args(args.toArray())).badInput(small.toString(), "1x14x14", "1x28x28");
        assertFalse(Files.exists(out), "nothing written for bad input");
    }

    @Test
    void validationDataOfAnotherShape(@TempDir Path tmp) {
        Path small = Cli.write(tmp.resolve("small-idx3-ubyte"), Cli.idxImages(10, 14, 14, new byte[10 * 14 * 14]));
        train(Cli.dataSpec(), tmp, "--val", "idx:" + small).badInput("1x14x14", "1x28x28");
    }
}
