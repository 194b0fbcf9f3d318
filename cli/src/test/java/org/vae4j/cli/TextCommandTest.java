package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.text.Tokenizer;

/**
 * Sequence models on the command line, on the 300 shipped WordNet sentences and RDKit molecules: training, the text
 * outputs of sample, reconstruct, interpolate and evaluate (checked against the corpus and against each other), the
 * language-model baseline, resuming, and every misuse in one line with exit code 2.
 */
class TextCommandTest {
    private static final int MAX = 12;
    private static Path sentences;
    private static Path molecules;
    private static Path vae;
    private static Path lm;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static List<String> tiny(Object... extra) {
        return Cli.args("--hidden", "16,32", "--latent", "4", "--max-length", MAX, "--min-count", "2",
                "--batch-size", "32", "--lr", "1e-2", "--no-progress", List.of(extra));
    }

    @BeforeAll
    static void trainOnce() {
        Path text = Cli.dataFolder().getParent().resolve("text");
        sentences = text.resolve("wordnet-examples-300.txt");
        molecules = text.resolve("wehi-300.csv");
        vae = shared.resolve("vae");
        lm = shared.resolve("lm");
        Cli.Result trained = Cli.run(Cli.args("train", "--data", "text:" + sentences, "--out", vae, "--epochs", "8",
                "--val", "0.1", "--word-dropout", "0.2", "--kl-warmup", "4", "--kl-anneal", "logistic",
                tiny())).ok();
        assertTrue(trained.out().contains("model    vae, gru embedding 16, state 32, latent 4, "), trained.out());
        // some WordNet sentences have more than 12 words: the cut is counted on the console
        assertTrue(trained.out().matches("(?s).*note     text:.*: [0-9]+ of 300 sequences were longer than 12 word "
                + "tokens and were cut.*"), trained.out());
        Cli.run(Cli.args("train", "--data", "text:" + sentences, "--out", lm, "--family", "lm", "--epochs", "4",
                "--val", "none", "--hidden", "16,32", "--max-length", MAX, "--min-count", "2", "--batch-size", "32",
                "--lr", "1e-2", "--no-progress")).ok();
    }

    /** The corpus lines as the model's tokenizer reads them, cut to the field's length. */
    private static List<List<String>> corpus() throws Exception {
        Tokenizer words = new Tokenizer("word", false);
        return Files.readAllLines(sentences).stream().filter(l -> !l.isBlank()).map(words::tokens)
                .map(t -> t.size() > MAX ? t.subList(0, MAX) : t).toList();
    }

    @Test
    void trainingWritesTextSamplesAndTheVocabularyIntoTheFolder() throws Exception {
        assertEquals(10, Files.readAllLines(vae.resolve("samples.txt")).size());
        List<String> recon = Files.readAllLines(vae.resolve("reconstructions.txt"));
        assertEquals(8, recon.stream().filter(l -> l.startsWith("> ")).count(), String.join("\n", recon));
        JsonNode info = new ObjectMapper().readTree(vae.resolve("vae4j.json").toFile());
        JsonNode field = info.get("schema").get("inputs").get(0);
        assertEquals("tokens", field.get("kind").asText(), field.toString());
        assertEquals(MAX, field.get("maxLength").asInt());
        assertEquals("<pad>", field.get("vocabulary").get(0).asText());
        assertEquals(0.2, info.get("objective").get("wordDropout").asDouble(), 0);
        assertEquals("logistic", info.get("training").get("settings").get("klSchedule").asText());
    }

    @Test
    void sampleIsDeterministicAndBeamOneIsGreedy() throws Exception {
        Cli.Result greedy = Cli.run(Cli.args("sample", "--model", vae, "--count", "5")).ok();
        assertEquals(5, greedy.outLines().size(), greedy.describe());
        assertEquals(greedy.out(), Cli.run(Cli.args("sample", "--model", vae, "--count", "5")).ok().out());
        assertEquals(greedy.out(), Cli.run(Cli.args("sample", "--model", vae, "--count", "5", "--beam", "1")).ok()
                .out());
        String hot1 = Cli.run(Cli.args("sample", "--model", vae, "--count", "5", "--temperature", "1.5", "--seed",
                "1")).ok().out();
        String hot2 = Cli.run(Cli.args("sample", "--model", vae, "--count", "5", "--temperature", "1.5", "--seed",
                "2")).ok().out();
        assertNotEquals(hot1, hot2);
        Path file = dir.resolve("s.txt");
        Cli.Result written = Cli.run(Cli.args("sample", "--model", vae, "--count", "7", "--beam", "3", "--out", file))
                .ok();
        assertTrue(written.out().contains("wrote " + file + ": 7 sequences (beam search of width 3)"), written.out());
        assertEquals(7, Files.readAllLines(file).size());
        Cli.run(Cli.args("sample", "--model", vae, "--beam", "2", "--temperature", "1")).badInput("--beam 2",
                "--temperature 1.0");
        Cli.run(Cli.args("sample", "--model", vae, "--class", "1")).badInput("--class", "token sequences");
    }

    @Test
    void reconstructAndInterpolatePrintTheInputsAsTheModelReadsThem() throws Exception {
        List<List<String>> lines = corpus();
        Cli.Result r = Cli.run(Cli.args("reconstruct", "--model", vae, "--data", "text:" + sentences, "--count", "3"))
                .ok();
        List<String> inputs = r.outLines().stream().filter(l -> l.startsWith("> ")).toList();
        assertEquals(3, inputs.size(), r.describe());
        for (int i = 0; i < 3; i++) {
            // tokens outside the vocabulary (min count 2) read as <unk>
            String expected = String.join(" ", lines.get(i));
            String shown = inputs.get(i).substring(2);
            String[] a = expected.split(" ");
            String[] b = shown.split(" ");
            assertEquals(a.length, b.length, expected + " / " + shown);
            for (int k = 0; k < a.length; k++) {
                assertTrue(b[k].equals(a[k]) || b[k].equals("<unk>"), expected + " / " + shown);
            }
        }
        assertTrue(r.outLines().get(r.outLines().size() - 1).matches("3 sequences of .* decoded from the means of "
                + "q\\(z\\|x\\); [0-3] reconstructed exactly"), r.describe());

        Cli.Result h = Cli.run(Cli.args("interpolate", "--model", vae, "--from", "the patient is breathing", "--to",
                "She spoke about her husband", "--steps", "5")).ok();
        List<String> out = h.outLines();
        assertEquals(7, out.size(), h.describe());
        assertTrue(out.get(0).startsWith("from: the patient is "), h.describe());
        assertTrue(out.get(1).startsWith("0.00  ") && out.get(5).startsWith("1.00  "), h.describe());
        assertTrue(out.get(6).startsWith("to:   she "), h.describe());
        Cli.Result pairs = Cli.run(Cli.args("interpolate", "--model", vae, "--data", "text:" + sentences, "--pairs",
                "0:1,2:3", "--steps", "3")).ok();
        Cli.Result t = Cli.run(Cli.args("traverse", "--model", vae, "--data", "text:" + sentences, "--index", "2",
                "--dims", "2", "--steps", "3")).ok();
        List<String> rows = t.outLines();
        assertEquals(1 + 2 * (1 + 3), rows.size(), t.describe());
        assertTrue(rows.get(0).startsWith("example 2: she "), t.describe());
        assertTrue(rows.get(1).matches("z[1-4] \\(KL [0-9.]+\\)") && rows.get(2).startsWith("  -3.00  ")
                && rows.get(4).startsWith("  +3.00  "), t.describe());
        assertEquals(2, pairs.outLines().stream().filter(l -> l.startsWith("from: ")).count(), pairs.describe());
    }

    @Test
    void evaluateReportsPerplexityFromTheSameNumbersItPrints() throws Exception {
        Cli.Result r = Cli.run(Cli.args("evaluate", "--model", vae, "--data", "text:" + sentences, "--iw-samples",
                "20", "--limit", "60", "--json")).ok();
        JsonNode j = new ObjectMapper().readTree(r.out());
        long tokens = corpus().subList(0, 60).stream().mapToLong(t -> t.size() + 1).sum(); // each sentence's <eos>
        assertEquals(tokens, j.get("tokens").asLong());
        double nll = j.get("negLogLikelihood").asDouble();
        assertEquals(Math.exp(nll * 60 / tokens), j.get("perplexity").asDouble(), 1e-9);
        assertEquals(Math.exp(j.get("negElbo").asDouble() * 60 / tokens), j.get("elboPerplexity").asDouble(), 1e-9);
        // importance weighting with K = 20 tightens the one-sample bound (up to its Monte Carlo error)
        assertTrue(nll <= j.get("negElbo").asDouble() + 0.5, r.out());
        double accuracy = j.get("tokenAccuracy").asDouble();
        assertTrue(accuracy > 0 && accuracy < 1, r.out());
        assertTrue(j.has("exactReconstructions"), r.out());

        Cli.Result table = Cli.run(Cli.args("evaluate", "--model", lm, "--data", "text:" + sentences, "--limit",
                "60")).ok();
        assertTrue(table.out().contains("perplexity") && table.out().contains("from the exact likelihood"),
                table.out());
        JsonNode lmJson = new ObjectMapper().readTree(Cli.run(Cli.args("evaluate", "--model", lm, "--data",
                "text:" + sentences, "--limit", "60", "--json")).ok().out());
        assertEquals(Math.exp(lmJson.get("loss").asDouble() * 60 / tokens), lmJson.get("perplexity").asDouble(),
                1e-9);
    }

    @Test
    void theLanguageModelSamplesButHasNoLatentSpace() {
        Cli.Result s = Cli.run(Cli.args("sample", "--model", lm, "--count", "4")).ok();
        assertEquals(4, s.outLines().size(), s.describe());
        Cli.run(Cli.args("interpolate", "--model", lm, "--from", "the patient", "--to", "she spoke"))
                .badInput("language model", "family lm");
        Cli.run(Cli.args("reconstruct", "--model", lm, "--data", "text:" + sentences)).badInput("language model");
        Cli.run(Cli.args("train", "--data", "text:" + sentences, "--out", dir.resolve("x"), "--family", "lm",
                "--latent", "4")).badInput("--latent", "--family lm has none");
    }

    /** With --val FRACTION the vocabulary counts the training part only: a word seen only in held-out lines is unknown. */
    @Test
    void theVocabularyComesFromTheTrainingPartOnly() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            text.append("the cat sat word").append(i).append('\n');
        }
        Path file = Files.writeString(dir.resolve("words.txt"), text);
        Path out = dir.resolve("split");
        Cli.run(Cli.args("train", "--data", "text:" + file, "--out", out, "--epochs", "1", "--val", "0.5",
                "--hidden", "8,8", "--latent", "2", "--no-progress")).ok();
        JsonNode vocabulary = new ObjectMapper().readTree(out.resolve("vae4j.json").toFile()).get("schema")
                .get("inputs").get(0).get("vocabulary");
        java.util.Set<String> tokens = new java.util.HashSet<>();
        vocabulary.forEach(t -> tokens.add(t.asText()));
        int[][] parts = org.vae4j.data.ExampleSet.splitRows(40, 0.5, 1, "x");
        for (int row : parts[0]) {
            assertTrue(tokens.contains("word" + row), "training line " + row + " in " + tokens);
        }
        for (int row : parts[1]) {
            assertTrue(!tokens.contains("word" + row), "held-out line " + row + " in " + tokens);
        }
        assertEquals(4 + 3 + 20, tokens.size(), tokens.toString());
    }

    @Test
    void aResumedTextRunKeepsItsTokenSettings() throws Exception {
        Path run = dir.resolve("run");
        Cli.run(Cli.args("train", "--data", "text:" + sentences, "--out", run, "--epochs", "1", "--val", "none",
                tiny())).ok();
        Cli.run(Cli.args("train", "--out", run, "--resume", "--epochs", "2", "--no-progress")).ok();
        assertEquals(3, Files.readAllLines(run.resolve("metrics.csv")).size());
        Cli.run(Cli.args("train", "--out", run, "--resume", "--epochs", "3", "--max-length", "20"))
                .badInput("--max-length 20 differs from the run's 12");
        Cli.run(Cli.args("train", "--out", run, "--resume", "--epochs", "3", "--min-count", "2"))
                .badInput("--min-count", "does not apply to a resumed run");
    }

    @Test
    void badTextInputIsOneLineWithExitCodeTwo() throws Exception {
        Path out = dir.resolve("m");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        Cli.run(Cli.args("train", "--data", "text:" + empty, "--out", out)).badInput(empty.toString());
        Path blank = Files.writeString(dir.resolve("blank.txt"), "\n  \n\n");
        Cli.run(Cli.args("train", "--data", "text:" + blank, "--out", out)).badInput(blank.toString());
        Path bad = Files.write(dir.resolve("bad.txt"), new byte[] {'o', 'k', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
        Cli.run(Cli.args("train", "--data", "text:" + bad, "--out", out)).badInput(bad.toString(), "line 2");
        Cli.run(Cli.args("train", "--data", "text:" + sentences, "--out", out, "--max-length", "1"))
                .badInput("--max-length 1", "at least 2");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, "--tokens", "word"))
                .badInput("--tokens applies to text:FILE and smiles:FILE");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, "--family", "lm"))
                .badInput("--family lm models token sequences");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, "--word-dropout", "0.3"))
                .badInput("word dropout applies to sequence decoders");
        Cli.run(Cli.args("train", "--data", "text:" + sentences, "--out", out, "--tokens", "smiles"))
                .badInput("--tokens smiles");
        Cli.run(Cli.args("train", "--data", "smiles:" + molecules, "--out", out, "--tokens", "char"))
                .badInput("--tokens char", "text:FILE --tokens char");
        Cli.run(Cli.args("train", "--data", "text:" + sentences, "--out", out, "--arch", "mlp"))
                .badInput("token sequences need --arch gru");
        Cli.run(Cli.args("train", "--data", "text:" + sentences, "--out", out, "--kl-anneal", "cyclical"))
                .badInput("--kl-anneal cyclical", "--kl-warmup EPOCHS");
        Cli.run(Cli.args("sample", "--model", vae, "--out", dir.resolve("s.png"))).badInput("a text model writes "
                + "text");
        // text to an image model, images to a text model
        Path image = dir.resolve("image");
        Cli.train(image, 1);
        Cli.run(Cli.args("evaluate", "--model", image, "--data", "text:" + sentences)).badInput("text:",
                "but the model reads");
        Cli.run(Cli.args("sample", "--model", image, "--out", dir.resolve("i.png"), "--temperature", "1"))
                .badInput("--temperature applies to text models");
        Cli.run(Cli.args("evaluate", "--model", vae, "--data", Cli.dataSpec())).badInput("images, but the model "
                + "reads token sequences", "text:FILE");
        Cli.run(Cli.args("evaluate", "--model", vae, "--data", "smiles:" + molecules)).badInput("give text:FILE");
        // a sentence of nothing but unknown words is not decoded as <unk>
        Cli.run(Cli.args("interpolate", "--model", vae, "--from", "zyzzyva quokka", "--to", "the patient"))
                .badInput("--from \"zyzzyva quokka\"", "outside the model's vocabulary");
        Path utf = Files.writeString(dir.resolve("u.txt"), "ünïcödé wörds\n", StandardCharsets.UTF_8);
        Cli.run(Cli.args("reconstruct", "--model", vae, "--data", "text:" + utf)).ok();
    }

    @Test
    void smilesModelsReportValidityUniquenessAndNovelty() throws Exception {
        Path out = dir.resolve("smiles");
        Cli.run(Cli.args("train", "--data", "smiles:" + molecules, "--out", out, "--epochs", "3", "--val", "none",
                "--hidden", "16,32", "--latent", "4", "--max-length", "60", "--batch-size", "32", "--lr", "1e-2",
                "--no-progress")).ok();
        Cli.Result s = Cli.run(Cli.args("sample", "--model", out, "--count", "20", "--temperature", "1")).ok();
        List<String> lines = s.outLines();
        assertEquals(23, lines.size(), s.describe());
        // the printed validity is the share of the printed samples that CDK parses, counted here one by one
        long valid = lines.subList(0, 20).stream().filter(org.vae4j.text.Molecules::valid).count();
        assertTrue(lines.get(20).startsWith(String.format(java.util.Locale.ROOT, "validity   %.3f (%d of 20 parse",
                valid / 20.0, valid)), s.describe());
        assertTrue(lines.get(22).startsWith("novelty    "), s.describe());
        JsonNode j = new ObjectMapper().readTree(Cli.run(Cli.args("evaluate", "--model", out, "--data", "smiles:"
                + molecules, "--limit", "20", "--iw-samples", "5", "--molecules", "30", "--json")).ok().out());
        assertEquals(30, j.get("molecules").asInt());
        for (String k : List.of("validity", "uniqueness", "novelty")) {
            double v = j.get(k).asDouble();
            assertTrue(v >= 0 && v <= 1, k + " " + v);
        }
    }
}
