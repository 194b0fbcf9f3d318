package org.vae4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {
    @Test
    void wordsAreLowerCasedWithPunctuationSplitOff() {
        Tokenizer words = new Tokenizer("word", false);
        assertEquals(List.of("she", "didn't", "say", ",", "\"", "well-known", "\"", "3", "times", "!"),
                words.tokens("She didn't say, \"Well-known\" 3 times!"));
        assertEquals(List.of("She", "said", "."), new Tokenizer("WORD", true).tokens("She  said."));
        assertEquals("she said .", words.join(words.tokens("She said.")));
        assertEquals(List.of("über", "café"), words.tokens("Über café"));
        assertEquals(List.of("a", "b", "c"), words.tokens("a\u00A0b\u2009c\u200B"), "Unicode spaces separate");
        assertEquals(List.of("cafe\u0301", "!"), words.tokens("Cafe\u0301!"), "a combining accent stays in its word");
    }

    @Test
    void charactersRoundTripIncludingSpacesAndSupplementaryCharacters() {
        Tokenizer chars = new Tokenizer("char", false);
        String line = "Hi, 😀 é!";
        List<String> t = chars.tokens(line);
        assertEquals(8, t.size(), "H i , space emoji space é !: the emoji is one code point, one token");
        assertEquals("😀", t.get(4));
        assertEquals(line, chars.join(t));
    }

    @Test
    void smilesKeepMultiCharacterAtomsWholeAndRoundTrip() {
        Tokenizer smiles = new Tokenizer("smiles", false);
        assertEquals(List.of("Cl", "c", "1", "c", "c", "[nH]", "c", "1", "Br"), smiles.tokens("Clc1cc[nH]c1Br"));
        assertEquals(List.of("C", "%10", "C", "C", "%10", "[C@@H]", "(", "O", ")", "=", "O"),
                smiles.tokens("C%10CC%10[C@@H](O)=O"));
        for (String s : List.of("N(NC(=O)C1CCC1)c2ccc(cc2)C(C)(C)C", "n2(c1c3c(c(cc1c(c2C)C(=O)OC)O)cccc3)Cc4occc4",
                "[Na+].[Cl-]", "C/C=C\\C", "c1ccccc1C#N")) {
            assertEquals(s, smiles.join(smiles.tokens(s)), s);
        }
        assertEquals(List.of("[nH+]", "[13CH3]", "[O-]", "C", "%12", "C", "Cl", "Br", "c", "s", "[Sc]"),
                smiles.tokens("[nH+][13CH3][O-]C%12CClBrcs[Sc]"));
        assertEquals(List.of("S", "c", "C", "n"), smiles.tokens("ScCn"), "outside brackets Sc is S and c");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> smiles.tokens("CCXC"));
        assertTrue(e.getMessage().startsWith("character 3 of SMILES CCXC: 'X'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> smiles.tokens("C[N H]C"), "no space inside brackets");
        assertThrows(IllegalArgumentException.class, () -> new Tokenizer("bpe", false));
    }
}
