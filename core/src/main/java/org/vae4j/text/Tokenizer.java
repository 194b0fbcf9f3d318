package org.vae4j.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a line into tokens, and joins tokens back into text. The settings are part of a model, so every command
 * reads new text exactly as training did.
 *
 * <ul>
 *   <li>{@code word}: runs of letters (with their combining marks) and digits, with apostrophes and hyphens inside a
 *       word as in {@code don't} or {@code well-known}, and every other visible character on its own (Unicode
 *       spaces and format characters are separators), so punctuation is split off; lower-cased
 *       unless {@code keepCase}. Joined with single spaces.
 *   <li>{@code char}: every Unicode code point, spaces included. Joined without separator, so it round-trips.
 *   <li>{@code smiles}: the atoms and bonds of a SMILES string, with the multi-character ones as single tokens:
 *       bracket atoms ({@code [nH]}, {@code [C@@H]}), {@code Cl} and {@code Br}, and two-digit ring closures
 *       ({@code %10}). Joined without separator; a character that is not SMILES is an error.
 * </ul>
 *
 * @param kind {@code word}, {@code char} or {@code smiles}
 * @param keepCase for {@code word}: keep upper-case letters
 */
public record Tokenizer(String kind, boolean keepCase) {
    /** The kinds. */
    public static final List<String> KINDS = List.of("word", "char", "smiles");

    private static final Pattern WORD = Pattern.compile(
            "[\\p{L}\\p{M}\\p{N}]+(?:['’\\-][\\p{L}\\p{M}\\p{N}]+)*|[^\\p{L}\\p{M}\\p{N}\\p{Z}\\p{Cc}\\p{Cf}\\s]",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern SMILES = Pattern.compile(
            "\\[[^\\[\\]\\s]+]|Br|Cl|%[0-9]{2}|[BCNOPSFIbcnops]|[0-9]|[()=#\\-+\\\\/:~@.*$?>]");

    /**
     * Checks the kind.
     *
     * @throws IllegalArgumentException naming the kinds
     */
    public Tokenizer {
        Objects.requireNonNull(kind, "kind");
        kind = kind.toLowerCase(Locale.ROOT);
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("tokens '" + kind + "': expected word, char or smiles");
        }
    }

    /**
     * @param line one example
     * @return its tokens
     * @throws IllegalArgumentException for a SMILES string with a character no SMILES token starts with, naming
     *     its position in the string (from 1)
     */
    public List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        switch (kind) {
            case "word" -> {
                Matcher m = WORD.matcher(keepCase ? line : line.toLowerCase(Locale.ROOT));
                while (m.find()) {
                    out.add(m.group());
                }
            }
            case "char" -> line.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
            default -> {
                Matcher m = SMILES.matcher(line);
                int at = 0;
                while (at < line.length()) {
                    if (!m.find(at) || m.start() != at) {
                        throw new IllegalArgumentException("character " + (line.codePointCount(0, at) + 1)
                                + " of SMILES " + line + ": '" + new String(Character.toChars(line.codePointAt(at)))
                                + "' does not start a SMILES token (atoms, bonds, branches, ring numbers, [bracket "
                                + "atoms])");
                    }
                    out.add(m.group());
                    at = m.end();
                }
            }
        }
        return out;
    }

    /**
     * @param tokens tokens, e.g. a decoding
     * @return the text: words joined by spaces, characters and SMILES tokens concatenated
     */
    public String join(List<String> tokens) {
        return String.join(kind.equals("word") ? " " : "", tokens);
    }
}
