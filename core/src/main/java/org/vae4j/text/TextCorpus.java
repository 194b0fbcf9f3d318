package org.vae4j.text;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vae4j.BadInputException;

/**
 * A file of token sequences, one example per line, read strictly as UTF-8 and tokenized.
 *
 * <ul>
 *   <li>{@code text:FILE}: each line is an example, or {@code label<TAB>text} when the first example has a tab
 *       (then every line must, and the labels become classes in order of first appearance);
 *   <li>{@code smiles:FILE}: each line's first column is a SMILES string; a second column (after a comma, tab or
 *       space, CSV quoting allowed, as in RDKit's data files) is ignored.
 * </ul>
 *
 * Empty lines are skipped. Lines of more than {@code maxLength} tokens are cut to that length, and counted.
 *
 * @param name the file, for messages
 * @param sequences every example's tokens, at most {@code maxLength} each
 * @param lines the line number (from 1) of every example, for messages
 * @param labels each example's class, or {@code null} without labels
 * @param classes the class names by index (empty without labels)
 * @param cut how many lines were longer than {@code maxLength}
 */
public record TextCorpus(String name, List<List<String>> sequences, int[] lines, int[] labels, List<String> classes,
        int cut) {
    private static final CsvMapper CSV = new CsvMapper();

    /** The two file formats. */
    public enum Format {
        /** One sentence per line, optionally {@code label<TAB>text}. */
        TEXT,
        /** One SMILES string per line, a second column ignored. */
        SMILES
    }

    /** @return the number of examples */
    public int size() {
        return sequences.size();
    }

    /**
     * Reads a file.
     *
     * @param file the file
     * @param format its format
     * @param tokenizer how lines become tokens
     * @param maxLength the most tokens an example keeps, at least 2
     * @return the corpus
     * @throws BadInputException for a missing or unreadable file, invalid UTF-8 (naming the line), an empty file or
     *     one whose lines are all empty, a SMILES string with a character that is not SMILES, mixed label forms, or
     *     a {@code maxLength} below 2
     */
    public static TextCorpus read(Path file, Format format, Tokenizer tokenizer, int maxLength) {
        if (maxLength < 2) {
            throw new BadInputException("--max-length " + maxLength + ": expected at least 2 tokens");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot be read: " + e.getMessage());
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<List<String>> sequences = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        Map<String, Integer> classes = new LinkedHashMap<>();
        Boolean labelled = null;
        int cut = 0;
        int start = 0;
        int lineNumber = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            lineNumber++;
            String line;
            try {
                line = utf8.decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
            } catch (CharacterCodingException e) {
                throw new BadInputException(file + ", line " + lineNumber + ": not valid UTF-8");
            }
            start = end + 1;
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // a byte-order mark
            }
            if (line.isBlank()) {
                continue;
            }
            String text = line;
            String label = null;
            if (format == Format.TEXT) {
                boolean tab = line.indexOf('\t') >= 0;
                if (labelled == null) {
                    labelled = tab;
                } else if (labelled != tab) {
                    throw new BadInputException(file + ", line " + lineNumber + ": " + (tab ? "has" : "has no")
                            + " label<TAB>text form, unlike the first example; expected every line "
                            + (labelled ? "labelled" : "without a tab"));
                }
                if (tab) {
                    label = line.substring(0, line.indexOf('\t')).strip();
                    text = line.substring(line.indexOf('\t') + 1);
                    if (label.isEmpty() || text.isBlank()) {
                        throw new BadInputException(file + ", line " + lineNumber + ": expected label<TAB>text with "
                                + "both parts");
                    }
                }
            } else {
                text = firstColumn(file, lineNumber, line);
            }
            List<String> tokens;
            try {
                // characters keep their spaces; words and SMILES do not have any at the ends
                tokens = tokenizer.tokens(tokenizer.kind().equals("char") ? text : text.strip());
            } catch (IllegalArgumentException e) {
                throw new BadInputException(file + ", line " + lineNumber + ": " + e.getMessage());
            }
            if (tokens.isEmpty()) {
                continue; // only characters the word tokenizer drops (Unicode spaces, format characters)
            }
            if (label != null) {
                String name = label;
                labels.add(classes.computeIfAbsent(name, k -> classes.size()));
            }
            if (tokens.size() > maxLength) {
                tokens = new ArrayList<>(tokens.subList(0, maxLength));
                cut++;
            }
            sequences.add(List.copyOf(tokens));
            lineNumbers.add(lineNumber);
        }
        if (sequences.isEmpty()) {
            throw new BadInputException(file + ": " + (bytes.length == 0 ? "the file is empty"
                    : "every line is empty") + ", expected one example per line");
        }
        return new TextCorpus(file.toString(), List.copyOf(sequences),
                lineNumbers.stream().mapToInt(Integer::intValue).toArray(),
                Boolean.TRUE.equals(labelled) ? labels.stream().mapToInt(Integer::intValue).toArray() : null,
                List.copyOf(classes.keySet()), cut);
    }

    /**
     * The first column of a SMILES line: a CSV line when it starts with a quote or its first word has a comma (read
     * by Jackson), else its first word (a name after a tab or space, as in {@code .smi} files, may hold commas).
     */
    private static String firstColumn(Path file, int lineNumber, String line) {
        String s = line.strip();
        int space = 0;
        while (space < s.length() && !Character.isWhitespace(s.charAt(space))) {
            space++;
        }
        if (s.startsWith("\"") || s.substring(0, space).indexOf(',') >= 0) {
            try (MappingIterator<List<String>> rows = CSV.readerForListOf(String.class)
                    .with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(s)) {
                List<String> row = rows.hasNext() ? rows.next() : List.of();
                if (row.isEmpty() || row.get(0).isBlank()) {
                    throw new BadInputException(file + ", line " + lineNumber + ": no SMILES in the first column");
                }
                return row.get(0);
            } catch (IOException | RuntimeException e) {
                if (e instanceof BadInputException b) {
                    throw b;
                }
                throw new BadInputException(file + ", line " + lineNumber + ": not a CSV line: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return s.substring(0, space);
    }
}
