package org.vae4j.text;

import java.util.List;
import org.vae4j.data.ArrayExamples;
import org.vae4j.data.CategoricalField;
import org.vae4j.data.Schema;
import org.vae4j.data.TokenSequenceField;

/**
 * Token sequences as example sets: each row holds a sequence's token ids, then {@code <eos>}, then {@code <pad>}
 * (id 0) up to {@code maxLength + 1} values, as floats (the ids are exact in float up to 2^24). Padding is recognised
 * by its id, so a row needs no mask of missing values.
 */
public final class TokenData {
    /** The name of the token field. */
    public static final String FIELD = "tokens";

    private TokenData() {}

    /**
     * The field of a training corpus: its vocabulary (tokens seen at least {@code minCount} times) and settings.
     *
     * @param corpus the training examples
     * @param tokenizer how they were tokenized
     * @param maxLength the most tokens a sequence keeps (the corpus was cut to it)
     * @param minCount the fewest occurrences a token needs to be in the vocabulary
     * @return the field
     */
    public static TokenSequenceField field(TextCorpus corpus, Tokenizer tokenizer, int maxLength, int minCount) {
        return new TokenSequenceField(FIELD, Vocabulary.build(corpus.sequences(), minCount).tokens(), maxLength,
                tokenizer.kind(), tokenizer.keepCase());
    }

    /**
     * @param field a token field
     * @return the tokenizer it was made with
     */
    public static Tokenizer tokenizer(TokenSequenceField field) {
        return new Tokenizer(field.tokenizer(), field.keepCase());
    }

    /**
     * @param field a token field
     * @return its vocabulary
     */
    public static Vocabulary vocabulary(TokenSequenceField field) {
        return new Vocabulary(field.vocabulary());
    }

    /**
     * A corpus as examples of a field (the training corpus's own, or a saved model's for new text).
     *
     * @param corpus the examples, each at most {@code field.maxLength()} tokens
     * @param field the token field
     * @param withLabels whether the corpus's labels become the schema's condition
     * @return the examples
     * @throws IllegalArgumentException if a sequence is longer than the field allows, or labels are asked for and
     *     the corpus has none
     */
    public static ArrayExamples examples(TextCorpus corpus, TokenSequenceField field, boolean withLabels) {
        Vocabulary vocabulary = vocabulary(field);
        int width = field.size();
        float[] rows = new float[Math.multiplyExact(corpus.size(), width)];
        for (int i = 0; i < corpus.size(); i++) {
            List<String> tokens = corpus.sequences().get(i);
            if (tokens.size() > field.maxLength()) {
                throw new IllegalArgumentException(corpus.name() + ", line " + corpus.lines()[i] + ": " + tokens.size()
                        + " tokens, more than the field's " + field.maxLength());
            }
            int[] ids = vocabulary.encode(tokens);
            for (int t = 0; t < ids.length; t++) {
                rows[i * width + t] = ids[t];
            }
            rows[i * width + ids.length] = vocabulary.id(Vocabulary.EOS);
        }
        if (withLabels && corpus.labels() == null) {
            throw new IllegalArgumentException(corpus.name() + " has no labels (expected label<TAB>text lines)");
        }
        CategoricalField condition = withLabels ? new CategoricalField("label", corpus.classes()) : null;
        return new ArrayExamples(corpus.name(), new Schema(List.of(field), condition), rows,
                withLabels ? corpus.labels() : null);
    }

    /**
     * The tokens of one row, up to its {@code <eos>}.
     *
     * @param row the row's values
     * @param field its field
     * @return the tokens
     */
    public static List<String> tokens(float[] row, TokenSequenceField field) {
        int[] ids = new int[row.length];
        for (int i = 0; i < row.length; i++) {
            ids[i] = Math.round(row[i]);
        }
        return vocabulary(field).decode(ids);
    }
}
