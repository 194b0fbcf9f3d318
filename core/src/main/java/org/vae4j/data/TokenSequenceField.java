package org.vae4j.data;

import java.util.List;
import java.util.Objects;

/**
 * A sequence of tokens from a vocabulary, padded or cut to a maximum length; {@code maxLength} token ids in an
 * input row.
 *
 * @param name the field's name
 * @param vocabulary the tokens, indexed from 0
 * @param maxLength the longest sequence a model reads
 */
public record TokenSequenceField(String name, List<String> vocabulary, int maxLength) implements Field {
    /**
     * Checks and copies the vocabulary.
     *
     * @throws IllegalArgumentException for an empty vocabulary or a length below 1
     */
    public TokenSequenceField {
        Objects.requireNonNull(name, "name");
        vocabulary = List.copyOf(Objects.requireNonNull(vocabulary, "vocabulary"));
        if (vocabulary.isEmpty()) {
            throw new IllegalArgumentException("token field " + name + ": expected a vocabulary of at least one token");
        }
        if (maxLength <= 0) {
            throw new IllegalArgumentException("token field " + name + ": maximum length " + maxLength
                    + ", expected at least 1");
        }
    }

    @Override
    public int size() {
        return maxLength;
    }

    @Override
    public String describe() {
        return "tokens " + name + " (" + vocabulary.size() + " tokens, at most " + maxLength + ")";
    }
}
