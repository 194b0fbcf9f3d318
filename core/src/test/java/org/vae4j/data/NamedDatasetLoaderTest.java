package org.vae4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.BadInputException;
import org.vae4j.data.NamedDataset.FileEntry;
import org.vae4j.data.NamedDataset.Split;
import org.vae4j.image.ImageDataset;

class NamedDatasetLoaderTest {
    @TempDir
    Path tmp;

    private Path cache;
    private Path system;

    // A tiny dataset in the MNIST layout: 6 training and 3 test images of 4x3, 3 classes.
    private final byte[] trainImages = IdxFiles.images(6, 4, 3, IdxFiles.randomBytes(6 * 12, 11));
    private final byte[] trainLabels = IdxFiles.labels(6, new byte[] {0, 1, 2, 2, 1, 0});
    private final byte[] testImages = IdxFiles.images(3, 4, 3, IdxFiles.randomBytes(3 * 12, 12));
    private final byte[] testLabels = IdxFiles.labels(3, new byte[] {2, 0, 1});
    private final NamedDataset tiny = new NamedDataset(
            "tiny",
            List.of("red", "green", "blue"),
            new FileEntry("train-images-idx3-ubyte", Hashing.sha256Hex(trainImages)),
            new FileEntry("train-labels-idx1-ubyte", Hashing.sha256Hex(trainLabels)),
            new FileEntry("t10k-images-idx3-ubyte", Hashing.sha256Hex(testImages)),
            new FileEntry("t10k-labels-idx1-ubyte", Hashing.sha256Hex(testLabels)),
            List.of(),
            null);

    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() throws IOException {
        cache = tmp.resolve("cache");
        system = tmp.resolve("system");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(path);
            byte[] body = served.get(path);
            try (exchange) {
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        });
        server.start();
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    private URI base(String folder) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + folder + "/");
    }

    private void serve(String folder) {
        served.put("/" + folder + "/train-images-idx3-ubyte.gz", IdxFiles.gzip(trainImages));
        served.put("/" + folder + "/train-labels-idx1-ubyte.gz", IdxFiles.gzip(trainLabels));
        served.put("/" + folder + "/t10k-images-idx3-ubyte.gz", IdxFiles.gzip(testImages));
        served.put("/" + folder + "/t10k-labels-idx1-ubyte.gz", IdxFiles.gzip(testLabels));
    }

    private DataOptions options(boolean allowDownload) {
        return DataOptions.defaults()
                .withCacheDir(cache)
                .withSystemDirs(List.of(system))
                .withAllowDownload(allowDownload);
    }

    private static List<String> filesIn(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void assertTrainPart(ImageDataset data) {
        assertEquals("tiny:train", data.name());
        assertEquals(6, data.size());
        assertArrayEquals(new int[] {1, 4, 3}, data.imageShape());
        assertArrayEquals(new int[] {0, 1, 2, 2, 1, 0}, data.labels().orElseThrow());
        assertEquals(List.of("red", "green", "blue"), data.classNames());
        assertEquals(tiny.trainImages().sha256(), data.sha256());
        assertEquals((trainImages[16] & 0xff) / 255f, data.pixels()[0], 0f);
        assertEquals((trainImages[trainImages.length - 1] & 0xff) / 255f, data.pixels()[6 * 12 - 1], 0f);
    }

    @Test
    void readsFromTheCacheFolder() {
        IdxFiles.write(cache.resolve("tiny/train-images-idx3-ubyte.gz"), IdxFiles.gzip(trainImages));
        IdxFiles.write(cache.resolve("tiny/train-labels-idx1-ubyte"), trainLabels);

        assertTrainPart(new NamedDatasetLoader(options(false)).load(tiny, Split.TRAIN));
    }

    @Test
    void readsRawOrGzipFilesFromASystemFolder() {
        IdxFiles.write(system.resolve("tiny/t10k-images-idx3-ubyte"), testImages);
        IdxFiles.write(system.resolve("tiny/t10k-labels-idx1-ubyte.gz"), IdxFiles.gzip(testLabels));

        NamedDatasetLoader loader = new NamedDatasetLoader(options(false));
        ImageDataset data = loader.load(tiny, Split.TEST);

        assertEquals("tiny:test", data.name());
        assertEquals(3, data.size());
        assertArrayEquals(new int[] {2, 0, 1}, data.labels().orElseThrow());
        assertFalse(Files.exists(cache), "nothing is copied into the cache");
        assertEquals(
                List.of(system.resolve("tiny/t10k-images-idx3-ubyte"), system.resolve("tiny/t10k-labels-idx1-ubyte.gz")),
                loader.fetch(tiny, Split.TEST));
    }

    @Test
    void theCacheComesBeforeTheSystemFolder() {
        IdxFiles.write(cache.resolve("tiny/train-images-idx3-ubyte.gz"), IdxFiles.gzip(trainImages));
        IdxFiles.write(cache.resolve("tiny/train-labels-idx1-ubyte.gz"), IdxFiles.gzip(trainLabels));
        IdxFiles.write(system.resolve("tiny/train-images-idx3-ubyte.gz"), new byte[] {1, 2, 3});
        IdxFiles.write(system.resolve("tiny/train-labels-idx1-ubyte.gz"), new byte[] {1, 2, 3});

        assertTrainPart(new NamedDatasetLoader(options(false)).load(tiny, Split.TRAIN));
    }

    @Test
    void aLocalFileWithTheWrongContentIsReported() {
        byte[] other = IdxFiles.images(6, 4, 3, IdxFiles.randomBytes(6 * 12, 99));
        Path bad = IdxFiles.write(cache.resolve("tiny/train-images-idx3-ubyte.gz"), IdxFiles.gzip(other));
        IdxFiles.write(cache.resolve("tiny/train-labels-idx1-ubyte.gz"), IdxFiles.gzip(trainLabels));

        BadInputException e = assertThrows(
                BadInputException.class, () -> new NamedDatasetLoader(options(true)).load(tiny, Split.TRAIN));

        assertEquals(
                bad + ": wrong content for tiny train-images-idx3-ubyte: SHA-256 of the decompressed file is "
                        + Hashing.sha256Hex(other) + ", expected " + tiny.trainImages().sha256()
                        + "; delete or replace the file",
                e.getMessage());
    }

    /** Records listener events as strings. */
    private static final class Recorder implements DownloadListener {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        long lastProgress = -1;

        @Override
        public void start(String file, URI from, long totalBytes) {
            events.add("start " + file + " " + from + " " + totalBytes);
            lastProgress = -1;
        }

        @Override
        public void progress(long bytesSoFar) {
            assertTrue(bytesSoFar > lastProgress, "progress grows");
            lastProgress = bytesSoFar;
        }

        @Override
        public void done() {
            events.add("done " + lastProgress);
        }

        @Override
        public void failed(String reason) {
            events.add("failed " + reason);
        }
    }

    @Test
    void downloadsIntoTheCacheAndVerifies() throws IOException {
        serve("ok");
        Recorder recorder = new Recorder();
        DataOptions options = options(true).withListener(recorder);

        ImageDataset data = new NamedDatasetLoader(options).load(tiny.withMirrors(List.of(base("ok"))), Split.TRAIN);

        assertTrainPart(data);
        int imagesSize = served.get("/ok/train-images-idx3-ubyte.gz").length;
        int labelsSize = served.get("/ok/train-labels-idx1-ubyte.gz").length;
        assertEquals(
                List.of(
                        "start train-images-idx3-ubyte.gz " + base("ok") + "train-images-idx3-ubyte.gz " + imagesSize,
                        "done " + imagesSize,
                        "start train-labels-idx1-ubyte.gz " + base("ok") + "train-labels-idx1-ubyte.gz " + labelsSize,
                        "done " + labelsSize),
                recorder.events);
        assertEquals(List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"), filesIn(cache.resolve("tiny")));
        assertArrayEquals(
                served.get("/ok/train-images-idx3-ubyte.gz"),
                Files.readAllBytes(cache.resolve("tiny/train-images-idx3-ubyte.gz")));

        // Now the files are cached: no download needed, and none allowed.
        requests.clear();
        assertTrainPart(new NamedDatasetLoader(options(false)).load(tiny, Split.TRAIN));
        assertTrue(requests.isEmpty());
    }

    @Test
    void aMirrorAnswering404FallsBackToTheNext() {
        serve("ok");
        Recorder recorder = new Recorder();
        NamedDataset mirrored = tiny.withMirrors(List.of(base("missing"), base("ok")));

        ImageDataset data = new NamedDatasetLoader(options(true).withListener(recorder)).load(mirrored, Split.TEST);

        assertEquals(3, data.size());
        assertEquals(
                List.of(
                        "/missing/t10k-images-idx3-ubyte.gz",
                        "/ok/t10k-images-idx3-ubyte.gz",
                        "/missing/t10k-labels-idx1-ubyte.gz",
                        "/ok/t10k-labels-idx1-ubyte.gz"),
                requests);
        assertEquals(2, recorder.events.stream().filter(s -> s.startsWith("done")).count());
        assertEquals(List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"), filesIn(cache.resolve("tiny")));
    }

    @Test
    void mirrorOverridesInTheOptionsAreUsed() {
        serve("ok");
        DataOptions options = options(true).withDataset(tiny).withMirrors("tiny", List.of(base("ok")));

        ImageDataset data = new DataSources(options).loadImages("tiny:test", "data");

        assertEquals("tiny:test", data.name());
        assertEquals(3, data.size());
    }

    @Test
    void corruptContentIsRejectedAndLeavesNoFile() {
        byte[] wrong = IdxFiles.images(6, 4, 3, IdxFiles.randomBytes(6 * 12, 1234));
        served.put("/bad/train-images-idx3-ubyte.gz", IdxFiles.gzip(wrong));
        served.put("/bad/train-labels-idx1-ubyte.gz", IdxFiles.gzip(trainLabels));
        Recorder recorder = new Recorder();
        NamedDataset mirrored = tiny.withMirrors(List.of(base("bad")));

        BadInputException e = assertThrows(
                BadInputException.class,
                () -> new NamedDatasetLoader(options(true).withListener(recorder)).load(mirrored, Split.TRAIN));

        String message = e.getMessage();
        assertTrue(message.startsWith("tiny:train: cannot download train-images-idx3-ubyte.gz ("), message);
        assertTrue(
                message.contains(base("bad") + "train-images-idx3-ubyte.gz: SHA-256 of the decompressed download is "
                        + Hashing.sha256Hex(wrong) + ", expected " + tiny.trainImages().sha256()),
                message);
        assertTrue(message.contains("download train-images-idx3-ubyte.gz from " + base("bad") + " into "), message);
        assertFalse(message.contains("\n"));
        // The labels were fine and are kept; the bad images never reached the cache, not even as a temporary file.
        assertEquals(List.of("train-labels-idx1-ubyte.gz"), filesIn(cache.resolve("tiny")));
        assertTrue(recorder.events.stream().anyMatch(s -> s.startsWith("failed ")), recorder.events.toString());
    }

    @Test
    void gzipGarbageFromAMirrorIsAFailureNotACrash() {
        served.put("/junk/t10k-images-idx3-ubyte.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        NamedDataset mirrored = tiny.withMirrors(List.of(base("junk")));
        BadInputException e = assertThrows(
                BadInputException.class, () -> new NamedDatasetLoader(options(true)).load(mirrored, Split.TEST));
        assertTrue(e.getMessage().contains(base("junk") + "t10k-images-idx3-ubyte.gz: "), e.getMessage());
        assertEquals(List.of(), filesIn(cache.resolve("tiny")));
    }

    @Test
    void anUnreachableMirrorIsReported() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port + "/data/");
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> new NamedDatasetLoader(options(true)).load(tiny.withMirrors(List.of(closed)), Split.TEST));
        assertTrue(e.getMessage().startsWith("tiny:test: cannot download t10k-images-idx3-ubyte.gz and"
                + " t10k-labels-idx1-ubyte.gz (" + closed + "t10k-images-idx3-ubyte.gz: "), e.getMessage());
    }

    @Test
    void nothingAvailableAndNoDownloadsSaysHowToGetTheFiles() {
        DataOptions options = options(false);
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> new NamedDatasetLoader(options).load(NamedDataset.FASHION_MNIST, Split.TRAIN));
        assertEquals(
                "fashion-mnist:train: train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz not found in "
                        + cache.resolve("fashion-mnist") + " or " + system.resolve("fashion-mnist")
                        + " and downloads are disabled; download train-images-idx3-ubyte.gz and"
                        + " train-labels-idx1-ubyte.gz from http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"
                        + " into " + cache.resolve("fashion-mnist").toAbsolutePath()
                        + " (or allow downloads); on Debian, apt install dataset-fashion-mnist provides them",
                e.getMessage());
        assertFalse(Files.exists(cache));
    }

    @Test
    void builtInDatasetsArePinned() {
        assertEquals(List.of("fashion-mnist", "mnist"), List.copyOf(NamedDataset.builtIn().keySet()));
        assertEquals(
                "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
                NamedDataset.FASHION_MNIST.images(Split.TEST).sha256());
        assertEquals("Ankle boot", NamedDataset.FASHION_MNIST.classNames().get(9));
        assertEquals(
                List.of(
                        URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
                        URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/")),
                NamedDataset.MNIST.mirrors());
        assertEquals(
                "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
                NamedDataset.MNIST.labels(Split.TEST).sha256());
    }
}
