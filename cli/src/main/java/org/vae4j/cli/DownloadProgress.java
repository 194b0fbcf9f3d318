package org.vae4j.cli;

import java.io.PrintWriter;
import java.net.URI;
import me.tongfei.progressbar.ProgressBar;
import org.vae4j.data.DownloadListener;

/** Shows dataset downloads: a progress bar in a terminal, start and end lines otherwise. */
final class DownloadProgress implements DownloadListener {
    private final PrintWriter err;
    private final boolean interactive;
    private ProgressBar bar;
    private String file;

    DownloadProgress(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public void start(String name, URI from, long totalBytes) {
        this.file = name;
        err.println("downloading " + from);
        err.flush();
        if (interactive) {
            bar = Progress.bar(err, name, totalBytes > 0 ? totalBytes : -1, " MB", 1 << 20);
        }
    }

    @Override
    public void progress(long bytesSoFar) {
        if (bar != null) {
            bar.stepTo(bytesSoFar);
        }
    }

    @Override
    public void done() {
        closeBar();
        err.println("downloaded " + file + ", checksum verified");
        err.flush();
    }

    @Override
    public void failed(String reason) {
        closeBar();
        err.println("download of " + file + " failed: " + reason);
        err.flush();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
