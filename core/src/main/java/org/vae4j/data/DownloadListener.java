package org.vae4j.data;

import java.net.URI;

/**
 * Follows the downloads of named datasets, for example to draw a progress bar.
 *
 * <p>For each attempt to download one file the calls are: {@link #start}, any number of {@link #progress}, then
 * either {@link #done} (the file was verified and moved into the cache) or {@link #failed} (the next mirror, if any,
 * is tried next). All methods do nothing by default; {@link #NONE} is a listener that ignores everything. Calls come
 * from the thread that loads the data.
 */
public interface DownloadListener {
    /** A listener that ignores every event. */
    DownloadListener NONE = new DownloadListener() {};

    /**
     * A download begins.
     *
     * @param file the name of the file being downloaded, for example {@code train-images-idx3-ubyte.gz}
     * @param from the address it comes from
     * @param totalBytes its size in bytes, or -1 if the server did not say
     */
    default void start(String file, URI from, long totalBytes) {}

    /**
     * More bytes arrived.
     *
     * @param bytesSoFar the number of bytes received so far for the current file
     */
    default void progress(long bytesSoFar) {}

    /** The current file was downloaded, verified and stored. */
    default void done() {}

    /**
     * The current download failed; another mirror may be tried next.
     *
     * @param reason one line saying what went wrong
     */
    default void failed(String reason) {}
}
