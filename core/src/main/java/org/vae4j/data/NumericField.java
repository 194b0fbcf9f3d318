package org.vae4j.data;

import java.util.Objects;

/**
 * One real number, such as a table's numeric column; one value of the input row, stored standardised: the input is
 * {@code (value - mean) / sd}, so a model folder keeps what brings its outputs back to the original units.
 *
 * @param name the field's name
 * @param mean the mean subtracted from a raw value (0 when the values are used as they are)
 * @param sd the standard deviation a raw value is divided by, above 0 (1 when used as they are)
 */
public record NumericField(String name, double mean, double sd) implements Field {
    /**
     * Checks the name and the scale.
     *
     * @throws IllegalArgumentException if the mean is not finite or the sd not positive and finite
     */
    public NumericField {
        Objects.requireNonNull(name, "name");
        if (!Double.isFinite(mean) || !(sd > 0) || !Double.isFinite(sd)) {
            throw new IllegalArgumentException("numeric field " + name + ": mean " + mean + " and sd " + sd
                    + ", expected a finite mean and a positive, finite sd");
        }
    }

    /**
     * A number used as it is (mean 0, sd 1).
     *
     * @param name the field's name
     */
    public NumericField(String name) {
        this(name, 0, 1);
    }

    /**
     * @param raw a value in the original units
     * @return the model's input
     */
    public double standardise(double raw) {
        return (raw - mean) / sd;
    }

    /**
     * @param input a model's value
     * @return the value in the original units
     */
    public double original(double input) {
        return input * sd + mean;
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
