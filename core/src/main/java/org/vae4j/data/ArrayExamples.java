package org.vae4j.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vae4j.BadInputException;

/**
 * Examples given as rows of floats, for any schema: row i holds the {@link Schema#inputSize()} values of example i,
 * fields one after the other. The simplest way to give a model data from Java.
 */
public final class ArrayExamples implements ExampleSet {
    private final String name;
    private final Schema schema;
    private final float[] values;
    private final int count;
    private final int[] labels;
    private final boolean[] observed;

    /**
     * Creates the set, checking the sizes and that every value is finite.
     *
     * @param name the data's name, for messages
     * @param schema the fields; with a condition, {@code labels} must be given and lie within its categories
     * @param values count x inputSize values, row after row
     * @param labels one class per row, or {@code null} (then the schema must not have a condition)
     * @throws BadInputException if sizes do not fit, a value is not finite or a label is out of range
     */
    public ArrayExamples(String name, Schema schema, float[] values, int[] labels) {
        this(name, schema, values, labels, null);
    }

    /**
     * Creates a set with missing values: {@code observed} marks the values that are there; a missing value must be
     * stored as 0 (it is never read, and every batch carries the mask).
     *
     * @param name the data's name, for messages
     * @param schema the fields
     * @param values count x inputSize values, 0 where missing
     * @param labels one class per row, or {@code null}
     * @param observed one flag per value, or {@code null} when every value is observed
     * @throws BadInputException if sizes do not fit, an observed value is not finite, or a label is out of range
     * @throws IllegalArgumentException if the flags do not match the values or a missing value is not stored as 0
     */
    public ArrayExamples(String name, Schema schema, float[] values, int[] labels, boolean[] observed) {
        this.name = Objects.requireNonNull(name, "name");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.values = Objects.requireNonNull(values, "values");
        int d = schema.inputSize();
        if (values.length == 0 || values.length % d != 0) {
            throw new BadInputException(name + ": " + values.length + " values do not make rows of " + d
                    + (values.length == 0 ? " (the data is empty)" : ""));
        }
        this.count = values.length / d;
        if (observed != null && observed.length != values.length) {
            throw new IllegalArgumentException(observed.length + " observed flags for " + values.length + " values");
        }
        this.observed = observed == null ? null : observed.clone();
        for (int i = 0; i < values.length; i++) {
            if (observed != null && !observed[i]) {
                if (values[i] != 0f) {
                    throw new IllegalArgumentException("row " + (i / d) + ", value " + (i % d)
                            + " is missing but stored as " + values[i] + ", expected 0");
                }
                continue;
            }
            if (!Float.isFinite(values[i])) {
                throw new BadInputException(name + ": row " + (i / d) + ", value " + (i % d) + " is " + values[i]
                        + ", expected a finite number");
            }
        }
        if ((labels == null) != (schema.condition() == null)) {
            throw new BadInputException(name + ": " + (labels == null ? "no labels for the schema's condition"
                    : "labels given, but the schema has no condition"));
        }
        if (labels != null) {
            if (labels.length != count) {
                throw new BadInputException(name + ": " + labels.length + " labels for " + count + " rows");
            }
            for (int i = 0; i < count; i++) {
                if (labels[i] < 0 || labels[i] >= schema.classes()) {
                    throw new BadInputException(name + ": row " + i + " has label " + labels[i] + ", expected 0-"
                            + (schema.classes() - 1));
                }
            }
        }
        this.labels = labels;
    }

    /**
     * A schema of {@code d} numeric fields named {@code x1 .. xd}, with an optional condition.
     *
     * @param d the number of values per row
     * @param classes condition classes named {@code 0 .. classes-1}, or 0 for none
     * @return the schema
     */
    public static Schema numericSchema(int d, int classes) {
        List<Field> fields = new ArrayList<>(d);
        for (int i = 1; i <= d; i++) {
            fields.add(new NumericField("x" + i));
        }
        CategoricalField condition = null;
        if (classes > 0) {
            List<String> names = new ArrayList<>(classes);
            for (int k = 0; k < classes; k++) {
                names.add(String.valueOf(k));
            }
            condition = new CategoricalField("label", names);
        }
        return new Schema(fields, condition);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public Optional<int[]> labels() {
        return Optional.ofNullable(labels);
    }

    @Override
    public Batch batch(NDManager manager, long[] rows) {
        Batch b = Batch.ofRows(manager, values, schema.inputSize(), labels, rows);
        if (observed == null) {
            return b;
        }
        int d = schema.inputSize();
        float[] flags = new float[Math.multiplyExact(rows.length, d)];
        for (int i = 0; i < rows.length; i++) {
            int src = Math.toIntExact(rows[i]);
            for (int k = 0; k < d; k++) {
                flags[i * d + k] = observed[src * d + k] ? 1f : 0f;
            }
        }
        NDArray mask = org.vae4j.Tensors.fromJava(manager, flags, new ai.djl.ndarray.types.Shape(rows.length, d))
                .gt(0.5f);
        return new Batch(b.inputs(), mask, b.condition());
    }

    @Override
    public String toString() {
        return name + " (" + count + " examples of " + schema.describeInputs()
                + (labels == null ? "" : ", " + schema.classes() + " classes") + ")";
    }
}
