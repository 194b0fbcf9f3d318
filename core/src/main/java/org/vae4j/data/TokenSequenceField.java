package org.vae4j.data;

import java.util.List;
import java.util.Objects;

/**
 * A sequence of tokens from a vocabulary, with the tokenizer settings that made it, so every command reads new text
 * exactly as training did. An input row holds {@code maxLength + 1} token ids: the sequence's tokens (at most
 * {@code maxLength}), then {@code <eos>}, then {@code <pad>} (id 0) to the end (see {@link org.vae4j.text.TokenData}).
 *
 * @param name the field's name
 * @param vocabulary the tokens, indexed from 0 (for text data: {@code <pad>}, {@code <unk>}, {@code <bos>},
 *     {@code <eos>} first)
 * @param maxLength the most tokens a sequence keeps
 * @param tokenizer the tokenizer: {@code word}, {@code char} or {@code smiles}
 * @param keepCase for {@code word}: whether upper case was kept
 */
public record TokenSequenceField(String name, List<String> vocabulary, int maxLength, String tokenizer,
        boolean keepCase) implements Field {
    /**
     * Checks and copies the vocabulary.
     *
     * @throws IllegalArgumentException for an empty vocabulary, a length below 1 or an unknown tokenizer
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
        Objects.requireNonNull(tokenizer, "tokenizer");
        if (!org.vae4j.text.Tokenizer.KINDS.contains(tokenizer)) {
            throw new IllegalArgumentException("token field " + name + ": tokenizer '" + tokenizer
                    + "', expected one of " + org.vae4j.text.Tokenizer.KINDS);
        }
    }

    @Override
    public int size() {
        return maxLength + 1;
    }

    @Override
    public String describe() {
        return "token sequences (" + tokenizer + (keepCase ? ", case kept" : "") + ", " + vocabulary.size()
                + " tokens, at most " + maxLength + ")";
    }
}
