package org.vae4j.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.vae4j.BadInputException;
import org.vae4j.Seeds;
import org.vae4j.Tensors;
import org.vae4j.data.TokenSequenceField;
import org.vae4j.model.LatentModel;

/**
 * Turns latent codes into token sequences with a teacher-forced sequence decoder, one token at a time: greedy (the
 * most likely token at each step), sampling from the softmax at a temperature, or beam search. Step t runs the
 * decoder on the tokens chosen so far (its output at position t depends on them only), so a decoding is exact at
 * the cost of T passes. A sequence ends at {@code <eos>} or after the field's maximum length.
 */
public final class SequenceDecoding {
    private static final int CHUNK = 256;
    private static final long SAMPLE = 0x5E0D;

    private SequenceDecoding() {}

    private static TokenSequenceField field(LatentModel model) {
        if (!TextTasks.isSequenceModel(model)) {
            throw new BadInputException("model " + model.describe() + " does not decode token sequences");
        }
        return model.schema().tokens().orElseThrow();
    }

    /**
     * One decoding step of n rows: the log-softmax of the next token's logits (n, V) in double precision, and the
     * new states, which replace {@code states} (n x state values, the decoder's first states when {@code states} is
     * null).
     */
    private static double[][] step(LatentModel model, float[] z, int n, float[] previous, float[][] states,
            int vocabulary) {
        try (NDManager m = model.manager().newSubManager()) {
            NDArray codes = Tensors.fromJava(m, z, new Shape(n, model.latent()));
            NDArray h = states[0] == null ? model.firstState(codes)
                    : Tensors.fromJava(m, states[0], new Shape(1, n, states[0].length / n));
            NDList r = model.decodeStep(h, Tensors.fromJava(m, previous, new Shape(n)), codes);
            float[] logits = r.get(0).logSoftmax(1).toFloatArray();
            states[0] = r.get(1).toFloatArray();
            double[][] out = new double[n][vocabulary];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < vocabulary; k++) {
                    out[i][k] = logits[i * vocabulary + k];
                }
            }
            return out;
        }
    }

    /**
     * Greedy decoding, or sampling at a temperature.
     *
     * @param model a sequence model
     * @param z count x latent codes
     * @param count how many codes
     * @param temperature 0 for greedy, else the softmax temperature of the draws
     * @param seed seed of the draws (each code draws from its own stream)
     * @return each code's tokens, up to its {@code <eos>}
     */
    public static List<List<String>> decode(LatentModel model, float[] z, int count, double temperature, long seed) {
        TokenSequenceField f = field(model);
        checkCodes(model, z, count);
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new BadInputException("--temperature " + temperature + ": expected 0 (greedy) or a positive number");
        }
        int width = f.size();
        int vocabulary = f.vocabulary().size();
        int latent = model.latent();
        float[] ids = new float[count * width];
        // a few hundred rows at a time, so memory is bounded for any count (each row's draws are its own stream)
        for (int from = 0; from < count; from += CHUNK) {
            int n = Math.min(CHUNK, count - from);
            float[] part = decodeRows(model, java.util.Arrays.copyOfRange(z, from * latent, (from + n) * latent), n,
                    from, width, vocabulary, temperature, seed);
            System.arraycopy(part, 0, ids, from * width, n * width);
        }
        return rows(ids, count, width, f);
    }

    /** Greedy or sampled decoding of {@code count} codes, the first of which is code {@code first} of the call. */
    private static float[] decodeRows(LatentModel model, float[] z, int count, int first, int width, int vocabulary,
            double temperature, long seed) {
        float[] ids = new float[count * width];
        boolean[] done = new boolean[count];
        SplittableRandom[] random = new SplittableRandom[count];
        for (int i = 0; i < count; i++) {
            random[i] = new SplittableRandom(Seeds.derive(seed, SAMPLE, first + i));
        }
        float[] previous = new float[count];
        Arrays.fill(previous, 2f); // <bos>
        float[][] states = new float[1][];
        for (int t = 0; t < width; t++) {
            double[][] logp = allowed(step(model, z, count, previous, states, vocabulary), t == width - 1);
            boolean all = true;
            for (int i = 0; i < count; i++) {
                if (done[i]) {
                    continue;
                }
                int next = temperature == 0 ? argmax(logp[i]) : draw(logp[i], temperature, random[i]);
                ids[i * width + t] = next;
                previous[i] = next;
                done[i] = next == 3;
                all &= done[i];
            }
            if (all) {
                break;
            }
        }
        return ids;
    }

    /**
     * Beam search: keeps the {@code beam} most likely hypotheses of each code (finished ones keep their score and
     * their place), and returns the best of the final beam; every hypothesis ends with {@code <eos>} by the field's
     * maximum length.
     *
     * @param model a sequence model
     * @param z count x latent codes
     * @param count how many codes
     * @param beam the beam width, at least 1 (1 is greedy)
     * @return each code's tokens
     */
    public static List<List<String>> beam(LatentModel model, float[] z, int count, int beam) {
        TokenSequenceField f = field(model);
        checkCodes(model, z, count);
        if (beam < 1) {
            throw new BadInputException("--beam " + beam + ": expected at least 1");
        }
        int width = f.size();
        int vocabulary = f.vocabulary().size();
        int latent = model.latent();
        List<List<String>> out = new ArrayList<>();
        int stateSize = model.spec().hidden().get(1);
        for (int c = 0; c < count; c++) {
            record Hypothesis(float[] ids, double score, boolean done, float[] state) {}
            float[] code = Arrays.copyOfRange(z, c * latent, (c + 1) * latent);
            List<Hypothesis> beams = List.of(new Hypothesis(new float[width], 0, false, null));
            for (int t = 0; t < width && beams.stream().anyMatch(h -> !h.done()); t++) {
                List<Hypothesis> open = beams.stream().filter(h -> !h.done()).toList();
                int n = open.size();
                float[] zs = new float[n * latent];
                float[] previous = new float[n];
                float[][] states = new float[1][];
                if (t > 0) {
                    states[0] = new float[n * stateSize];
                }
                for (int i = 0; i < n; i++) {
                    System.arraycopy(code, 0, zs, i * latent, latent);
                    previous[i] = t == 0 ? 2f : open.get(i).ids()[t - 1];
                    if (t > 0) {
                        System.arraycopy(open.get(i).state(), 0, states[0], i * stateSize, stateSize);
                    }
                }
                double[][] logp = allowed(step(model, zs, n, previous, states, vocabulary), t == width - 1);
                List<Hypothesis> next = new ArrayList<>();
                for (Hypothesis h : beams) {
                    if (h.done()) {
                        next.add(h);
                    }
                }
                for (int i = 0; i < n; i++) {
                    Hypothesis h = open.get(i);
                    float[] state = Arrays.copyOfRange(states[0], i * stateSize, (i + 1) * stateSize);
                    for (int k = 0; k < vocabulary; k++) {
                        if (logp[i][k] == Double.NEGATIVE_INFINITY) {
                            continue;
                        }
                        float[] grown = h.ids().clone();
                        grown[t] = k;
                        next.add(new Hypothesis(grown, h.score() + logp[i][k], k == 3, state));
                    }
                }
                // highest score first; ties by token ids, so the search is deterministic
                next.sort(Comparator.comparingDouble((Hypothesis h) -> -h.score())
                        .thenComparing(h -> h.ids(), Arrays::compare));
                beams = next.subList(0, Math.min(beam, next.size()));
            }
            out.add(TokenData.tokens(beams.get(0).ids(), f));
        }
        return out;
    }

    /**
     * The tokens a step may choose: never {@code <pad>} or {@code <bos>} (not targets), and only {@code <eos>} at the
     * last position, so every decoding fits the field and ends with its end token.
     */
    private static double[][] allowed(double[][] logp, boolean last) {
        for (double[] row : logp) {
            for (int k = 0; k < row.length; k++) {
                if (k == 0 || k == 2 || (last && k != 3)) {
                    row[k] = Double.NEGATIVE_INFINITY;
                }
            }
        }
        return logp;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            best = v[k] > v[best] ? k : best;
        }
        return best;
    }

    private static void checkCodes(LatentModel model, float[] z, int count) {
        if (count < 1 || z.length != (long) count * model.latent()) {
            throw new BadInputException("decoding: " + z.length + " latent values for " + count + " codes of "
                    + model.latent());
        }
    }

    private static int draw(double[] logp, double temperature, SplittableRandom random) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logp) {
            max = Math.max(max, v / temperature);
        }
        double[] w = new double[logp.length];
        double total = 0;
        for (int k = 0; k < logp.length; k++) {
            w[k] = Math.exp(logp[k] / temperature - max);
            total += w[k];
        }
        double u = random.nextDouble() * total;
        for (int k = 0; k < w.length; k++) {
            u -= w[k];
            if (u < 0) {
                return k;
            }
        }
        return w.length - 1;
    }

    private static List<List<String>> rows(float[] ids, int count, int width, TokenSequenceField f) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(TokenData.tokens(Arrays.copyOfRange(ids, i * width, (i + 1) * width), f));
        }
        return out;
    }
}
