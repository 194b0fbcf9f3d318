package org.vae4j.table;

import java.util.ArrayList;
import java.util.List;
import org.vae4j.BadInputException;
import org.vae4j.data.ArrayExamples;
import org.vae4j.data.CategoricalField;
import org.vae4j.data.Field;
import org.vae4j.data.ModeNumericField;
import org.vae4j.data.NumericField;
import org.vae4j.data.Schema;

/**
 * How a table's cells become model inputs and back: each numeric column standardised with its training mean and
 * standard deviation, each categorical column one-hot over its training categories (sorted), and a missing cell
 * marked unobserved (all of a categorical column's values), never filled. A model keeps the codec, so outputs come
 * back in the original units and categories.
 *
 * @param columns the columns, in input order
 */
public record TableCodec(List<Column> columns) {
    /**
     * One column's coding.
     *
     * @param name its name
     * @param kind numeric or categorical
     * @param mean for numeric: the training mean
     * @param sd for numeric: the training standard deviation (population), above 0
     * @param categories for categorical: the training categories, sorted; empty for numeric
     * @param modes for numeric under mode-specific normalisation: the mixture (then mean and sd are unused), else
     *     {@code null}
     */
    public record Column(String name, Table.Kind kind, double mean, double sd, List<String> categories,
            ModeNumericField modes) {
        /** Copies the categories. */
        public Column {
            categories = List.copyOf(categories);
        }

        /**
         * A standardised numeric column or a categorical one.
         *
         * @param name its name
         * @param kind numeric or categorical
         * @param mean for numeric: the training mean
         * @param sd for numeric: the training standard deviation
         * @param categories for categorical: the categories
         */
        public Column(String name, Table.Kind kind, double mean, double sd, List<String> categories) {
            this(name, kind, mean, sd, categories, null);
        }

        /** @return the values it takes in a row: 1, 1 + modes, or one per category */
        public int width() {
            return kind == Table.Kind.CATEGORICAL ? categories.size() : modes == null ? 1 : 1 + modes.modes();
        }

        /** @return the field of a schema that codes it */
        Field field() {
            return kind == Table.Kind.CATEGORICAL ? new CategoricalField(name, categories)
                    : modes != null ? modes : new NumericField(name, mean, sd);
        }
    }

    /** Copies the list. */
    public TableCodec {
        columns = List.copyOf(columns);
    }

    /**
     * Fits the coding to a (training) table.
     *
     * @param table the table
     * @return the codec
     */
    public static TableCodec fit(Table table) {
        return fit(table, false);
    }

    /**
     * Fits the coding to a (training) table, numeric columns standardised or normalised by modes.
     *
     * @param table the table
     * @param byModes whether to fit a Gaussian mixture per numeric column (TVAE's mode-specific normalisation); a
     *     column whose mixture keeps one mode is standardised
     * @return the codec
     */
    public static TableCodec fit(Table table, boolean byModes) {
        List<Column> out = new ArrayList<>();
        for (int k = 0; k < table.columns().size(); k++) {
            List<String> present = new ArrayList<>();
            for (String[] row : table.cells()) {
                if (row[k] != null) {
                    present.add(row[k]);
                }
            }
            if (table.kinds().get(k) == Table.Kind.NUMERIC) {
                double sum = 0;
                for (String v : present) {
                    sum += Double.parseDouble(v);
                }
                double mean = sum / present.size();
                double squares = 0;
                for (String v : present) {
                    double d = Double.parseDouble(v) - mean;
                    squares += d * d;
                }
                double sd = Math.sqrt(squares / present.size());
                if (!(sd > 0) || !Double.isFinite(sd) || !Double.isFinite(mean)) {
                    throw new BadInputException(table.name() + ": column '" + table.columns().get(k) + "' has mean "
                            + mean + " and standard deviation " + sd + ", which cannot standardise it; rescale it, "
                            + "or leave it out with --drop " + table.columns().get(k));
                }
                ModeNumericField modes = null;
                if (byModes) {
                    double[] values = present.stream().mapToDouble(Double::parseDouble).toArray();
                    modes = GaussianMixture.fit(table.columns().get(k), values, GaussianMixture.MAX_MODES, 1);
                }
                out.add(modes == null ? new Column(table.columns().get(k), Table.Kind.NUMERIC, mean, sd, List.of())
                        : new Column(table.columns().get(k), Table.Kind.NUMERIC, 0, 1, List.of(), modes));
            } else {
                out.add(new Column(table.columns().get(k), Table.Kind.CATEGORICAL, 0, 1,
                        TableReader.categories(present)));
            }
        }
        return new TableCodec(out);
    }

    /**
     * The codec a model's schema holds (its numeric fields keep their mean and sd).
     *
     * @param schema a schema of numeric and categorical fields
     * @return the codec
     * @throws IllegalArgumentException if the schema has another kind of field
     */
    public static TableCodec of(Schema schema) {
        List<Column> out = new ArrayList<>();
        for (Field f : schema.inputs()) {
            if (f instanceof NumericField n) {
                out.add(new Column(n.name(), Table.Kind.NUMERIC, n.mean(), n.sd(), List.of()));
            } else if (f instanceof ModeNumericField m) {
                out.add(new Column(m.name(), Table.Kind.NUMERIC, 0, 1, List.of(), m));
            } else if (f instanceof CategoricalField c) {
                out.add(new Column(c.name(), Table.Kind.CATEGORICAL, 0, 1, c.categories()));
            } else {
                throw new IllegalArgumentException("not a table's field: " + f.describe());
            }
        }
        return new TableCodec(out);
    }

    /**
     * @param schema a model's schema
     * @return whether its inputs are a table's columns (numeric and categorical fields only)
     */
    public static boolean isTable(Schema schema) {
        return schema.inputs().stream().allMatch(f -> f instanceof NumericField || f instanceof ModeNumericField
                || f instanceof CategoricalField);
    }

    /** @return the column names and kinds in input order, as {@link TableReader#readFor} takes them */
    public java.util.LinkedHashMap<String, Table.Kind> kinds() {
        java.util.LinkedHashMap<String, Table.Kind> out = new java.util.LinkedHashMap<>();
        columns.forEach(c -> out.put(c.name(), c.kind()));
        return out;
    }

    /** @return the column names in input order */
    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    /** @return the schema of the coded rows: a numeric field (with its mean and sd) or a categorical one per column */
    public Schema schema() {
        List<Field> fields = new ArrayList<>();
        for (Column c : columns) {
            fields.add(c.field());
        }
        return new Schema(fields, null);
    }

    /**
     * The likelihood of coded rows: a learned Gaussian per numeric column, a categorical per categorical one.
     *
     * @param minSigma the smallest standard deviation (of a standardised column) the Gaussians may learn
     * @return the likelihood
     */
    public org.vae4j.likelihood.Tabular likelihood(double minSigma) {
        return org.vae4j.likelihood.Tabular.of(schema(), minSigma);
    }

    /**
     * The classes of a table's label column: its values, sorted.
     *
     * @param table a table with a label column
     * @return the classes, named after the column
     * @throws BadInputException if the column has no value or a single one
     */
    public static CategoricalField classes(Table table) {
        List<String> present = new ArrayList<>();
        for (String v : table.labels()) {
            if (v != null) {
                present.add(v);
            }
        }
        List<String> sorted = TableReader.categories(present);
        if (sorted.isEmpty()) {
            throw new BadInputException(table.name() + ": label column '" + table.labelColumn() + "' has no values");
        }
        return new CategoricalField(table.labelColumn(), sorted);
    }

    /** @return the values per coded row */
    public int width() {
        return columns.stream().mapToInt(Column::width).sum();
    }

    /**
     * Codes a table with this codec's columns.
     *
     * @param table a table with the same columns (in any order)
     * @return the coded rows, missing cells unobserved
     * @throws BadInputException naming the row and column for a missing column, a number that is not one, or a
     *     category the codec never saw
     */
    public ArrayExamples encode(Table table) {
        return encode(table, null);
    }

    /**
     * Codes a table with this codec's columns, and its label column as the rows' classes.
     *
     * @param table a table with the same columns (in any order) and, when {@code classes} is given, a label column
     * @param classes the classes labels are read as (the data's schema then has this condition), or {@code null} to
     *     leave labels out
     * @return the coded rows, missing cells unobserved
     * @throws BadInputException as {@link #encode(Table)} does, and naming the line for a missing label or one that
     *     is not among the classes
     */
    public ArrayExamples encode(Table table, CategoricalField classes) {
        int[] labels = null;
        if (classes != null) {
            if (table.labels() == null) {
                throw new BadInputException(table.name() + ": no label column, but the classes of '" + classes.name()
                        + "' are needed; name it with --label");
            }
            labels = new int[table.rows()];
            for (int r = 0; r < table.rows(); r++) {
                String v = table.labels()[r];
                if (v == null) {
                    throw new BadInputException(table.name() + ", line " + table.rowNumbers()[r] + ", column '"
                            + table.labelColumn() + "': the label is missing; every row needs one");
                }
                labels[r] = classes.categories().indexOf(v);
                if (labels[r] < 0) {
                    throw new BadInputException(table.name() + ", line " + table.rowNumbers()[r] + ", column '"
                            + table.labelColumn() + "': label '" + v + "' is not one of the classes "
                            + classes.categories());
                }
            }
        }
        int width = width();
        float[] values = new float[Math.multiplyExact(table.rows(), width)];
        boolean[] observed = new boolean[values.length];
        int offset = 0;
        for (Column c : columns) {
            int k = table.columns().indexOf(c.name());
            if (k < 0) {
                throw new BadInputException(table.name() + ": no column '" + c.name() + "', which the model reads");
            }
            for (int r = 0; r < table.rows(); r++) {
                String v = table.cells()[r][k];
                if (v == null) {
                    continue;
                }
                int at = r * width + offset;
                if (c.kind() == Table.Kind.NUMERIC) {
                    Double d = TableReader.number(v);
                    if (d == null) {
                        throw new BadInputException(table.name() + ", line " + table.rowNumbers()[r] + ", column '"
                                + c.name() + "': '" + v + "' is not a number");
                    }
                    if (c.modes() == null) {
                        values[at] = (float) ((d - c.mean()) / c.sd());
                    } else {
                        int m = c.modes().mode(d);
                        values[at] = (float) ((d - c.modes().means().get(m)) / c.modes().sds().get(m));
                        values[at + 1 + m] = 1f;
                    }
                    for (int j = 0; j < c.width(); j++) {
                        observed[at + j] = true;
                    }
                } else {
                    int i = c.categories().indexOf(v);
                    if (i < 0) {
                        throw new BadInputException(table.name() + ", line " + table.rowNumbers()[r] + ", column '"
                                + c.name() + "': category '" + v + "' was not in the training data, which had "
                                + c.categories());
                    }
                    values[at + i] = 1f;
                    for (int j = 0; j < c.width(); j++) {
                        observed[at + j] = true;
                    }
                }
            }
            offset += c.width();
        }
        Schema schema = schema().withCondition(classes);
        return new ArrayExamples(table.name(), schema, values, labels, observed);
    }

    /**
     * Turns coded rows back into cells: numbers in the original units, the most likely category of each
     * categorical column.
     *
     * @param values rows x {@link #width()} coded values
     * @param rows how many rows
     * @return rows x columns cells
     */
    public String[][] decode(float[] values, int rows) {
        int width = width();
        String[][] out = new String[rows][columns.size()];
        for (int r = 0; r < rows; r++) {
            int offset = 0;
            for (int k = 0; k < columns.size(); k++) {
                Column c = columns.get(k);
                int at = r * width + offset;
                if (c.kind() == Table.Kind.NUMERIC && c.modes() != null) {
                    int best = 0;
                    for (int j = 1; j < c.modes().modes(); j++) {
                        best = values[at + 1 + j] > values[at + 1 + best] ? j : best;
                    }
                    out[r][k] = cell(values[at] * c.modes().sds().get(best) + c.modes().means().get(best));
                } else if (c.kind() == Table.Kind.NUMERIC) {
                    out[r][k] = cell(values[at] * c.sd() + c.mean());
                } else {
                    int best = 0;
                    for (int j = 1; j < c.width(); j++) {
                        best = values[at + j] > values[at + best] ? j : best;
                    }
                    out[r][k] = c.categories().get(best);
                }
                offset += c.width();
            }
        }
        return out;
    }

    /**
     * A number in the original units as a cell: computed in double precision (so large values keep their size) and
     * written to the 8 significant digits a model's float output carries.
     */
    static String cell(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(8)).stripTrailingZeros().toPlainString();
    }
}
