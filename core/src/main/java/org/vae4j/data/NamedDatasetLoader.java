package org.vae4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.vae4j.BadInputException;
import org.vae4j.data.NamedDataset.FileEntry;
import org.vae4j.data.NamedDataset.Split;
import org.vae4j.image.IdxReader;
import org.vae4j.image.ImageDataset;

/**
 * Finds, verifies and if need be downloads the files of a {@link NamedDataset}, then reads them.
 *
 * <p>Each file is looked for, as {@code NAME.gz} or {@code NAME}, in this order:
 *
 * <ol>
 *   <li>the cache folder {@code <cacheDir>/<dataset>/};
 *   <li>each system folder {@code <systemDir>/<dataset>/}, such as {@code /usr/share/datasets/fashion-mnist};
 *   <li>the dataset's mirrors, in order, if downloads are allowed: the file is streamed to a temporary file in the
 *       cache folder, verified, then moved into place atomically, so an interrupted download never leaves a bad file.
 * </ol>
 *
 * <p>Every file, local or downloaded, is verified by the SHA-256 of its decompressed content. A local file with a
 * wrong hash is an error (it is not replaced silently). When a file can be found nowhere, the error says which files
 * to fetch, from where, and into which folder.
 */
public final class NamedDatasetLoader {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private final DataOptions options;
    private HttpClient client;

    /**
     * Creates a loader.
     *
     * @param options cache and system folders, download permission, listener
     */
    public NamedDatasetLoader(DataOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Loads one part of a named dataset. The dataset is named {@code <name>:<split>}, for example
     * {@code fashion-mnist:train}, and its SHA-256 is the pinned hash of the images file.
     *
     * @param dataset the dataset (its mirrors are used as given; see {@link DataOptions#dataset})
     * @param split train or test
     * @return the images with labels and class names
     * @throws BadInputException if a file is corrupt, or cannot be found or downloaded
     */
    public ImageDataset load(NamedDataset dataset, Split split) {
        Map<FileEntry, Located> files = locate(dataset, split);
        FileEntry images = dataset.images(split);
        FileEntry labels = dataset.labels(split);
        Located imageFile = files.get(images);
        Located labelFile = files.get(labels);
        return IdxReader.fromBytes(
                dataset.name() + ":" + split.label(),
                imageFile.path().toString(),
                imageFile.content(),
                labelFile.path().toString(),
                labelFile.content(),
                dataset.classNames(),
                images.sha256());
    }

    /**
     * Makes sure the files of one part are available and correct, downloading them if needed and allowed.
     *
     * @param dataset the dataset
     * @param split train or test
     * @return the verified local files: images first, then labels
     * @throws BadInputException if a file is corrupt, or cannot be found or downloaded
     */
    public List<Path> fetch(NamedDataset dataset, Split split) {
        return locate(dataset, split).values().stream().map(Located::path).collect(Collectors.toList());
    }

    /**
     * @param dataset the dataset
     * @return its folder in the cache, {@code <cacheDir>/<name>}, where downloads go
     */
    public Path cacheFolder(NamedDataset dataset) {
        return options.cacheDir().resolve(dataset.name());
    }

    /**
     * @param dataset the dataset
     * @return the folders searched for its files, in order: the cache folder, then each system folder
     */
    public List<Path> searchFolders(NamedDataset dataset) {
        List<Path> folders = new ArrayList<>();
        folders.add(cacheFolder(dataset));
        for (Path dir : options.systemDirs()) {
            folders.add(dir.resolve(dataset.name()));
        }
        return folders;
    }

    /** A verified file and its decompressed content. */
    private record Located(Path path, byte[] content) {}

    private Map<FileEntry, Located> locate(NamedDataset dataset, Split split) {
        List<FileEntry> needed = List.of(dataset.images(split), dataset.labels(split));
        Map<FileEntry, Located> found = new LinkedHashMap<>();
        List<FileEntry> missing = new ArrayList<>();
        for (FileEntry file : needed) {
            Located local = findLocal(dataset, file);
            if (local != null) {
                found.put(file, local);
            } else {
                missing.add(file);
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        String where = dataset.name() + ":" + split.label() + ": " + fileList(missing) + " not found in "
                + searchFolders(dataset).stream().map(Path::toString).collect(Collectors.joining(" or "));
        if (!options.allowDownload()) {
            throw new BadInputException(where + " and downloads are disabled; " + howToGet(dataset, missing));
        }
        if (dataset.mirrors().isEmpty()) {
            throw new BadInputException(where + " and no download mirror is known; " + howToGet(dataset, missing));
        }
        List<String> failures = new ArrayList<>();
        List<FileEntry> stillMissing = new ArrayList<>();
        Set<URI> unreachable = new HashSet<>();
        for (FileEntry file : missing) {
            Located downloaded = download(dataset, file, failures, unreachable);
            if (downloaded != null) {
                found.put(file, downloaded);
            } else {
                stillMissing.add(file);
            }
        }
        if (!stillMissing.isEmpty()) {
            throw new BadInputException(
                    dataset.name() + ":" + split.label() + ": cannot download " + fileList(stillMissing) + " ("
                            + String.join("; ", failures) + "); " + howToGet(dataset, stillMissing));
        }
        // Keep the order images, labels.
        Map<FileEntry, Located> ordered = new LinkedHashMap<>();
        for (FileEntry file : needed) {
            ordered.put(file, found.get(file));
        }
        return ordered;
    }

    private Located findLocal(NamedDataset dataset, FileEntry file) {
        for (Path folder : searchFolders(dataset)) {
            for (String candidate : List.of(file.name() + ".gz", file.name())) {
                Path path = folder.resolve(candidate);
                if (Files.isRegularFile(path)) {
                    byte[] content = IdxReader.readDecompressed(path);
                    String actual = Hashing.sha256Hex(content);
                    if (!actual.equals(file.sha256())) {
                        throw new BadInputException(
                                path + ": wrong content for " + dataset.name() + " " + file.name()
                                        + ": SHA-256 of the decompressed file is " + actual + ", expected "
                                        + file.sha256() + "; delete or replace the file");
                    }
                    return new Located(path, content);
                }
            }
        }
        return null;
    }

    /**
     * Tries each mirror in turn; returns null and adds to {@code failures} if none works. Mirrors that could not be
     * connected to are added to {@code unreachable} and skipped for the remaining files.
     */
    private Located download(NamedDataset dataset, FileEntry file, List<String> failures, Set<URI> unreachable) {
        Path folder = cacheFolder(dataset);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new BadInputException(
                    folder + ": cannot create the dataset cache folder (" + Hashing.describe(e) + "); set "
                            + DataOptions.CACHE_ENV + " or -D" + DataOptions.CACHE_PROPERTY
                            + " to a writable folder",
                    e);
        }
        DownloadListener listener = options.listener();
        String remoteName = file.name() + ".gz";
        for (URI mirror : dataset.mirrors()) {
            if (unreachable.contains(mirror)) {
                continue;
            }
            URI uri = mirror.resolve(remoteName);
            Path temp = null;
            boolean started = false;
            try {
                temp = Files.createTempFile(folder, "." + file.name() + ".", ".part");
                HttpRequest request =
                        HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT).GET().build();
                HttpResponse<InputStream> response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = response.body()) {
                    if (response.statusCode() != 200) {
                        failures.add(uri + ": HTTP " + response.statusCode());
                        continue;
                    }
                    long total = response.headers().firstValueAsLong("Content-Length").orElse(-1L);
                    listener.start(remoteName, uri, total);
                    started = true;
                    copy(in, temp, listener);
                }
                byte[] raw = Files.readAllBytes(temp);
                byte[] content = IdxReader.decompress(uri.toString(), raw);
                String actual = Hashing.sha256Hex(content);
                if (!actual.equals(file.sha256())) {
                    String reason = uri + ": SHA-256 of the decompressed download is " + actual + ", expected "
                            + file.sha256() + " (the download was discarded)";
                    failures.add(reason);
                    listener.failed(reason);
                    continue;
                }
                Path target = folder.resolve(IdxReader.isGzip(raw) ? remoteName : file.name());
                move(temp, target);
                temp = null;
                listener.done();
                return new Located(target, content);
            } catch (BadInputException e) {
                failures.add(e.getMessage());
                if (started) {
                    listener.failed(e.getMessage());
                }
            } catch (IOException e) {
                String reason = uri + ": " + describeNetworkError(uri, e);
                if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException) {
                    unreachable.add(mirror);
                }
                failures.add(reason);
                if (started) {
                    listener.failed(reason);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BadInputException(uri + ": download interrupted", e);
            } finally {
                if (temp != null) {
                    try {
                        Files.deleteIfExists(temp);
                    } catch (IOException ignored) {
                        // Best effort: a leftover .part file is hidden and never read as data.
                    }
                }
            }
        }
        return null;
    }

    private static void copy(InputStream in, Path target, DownloadListener listener) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long soFar = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                soFar += n;
                listener.progress(soFar);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String describeNetworkError(URI uri, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host " + uri.getHost() + " (no network or no DNS?)";
            }
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "connection to " + uri.getHost() + " timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "no response from " + uri.getHost() + " in " + RESPONSE_TIMEOUT.toSeconds() + " seconds";
        }
        if (e instanceof ConnectException) {
            String message = e.getMessage();
            return "cannot connect to " + uri.getAuthority() + (message == null ? "" : " (" + Hashing.oneLine(message) + ")");
        }
        return Hashing.describe(e);
    }

    private static String fileList(List<FileEntry> files) {
        return files.stream().map(f -> f.name() + ".gz").collect(Collectors.joining(" and "));
    }

    /** One sentence saying exactly how to get the files by hand. */
    private String howToGet(NamedDataset dataset, List<FileEntry> files) {
        StringBuilder s = new StringBuilder("download ").append(fileList(files));
        if (!dataset.mirrors().isEmpty()) {
            s.append(" from ").append(dataset.mirrors().get(0));
        }
        s.append(" into ").append(cacheFolder(dataset).toAbsolutePath());
        if (!options.allowDownload() && !dataset.mirrors().isEmpty()) {
            s.append(" (or allow downloads)");
        }
        if (dataset.installHint() != null) {
            s.append("; ").append(dataset.installHint());
        }
        return s.toString();
    }

    private synchronized HttpClient client() {
        if (client == null) {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(CONNECT_TIMEOUT);
            ProxySelector proxy = ProxySelector.getDefault();
            if (proxy != null) {
                builder.proxy(proxy);
            }
            client = builder.build();
        }
        return client;
    }
}
