package org.vae4j.latent;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.vae4j.BadInputException;
import org.vae4j.data.ExampleSet;
import org.vae4j.io.AtomicFile;
import org.vae4j.io.Npy;
import org.vae4j.model.LatentModel;

/**
 * A dataset encoded by a model: for each example the mean and log-variance of q(z|x), with its label and class name
 * when the data has them. Write it as CSV or as NumPy {@code .npy} for other tools.
 *
 * <h2>Files</h2>
 * <ul>
 *   <li>CSV: a header {@code index,label,class,mu_1,...,mu_L} (then {@code logvar_1,...,logvar_L} when asked), one
 *       row per example in data order; {@code label} and {@code class} are empty when unknown. Floats are written
 *       in their shortest exact form, so reading them back gives the same float32 values.
 *   <li>NPY: {@code FILE.npy} holds a float32 array of N x L means (N x 2L, means then log-variances, when asked);
 *       {@code FILE.labels.npy} holds the N labels as int32, written when the data has labels.
 * </ul>
 *
 * @param mu means, count x latent
 * @param logVar log-variances, count x latent
 * @param count number of examples
 * @param latent latent size
 * @param labels one label per example, or {@code null} for unlabelled data
 * @param classNames class names by label; empty when unknown
 */
public record LatentCodes(float[] mu, float[] logVar, int count, int latent, int[] labels, List<String> classNames) {
    private static final CsvMapper CSV = new CsvMapper();

    /** The file kinds {@link #write} knows, by file name ending. */
    public enum Format {
        /** Comma-separated text with a header. */
        CSV(".csv"),
        /** NumPy's binary array format. */
        NPY(".npy");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        /** @return the file name ending, with its dot */
        public String extension() {
            return extension;
        }

        /**
         * @param file a file name
         * @return the format its ending names (ignoring case), or {@code null}
         */
        public static Format of(Path file) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            for (Format f : values()) {
                if (name.endsWith(f.extension) && name.length() > f.extension.length()) {
                    return f;
                }
            }
            return null;
        }
    }

    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException if an array does not fit count and latent
     */
    public LatentCodes {
        Objects.requireNonNull(mu, "mu");
        Objects.requireNonNull(logVar, "logVar");
        if ((long) count * latent != mu.length || mu.length != logVar.length) {
            throw new IllegalArgumentException("means (" + mu.length + ") and log-variances (" + logVar.length
                    + ") do not both hold " + count + " x " + latent + " values");
        }
        if (labels != null && labels.length != count) {
            throw new IllegalArgumentException(labels.length + " labels for " + count + " examples");
        }
        classNames = List.copyOf(classNames == null ? List.of() : classNames);
    }

    /**
     * Encodes every example of a dataset with the model's encoder (with its label, for a conditional model).
     *
     * @param model the model
     * @param data examples that fit the model
     * @param classNames class names to use by label, or {@code null} or empty to use the data's
     * @return the means and log-variances with the data's labels
     * @throws BadInputException if the data does not fit the model
     */
    public static LatentCodes encode(LatentModel model, ExampleSet data, List<String> classNames) {
        LatentModel.Encoding e = model.encode(data);
        List<String> names = classNames == null || classNames.isEmpty() ? data.classNames() : classNames;
        return new LatentCodes(e.mu(), e.logVar(), e.count(), e.latent(), data.labels().orElse(null), names);
    }

    /**
     * Picks the class names to show for data encoded by a model: the data's own, unless they are only the default
     * numbering ("0", "1", ..., as IDX files give) and the model's training data named as many classes or more.
     *
     * @param data the names the data has; empty when unknown
     * @param model the names in the model's {@code vae4j.json}, or {@code null}
     * @return the names to use
     */
    public static List<String> classNames(List<String> data, List<String> model) {
        boolean numbered = true;
        for (int i = 0; i < data.size() && numbered; i++) {
            numbered = data.get(i).equals(String.valueOf(i));
        }
        if (numbered && model != null && !model.isEmpty() && model.size() >= data.size()) {
            return List.copyOf(model);
        }
        return List.copyOf(data);
    }

    /**
     * The class name of an example.
     *
     * @param index the example
     * @return its class name; {@code null} when the data has no labels; {@code "class K"} when the names are unknown
     */
    public String className(int index) {
        if (labels == null) {
            return null;
        }
        int label = labels[Objects.checkIndex(index, count)];
        return label < classNames.size() ? classNames.get(label) : "class " + label;
    }

    /**
     * Writes the codes as CSV or NPY, chosen by the file name's ending.
     *
     * @param file a {@code .csv} or {@code .npy} file
     * @param withLogVar whether to write the log-variances too
     * @return the files written (for NPY with labels: the codes and the labels)
     * @throws BadInputException if the file name ends otherwise
     * @throws IOException if writing fails
     */
    public List<Path> write(Path file, boolean withLogVar) throws IOException {
        Format format = Format.of(file);
        if (format == null) {
            throw new BadInputException(file + ": expected a file name ending in .csv or .npy");
        }
        if (format == Format.CSV) {
            writeCsv(file, withLogVar);
            return List.of(file);
        }
        return writeNpy(file, withLogVar);
    }

    /**
     * Writes the CSV file described in the {@linkplain LatentCodes class comment}, atomically.
     *
     * @param file where to write; parent folders are created
     * @param withLogVar whether to add the log-variance columns
     * @throws IOException if writing fails
     */
    public void writeCsv(Path file, boolean withLogVar) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().addColumn("index").addColumn("label").addColumn("class");
        for (int d = 1; d <= latent; d++) {
            schema.addColumn("mu_" + d);
        }
        if (withLogVar) {
            for (int d = 1; d <= latent; d++) {
                schema.addColumn("logvar_" + d);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(count * latent * (withLogVar ? 24 : 12) + 64);
        try (Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
                SequenceWriter rows = CSV.writer(schema.setUseHeader(true).build()).writeValues(out)) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                row.clear();
                row.put("index", i);
                row.put("label", labels == null ? null : labels[i]);
                row.put("class", className(i));
                for (int d = 0; d < latent; d++) {
                    row.put("mu_" + (d + 1), mu[i * latent + d]);
                }
                if (withLogVar) {
                    for (int d = 0; d < latent; d++) {
                        row.put("logvar_" + (d + 1), logVar[i * latent + d]);
                    }
                }
                rows.write(row);
            }
        }
        AtomicFile.write(file, bytes.toByteArray());
    }

    /**
     * Writes the NPY files described in the {@linkplain LatentCodes class comment}, each atomically.
     *
     * @param file the codes' file, ending in {@code .npy}; the labels go next to it as {@code STEM.labels.npy}
     * @param withLogVar whether to append the log-variances as columns L+1 to 2L
     * @return the files written: the codes, then the labels when the data has them
     * @throws IOException if writing fails
     */
    public List<Path> writeNpy(Path file, boolean withLogVar) throws IOException {
        float[] values = mu;
        int cols = latent;
        if (withLogVar) {
            cols = 2 * latent;
            values = new float[count * cols];
            for (int i = 0; i < count; i++) {
                System.arraycopy(mu, i * latent, values, i * cols, latent);
                System.arraycopy(logVar, i * latent, values, i * cols + latent, latent);
            }
        }
        Npy.writeFloat32(file, values, count, cols);
        List<Path> written = new ArrayList<>(List.of(file));
        if (labels != null) {
            Path labelFile = labelsFile(file);
            Npy.writeInt32(labelFile, labels);
            written.add(labelFile);
        }
        return written;
    }

    /**
     * @param file a codes file such as {@code out/codes.npy}
     * @return where its labels go: {@code out/codes.labels.npy}
     */
    public static Path labelsFile(Path file) {
        String name = file.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        return file.resolveSibling(stem + ".labels.npy");
    }
}
