package org.vae4j.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vae4j.BadInputException;

/**
 * Settings for loading data: where named datasets are looked for and stored, whether they may be downloaded, and the
 * image size.
 *
 * <p>Use {@link #defaults()} and the {@code with...} methods; {@code null} components of the canonical constructor
 * take their defaults.
 *
 * @param cacheDir the folder that holds one subfolder per named dataset and receives downloads; default
 *     {@link #defaultCacheDir()}
 * @param systemDirs folders searched after the cache, each holding one subfolder per named dataset; default
 *     {@code /usr/share/datasets} (where Debian's {@code dataset-fashion-mnist} package installs)
 * @param imageSize resize every image to this width and height, or {@code null} to keep the sizes (then all images of
 *     a folder must have the same size)
 * @param allowDownload whether named datasets missing locally may be downloaded into the cache
 * @param listener follows downloads; default {@link DownloadListener#NONE}
 * @param mirrors replacement mirrors by dataset name, tried in order instead of the dataset's own; default none
 * @param datasets the named datasets by name; default {@link NamedDataset#builtIn()}
 * @param channels convert every image to 1 (gray) or 3 (RGB) channels; {@code null} keeps them, and then an image
 *     folder mixing gray and colour images is an error
 */
public record DataOptions(
        Path cacheDir,
        List<Path> systemDirs,
        Integer imageSize,
        boolean allowDownload,
        DownloadListener listener,
        Map<String, List<URI>> mirrors,
        Map<String, NamedDataset> datasets,
        Integer channels) {

    /** System property naming the dataset cache folder; it wins over the environment variable. */
    public static final String CACHE_PROPERTY = "vae4j.datasets";

    /** Environment variable naming the dataset cache folder. */
    public static final String CACHE_ENV = "VAE4J_DATASETS";

    /** The system folders searched by default. */
    public static final List<Path> DEFAULT_SYSTEM_DIRS = List.of(Path.of("/usr/share/datasets"));

    /**
     * System property replacing {@link #DEFAULT_SYSTEM_DIRS}: folders separated by the platform's path separator;
     * empty for none.
     */
    public static final String SYSTEM_DIRS_PROPERTY = "vae4j.system-datasets";

    /** Environment variable replacing {@link #DEFAULT_SYSTEM_DIRS}, like {@value #SYSTEM_DIRS_PROPERTY}. */
    public static final String SYSTEM_DIRS_ENV = "VAE4J_SYSTEM_DATASETS";

    /**
     * Fills in defaults for {@code null} components and checks the values.
     *
     * @param cacheDir the dataset cache folder, or {@code null} for {@link #defaultCacheDir()}
     * @param systemDirs system folders to search, or {@code null} for {@link #defaultSystemDirs()}
     * @param imageSize the image width and height, or {@code null} to keep the sizes
     * @param allowDownload whether downloads are allowed
     * @param listener the download listener, or {@code null} for {@link DownloadListener#NONE}
     * @param mirrors replacement mirrors by dataset name, or {@code null} for none
     * @param datasets the named datasets, or {@code null} for {@link NamedDataset#builtIn()}
     * @param channels 1 or 3 to convert every image, or {@code null} to keep them
     * @throws BadInputException if the image size is not positive
     */
    public DataOptions {
        cacheDir = cacheDir == null ? defaultCacheDir() : cacheDir;
        systemDirs = systemDirs == null ? defaultSystemDirs() : List.copyOf(systemDirs);
        if (channels != null && channels != 1 && channels != 3) {
            throw new BadInputException("--color: " + channels + " channels, expected 1 (gray) or 3 (rgb)");
        }
        if (imageSize != null && imageSize <= 0) {
            throw new BadInputException("--image-size " + imageSize + ": expected a positive number of pixels");
        }
        listener = listener == null ? DownloadListener.NONE : listener;
        Map<String, List<URI>> mirrorCopy = new LinkedHashMap<>();
        if (mirrors != null) {
            mirrors.forEach((dataset, list) -> mirrorCopy.put(dataset, List.copyOf(list)));
        }
        mirrors = Collections.unmodifiableMap(mirrorCopy);
        datasets = datasets == null
                ? NamedDataset.builtIn()
                : Collections.unmodifiableMap(new LinkedHashMap<>(datasets));
    }

    /** @return options with every default: downloads allowed, no resizing */
    public static DataOptions defaults() {
        return new DataOptions(null, null, null, true, null, null, null, null);
    }

    /**
     * The default system folders: those of the system property {@value #SYSTEM_DIRS_PROPERTY} if set, else of the
     * environment variable {@value #SYSTEM_DIRS_ENV} if set, else {@link #DEFAULT_SYSTEM_DIRS}.
     *
     * @return the folders, possibly none
     */
    public static List<Path> defaultSystemDirs() {
        String value = System.getProperty(SYSTEM_DIRS_PROPERTY);
        if (value == null) {
            value = System.getenv(SYSTEM_DIRS_ENV);
        }
        if (value == null) {
            return DEFAULT_SYSTEM_DIRS;
        }
        return java.util.Arrays.stream(value.split(java.io.File.pathSeparator))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .toList();
    }

    /**
     * The default cache folder: the system property {@value #CACHE_PROPERTY} if set, else the environment variable
     * {@value #CACHE_ENV} if set, else {@code ~/.vae4j/datasets}.
     *
     * @return the folder (which may not exist yet)
     */
    public static Path defaultCacheDir() {
        String property = System.getProperty(CACHE_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv(CACHE_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".vae4j", "datasets");
    }

    /**
     * @param dir the cache folder
     * @return a copy with that cache folder
     */
    public DataOptions withCacheDir(Path dir) {
        return new DataOptions(dir, systemDirs, imageSize, allowDownload, listener, mirrors, datasets, channels);
    }

    /**
     * @param dirs the system folders to search, possibly none
     * @return a copy with those system folders
     */
    public DataOptions withSystemDirs(List<Path> dirs) {
        return new DataOptions(cacheDir, dirs, imageSize, allowDownload, listener, mirrors, datasets, channels);
    }

    /**
     * @param size the image width and height, or {@code null} to keep the sizes
     * @return a copy with that image size
     */
    public DataOptions withImageSize(Integer size) {
        return new DataOptions(cacheDir, systemDirs, size, allowDownload, listener, mirrors, datasets, channels);
    }

    /**
     * @param count 1 to read every image as gray, 3 as RGB, {@code null} to keep each source's channels
     * @return a copy with that channel policy
     */
    public DataOptions withChannels(Integer count) {
        return new DataOptions(cacheDir, systemDirs, imageSize, allowDownload, listener, mirrors, datasets, count);
    }

    /**
     * @param allow whether downloads are allowed
     * @return a copy with downloads allowed or not
     */
    public DataOptions withAllowDownload(boolean allow) {
        return new DataOptions(cacheDir, systemDirs, imageSize, allow, listener, mirrors, datasets, channels);
    }

    /**
     * @param newListener the download listener
     * @return a copy with that listener
     */
    public DataOptions withListener(DownloadListener newListener) {
        return new DataOptions(
                cacheDir, systemDirs, imageSize, allowDownload, newListener, mirrors, datasets, channels);
    }

    /**
     * @param dataset a dataset name, for example {@code fashion-mnist}
     * @param newMirrors base addresses to use instead of the dataset's own, tried in order
     * @return a copy with those mirrors for that dataset
     */
    public DataOptions withMirrors(String dataset, List<URI> newMirrors) {
        Map<String, List<URI>> map = new LinkedHashMap<>(mirrors);
        map.put(dataset, List.copyOf(newMirrors));
        return new DataOptions(cacheDir, systemDirs, imageSize, allowDownload, listener, map, datasets, channels);
    }

    /**
     * @param dataset a named dataset to add, or to replace the one of the same name
     * @return a copy that knows that dataset
     */
    public DataOptions withDataset(NamedDataset dataset) {
        Map<String, NamedDataset> map = new LinkedHashMap<>(datasets);
        map.put(dataset.name(), dataset);
        return new DataOptions(cacheDir, systemDirs, imageSize, allowDownload, listener, mirrors, map, channels);
    }

    /**
     * Looks up a named dataset, with any mirror override applied.
     *
     * @param name the dataset name
     * @return the dataset, if known
     */
    public Optional<NamedDataset> dataset(String name) {
        NamedDataset dataset = datasets.get(name);
        if (dataset == null) {
            return Optional.empty();
        }
        List<URI> override = mirrors.get(name);
        return Optional.of(override == null ? dataset : dataset.withMirrors(override));
    }
}
