package org.vae4j.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.vae4j.BadInputException;
import org.vae4j.data.ArrayExamples;
import org.vae4j.data.Batch;
import org.vae4j.data.ExampleSet;
import org.vae4j.data.Schema;
import org.vae4j.data.TokenSequenceField;
import org.vae4j.latent.Interpolation;
import org.vae4j.model.LatentModel;

/**
 * What the commands do with a sequence model, as a Java API: sampling from the prior, reconstruction, homotopies
 * between sentences, and the per-token measures of {@code evaluate} (perplexity and reconstruction token accuracy).
 */
public final class TextTasks {
    private TextTasks() {}

    /**
     * @param model a model
     * @return whether it reads and writes token sequences (one token field, a decoder that reads its input)
     */
    public static boolean isSequenceModel(LatentModel model) {
        return model.schema().tokens().isPresent() && model.network().decoderReadsInput();
    }

    /**
     * The token field of a sequence model.
     *
     * @param model a model
     * @param command the command, for the message
     * @return its field
     * @throws BadInputException if the model does not read token sequences
     */
    public static TokenSequenceField field(LatentModel model, String command) {
        if (!isSequenceModel(model)) {
            throw new BadInputException(command + ": model " + model.describe() + " does not read token sequences");
        }
        return model.schema().tokens().orElseThrow();
    }

    /**
     * Decodes codes: greedy ({@code temperature} 0 and {@code beam} 1), sampling at a temperature, or beam search.
     *
     * @param model a sequence model
     * @param z count x latent codes (width 0 for a language model)
     * @param count how many
     * @param temperature 0 for greedy or beam search, else the softmax temperature
     * @param beam the beam width, 1 for none
     * @param seed seed of the draws at a temperature
     * @return the decoded texts, joined as the model's tokenizer joins tokens
     * @throws BadInputException if both a temperature and a beam are given
     */
    public static List<String> decode(LatentModel model, float[] z, int count, double temperature, int beam,
            long seed) {
        TokenSequenceField f = field(model, "decoding");
        if (beam > 1 && temperature > 0) {
            throw new BadInputException("--beam " + beam + " and --temperature " + temperature + ": beam search is "
                    + "deterministic; give one or the other");
        }
        List<List<String>> tokens = beam > 1 ? SequenceDecoding.beam(model, z, count, beam)
                : SequenceDecoding.decode(model, z, count, temperature, seed);
        Tokenizer tokenizer = TokenData.tokenizer(f);
        return tokens.stream().map(tokenizer::join).toList();
    }

    /**
     * New sequences from the prior: z ~ N(0, I), decoded; a language model decodes from its first state.
     *
     * @param model a sequence model
     * @param count how many
     * @param temperature 0 for greedy, else sampling at that temperature
     * @param beam the beam width, 1 for none
     * @param seed seed of z and of the draws
     * @return the texts
     */
    public static List<String> sample(LatentModel model, int count, double temperature, int beam, long seed) {
        return decode(model, LatentModel.priorDraws(count, model.latent(), seed), count, temperature, beam, seed);
    }

    /**
     * Examples as the model reads them, each beside its decoding from the mean of q(z|x).
     *
     * @param inputs each example's text (rare tokens as {@code <unk>})
     * @param decoded each example's decoding
     */
    public record Reconstruction(List<String> inputs, List<String> decoded) {
        /** @return how many examples decode exactly as they are */
        public int exact() {
            int same = 0;
            for (int i = 0; i < inputs.size(); i++) {
                same += inputs.get(i).equals(decoded.get(i)) ? 1 : 0;
            }
            return same;
        }
    }

    /**
     * Reconstructs sequences: each example encoded to the mean of q(z|x) and decoded, greedily or by beam search.
     *
     * @param model a sequence VAE
     * @param data examples of its field
     * @param beam the beam width, 1 for greedy
     * @return the inputs beside their decodings
     */
    public static Reconstruction reconstruct(LatentModel model, ExampleSet data, int beam) {
        return new Reconstruction(texts(model, data), decode(model, model.encode(data).mu(), data.size(), 0, beam,
                0));
    }

    /**
     * One line of text as an example of the model's field, cut to its length.
     *
     * @param model a sequence model
     * @param text the line
     * @param option the option it came from, for messages
     * @return a set of one example
     * @throws BadInputException if the line has no tokens, or only tokens outside the vocabulary
     */
    public static ArrayExamples example(LatentModel model, String text, String option) {
        TokenSequenceField f = field(model, option);
        Tokenizer tokenizer = TokenData.tokenizer(f);
        List<String> tokens;
        try {
            tokens = tokenizer.tokens(text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(option + " \"" + text + "\": " + e.getMessage(), e);
        }
        if (tokens.isEmpty()) {
            throw new BadInputException(option + " \"" + text + "\": no tokens to encode");
        }
        if (tokens.size() > f.maxLength()) {
            tokens = tokens.subList(0, f.maxLength());
        }
        Vocabulary vocabulary = TokenData.vocabulary(f);
        int[] ids = vocabulary.encode(tokens);
        if (java.util.Arrays.stream(ids).allMatch(id -> id == vocabulary.id(Vocabulary.UNK))) {
            throw new BadInputException(option + " \"" + text + "\": every token is outside the model's vocabulary of "
                    + vocabulary.size() + ", so it would be encoded as <unk> alone; give words the model knows");
        }
        float[] row = new float[f.size()];
        for (int t = 0; t < ids.length; t++) {
            row[t] = ids[t];
        }
        row[ids.length] = vocabulary.id(Vocabulary.EOS);
        return new ArrayExamples(option, new Schema(List.of(f), null), row, null);
    }

    /**
     * The homotopy between two sequences (Bowman et al. 2016): the means of q(z|x) of both, the straight path between
     * them in {@code steps} points (both ends included), each point decoded greedily.
     *
     * @param model a sequence VAE
     * @param from the first example
     * @param to the last example
     * @param steps points on the path, at least 2
     * @return the decoded texts, from {@code from} to {@code to}
     */
    public static List<String> homotopy(LatentModel model, ExampleSet from, ExampleSet to, int steps) {
        float[] a = model.encode(from.first(1)).mu();
        float[] b = model.encode(to.first(1)).mu();
        float[] path = Interpolation.linear(a, b, steps);
        return decode(model, path, steps, 0, 1, 0);
    }

    /**
     * Reconstruction token accuracy: the share of target tokens (every real token and {@code <eos>}) that the
     * decoder's most likely token matches under teacher forcing from the mean of q(z|x) (from the first state for a
     * language model).
     *
     * @param model a sequence model
     * @param data examples of its field
     * @return the accuracy in [0, 1] and the number of tokens scored
     */
    public static double[] tokenAccuracy(LatentModel model, ExampleSet data) {
        field(model, "token accuracy");
        long right = 0;
        long total = 0;
        for (int start = 0; start < data.size(); start += 256) {
            int end = Math.min(data.size(), start + 256);
            try (NDManager m = model.manager().newSubManager()) {
                Batch batch = data.batch(m, start, end);
                NDArray x = batch.input();
                long b = x.getShape().get(0);
                long t = x.getShape().get(1);
                NDArray z = model.latent() == 0 ? m.zeros(new ai.djl.ndarray.types.Shape(b, 0))
                        : model.encode(batch, false).get(0);
                NDArray logits = model.decode(z, null, x, false);
                float[] predicted = logits.reshape(b, t, -1).argMax(2).toType(ai.djl.ndarray.types.DataType.FLOAT32,
                        false).toFloatArray();
                float[] targets = x.toFloatArray();
                for (int i = 0; i < targets.length; i++) {
                    if (targets[i] != 0) {
                        total++;
                        right += predicted[i] == targets[i] ? 1 : 0;
                    }
                }
            }
        }
        return new double[] {total == 0 ? 0 : (double) right / total, total};
    }

    /**
     * The number of scored tokens: every real token and the {@code <eos>} of each example.
     *
     * @param data token examples
     * @return the count
     */
    public static long scoredTokens(ExampleSet data) {
        long total = 0;
        for (float v : TokenData.rows(data)) {
            total += v != 0 ? 1 : 0;
        }
        return total;
    }

    /**
     * Per-token perplexity from a mean per-sequence negative log-likelihood.
     *
     * @param meanNll the mean -log p(x) per sequence, nats
     * @param sequences how many sequences
     * @param tokens how many tokens they have, {@code <eos>} included
     * @return exp(total NLL / tokens)
     */
    public static double perplexity(double meanNll, int sequences, long tokens) {
        return Math.exp(meanNll * sequences / tokens);
    }

    /**
     * The tokens of every example as text, joined as the model's tokenizer joins them.
     *
     * @param model a sequence model
     * @param data its examples
     * @return one text per example
     */
    public static List<String> texts(LatentModel model, ExampleSet data) {
        TokenSequenceField f = field(model, "text");
        Tokenizer tokenizer = TokenData.tokenizer(f);
        List<String> out = new ArrayList<>();
        for (List<String> tokens : TokenData.sequences(data, f)) {
            out.add(tokenizer.join(tokens));
        }
        return out;
    }
}
