package org.vae4j.data;

import java.util.Objects;

/**
 * One real number, such as a table's numeric column; one value of the input row.
 *
 * @param name the field's name
 */
public record NumericField(String name) implements Field {
    /** Checks the name. */
    public NumericField {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public String describe() {
        return "numeric " + name;
    }
}
