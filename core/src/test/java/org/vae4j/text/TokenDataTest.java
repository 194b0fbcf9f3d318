package org.vae4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.data.ArrayExamples;
import org.vae4j.data.Batch;
import org.vae4j.data.TokenSequenceField;

class TokenDataTest {
    @Test
    void rowsHoldIdsThenEndThenPaddingAndNewTextReadsAsTrainingDid(@TempDir Path tmp) throws Exception {
        Tokenizer words = new Tokenizer("word", false);
        Path train = Files.writeString(tmp.resolve("t.txt"), "a\tThe cat sat .\nb\tthe dog sat\na\tA cat !\n");
        TextCorpus corpus = TextCorpus.read(train, TextCorpus.Format.TEXT, words, 4);
        TokenSequenceField field = TokenData.field(corpus, words, 4, 2);
        // counts: the 2, cat 2, sat 2; the rest once
        assertEquals(List.of("<pad>", "<unk>", "<bos>", "<eos>", "cat", "sat", "the"), field.vocabulary());
        assertEquals(5, field.size(), "4 tokens and <eos>");
        ArrayExamples examples = TokenData.examples(corpus, field, true);
        assertEquals(2, examples.schema().classes());
        try (NDManager m = NDManager.newBaseManager()) {
            Batch b = examples.batch(m, 0, 3);
            assertArrayEquals(new float[] {6, 4, 5, 1, 3, 6, 1, 5, 3, 0, 1, 4, 1, 3, 0}, b.input().toFloatArray());
            assertArrayEquals(new long[] {0, 1, 0}, b.condition().toLongArray());
        }
        // a saved model's field reads new text with the same tokenizer and ids
        Path other = Files.writeString(tmp.resolve("n.txt"), "THE CAT sat on a mat\n");
        TextCorpus fresh = TextCorpus.read(other, TextCorpus.Format.TEXT, TokenData.tokenizer(field),
                field.maxLength());
        assertEquals(1, fresh.cut());
        ArrayExamples read = TokenData.examples(fresh, field, false);
        float[] row = new float[5];
        try (NDManager m = NDManager.newBaseManager()) {
            System.arraycopy(read.batch(m, 0, 1).input().toFloatArray(), 0, row, 0, 5);
        }
        assertArrayEquals(new float[] {6, 4, 5, 1, 3}, row);
        assertEquals(List.of("the", "cat", "sat", "<unk>"), TokenData.tokens(row, field));
        assertThrows(org.vae4j.BadInputException.class, () -> TokenData.examples(fresh, field, true));
        // new labelled text takes the model's class ids by name, whatever order it names them in
        Path labelled = Files.writeString(tmp.resolve("l.txt"), "b\tthe cat\na\tsat\n");
        TextCorpus later = TextCorpus.read(labelled, TextCorpus.Format.TEXT, words, 4);
        ArrayExamples mapped = TokenData.examples(later, field, examples.schema().condition());
        try (NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(new long[] {1, 0}, mapped.batch(m, 0, 2).condition().toLongArray());
        }
        Path unknown = Files.writeString(tmp.resolve("u.txt"), "a\tcat\nz\tdog\n");
        assertEquals(unknown + ", line 2: label 'z' is not one of the classes [a, b]", assertThrows(
                org.vae4j.BadInputException.class, () -> TokenData.examples(TextCorpus.read(unknown,
                        TextCorpus.Format.TEXT, words, 4), field, examples.schema().condition())).getMessage());
    }
}
