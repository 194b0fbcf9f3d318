package org.vae4j.text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tokens a model knows, each with an id: first the four special tokens {@code <pad>} (0), {@code <unk>} (1),
 * {@code <bos>} (2) and {@code <eos>} (3), then the corpus's tokens by falling count (ties in
 * {@link String#compareTo} order), so the same corpus always gives the same ids. A token outside it reads as
 * {@code <unk>}.
 */
public final class Vocabulary {
    /** Padding after the end of a sequence. */
    public static final String PAD = "<pad>";
    /** A token the vocabulary does not hold. */
    public static final String UNK = "<unk>";
    /** The start of a sequence (the decoder's first input). */
    public static final String BOS = "<bos>";
    /** The end of a sequence. */
    public static final String EOS = "<eos>";
    /** The special tokens, in id order. */
    public static final List<String> SPECIALS = List.of(PAD, UNK, BOS, EOS);

    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();

    /**
     * @param tokens every token in id order, the four special ones first
     * @throws IllegalArgumentException if the special tokens are not first or a token repeats
     */
    public Vocabulary(List<String> tokens) {
        this.tokens = List.copyOf(Objects.requireNonNull(tokens, "tokens"));
        if (this.tokens.size() < SPECIALS.size() || !this.tokens.subList(0, SPECIALS.size()).equals(SPECIALS)) {
            throw new IllegalArgumentException("a vocabulary starts with " + SPECIALS + ", got "
                    + this.tokens.subList(0, Math.min(4, this.tokens.size())));
        }
        for (int i = 0; i < this.tokens.size(); i++) {
            if (ids.put(this.tokens.get(i), i) != null) {
                throw new IllegalArgumentException("token '" + this.tokens.get(i) + "' appears twice in the "
                        + "vocabulary");
            }
        }
    }

    /**
     * Builds the vocabulary of a corpus.
     *
     * @param sequences the tokenized examples
     * @param minCount tokens seen fewer times are left out (they read as {@code <unk>}), at least 1
     * @return the vocabulary
     */
    public static Vocabulary build(Collection<List<String>> sequences, int minCount) {
        if (minCount < 1) {
            throw new org.vae4j.BadInputException("--min-count " + minCount + ": expected at least 1");
        }
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> s : sequences) {
            for (String t : s) {
                counts.merge(t, 1, Integer::sum);
            }
        }
        List<String> kept = new ArrayList<>();
        counts.forEach((t, c) -> {
            if (c >= minCount && !SPECIALS.contains(t)) {
                kept.add(t);
            }
        });
        kept.sort(Comparator.comparing((String t) -> -counts.get(t)).thenComparing(Comparator.naturalOrder()));
        List<String> all = new ArrayList<>(SPECIALS);
        all.addAll(kept);
        return new Vocabulary(all);
    }

    /** @return every token in id order */
    public List<String> tokens() {
        return tokens;
    }

    /** @return the number of tokens, special ones included */
    public int size() {
        return tokens.size();
    }

    /**
     * @param token a token
     * @return its id, or that of {@code <unk>}
     */
    public int id(String token) {
        return ids.getOrDefault(token, 1);
    }

    /**
     * @param id an id
     * @return its token
     * @throws IndexOutOfBoundsException outside the vocabulary
     */
    public String token(int id) {
        return tokens.get(id);
    }

    /**
     * @param sequence tokens
     * @return their ids, {@code <unk>} for unknown ones, without {@code <bos>} or {@code <eos>}
     */
    public int[] encode(List<String> sequence) {
        int[] out = new int[sequence.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(sequence.get(i));
        }
        return out;
    }

    /**
     * @param ids a decoding
     * @return its tokens up to the first {@code <eos>} or {@code <pad>}, a leading {@code <bos>} left out
     */
    public List<String> decode(int[] ids) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == 0 || ids[i] == 3) {
                break;
            }
            if (i == 0 && ids[i] == 2) {
                continue;
            }
            out.add(token(ids[i]));
        }
        return out;
    }
}
