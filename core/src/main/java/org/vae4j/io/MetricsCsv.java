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
import java.util.List;
import java.util.Map;
import org.vae4j.BadInputException;
import org.vae4j.train.EpochMetrics;

/**
 * Reads and writes {@code metrics.csv}: one row per epoch with columns epoch, train_loss, train_recon, train_kl,
 * val_loss, val_recon, val_kl, seconds, then kl_1 ... kl_L, the training KL of each latent dimension. Losses are nats
 * per example; validation columns are empty without a validation set.
 */
public final class MetricsCsv {
    /** The column names, in order. */
    public static final List<String> COLUMNS = List.of(
            "epoch", "train_loss", "train_recon", "train_kl", "val_loss", "val_recon", "val_kl", "seconds");

    /** The prefix of the per-dimension KL columns, numbered from 1. */
    public static final String KL_DIM_PREFIX = "kl_";

    private static final CsvMapper MAPPER = new CsvMapper().enable(CsvParser.Feature.EMPTY_STRING_AS_NULL);

    private MetricsCsv() {}

    private static CsvSchema schema(int latentDims) {
        CsvSchema.Builder b = CsvSchema.builder();
        COLUMNS.forEach(b::addColumn);
        for (int d = 1; d <= latentDims; d++) {
            b.addColumn(KL_DIM_PREFIX + d);
        }
        return b.setUseHeader(true).build();
    }

    /**
     * Writes the metrics.
     *
     * @param file where to write
     * @param metrics one entry per epoch
     * @throws IOException if writing fails
     */
    public static void write(Path file, List<EpochMetrics> metrics) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (EpochMetrics m : metrics) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", m.epoch());
            row.put("train_loss", m.trainLoss());
            row.put("train_recon", m.trainRecon());
            row.put("train_kl", m.trainKl());
            row.put("val_loss", m.valLoss());
            row.put("val_recon", m.valRecon());
            row.put("val_kl", m.valKl());
            row.put("seconds", m.seconds());
            for (int d = 0; d < m.klPerDim().size(); d++) {
                row.put(KL_DIM_PREFIX + (d + 1), m.klPerDim().get(d));
            }
            rows.add(row);
        }
        int dims = metrics.stream().mapToInt(m -> m.klPerDim().size()).max().orElse(0);
        ObjectWriter writer = MAPPER.writer(schema(dims));
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
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such file, expected the per-epoch metrics (" + COLUMNS + ")");
        }
        ObjectReader reader = MAPPER.readerFor(Map.class).with(CsvSchema.emptySchema().withHeader());
        List<EpochMetrics> out = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file);
                MappingIterator<Map<String, String>> it = reader.readValues(in)) {
            int line = 1;
            while (it.hasNext()) {
                line++;
                Map<String, String> row = it.next();
                try {
                    out.add(new EpochMetrics(
                            Integer.parseInt(required(row, "epoch")),
                            Double.parseDouble(required(row, "train_loss")),
                            Double.parseDouble(required(row, "train_recon")),
                            Double.parseDouble(required(row, "train_kl")),
                            optional(row, "val_loss"),
                            optional(row, "val_recon"),
                            optional(row, "val_kl"),
                            Double.parseDouble(required(row, "seconds")),
                            klPerDim(row)));
                } catch (NumberFormatException e) {
                    throw new BadInputException(file + ": line " + line + ": " + e.getMessage()
                            + ", expected numbers in columns " + COLUMNS);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException b) {
                throw b;
            }
            throw new BadInputException(file + ": not a metrics CSV with columns " + COLUMNS + " ("
                    + firstLine(e.getMessage()) + ")", e);
        }
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).epoch() != i + 1) {
                throw new BadInputException(file + ": row " + (i + 1) + " is epoch " + out.get(i).epoch()
                        + ", expected epochs 1, 2, 3, ... in order");
            }
        }
        return out;
    }

    private static List<Double> klPerDim(Map<String, String> row) {
        List<Double> dims = new ArrayList<>();
        for (int d = 1; row.get(KL_DIM_PREFIX + d) != null; d++) {
            dims.add(Double.valueOf(row.get(KL_DIM_PREFIX + d)));
        }
        return dims;
    }

    private static String required(Map<String, String> row, String column) {
        String v = row.get(column);
        if (v == null) {
            throw new NumberFormatException("column " + column + " is empty");
        }
        return v;
    }

    private static Double optional(Map<String, String> row, String column) {
        String v = row.get(column);
        return v == null ? null : Double.valueOf(v);
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
