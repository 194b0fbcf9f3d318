package org.vae4j.table;

import java.util.List;

/**
 * A table read from CSV: the kept columns with their kinds, every cell as text ({@code null} where the value is
 * missing), and the label column apart.
 *
 * @param name the source, for messages
 * @param columns the kept columns' names, in file order
 * @param kinds each kept column's kind
 * @param cells rows x columns, {@code null} for a missing value
 * @param rowNumbers each row's line in the file (the header is line 1), for messages
 * @param labelColumn the label column's name, or {@code null}
 * @param labels each row's label, or {@code null} without a label column ({@code null} entries where missing)
 */
public record Table(String name, List<String> columns, List<Kind> kinds, String[][] cells, int[] rowNumbers,
        String labelColumn, String[] labels) {

    /** The kinds of columns. */
    public enum Kind {
        /** Numbers. */
        NUMERIC,
        /** Categories. */
        CATEGORICAL;

        /** @return the kind as written in {@code --columns} */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** @return the number of rows */
    public int rows() {
        return cells.length;
    }
}
