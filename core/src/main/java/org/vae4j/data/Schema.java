package org.vae4j.data;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.vae4j.BadInputException;

/**
 * What a model's data looks like: its input fields in order and, for a conditional model, the categorical field it
 * is conditioned on. Stored in a model folder's {@code vae4j.json}, so that every command reads new data exactly as
 * training did, and checked against every dataset a model is given.
 *
 * @param inputs the input fields, at least one, with distinct names; an input row is their values one after the
 *     other
 * @param condition the class label a conditional model takes beside its inputs (an index into its categories), or
 *     {@code null} for an unconditional model
 */
public record Schema(List<Field> inputs, @JsonSetter(nulls = Nulls.SET) CategoricalField condition) {
    /**
     * Checks and copies the fields.
     *
     * @throws IllegalArgumentException if there is no input or two fields share a name
     */
    public Schema {
        inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs"));
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("schema: expected at least one input field");
        }
        Set<String> names = new HashSet<>();
        for (Field f : inputs) {
            if (!names.add(f.name())) {
                throw new IllegalArgumentException("schema: two input fields are named '" + f.name() + "'");
            }
        }
    }

    /**
     * @param channels 1 or 3
     * @param height rows
     * @param width columns
     * @return the schema of unlabelled images of that shape
     */
    public static Schema image(int channels, int height, int width) {
        return new Schema(List.of(ImageField.of(channels, height, width)), null);
    }

    /** @return the number of values in one input row, the sum of the fields' sizes */
    public int inputSize() {
        return inputs.stream().mapToInt(Field::size).sum();
    }

    /** @return the image field, when the inputs are exactly one image */
    public Optional<ImageField> image() {
        return inputs.size() == 1 && inputs.get(0) instanceof ImageField f ? Optional.of(f) : Optional.empty();
    }

    /** @return the token field, when the inputs are exactly one field of token sequences */
    public Optional<TokenSequenceField> tokens() {
        return inputs.size() == 1 && inputs.get(0) instanceof TokenSequenceField f ? Optional.of(f)
                : Optional.empty();
    }

    /**
     * The image field, for code that only works on images.
     *
     * @param what who needs images, for the message, e.g. {@code the conv architecture}
     * @return the image field
     * @throws BadInputException naming {@code what} when the inputs are not one image
     */
    public ImageField requireImage(String what) {
        return image().orElseThrow(() -> new BadInputException(what + " works on images, but the data is "
                + describeInputs()));
    }

    /** @return the condition, when the model has one */
    public Optional<CategoricalField> conditionField() {
        return Optional.ofNullable(condition);
    }

    /** @return whether a model of this schema takes a class label beside its inputs */
    public boolean conditional() {
        return condition != null;
    }

    /** @return the number of condition classes, 0 for an unconditional schema */
    public int classes() {
        return condition == null ? 0 : condition.size();
    }

    /**
     * @param field the condition, or {@code null} for none
     * @return this schema with another condition
     */
    public Schema withCondition(CategoricalField field) {
        return new Schema(inputs, field);
    }

    /** @return the input fields, described */
    public String describeInputs() {
        return inputs.stream().map(Field::describe).collect(Collectors.joining(", "));
    }

    /** @return the fields described in one line, e.g. {@code image 1x28x28, conditioned on label (10 classes)} */
    public String describe() {
        return describeInputs() + (condition == null ? ""
                : ", conditioned on " + condition.name() + " (" + condition.size() + " classes)");
    }

    /**
     * Checks that data fits this schema's inputs and, for a conditional schema, has a label within the classes for
     * every example.
     *
     * @param data the data
     * @throws BadInputException naming the data and what differs
     */
    public void checkData(ExampleSet data) {
        checkInputs(data);
        if (condition != null) {
            data.labels().orElseThrow(() -> new BadInputException(data.name() + ": the model is conditioned on "
                    + condition.name() + " (" + condition.size() + " classes), but the data has no labels"));
            checkLabels(data);
        }
    }

    /**
     * Checks that data has this schema's inputs (image shape, or the same fields).
     *
     * @param data the data
     * @throws BadInputException naming the data and what differs
     */
    public void checkInputs(ExampleSet data) {
        Schema given = data.schema();
        if (image().isPresent() && given.image().isPresent()) {
            ImageField want = image().get();
            ImageField got = given.image().get();
            if (want.channels() != got.channels() || want.height() != got.height() || want.width() != got.width()) {
                throw new BadInputException(data.name() + ": images are " + got.shape()
                        + " (channels x height x width), but the model expects " + want.shape());
            }
        } else if (!inputs.equals(given.inputs())) {
            throw new BadInputException(data.name() + ": the data has " + given.describeInputs()
                    + ", but the model expects " + describeInputs());
        }
    }

    /**
     * For a conditional schema and labelled data: checks every label is one of the classes and, when both sides
     * name their classes (not just 0, 1, 2, ...), that the names are the same, so that no label silently means
     * another class.
     *
     * @param data the data
     * @throws BadInputException naming the data, the example or the classes
     */
    public void checkLabels(ExampleSet data) {
        int[] labels = data.labels().orElse(null);
        if (condition == null || labels == null) {
            return;
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= condition.size()) {
                throw new BadInputException(data.name() + ": example " + i + " has label " + labels[i]
                        + ", but the model knows " + condition.size() + " classes (0-" + (condition.size() - 1)
                        + ")");
            }
        }
        CategoricalField theirs = data.schema().condition();
        if (theirs != null && named(theirs) && named(condition)) {
            List<String> mine = condition.categories();
            List<String> other = theirs.categories();
            for (int k = 0; k < Math.min(mine.size(), other.size()); k++) {
                if (!mine.get(k).equals(other.get(k))) {
                    throw new BadInputException(data.name() + ": class " + k + " is '" + other.get(k)
                            + "', but the model's class " + k + " is '" + mine.get(k) + "' (the model's classes: "
                            + String.join(", ", mine) + ")");
                }
            }
        }
    }

    /** Whether a field's categories are names, not the numbers 0, 1, 2, ... given to unnamed labels. */
    private static boolean named(CategoricalField field) {
        List<String> c = field.categories();
        for (int k = 0; k < c.size(); k++) {
            if (!c.get(k).equals(String.valueOf(k))) {
                return true;
            }
        }
        return false;
    }
}
