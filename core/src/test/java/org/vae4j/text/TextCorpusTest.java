package org.vae4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.BadInputException;
import org.vae4j.TestData;

class TextCorpusTest {
    private static final Tokenizer WORDS = new Tokenizer("word", false);
    private static final Tokenizer SMILES = new Tokenizer("smiles", false);

    private static Path text() {
        return TestData.folder().resolve("text");
    }

    @Test
    void theShippedCorporaReadWhole() throws Exception {
        TextCorpus sentences = TextCorpus.read(text().resolve("wordnet-examples-300.txt"), TextCorpus.Format.TEXT,
                WORDS, 40);
        assertEquals(300, sentences.size());
        assertEquals(List.of("i", "can", "breathe", "better", "when", "the", "air", "is", "clean"),
                sentences.sequences().get(0));
        assertNull(sentences.labels());
        TextCorpus molecules = TextCorpus.read(text().resolve("wehi-300.csv"), TextCorpus.Format.SMILES, SMILES, 120);
        assertEquals(300, molecules.size());
        List<String> lines = Files.readAllLines(text().resolve("wehi-300.csv"));
        for (int i = 0; i < 300; i++) {
            String smiles = lines.get(i).substring(1, lines.get(i).indexOf("\","));
            assertEquals(smiles, SMILES.join(molecules.sequences().get(i)), "line " + (i + 1));
        }
    }

    @Test
    void labelsLongLinesAndColumns(@TempDir Path tmp) throws Exception {
        Path f = Files.writeString(tmp.resolve("l.txt"), "pos\tGood day .\n\nneg\tbad , bad day\r\npos\tok\n");
        TextCorpus c = TextCorpus.read(f, TextCorpus.Format.TEXT, WORDS, 3);
        assertEquals(3, c.size());
        assertArrayEquals(new int[] {0, 1, 0}, c.labels());
        assertEquals(List.of("pos", "neg"), c.classes());
        assertArrayEquals(new int[] {1, 3, 4}, c.lines(), "empty lines are skipped, line numbers kept");
        assertEquals(List.of("bad", ",", "bad"), c.sequences().get(1));
        assertEquals(1, c.cut(), "one line was longer than 3 tokens");
        Path s = Files.writeString(tmp.resolve("s.smi"), "CCO ethanol\nc1ccccc1\tbenzene\n\"C(=O)O\",\"acid\"\n"
                + "Oc1ccc(C)cc1C 2,4-xylenol\nCC(=O)C,acetone\n");
        TextCorpus m = TextCorpus.read(s, TextCorpus.Format.SMILES, SMILES, 20);
        assertEquals(List.of("CCO", "c1ccccc1", "C(=O)O", "Oc1ccc(C)cc1C", "CC(=O)C"),
                m.sequences().stream().map(SMILES::join).toList());
        Path spaced = Files.writeString(tmp.resolve("c.txt"), "  two spaces \n");
        assertEquals(List.of(" ", " ", "t", "w", "o"), TextCorpus.read(spaced, TextCorpus.Format.TEXT,
                new Tokenizer("char", false), 20).sequences().get(0).subList(0, 5), "characters keep their spaces");
    }

    @Test
    void badFilesAreOneLineNamingTheFileAndLine(@TempDir Path tmp) throws Exception {
        Path empty = Files.write(tmp.resolve("e.txt"), new byte[0]);
        assertEquals(empty + ": the file is empty, expected one example per line", message(empty, WORDS, 10));
        Path blank = Files.writeString(tmp.resolve("b.txt"), "\n  \n\t\n");
        assertTrue(message(blank, WORDS, 10).endsWith("every line is empty, expected one example per line"));
        Path bad = Files.write(tmp.resolve("u.txt"), new byte[] {'o', 'k', '\n', 'x', (byte) 0xC3, '(', '\n'});
        assertEquals(bad + ", line 2: not valid UTF-8", message(bad, WORDS, 10));
        Path mixed = Files.writeString(tmp.resolve("m.txt"), "a\tone\ntwo\n");
        assertTrue(message(mixed, WORDS, 10).contains("line 2: has no label<TAB>text form"));
        assertEquals("--max-length 1: expected at least 2 tokens", message(empty, WORDS, 1));
        assertTrue(message(tmp.resolve("missing.txt"), WORDS, 10).endsWith("missing.txt: no such file"));
        Path notSmiles = Files.writeString(tmp.resolve("x.smi"), "CCO\nCCQ x\n");
        assertEquals(notSmiles + ", line 2: character 3 of SMILES CCQ: 'Q' does not start a SMILES token (atoms, "
                + "bonds, branches, ring numbers, [bracket atoms])", assertThrows(BadInputException.class,
                        () -> TextCorpus.read(notSmiles, TextCorpus.Format.SMILES, SMILES, 10)).getMessage());
    }

    private static String message(Path file, Tokenizer t, int maxLength) {
        return assertThrows(BadInputException.class, () -> TextCorpus.read(file, TextCorpus.Format.TEXT, t, maxLength))
                .getMessage();
    }
}
