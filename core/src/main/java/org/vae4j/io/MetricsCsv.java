package org.vae4j.io;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vae4j.BadInputException;
import org.vae4j.Messages;
import org.vae4j.plot.LossCurves;
import org.vae4j.train.EpochMetrics;
import org.vae4j.train.TermValues;

/**
 * Reads and writes {@code metrics.csv}: one row per epoch with the columns {@code epoch}, {@code train_loss}, then
 * {@code train_TERM} for each term the objective names, {@code val_loss} and {@code val_TERM}, {@code seconds}, then
 * {@code TERM_1 ... TERM_k} for the parts of terms that have them. For a VAE that is
 * {@code epoch,train_loss,train_recon,train_kl,val_loss,val_recon,val_kl,seconds,kl_1,...,kl_L} (the training KL of
 * each latent dimension), as format-1 folders have it. Losses are nats per example; validation columns are empty
 * without a validation set.
 */
public final class MetricsCsv {
    private static final CsvMapper MAPPER = new CsvMapper().enable(CsvParser.Feature.EMPTY_STRING_AS_NULL);
    private static final Pattern PART = Pattern.compile("(.+)_([1-9][0-9]*)");

    private MetricsCsv() {}

    /**
     * Writes the metrics.
     *
     * @param file where to write
     * @param metrics one entry per epoch
     * @throws IOException if writing fails
     */
    public static void write(Path file, List<EpochMetrics> metrics) throws IOException {
        LinkedHashSet<String> terms = new LinkedHashSet<>();
        Map<String, Integer> parts = new LinkedHashMap<>();
        for (EpochMetrics m : metrics) {
            terms.addAll(m.train().terms().keySet());
            m.parts().forEach((term, values) -> parts.merge(term, values.size(), Math::max));
        }
        CsvSchema.Builder b = CsvSchema.builder().addColumn("epoch").addColumn("train_loss");
        terms.forEach(t -> b.addColumn("train_" + t));
        b.addColumn("val_loss");
        terms.forEach(t -> b.addColumn("val_" + t));
        b.addColumn("seconds");
        parts.forEach((term, k) -> {
            for (int i = 1; i <= k; i++) {
                b.addColumn(term + "_" + i);
            }
        });
        List<Map<String, Object>> rows = new ArrayList<>();
        for (EpochMetrics m : metrics) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", m.epoch());
            row.put("train_loss", m.train().loss());
            m.train().terms().forEach((t, v) -> row.put("train_" + t, v));
            if (m.validation() != null) {
                row.put("val_loss", m.validation().loss());
                m.validation().terms().forEach((t, v) -> row.put("val_" + t, v));
            }
            row.put("seconds", m.seconds());
            m.parts().forEach((term, values) -> {
                for (int i = 0; i < values.size(); i++) {
                    row.put(term + "_" + (i + 1), values.get(i));
                }
            });
            rows.add(row);
        }
        ObjectWriter writer = MAPPER.writer(b.setUseHeader(true).build());
        Files.writeString(file, writer.writeValueAsString(rows));
    }

    /**
     * Reads metrics written by {@link #write}.
     *
     * @param file the CSV file
     * @return one entry per epoch
     * @throws BadInputException if the file is missing or malformed, naming it
     */
    public static List<EpochMetrics> read(Path file) {
        String expected = "epoch, train_loss, train_TERM..., val_loss, val_TERM..., seconds";
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such file, expected the per-epoch metrics (" + expected + ")");
        }
        ObjectReader reader = MAPPER.readerFor(Map.class).with(CsvSchema.emptySchema().withHeader());
        List<EpochMetrics> out = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file);
                MappingIterator<Map<String, String>> it = reader.readValues(in)) {
            List<String> terms = null;
            Map<String, Integer> parts = null;
            int line = 1;
            while (it.hasNext()) {
                line++;
                Map<String, String> row = it.next();
                if (terms == null) {
                    terms = new ArrayList<>();
                    parts = new LinkedHashMap<>();
                    for (String column : row.keySet()) {
                        if (column.startsWith("train_") && !column.equals("train_loss")) {
                            terms.add(column.substring(6));
                        }
                    }
                    for (String column : row.keySet()) {
                        Matcher m = PART.matcher(column);
                        if (m.matches() && terms.contains(m.group(1))) {
                            parts.merge(m.group(1), Integer.parseInt(m.group(2)), Math::max);
                        }
                    }
                }
                try {
                    out.add(parse(row, terms, parts));
                } catch (NumberFormatException e) {
                    throw new BadInputException(file + ": line " + line + ": " + e.getMessage()
                            + ", expected numbers in columns " + expected);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException b) {
                throw b;
            }
            throw new BadInputException(file + ": not a metrics CSV with columns " + expected + " ("
                    + Messages.firstLine(e.getMessage()) + ")", e);
        }
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).epoch() != i + 1) {
                throw new BadInputException(file + ": row " + (i + 1) + " is epoch " + out.get(i).epoch()
                        + ", expected epochs 1, 2, 3, ... in order");
            }
        }
        return out;
    }

    private static EpochMetrics parse(Map<String, String> row, List<String> terms, Map<String, Integer> parts) {
        Map<String, Double> train = new LinkedHashMap<>();
        for (String t : terms) {
            train.put(t, Double.parseDouble(required(row, "train_" + t)));
        }
        TermValues validation = null;
        if (row.get("val_loss") != null) {
            Map<String, Double> val = new LinkedHashMap<>();
            for (String t : terms) {
                val.put(t, Double.parseDouble(required(row, "val_" + t)));
            }
            validation = new TermValues(Double.parseDouble(row.get("val_loss")), val);
        }
        Map<String, List<Double>> partValues = new LinkedHashMap<>();
        parts.forEach((term, k) -> {
            List<Double> values = new ArrayList<>();
            for (int i = 1; i <= k && row.get(term + "_" + i) != null; i++) {
                values.add(Double.valueOf(row.get(term + "_" + i)));
            }
            partValues.put(term, values);
        });
        return new EpochMetrics(Integer.parseInt(required(row, "epoch")),
                new TermValues(Double.parseDouble(required(row, "train_loss")), train), validation,
                Double.parseDouble(required(row, "seconds")), partValues);
    }

    /**
     * Reads a run from a model folder (its {@value ModelStore#METRICS_FILE}) or from a metrics CSV file. The run is
     * named after the folder, or after the CSV file's folder.
     *
     * @param path a model folder or a metrics CSV file
     * @return the run
     * @throws BadInputException if there is no such folder or file, the folder has no metrics file, or the file is
     *     malformed; the message names the path
     */
    public static LossCurves.Run readRun(Path path) {
        if (Files.isRegularFile(path)) {
            return new LossCurves.Run(runName(path, path), read(path));
        }
        try {
            // a model folder: read under its lock, and from its current version if a swap was interrupted
            return AtomicFolder.read(path, folder -> {
                if (folder == null || !Files.isDirectory(folder)) {
                    throw new BadInputException(path + ": no such file or folder, expected a model folder written "
                            + "by vae4j train or its " + ModelStore.METRICS_FILE);
                }
                Path file = folder.resolve(ModelStore.METRICS_FILE);
                if (!Files.isRegularFile(file)) {
                    throw new BadInputException(path + ": no " + ModelStore.METRICS_FILE + " in this folder, "
                            + "expected a model folder written by vae4j train or a metrics CSV file");
                }
                return new LossCurves.Run(runName(path, path.resolve(ModelStore.METRICS_FILE)), read(file));
            });
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads several runs with {@link #readRun}; runs that would share a name are named by their path as given.
     *
     * @param paths model folders or metrics CSV files
     * @return the runs, in the same order
     * @throws BadInputException as {@link #readRun} does
     */
    public static List<LossCurves.Run> readRuns(List<Path> paths) {
        List<LossCurves.Run> runs = new ArrayList<>();
        for (Path p : paths) {
            runs.add(readRun(p));
        }
        List<LossCurves.Run> named = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            String name = runs.get(i).name();
            boolean shared = runs.stream().filter(r -> r.name().equals(name)).count() > 1;
            named.add(shared ? new LossCurves.Run(paths.get(i).toString(), runs.get(i).metrics()) : runs.get(i));
        }
        return named;
    }

    private static String runName(Path given, Path file) {
        Path folder = Files.isDirectory(given) ? given : file.toAbsolutePath().getParent();
        Path source = folder == null || folder.getFileName() == null ? file : folder;
        Path abs = source.toAbsolutePath().normalize();
        return abs.getFileName() == null ? abs.toString() : abs.getFileName().toString();
    }

    private static String required(Map<String, String> row, String column) {
        String v = row.get(column);
        if (v == null) {
            throw new NumberFormatException("column " + column + " is empty");
        }
        return v;
    }
}
