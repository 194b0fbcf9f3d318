package org.vae4j.table;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.vae4j.BadInputException;

/**
 * Reads a CSV table with Jackson's CSV parser: a header row, then one row per example, every row as wide as the
 * header. Missing values are empty cells, {@code NA}, {@code ?} and the options' extra markers; they stay missing
 * (never filled); {@code NaN} and {@code nan} are missing too. Column kinds are inferred unless given: numeric when every present value is a finite number, unless
 * they are whole numbers of at most {@value #FEW_INTEGERS} distinct values (codes, then categorical); categorical
 * otherwise.
 */
public final class TableReader {
    /** Whole-number columns with at most this many distinct values are read as categories. */
    public static final int FEW_INTEGERS = 10;

    /** The missing-value markers always recognised (besides the empty cell). */
    public static final List<String> NA = List.of("NA", "?", "NaN", "nan");

    private static final CsvMapper CSV = new CsvMapper();

    private TableReader() {}

    /**
     * How to read a table.
     *
     * @param columns column kinds given by name ({@code numeric} or {@code categorical}), overriding the inference
     * @param drop columns to leave out
     * @param label the label column (kept out of the model's input), or {@code null}
     * @param na extra missing-value markers
     * @param byModes whether a fresh model normalises numeric columns by modes ({@link TableCodec#fit(Table,
     *     boolean)}) rather than standardising them
     * @param labelGiven whether the label was named by the user (then a file without it, or with a missing label
     *     cell, is an error) rather than taken from a training run's record (then it is read where it is there)
     */
    public record Options(Map<String, String> columns, List<String> drop, String label, List<String> na,
            boolean byModes, boolean labelGiven) {
        /** Copies the collections. */
        public Options {
            columns = columns == null ? Map.of() : Map.copyOf(columns);
            drop = drop == null ? List.of() : List.copyOf(drop);
            na = na == null ? List.of() : List.copyOf(na);
        }

        /**
         * Options with numeric columns standardised.
         *
         * @param columns column kinds by name
         * @param drop columns to leave out
         * @param label the label column, or {@code null}
         * @param na extra missing-value markers
         */
        public Options(Map<String, String> columns, List<String> drop, String label, List<String> na) {
            this(columns, drop, label, na, false, true);
        }

        /**
         * Options with the label named by the user.
         *
         * @param columns column kinds by name
         * @param drop columns to leave out
         * @param label the label column, or {@code null}
         * @param na extra missing-value markers
         * @param byModes whether numeric columns are normalised by modes
         */
        public Options(Map<String, String> columns, List<String> drop, String label, List<String> na,
                boolean byModes) {
            this(columns, drop, label, na, byModes, true);
        }

        /** @return no overrides, nothing dropped, no label */
        public static Options defaults() {
            return new Options(null, null, null, null);
        }
    }

    /**
     * Reads a file.
     *
     * @param file the CSV file
     * @param options kinds, dropped columns, label and missing markers
     * @return the table
     * @throws BadInputException naming the file, the row (its line) and the column for: a missing or unreadable
     *     file, no header or no rows, a repeated or empty column name, a ragged row, an option naming a column the
     *     header lacks, text in a numeric column, a constant or entirely missing column (suggesting --drop)
     */
    public static Table read(Path file, Options options) {
        return read(file, options, null, false);
    }

    /**
     * Reads every column of a table to compare it with another: kinds inferred as {@link #read} does, but a
     * constant or entirely missing column is kept (as categorical) rather than refused.
     *
     * @param file the CSV file
     * @param na extra missing-value markers
     * @return the table, without a label column
     * @throws BadInputException as {@link #read} does for unreadable files and ragged rows
     */
    public static Table readAll(Path file, List<String> na) {
        return read(file, new Options(null, null, null, na), null, true);
    }

    /**
     * Reads the columns a model was trained on, as the model reads them: every other column (but the label) is
     * left out, kinds are the model's, and a column may be constant or empty (a few rows to score may well be).
     *
     * @param file the CSV file
     * @param columns the model's columns and their kinds, in the model's order
     * @param label the label column, or {@code null}
     * @param na extra missing-value markers
     * @return the table, its columns in the model's order
     * @throws BadInputException naming the file, line and column as {@link #read(Path, Options)} does, and for a
     *     column of the model the file lacks
     */
    public static Table readFor(Path file, java.util.LinkedHashMap<String, Table.Kind> columns, String label,
            List<String> na) {
        return readFor(file, columns, label, na, true);
    }

    /**
     * Reads the columns a model was trained on, the label column only if the file has it when it is not required
     * (new rows to score or fill need no label unless the model is conditioned on it).
     *
     * @param file the CSV file
     * @param columns the model's columns and their kinds
     * @param label the label column, or {@code null}
     * @param na extra missing-value markers
     * @param labelRequired whether a file without the label column is an error
     * @return the table; without labels when the optional label column is absent
     */
    public static Table readFor(Path file, java.util.LinkedHashMap<String, Table.Kind> columns, String label,
            List<String> na, boolean labelRequired) {
        return read(file, new Options(Map.of(), null, label, na, false, labelRequired), columns, false);
    }

    private static Table read(Path file, Options options, java.util.LinkedHashMap<String, Table.Kind> model,
            boolean lenient) {
        List<List<String>> rows = parse(file);
        if (rows.isEmpty()) {
            throw new BadInputException(file + ": empty file, expected a header row and rows of values");
        }
        List<String> header = rows.get(0).stream().map(String::strip).toList();
        if (header.size() == 1 && (header.get(0).contains(";") || header.get(0).contains("\t"))) {
            throw new BadInputException(file + ", line 1: one column named '" + header.get(0) + "'; the file looks "
                    + "separated by " + (header.get(0).contains(";") ? "semicolons" : "tabs") + ", but vae4j reads "
                    + "comma-separated values");
        }
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < header.size(); c++) {
            if (header.get(c).isEmpty()) {
                throw new BadInputException(file + ", line 1: column " + (c + 1) + " has no name; a header row is "
                        + "required");
            }
            if (!seen.add(header.get(c))) {
                throw new BadInputException(file + ", line 1: column name '" + header.get(c) + "' repeats");
            }
        }
        for (String name : options.columns().keySet()) {
            requireColumn(file, header, name, "--columns");
        }
        if (model != null) {
            for (String name : model.keySet()) {
                if (!header.contains(name)) {
                    throw new BadInputException(file + ": no column '" + name + "'; expected the columns "
                            + String.join(", ", model.keySet()) + " (its columns are " + String.join(", ", header)
                            + ")");
                }
            }
        }
        for (String name : options.drop()) {
            requireColumn(file, header, name, "--drop");
        }
        // a label the user did not name (a run's record) is read only where the file has it
        String label = options.label() != null && !options.labelGiven() && !header.contains(options.label()) ? null
                : options.label();
        if (label != null) {
            requireColumn(file, header, label, "--label");
        }
        Set<String> na = new LinkedHashSet<>(NA);
        na.addAll(options.na());
        List<String[]> body = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.isEmpty() || (row.size() == 1 && row.get(0).isBlank())) {
                continue; // a blank line
            }
            if (row.size() != header.size()) {
                throw new BadInputException(file + ", line " + (r + 1) + ": " + row.size() + " values, expected "
                        + header.size() + " as in the header");
            }
            String[] cells = new String[row.size()];
            for (int c = 0; c < row.size(); c++) {
                String v = row.get(c).strip();
                cells[c] = v.isEmpty() || na.contains(v) ? null : v;
            }
            body.add(cells);
            lines.add(r + 1);
        }
        if (body.isEmpty()) {
            throw new BadInputException(file + ": a header and no rows; expected at least one row of values");
        }
        List<String> kept = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        if (model != null) {
            for (String name : model.keySet()) {
                kept.add(name);
                index.add(header.indexOf(name));
            }
        }
        for (int c = 0; c < header.size() && model == null; c++) {
            String name = header.get(c);
            if (!options.drop().contains(name) && !name.equals(label)) {
                kept.add(name);
                index.add(c);
            }
        }
        if (kept.isEmpty()) {
            throw new BadInputException(file + ": no columns left for the model after --drop and --label");
        }
        int[] rowNumbers = lines.stream().mapToInt(Integer::intValue).toArray();
        String[][] cells = new String[body.size()][kept.size()];
        for (int r = 0; r < body.size(); r++) {
            for (int k = 0; k < kept.size(); k++) {
                cells[r][k] = body.get(r)[index.get(k)];
            }
        }
        List<Table.Kind> kinds = new ArrayList<>();
        for (int k = 0; k < kept.size(); k++) {
            if (model != null) {
                Table.Kind kind = model.get(kept.get(k));
                if (kind == Table.Kind.NUMERIC) {
                    requireNumbers(file, kept.get(k), k, cells, rowNumbers, "the model reads " + kept.get(k)
                            + " as numeric");
                }
                kinds.add(kind);
                continue;
            }
            kinds.add(kind(file, kept.get(k), k, cells, rowNumbers, options.columns().get(kept.get(k)), lenient));
        }
        String[] labels = null;
        if (label != null) {
            int c = header.indexOf(label);
            labels = new String[body.size()];
            for (int r = 0; r < body.size(); r++) {
                labels[r] = body.get(r)[c];
            }
        }
        return new Table(file.toString(), List.copyOf(kept), List.copyOf(kinds), cells, rowNumbers, label,
                labels);
    }

    private static Table.Kind kind(Path file, String name, int k, String[][] cells, int[] lines, String given,
            boolean lenient) {
        Set<String> distinct = new LinkedHashSet<>();
        boolean numbers = true;
        boolean integers = true;
        int present = 0;
        for (int r = 0; r < cells.length; r++) {
            String v = cells[r][k];
            if (v == null) {
                continue;
            }
            present++;
            distinct.add(v);
            Double d = number(v);
            if (d == null) {
                numbers = false;
            } else if (d != Math.rint(d)) {
                integers = false;
            }
        }
        if (lenient && distinct.size() <= 1) {
            return Table.Kind.CATEGORICAL;
        }
        if (present == 0) {
            throw new BadInputException(file + ": column '" + name + "' has no values (every cell is missing); "
                    + "leave it out with --drop " + name);
        }
        boolean declaredCategorical = given != null && given.equalsIgnoreCase("categorical");
        if (!lenient && numbers && !declaredCategorical
                && distinct.stream().map(TableReader::number).distinct().count() == 1) {
            throw new BadInputException(file + ": column '" + name + "' is constant (" + distinct.iterator().next()
                    + " in every row that has a value), so it tells the model nothing; leave it out with --drop "
                    + name);
        }
        if (!numbers && given == null && !lenient) {
            // a column of numbers with a few that are not (inf, 1e999, a typo) is an error, not a category list
            int bad = 0;
            String first = null;
            int firstLine = 0;
            for (int r = 0; r < cells.length; r++) {
                if (cells[r][k] != null && number(cells[r][k]) == null) {
                    bad++;
                    if (first == null) {
                        first = cells[r][k];
                        firstLine = lines[r];
                    }
                }
            }
            if (bad * 10 <= present && present >= 10) {
                throw new BadInputException(file + ", line " + firstLine + ", column '" + name + "': '" + first
                        + "' is not a finite number, though " + (present - bad) + " of the column's " + present
                        + " values are; mark it missing with --na " + first + ", or declare " + name
                        + ":categorical with --columns");
            }
        }
        if (distinct.size() == 1) {
            throw new BadInputException(file + ": column '" + name + "' is constant ('" + distinct.iterator().next()
                    + "' in every row that has a value), so it tells the model nothing; leave it out with --drop "
                    + name);
        }
        if (given != null) {
            String g = given.toLowerCase(Locale.ROOT);
            if (g.equals("numeric")) {
                requireNumbers(file, name, k, cells, lines, "--columns declares " + name + ":numeric");
                return Table.Kind.NUMERIC;
            }
            if (g.equals("categorical")) {
                return Table.Kind.CATEGORICAL;
            }
            throw new BadInputException("--columns " + name + ":" + given + ": expected numeric or categorical");
        }
        return numbers && !(integers && distinct.size() <= FEW_INTEGERS) ? Table.Kind.NUMERIC
                : Table.Kind.CATEGORICAL;
    }

    private static void requireNumbers(Path file, String name, int k, String[][] cells, int[] lines, String why) {
        for (int r = 0; r < cells.length; r++) {
            if (cells[r][k] != null && number(cells[r][k]) == null) {
                throw new BadInputException(file + ", line " + lines[r] + ", column '" + name + "': '" + cells[r][k]
                        + "' is not a number, but " + why);
            }
        }
    }

    /**
     * @param text a cell
     * @return its finite number, or {@code null} when it is not one
     */
    static Double number(String text) {
        try {
            double d = Double.parseDouble(text);
            return Double.isFinite(d) && !text.endsWith("d") && !text.endsWith("D") && !text.endsWith("f")
                    && !text.endsWith("F") ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void requireColumn(Path file, List<String> header, String name, String option) {
        if (!header.contains(name)) {
            throw new BadInputException(option + " " + name + ": " + file + " has no such column; its columns are "
                    + String.join(", ", header));
        }
    }

    private static List<List<String>> parse(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // the byte-order mark spreadsheet programs write
        }
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> it = CSV.readerForListOf(String.class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(text)) {
            while (it.hasNextValue()) {
                rows.add(it.nextValue());
            }
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file + ", line " + (rows.size() + 1) + ": not valid CSV ("
                    + org.vae4j.Messages.firstLine(e.getMessage()) + ")", e);
        }
        return rows;
    }

    /**
     * @param values cells in a column
     * @return the categories in sorted order (by value when all are numbers), the order a table's categorical fields
     *     use
     */
    static List<String> categories(List<String> values) {
        List<String> distinct = values.stream().distinct().toList();
        if (distinct.stream().allMatch(v -> number(v) != null)) {
            return distinct.stream().sorted(java.util.Comparator.comparingDouble(Double::parseDouble)).toList();
        }
        return distinct.stream().sorted().toList();
    }
}
