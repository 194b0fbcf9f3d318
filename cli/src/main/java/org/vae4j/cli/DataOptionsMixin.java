package org.vae4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.vae4j.data.DataOptions;
import org.vae4j.data.DataSources;
import picocli.CommandLine.Option;

/** Options shared by every command that reads a dataset. */
final class DataOptionsMixin {
    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where named datasets are cached and downloaded "
                    + "(default: $VAE4J_DATASETS or ~/.vae4j/datasets).")
    Path dataDir;

    @Option(names = "--no-download", description = "Never download a named dataset; use local files only.")
    boolean noDownload;

    @Option(
            names = "--image-size",
            paramLabel = "N",
            description = "Resize folder images to NxN pixels (needed when a folder's images differ in size).")
    Integer imageSize;

    /**
     * Builds the data sources these options describe.
     *
     * @param err where download progress goes
     * @param interactive whether to draw progress bars
     * @return the data sources
     */
    DataSources sources(PrintWriter err, boolean interactive) {
        DataOptions options = DataOptions.defaults()
                .withAllowDownload(!noDownload)
                .withImageSize(imageSize)
                .withListener(new DownloadProgress(err, interactive));
        if (dataDir != null) {
            options = options.withCacheDir(dataDir);
        }
        return new DataSources(options);
    }
}
