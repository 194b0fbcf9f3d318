package org.vae4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {
    @Test
    void tokensByCountAfterTheSpecialOnesAndRareOnesUnknown() {
        Vocabulary v = Vocabulary.build(List.of(List.of("b", "a", "c", "a"), List.of("a", "b", "d")), 2);
        assertEquals(List.of("<pad>", "<unk>", "<bos>", "<eos>", "a", "b"), v.tokens());
        assertArrayEquals(new int[] {4, 5, 1, 1}, v.encode(List.of("a", "b", "c", "zzz")));
        assertEquals(List.of("a", "<unk>"), v.decode(new int[] {2, 4, 1, 3, 5, 5}), "from after <bos> to <eos>");
        assertEquals(List.of("b"), v.decode(new int[] {5, 0, 4}), "padding ends a decoding");
        // "c" comes before "ba" in a HashMap's iteration; the order must come from the sort
        Vocabulary all = Vocabulary.build(List.of(List.of("c", "ba"), List.of("ba", "c")), 1);
        assertEquals(List.of("ba", "c"), all.tokens().subList(4, 6), "ties in String order");
        assertThrows(IllegalArgumentException.class, () -> new Vocabulary(List.of("a", "b")));
        assertThrows(org.vae4j.BadInputException.class, () -> Vocabulary.build(List.of(), 0));
    }
}
