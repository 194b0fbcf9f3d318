package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vae4j evaluate}: the importance-weighted log-likelihood, the negative ELBO and its two terms, per-dimension
 * KL and active units, as text or JSON, reproducible by seed.
 */
class EvaluateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    static Path model;

    @BeforeAll
    static void trainOnce() {
        model = shared.resolve("model");
        Cli.train(model, 2);
    }

    private static Cli.Result evaluate(String... extra) {
        return Cli.run(Cli.args("evaluate", "--model", model, "--data", Cli.dataSpec(), Arrays.asList(extra)));
    }

    @Test
    void plainOutputShowsTheNegativeElboAndItsTerms() {
        Cli.Result r = evaluate().ok();
        assertEquals("", r.err(), r::describe);
        double negElbo = number(r.out(), "negative ELBO");
        double recon = number(r.out(), "reconstruction");
        double kl = number(r.out(), "KL");
        assertTrue(r.out().contains("nats"), r::describe);
        assertTrue(r.out().contains("200 examples"), r::describe);
        // Printed with three decimals.
        assertEquals(negElbo, recon + kl, 0.0021, r::describe);
        assertTrue(kl >= 0, r::describe);
    }

    @Test
    void jsonParsesAndAddsUp() throws Exception {
        Cli.Result r = evaluate("--json").ok();
        JsonNode j = JSON.readTree(r.out());
        for (String f : new String[] {"negElbo", "reconstruction", "kl"}) {
            assertTrue(j.path(f).isNumber(), () -> f + " is not a number\n" + r.describe());
        }
        double negElbo = j.path("negElbo").asDouble();
        assertEquals(negElbo, j.path("reconstruction").asDouble() + j.path("kl").asDouble(), 1e-6);
        assertTrue(j.path("kl").asDouble() >= 0);
        // Below 784 ln 2 = 543.4 nats, the cost of p = 1/2 for every pixel that an untrained model's logits near 0 give.
        assertTrue(negElbo > 0 && negElbo < 784 * Math.log(2), "a trained model's nats per image: " + negElbo);
        assertEquals(200, j.path("count").asInt());
        assertEquals(1, j.path("seed").asInt());
        assertEquals(Cli.dataSpec(), j.path("data").asText());
    }

    @Test
    void theSameSeedGivesTheSameNumbers() throws Exception {
        JsonNode a = JSON.readTree(evaluate("--json", "--seed", "11").ok().out());
        JsonNode b = JSON.readTree(evaluate("--json", "--seed", "11").ok().out());
        JsonNode c = JSON.readTree(evaluate("--json", "--seed", "12").ok().out());
        for (String f : new String[] {"negElbo", "reconstruction", "kl"}) {
            assertEquals(a.path(f).asDouble(), b.path(f).asDouble(), 0.0, f);
        }
        // The reconstruction term uses one posterior sample, so another seed gives another estimate.
        assertNotEquals(a.path("negElbo").asDouble(), c.path("negElbo").asDouble());
        // The plain form shows the same numbers.
        Cli.Result plain = evaluate("--seed", "11").ok();
        assertEquals(a.path("negElbo").asDouble(), number(plain.out(), "negative ELBO"), 0.0006);
    }

    @Test
    void evaluatesTheUnlabeledImagesToo() throws Exception {
        Cli.Result r = Cli.run(Cli.args("evaluate", "--model", model, "--data", "idx:" + Cli.images(), "--json",
                "--seed", "3")).ok();
        JsonNode labeled = JSON.readTree(evaluate("--json", "--seed", "3").ok().out());
        assertEquals(labeled.path("negElbo").asDouble(), JSON.readTree(r.out()).path("negElbo").asDouble(), 0.0,
                "labels do not change the score");
    }

    /** @return the first number after {@code label} at the start of a line (after spaces) */
    private static double number(String out, String label) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(label) + "\\s+(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)")
                .matcher(out);
        assertTrue(m.find(), () -> "no '" + label + "' line in\n" + out);
        return Double.parseDouble(m.group(1).toLowerCase(Locale.ROOT));
    }

    @Test
    void jsonHasTheImportanceWeightedLikelihoodPerDimensionKlAndActiveUnits() throws Exception {
        Cli.Result r = evaluate("--json", "--iw-samples", "200").ok();
        JsonNode j = JSON.readTree(r.out());
        double nll = j.path("negLogLikelihood").asDouble();
        assertEquals(-nll, j.path("logLikelihood").asDouble(), 0.0);
        assertEquals(200, j.path("iwSamples").asInt());
        assertTrue(j.path("logLikelihoodStandardError").asDouble() > 0, r::describe);
        // 200 importance samples give a tighter bound than the ELBO: -log p(x) below the negative ELBO.
        assertTrue(nll < j.path("negElbo").asDouble(), r::describe);
        // One importance sample is the ELBO in expectation: the two estimators agree within their noise.
        JsonNode one = JSON.readTree(evaluate("--json", "--iw-samples", "1", "--seed", "5").ok().out());
        double nll1 = one.path("negLogLikelihood").asDouble();
        assertEquals(one.path("negElbo").asDouble(), nll1, 4 * one.path("logLikelihoodStandardError").asDouble()
                + 0.05, "K=1 against the ELBO");
        assertTrue(nll < nll1, "K=200 is a tighter bound than K=1: " + nll + " vs " + nll1);
        JsonNode perDim = j.path("klPerDimension");
        assertEquals(2, perDim.size(), r::describe);
        assertEquals(j.path("kl").asDouble(), perDim.get(0).asDouble() + perDim.get(1).asDouble(), 1e-6);
        // Active units, independently: the variance over the data of each dimension's posterior mean, from the
        // model's encoder through the Java API.
        double[] variance = new double[2];
        try (org.vae4j.io.ModelFolder saved = org.vae4j.io.ModelStore.load(model)) {
            float[] mu = saved.model().encode(new org.vae4j.data.DataSources().loadImages(Cli.dataSpec(), "data")).mu();
            int n = mu.length / 2;
            for (int u = 0; u < 2; u++) {
                double mean = 0;
                for (int i = 0; i < n; i++) {
                    mean += mu[i * 2 + u] / n;
                }
                for (int i = 0; i < n; i++) {
                    variance[u] += (mu[i * 2 + u] - mean) * (mu[i * 2 + u] - mean) / n;
                }
            }
        }
        int above = 0;
        for (int u = 0; u < 2; u++) {
            assertEquals(variance[u], j.path("posteriorMeanVariance").get(u).asDouble(), 1e-4 * (1 + variance[u]));
            above += variance[u] > 0.01 ? 1 : 0;
        }
        assertEquals(above, j.path("activeUnits").asInt(), r::describe);
        assertEquals("none", j.path("binarize").asText());
    }

    @Test
    void thePlainTableShowsTheLikelihoodTheGapAndTheLatentDimensions() {
        Cli.Result r = evaluate("--iw-samples", "100").ok();
        double nll = number(r.out(), "-log p(x)");
        double negElbo = number(r.out(), "negative ELBO");
        assertEquals(negElbo - nll, number(r.out(), "ELBO gap"), 0.0021, r::describe);
        assertTrue(r.out().contains("K=100"), r::describe);
        assertTrue(r.out().contains("active units"), r::describe);
        assertTrue(r.out().contains("z1") && r.out().contains("z2"), r::describe);
    }

    @Test
    void limitScoresTheFirstExamplesOnly() throws Exception {
        JsonNode j = JSON.readTree(evaluate("--json", "--iw-samples", "10", "--limit", "50").ok().out());
        assertEquals(50, j.path("count").asInt());
        assertTrue(j.path("data").asText().contains("first 50"));
    }

    @Test
    void binarizedDataScoresDifferentlyAndIsNamed() throws Exception {
        JsonNode j = JSON.readTree(evaluate("--json", "--iw-samples", "10", "--binarize", "threshold").ok().out());
        JsonNode plain = JSON.readTree(evaluate("--json", "--iw-samples", "10").ok().out());
        assertEquals("threshold", j.path("binarize").asText());
        assertNotEquals(plain.path("negElbo").asDouble(), j.path("negElbo").asDouble());
    }

    @Test
    void badSampleCountsLimitsAndBinarizationsAreOneLineErrors() {
        evaluate("--iw-samples", "0").badInput("--iw-samples", "0", ">= 1");
        evaluate("--iw-samples", "-5").badInput("--iw-samples", "-5");
        evaluate("--limit", "0").badInput("--limit", "0");
        evaluate("--binarize", "sometimes").badInput("--binarize", "sometimes", "DYNAMIC");
    }
}
