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

/** {@code vae4j evaluate}: the negative ELBO and its two terms, as text or JSON, reproducible by seed. */
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
        assertTrue(r.out().contains("200 images"), r::describe);
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
        assertTrue(negElbo > 0 && negElbo < 784 * 2, "plausible nats per Fashion-MNIST image: " + negElbo);
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
}
