package org.vae4j.inpaint;

import java.util.ArrayList;
import java.util.List;
import org.vae4j.BadInputException;

/**
 * The masks a completion model trains on ({@code train --complete}): one {@link MaskSpec} or several, written
 * comma-separated, e.g. {@code quadrant:1,quadrant:2,quadrant:3,random:0.5}. Each training example gets one of them,
 * chosen uniformly, so that one model fills any mask of the kinds it saw (Ivanov et al. 2019, VAEAC). The numbers
 * of {@code rect:X,Y,W,H} stay with their kind: a part that starts with a digit continues the mask before it.
 *
 * <p>Masks read from files are not allowed: the model folder must describe its training by itself.
 */
public final class MaskMixture {
    private final String text;
    private final String option;
    private final List<MaskSpec> kinds;
    /** The masks of the kinds that draw nothing, by kind and image size: training asks for them at every example. */
    private final java.util.Map<String, boolean[]> fixed = new java.util.concurrent.ConcurrentHashMap<>();

    private MaskMixture(String text, String option, List<MaskSpec> kinds) {
        this.text = text;
        this.option = option;
        this.kinds = List.copyOf(kinds);
    }

    /**
     * Reads a mixture.
     *
     * @param spec e.g. {@code quadrant:1,random:0.5}
     * @param option the option it came from, for messages, e.g. {@code --complete}
     * @return the mixture
     * @throws BadInputException naming the option and the part that is wrong
     */
    public static MaskMixture parse(String spec, String option) {
        if (spec == null || spec.isBlank()) {
            throw new BadInputException(option + ": no mask given; expected one mask or a comma-separated mixture, "
                    + "e.g. quadrant:1,quadrant:2,random:0.5");
        }
        List<String> parts = new ArrayList<>();
        for (String token : spec.split(",", -1)) {
            String t = token.trim();
            if (!parts.isEmpty() && !t.isEmpty() && (Character.isDigit(t.charAt(0)) || t.charAt(0) == '.')) {
                parts.set(parts.size() - 1, parts.get(parts.size() - 1) + "," + t);
            } else {
                parts.add(t);
            }
        }
        List<MaskSpec> kinds = new ArrayList<>();
        for (String part : parts) {
            MaskSpec m;
            try {
                m = MaskSpec.parse(part);
            } catch (BadInputException e) {
                String why = e.getMessage().replaceFirst("^--mask ", "");
                if (parts.size() == 1 && why.startsWith(part + ": ")) {
                    why = why.substring(part.length() + 2); // the mixture is this one mask: name it once
                }
                throw new BadInputException(option + " " + spec + ": " + why, e);
            }
            if (m instanceof MaskSpec.FileMask) {
                throw new BadInputException(option + " " + spec + ": " + part + " reads a file; a completion model "
                        + "trains on masks its folder can describe (halves, quadrant:K, rect, center, random:P)");
            }
            kinds.add(m);
        }
        return new MaskMixture(String.join(",", kinds.stream().map(MaskSpec::toString).toList()), option, kinds);
    }

    /** @return the masks, in the order written */
    public List<MaskSpec> kinds() {
        return kinds;
    }

    /**
     * One example's mask.
     *
     * @param height the image's rows
     * @param width the image's columns
     * @param choice uniform in [0, 1): picks the kind
     * @param seed the draws of a {@code random:P} kind
     * @return {@code missing[row * width + column]}
     * @throws BadInputException if the chosen mask does not fit the image
     */
    public boolean[] draw(int height, int width, double choice, long seed) {
        int k = Math.min(kinds.size() - 1, (int) (choice * kinds.size()));
        MaskSpec kind = kinds.get(k);
        if (kind instanceof MaskSpec.Random) {
            return kind.missing(height, width, seed, 0, null);
        }
        return fixed.computeIfAbsent(k + ":" + height + "x" + width, key -> kind.missing(height, width, 0, 0, null))
                .clone();
    }

    /**
     * Checks every kind against the image size once, before training starts.
     *
     * @param height the image's rows
     * @param width the image's columns
     * @throws BadInputException naming the kind that does not fit
     */
    public void check(int height, int width) {
        for (MaskSpec m : kinds) {
            try {
                m.missing(height, width, 0, 0, null);
            } catch (BadInputException e) {
                throw new BadInputException(option + " " + text + ": " + e.getMessage().replaceFirst("^--mask ", ""),
                        e);
            }
        }
    }

    /** @return the mixture, its kinds as written joined by commas */
    @Override
    public String toString() {
        return text;
    }
}
