package org.vae4j.text;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmiFlavor;
import org.openscience.cdk.smiles.SmilesGenerator;
import org.openscience.cdk.smiles.SmilesParser;

/**
 * Molecules written as SMILES, checked with CDK (the Chemistry Development Kit): whether a string is a valid
 * molecule (it parses, and aromatic rings can be kekulised), its canonical form, and the validity, uniqueness and
 * novelty of generated molecules, the triad of the molecule-generation benchmarks (MOSES, GuacaMol). Thread-safe:
 * each call makes its own parser.
 */
public final class Molecules {
    /** CDK's absolute SMILES: canonical, with stereochemistry and isotopes, labelled through InChI (cdk-inchi). */
    private static final int FLAVOR = SmiFlavor.Absolute;

    private Molecules() {}

    /**
     * @param smiles a SMILES string
     * @return its canonical SMILES with stereochemistry and isotopes (the same molecule written another way gives
     *     the same string, two stereoisomers two strings), or empty if it is not a valid molecule
     */
    public static Optional<String> canonical(String smiles) {
        if (smiles == null || smiles.isBlank() || smiles.chars().anyMatch(Character::isWhitespace)) {
            return Optional.empty(); // CDK would read text after a space as a title
        }
        try {
            IAtomContainer molecule = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(smiles);
            if (molecule.getAtomCount() == 0) {
                return Optional.empty();
            }
            return Optional.of(new SmilesGenerator(FLAVOR).create(molecule));
        } catch (CDKException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * @param smiles a SMILES string
     * @return whether it is a valid molecule
     */
    public static boolean valid(String smiles) {
        return canonical(smiles).isPresent();
    }

    /**
     * The triad of a set of generated molecules.
     *
     * @param count how many were generated
     * @param valid how many are valid molecules
     * @param unique how many distinct molecules the valid ones are
     * @param novel how many of the distinct ones are not in the training set
     */
    public record Report(int count, int valid, int unique, int novel) {
        /** @return valid / count */
        public double validity() {
            return count == 0 ? 0 : valid / (double) count;
        }

        /** @return unique / valid */
        public double uniqueness() {
            return valid == 0 ? 0 : unique / (double) valid;
        }

        /** @return novel / unique */
        public double novelty() {
            return unique == 0 ? 0 : novel / (double) unique;
        }
    }

    /**
     * Scores generated molecules against a training set, comparing canonical forms.
     *
     * @param generated the generated SMILES strings
     * @param training the training set's SMILES strings (invalid ones are ignored)
     * @return validity, uniqueness and novelty
     */
    public static Report report(List<String> generated, Collection<String> training) {
        Set<String> known = new HashSet<>();
        for (String s : training) {
            canonical(s).ifPresent(known::add);
        }
        Set<String> distinct = new HashSet<>();
        int valid = 0;
        for (String s : generated) {
            Optional<String> c = canonical(s);
            if (c.isPresent()) {
                valid++;
                distinct.add(c.get());
            }
        }
        int novel = (int) distinct.stream().filter(c -> !known.contains(c)).count();
        return new Report(generated.size(), valid, distinct.size(), novel);
    }
}
