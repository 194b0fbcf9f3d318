package org.vae4j.text;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.vae4j.BadInputException;
import org.vae4j.data.ArrayExamples;
import org.vae4j.data.CategoricalField;
import org.vae4j.data.ExampleSet;
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
        return field(corpus.sequences(), tokenizer, maxLength, minCount);
    }

    /**
     * The field whose vocabulary some training sequences make.
     *
     * @param sequences the training sequences
     * @param tokenizer how they were tokenized
     * @param maxLength the most tokens a sequence keeps
     * @param minCount the fewest occurrences a token needs to be in the vocabulary
     * @return the field
     */
    public static TokenSequenceField field(List<List<String>> sequences, Tokenizer tokenizer, int maxLength,
            int minCount) {
        return new TokenSequenceField(FIELD, Vocabulary.build(sequences, minCount).tokens(), maxLength,
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
     * A training corpus as examples of its own field, its labels (if asked for) the classes in order of first
     * appearance.
     *
     * @param corpus the examples, each at most {@code field.maxLength()} tokens
     * @param field the token field
     * @param withLabels whether the corpus's labels become the schema's condition
     * @return the examples
     * @throws BadInputException if a sequence is longer than the field allows, or labels are asked for and the
     *     corpus has none
     */
    public static ArrayExamples examples(TextCorpus corpus, TokenSequenceField field, boolean withLabels) {
        if (withLabels && corpus.labels() == null) {
            throw new BadInputException(corpus.name() + " has no labels; expected label<TAB>text lines");
        }
        return examples(corpus, field, withLabels ? new CategoricalField("label", corpus.classes()) : null);
    }

    /**
     * A corpus as examples of a field, its labels read as the classes of a given condition (a saved model's, for
     * new text: each label name maps to that model's class of the same name).
     *
     * @param corpus the examples, each at most {@code field.maxLength()} tokens
     * @param field the token field
     * @param condition the classes, or {@code null} for no labels
     * @return the examples
     * @throws BadInputException if a sequence is longer than the field allows, the corpus has no labels for a
     *     condition, or a label is not one of its classes (naming the line)
     */
    public static ArrayExamples examples(TextCorpus corpus, TokenSequenceField field, CategoricalField condition) {
        Vocabulary vocabulary = vocabulary(field);
        int width = field.size();
        float[] rows = new float[Math.multiplyExact(corpus.size(), width)];
        for (int i = 0; i < corpus.size(); i++) {
            List<String> tokens = corpus.sequences().get(i);
            if (tokens.size() > field.maxLength()) {
                throw new BadInputException(corpus.name() + ", line " + corpus.lines()[i] + ": " + tokens.size()
                        + " tokens, more than the field's " + field.maxLength());
            }
            int[] ids = vocabulary.encode(tokens);
            for (int t = 0; t < ids.length; t++) {
                rows[i * width + t] = ids[t];
            }
            rows[i * width + ids.length] = vocabulary.id(Vocabulary.EOS);
        }
        int[] labels = null;
        if (condition != null) {
            if (corpus.labels() == null) {
                throw new BadInputException(corpus.name() + " has no labels; expected label<TAB>text lines for the "
                        + condition.categories().size() + " classes " + condition.categories());
            }
            labels = new int[corpus.size()];
            for (int i = 0; i < labels.length; i++) {
                String name = corpus.classes().get(corpus.labels()[i]);
                labels[i] = condition.categories().indexOf(name);
                if (labels[i] < 0) {
                    throw new BadInputException(corpus.name() + ", line " + corpus.lines()[i] + ": label '" + name
                            + "' is not one of the classes " + condition.categories());
                }
            }
        }
        return new ArrayExamples(corpus.name(), new Schema(List.of(field), condition), rows, labels);
    }

    /**
     * Every value of a set of token rows, read a thousand rows at a time.
     *
     * @param data token examples
     * @return size x row width ids as floats
     */
    public static float[] rows(ExampleSet data) {
        int width = data.schema().inputSize();
        float[] out = new float[Math.multiplyExact(data.size(), width)];
        try (NDManager m = NDManager.newBaseManager()) {
            for (int start = 0; start < data.size(); start += 1024) {
                int end = Math.min(data.size(), start + 1024);
                try (NDManager batch = m.newSubManager()) {
                    System.arraycopy(data.batch(batch, start, end).input().toFloatArray(), 0, out, start * width,
                            (end - start) * width);
                }
            }
        }
        return out;
    }

    /**
     * The tokens of every example of a set.
     *
     * @param data token examples
     * @param field their field
     * @return each example's tokens, up to its {@code <eos>}
     */
    public static List<List<String>> sequences(ExampleSet data, TokenSequenceField field) {
        float[] all = rows(data);
        int width = field.size();
        List<List<String>> out = new java.util.ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            out.add(tokens(java.util.Arrays.copyOfRange(all, i * width, (i + 1) * width), field));
        }
        return out;
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
