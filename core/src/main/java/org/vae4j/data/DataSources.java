package org.vae4j.data;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.vae4j.BadInputException;
import org.vae4j.data.NamedDataset.Split;
import org.vae4j.image.IdxReader;
import org.vae4j.image.ImageDataset;
import org.vae4j.image.ImageFolderReader;
import org.vae4j.image.Images;

/**
 * Turns a data specification into a dataset. This is the entry point the command line uses for {@code --data}.
 *
 * <p>Specifications:
 *
 * <ul>
 *   <li>{@code fashion-mnist}, {@code fashion-mnist:train}, {@code fashion-mnist:test}, and the same for
 *       {@code mnist} (or any other dataset in {@link DataOptions#datasets()}): a named dataset, the training part
 *       by default; see {@link NamedDatasetLoader};
 *   <li>{@code idx:IMAGES} or {@code idx:IMAGES,LABELS}: IDX files, raw or gzip; see {@link IdxReader};
 *   <li>{@code folder:DIR}: PNG and JPEG images, one subfolder per class; see {@link ImageFolderReader}.
 * </ul>
 *
 * <p>The dataset is named after the specification as given. When {@link DataOptions#imageSize()} is set, images of
 * every source are resized to that width and height; when {@link DataOptions#channels()} is set, they are converted to
 * gray or RGB.
 */
public final class DataSources {
    private final DataOptions options;
    private final NamedDatasetLoader loader;

    /** Creates a data source with {@link DataOptions#defaults()}. */
    public DataSources() {
        this(DataOptions.defaults());
    }

    /**
     * Creates a data source.
     *
     * @param options folders, download permission and listener, image size
     */
    public DataSources(DataOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.loader = new NamedDatasetLoader(options);
    }

    /** @return the options in use */
    public DataOptions options() {
        return options;
    }

    /**
     * Loads the data a specification names.
     *
     * @param spec for example {@code fashion-mnist:test}, {@code idx:data/images.gz,data/labels.gz} or
     *     {@code folder:photos}
     * @return the dataset, named {@code spec}
     * @throws BadInputException if the specification is malformed or the data is missing or bad
     */
    public ExampleSet load(String spec) {
        return load(spec, "data");
    }

    /**
     * Loads the data a specification names, of whatever kind it is (images are the only kind today).
     *
     * @param spec for example {@code fashion-mnist:test}
     * @param origin what gave the specification, used at the start of messages, e.g. {@code --val}
     * @return the dataset, named {@code spec}
     * @throws BadInputException if the specification is malformed or the data is missing or bad
     */
    public ExampleSet load(String spec, String origin) {
        return loadImages(spec, origin);
    }

    /**
     * Loads images a specification names, naming the specification's origin in messages.
     *
     * @param spec for example {@code fashion-mnist:test}
     * @param origin what gave the specification, used at the start of messages, e.g. {@code --val}
     * @return the images, named {@code spec}
     * @throws BadInputException if the specification is malformed, does not name images, or the data is missing or
     *     bad
     */
    public ImageDataset loadImages(String spec, String origin) {
        Parsed parsed = parse(spec, origin);
        ImageDataset data;
        switch (parsed.kind()) {
            case NAMED:
                data = loader.load(parsed.dataset(), parsed.split());
                break;
            case IDX:
                data = IdxReader.read(parsed.images(), parsed.labels(), spec, null);
                break;
            case FOLDER:
                return ImageFolderReader.read(parsed.images(), options.imageSize(), spec, options.channels());
            default:
                throw new IllegalStateException(parsed.kind().toString());
        }
        int size = options.imageSize() == null ? -1 : options.imageSize();
        return Images.convert(data, size < 0 ? data.height() : size, size < 0 ? data.width() : size,
                options.channels() == null ? data.channels() : options.channels());
    }

    /**
     * Names the test part that belongs to a specification, for evaluating a model trained on it.
     *
     * @param spec a data specification
     * @return for a named dataset, its test part (for example {@code fashion-mnist:test} for {@code fashion-mnist} or
     *     {@code fashion-mnist:train}, and for {@code fashion-mnist:test} itself); empty for {@code idx:} and
     *     {@code folder:}, which have no known test part
     * @throws BadInputException if the specification is malformed
     */
    public Optional<String> testPartOf(String spec) {
        Parsed parsed = parse(spec, "data");
        if (parsed.kind() != Kind.NAMED) {
            return Optional.empty();
        }
        return Optional.of(parsed.dataset().name() + ":" + Split.TEST.label());
    }

    /**
     * Makes the file paths in an {@code idx:} or {@code folder:} specification absolute, so that it names the same
     * data from any working directory (as a saved run must); named datasets are returned unchanged.
     *
     * @param spec a data specification
     * @param origin what gave the specification, for messages
     * @return the same specification with absolute paths
     * @throws BadInputException if the specification is malformed
     */
    public String absolute(String spec, String origin) {
        Parsed parsed = parse(spec, origin);
        return switch (parsed.kind()) {
            case NAMED -> spec;
            case IDX -> "idx:" + parsed.images().toAbsolutePath().normalize()
                    + (parsed.labels() == null ? "" : "," + parsed.labels().toAbsolutePath().normalize());
            case FOLDER -> "folder:" + parsed.images().toAbsolutePath().normalize();
        };
    }

    /** @return the accepted forms, as used in messages */
    public String expectedForms() {
        String named = options.datasets().keySet().stream()
                .sorted()
                .map(name -> name + "[:train|:test]")
                .collect(Collectors.joining(", "));
        return (named.isEmpty() ? "" : named + ", ") + "idx:IMAGES[,LABELS] or folder:DIR";
    }

    private enum Kind {
        NAMED,
        IDX,
        FOLDER
    }

    private record Parsed(Kind kind, NamedDataset dataset, Split split, Path images, Path labels) {}

    private Parsed parse(String spec, String origin) {
        if (spec == null || spec.isBlank()) {
            throw new BadInputException(origin + " \"" + (spec == null ? "" : spec)
                    + "\": empty data specification, expected " + expectedForms());
        }
        if (spec.startsWith("idx:")) {
            String rest = spec.substring(4);
            String[] parts = rest.split(",", -1);
            if (rest.isBlank() || parts.length > 2 || parts[0].isBlank() || (parts.length == 2 && parts[1].isBlank())) {
                throw new BadInputException(
                        origin + " \"" + spec + "\": expected idx:IMAGES or idx:IMAGES,LABELS with two file paths");
            }
            return new Parsed(
                    Kind.IDX, null, null, Path.of(parts[0].strip()), parts.length == 2 ? Path.of(parts[1].strip()) : null);
        }
        if (spec.startsWith("folder:")) {
            String dir = spec.substring(7);
            if (dir.isBlank()) {
                throw new BadInputException(origin + " \"" + spec + "\": expected folder:DIR with a folder path");
            }
            return new Parsed(Kind.FOLDER, null, null, Path.of(dir.strip()), null);
        }
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        Optional<NamedDataset> dataset = options.dataset(name);
        if (dataset.isEmpty()) {
            throw new BadInputException(
                    origin + " \"" + spec + "\": unknown data specification, expected " + expectedForms());
        }
        Split split = Split.TRAIN;
        if (colon >= 0) {
            String part = spec.substring(colon + 1);
            if (part.equals("train")) {
                split = Split.TRAIN;
            } else if (part.equals("test")) {
                split = Split.TEST;
            } else {
                throw new BadInputException(origin + " \"" + spec + "\": unknown part \"" + part + "\" of " + name
                        + ", expected " + name + ", " + name + ":train or " + name + ":test");
            }
        }
        return new Parsed(Kind.NAMED, dataset.get(), split, null, null);
    }
}
