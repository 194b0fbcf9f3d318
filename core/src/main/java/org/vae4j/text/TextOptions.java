package org.vae4j.text;

import org.vae4j.BadInputException;

/**
 * How training reads {@code text:} and {@code smiles:} data: the tokenizer, the longest sequence and the vocabulary's
 * cut-off. Only a fresh training run uses them; every other command reads text with the settings stored in the model.
 *
 * @param tokens {@code word}, {@code char} or {@code smiles}, or {@code null} for the format's own ({@code word} for
 *     {@code text:}, {@code smiles} for {@code smiles:})
 * @param keepCase for word tokens: keep upper-case letters
 * @param maxLength the most tokens a sequence keeps, or {@code null} for {@link #defaultMaxLength(String)}
 * @param minCount the fewest occurrences a token needs to enter the vocabulary (rarer ones become {@code <unk>})
 */
public record TextOptions(String tokens, boolean keepCase, Integer maxLength, int minCount) {
    /**
     * Checks the values.
     *
     * @throws BadInputException naming the option
     */
    public TextOptions {
        if (tokens != null && !Tokenizer.KINDS.contains(tokens)) {
            throw new BadInputException("--tokens " + tokens + ": expected word, char or smiles");
        }
        if (maxLength != null && maxLength < 2) {
            throw new BadInputException("--max-length " + maxLength + ": expected at least 2 tokens");
        }
        if (minCount < 1) {
            throw new BadInputException("--min-count " + minCount + ": expected at least 1");
        }
    }

    /** @return word tokens of the format's kind, sequences of the default length, every token kept */
    public static TextOptions defaults() {
        return new TextOptions(null, false, null, 1);
    }

    /**
     * @param kind a tokenizer kind
     * @return the default longest sequence: 60 words (Sentence-VAE's), 200 characters or SMILES tokens
     */
    public static int defaultMaxLength(String kind) {
        return kind.equals("word") ? 60 : 200;
    }

    /**
     * @param format the file's format
     * @return the tokenizer for that format
     * @throws BadInputException if {@code --tokens} does not fit the format
     */
    public Tokenizer tokenizer(TextCorpus.Format format) {
        String kind = tokens != null ? tokens : format == TextCorpus.Format.SMILES ? "smiles" : "word";
        if (format == TextCorpus.Format.SMILES && !kind.equals("smiles")) {
            throw new BadInputException("--tokens " + kind + ": smiles: data is read as SMILES tokens (atoms, bonds "
                    + "and ring numbers); for characters of any text give text:FILE --tokens char");
        }
        if (format == TextCorpus.Format.TEXT && kind.equals("smiles")) {
            throw new BadInputException("--tokens smiles: give SMILES as smiles:FILE, whose first column is read");
        }
        if (keepCase && !kind.equals("word")) {
            throw new BadInputException("--keep-case applies to word tokens; " + kind + " tokens keep every "
                    + "character as it is");
        }
        return new Tokenizer(kind, keepCase);
    }

    /**
     * @param tokenizer the tokenizer in use
     * @return the longest sequence
     */
    public int maxLength(Tokenizer tokenizer) {
        return maxLength != null ? maxLength : defaultMaxLength(tokenizer.kind());
    }
}
