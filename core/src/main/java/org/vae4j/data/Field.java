package org.vae4j.data;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One part of an example, as a model sees it: an image, a number, a category or a sequence of tokens. A
 * {@link Schema} lists the fields of a model's inputs, and a model folder stores it, so every command reads new data
 * the way training did.
 *
 * <p>Every field is flattened into {@link #size()} values of the example's input row, in schema order: an image as
 * its C x H x W pixels, a number as one value, a category as a one-hot block, a token sequence as its token ids.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ImageField.class, name = "image"),
    @JsonSubTypes.Type(value = NumericField.class, name = "numeric"),
    @JsonSubTypes.Type(value = ModeNumericField.class, name = "numeric-modes"),
    @JsonSubTypes.Type(value = CategoricalField.class, name = "categorical"),
    @JsonSubTypes.Type(value = TokenSequenceField.class, name = "tokens")
})
public sealed interface Field permits ImageField, NumericField, ModeNumericField, CategoricalField,
        TokenSequenceField {
    /** @return the field's name, e.g. {@code image} or a table's column name */
    String name();

    /** @return how many values the field takes in a flat input row */
    int size();

    /** @return a short human description, e.g. {@code image 1x28x28} */
    String describe();
}
