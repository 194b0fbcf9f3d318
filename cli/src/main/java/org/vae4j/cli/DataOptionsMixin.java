package org.vae4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.vae4j.data.DataOptions;
import org.vae4j.data.DataSources;
import org.vae4j.data.ExampleSet;
import org.vae4j.image.ImageDataset;
import org.vae4j.io.ModelFolder;
import org.vae4j.io.ModelInfo;
import org.vae4j.table.TableReader;
import org.vae4j.model.LatentModel;
import picocli.CommandLine;
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

    @Option(names = "--label", paramLabel = "COL",
            description = "csv: data: the label column (a class, or which rows are anomalies); kept out of the "
                    + "model's input, used for colours, conditioning and scores (default: the training run's).")
    String label;

    @Option(names = "--na", paramLabel = "MARKERS", split = ",",
            description = "csv: data: more cell texts that mean missing, comma-separated, besides an empty cell, NA, "
                    + "NaN, nan and ? (default: the training run's).")
    List<String> na;

    @Option(
            names = "--color",
            paramLabel = "MODE",
            description = "Convert every image to gray or rgb (needed when a folder mixes gray and colour images); "
                    + "default: keep the data's channels.")
    Color color;

    /**
     * @param color {@code gray}, {@code rgb} or {@code null}
     * @return 1, 3 or {@code null}
     */
    static Integer channels(String color) {
        return color == null ? null : color.equals("gray") ? 1 : 3;
    }

    /** Channel conversions offered on the command line. */
    enum Color {
        gray,
        rgb
    }

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
                .withChannels(channels(color == null ? null : color.name()))
                .withListener(new DownloadProgress(err, interactive));
        if (dataDir != null) {
            options = options.withCacheDir(dataDir);
        }
        return new DataSources(options).withTable(new TableReader.Options(null, null, label, na));
    }

    /**
     * The table settings to read new data for a saved model with: those given, else the training run's.
     *
     * @param saved the model folder
     * @return the label column and missing markers
     */
    TableReader.Options tableFor(ModelFolder saved) {
        ModelInfo.TableInfo was = saved.info().data() == null ? null : saved.info().data().table();
        String l = label != null ? label : was == null ? null : was.label();
        List<String> markers = na != null ? na : was == null ? null : was.na();
        return new TableReader.Options(null, null, l, markers, false, label != null);
    }

    /**
     * Loads data for a saved model as {@link #loadFor(CommandLine.Model.CommandSpec, String, LatentModel)} does, a
     * table with the run's label column and missing markers unless others are given.
     *
     * @param spec the command, for its error stream
     * @param data the data specification given to {@code --data}
     * @param saved the model folder
     * @return the data
     * @throws org.vae4j.BadInputException if the data cannot be read or does not fit the model
     */
    ExampleSet loadFor(CommandLine.Model.CommandSpec spec, String data, ModelFolder saved) {
        refuseTableOptions(saved.model());
        ExampleSet examples = sources(spec.commandLine().getErr(), Progress.interactive()).withTable(
                tableFor(saved)).loadFor(data, "--data", saved.model().schema());
        saved.model().schema().checkData(examples);
        return examples;
    }

    /**
     * Loads the data a command scores or draws with a model: progress on the command's error stream, and the data
     * checked against the model's schema (the images' shape, and labels for a conditional model).
     *
     * @param spec the command, for its error stream
     * @param data the data specification given to {@code --data}
     * @param model the model the data is for
     * @return the data
     * @throws org.vae4j.BadInputException if the data cannot be read or does not fit the model
     */
    ExampleSet loadFor(CommandLine.Model.CommandSpec spec, String data, LatentModel model) {
        refuseTableOptions(model);
        ExampleSet examples = sources(spec.commandLine().getErr(), Progress.interactive()).loadFor(data, "--data",
                model.schema());
        model.schema().checkData(examples);
        return examples;
    }

    /**
     * Loads images for a command that shows them, checked against the model as {@link #loadFor} does.
     *
     * @param spec the command, for its error stream
     * @param data the data specification given to {@code --data}
     * @param model the model the images are for
     * @return the images
     * @throws org.vae4j.BadInputException if the data cannot be read, are not images or do not fit the model
     */
    ImageDataset loadImagesFor(CommandLine.Model.CommandSpec spec, String data, LatentModel model) {
        refuseTableOptions(model);
        model.schema().requireImage(spec.qualifiedName());
        ImageDataset images = sources(spec.commandLine().getErr(), Progress.interactive()).loadImages(data, "--data");
        model.schema().checkData(images);
        return images;
    }

    /** Refuses --label and --na for a model that does not read tables, where they would be ignored. */
    private void refuseTableOptions(LatentModel model) {
        if (!org.vae4j.table.TableCodec.isTable(model.schema()) && (label != null || na != null)) {
            throw new org.vae4j.BadInputException((label != null ? "--label" : "--na") + " applies to models of "
                    + "csv: tables; this model reads " + model.schema().describeInputs());
        }
    }
}
