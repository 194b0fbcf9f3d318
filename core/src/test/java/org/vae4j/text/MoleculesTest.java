package org.vae4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vae4j.TestData;

class MoleculesTest {
    @Test
    void knownValidAndInvalidSmiles() {
        for (String ok : List.of("CCO", "c1ccccc1", "Clc1cc[nH]c1Br", "C%10CC%10", "[Na+].[Cl-]", "C/C=C\\C",
                "N(NC(=O)C1CCC1)c2ccc(cc2)C(C)(C)C")) {
            assertTrue(Molecules.valid(ok), ok);
        }
        for (String bad : List.of("", "C(", "C1CC", "c1cccc1", "C)C", "[C", "CC==O", "((")) {
            assertFalse(Molecules.valid(bad), bad);
        }
        assertEquals(Molecules.canonical("OCC"), Molecules.canonical("CCO"), "one molecule, one canonical form");
        assertTrue(!Molecules.canonical("C[C@H](N)O").equals(Molecules.canonical("C[C@@H](N)O")),
                "two enantiomers, two molecules");
        assertTrue(!Molecules.canonical("C/C=C/C").equals(Molecules.canonical("C/C=C\\C")), "E and Z");
        assertFalse(Molecules.valid("CCO junk"), "text after a space is not a molecule");
        assertEquals(Molecules.canonical("C1=CC=CC=C1"), Molecules.canonical("c1ccccc1"), "Kekulé and aromatic");
    }

    @Test
    void validityUniquenessAndNoveltyCountCanonicalForms() throws Exception {
        List<String> training = List.of("CCO", "c1ccccc1");
        // valid: OCC (= CCO, not novel), CCO (duplicate), CCN (novel), C1=CC=CC=C1 (= benzene); invalid: C(, c1cccc1
        List<String> generated = List.of("OCC", "CCO", "CCN", "C1=CC=CC=C1", "C(", "c1cccc1");
        Molecules.Report r = Molecules.report(generated, training);
        assertEquals(new Molecules.Report(6, 4, 3, 1), r);
        assertEquals(4 / 6.0, r.validity(), 1e-12);
        assertEquals(3 / 4.0, r.uniqueness(), 1e-12);
        assertEquals(1 / 3.0, r.novelty(), 1e-12);
        // the shipped RDKit molecules are valid for CDK too, but for two aromatic hypervalent sulfurs (a
        // benzisothiazole dioxide written aromatic) that RDKit accepts and CDK cannot kekulise
        List<String> lines = Files.readAllLines(TestData.folder().resolve("text").resolve("wehi-300.csv"));
        List<String> invalid = lines.stream().map(l -> l.substring(1, l.indexOf("\",")))
                .filter(m -> !Molecules.valid(m)).toList();
        assertEquals(List.of("s1(nc(c2c1cccc2)N(N=Cc3cc4c(cc3)OCO4)C)(=O)=O",
                "s1(nc(c2c1cccc2)N(NC(=O)CN3CCCCCC3)C)(=O)=O"), invalid);
    }
}
