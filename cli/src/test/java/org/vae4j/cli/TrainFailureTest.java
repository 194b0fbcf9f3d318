package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code vae4j train} with bad option values (exit 2) and with a diverging loss (exit 1). */
class TrainFailureTest {

    /** Starts a quick run on the shipped data; options in {@code extra} replace the quick defaults. */
    private static Cli.Result train(Path out, String... extra) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--hidden", "32");
        options.put("--latent", "2");
        options.put("--batch-size", "64");
        options.put("--epochs", "1");
        for (int i = 0; i < extra.length; i += 2) {
            options.put(extra[i], extra[i + 1]);
        }
        List<String> args = Cli.args("train", "--data", Cli.dataSpec(), "--out", out, "--no-progress");
        options.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return Cli.run(args);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--likelihood|poisson|poisson",
                "--likelihood|Gaussian|Gaussian",
                "--lr|abc|abc",
                "--epochs|ten|ten",
                "--seed|x|--seed",
                "--hidden|32,x|x",
                "--val|1.5|--val",
                "--val|0|--val",
                "--val|-0.5|--val",
                "--image-size|0|--image-size",
            })
    void badOptionValueIsAUsageError(String option, String value, String named, @TempDir Path tmp) {
        Path out = tmp.resolve("out");
        train(out, option, value).badInput(named);
        assertFalse(Files.exists(out), "nothing written for a usage error");
    }

    @Test
    void nonNumericLearningRateNamesTheOption(@TempDir Path tmp) {
        Cli.Result r = train(tmp.resolve("out"), "--lr", "abc").badInput("abc");
        // picocli names the option by its longest alias.
        assertTrue(r.err().contains("--lr"), r::describe);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--epochs|0|--epochs",
                "--batch-size|0|--batch-size",
                "--lr|-1|--lr",
                "--lr|NaN|--lr",
                "--latent|0|--latent",
                "--hidden|0|--hidden",
                "--sigma|0|--sigma",
                "--beta|-1|--beta",
            })
    void outOfRangeValueIsAUsageError(String option, String value, String field, @TempDir Path tmp) {
        Path out = tmp.resolve("out");
        train(out, option, value).badInput(field, value);
        assertFalse(Files.exists(out), "nothing written for a usage error");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {"--epochs|0", "--batch-size|0", "--lr|-1", "--latent|0", "--sigma|0",
        "--beta|-1", "--hidden|0", "--hidden|32,-4"})
    void outOfRangeValueNamesTheOption(String option, String value, @TempDir Path tmp) {
        train(tmp.resolve("out"), option, value).badInput(option);
    }

    @Test
    void unknownValidationSpecNamesVal(@TempDir Path tmp) {
        train(tmp.resolve("out"), "--val", "abc").badInput("--val", "abc");
    }

    @Test
    void unknownValidationSpecIsAUsageError(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        train(out, "--val", "abc").badInput("abc");
        assertFalse(Files.exists(out.resolve("vae4j.json")));
    }

    /** Divergence the trainer detects: a huge step on a very sharp gaussian likelihood. */
    private static final String[] DIVERGING_IN_EPOCH_1 = {"--likelihood", "gaussian", "--sigma", "1e-3", "--lr", "1e6"};

    /**
     * A large step that overflows within a few batches. Whether an epoch completes first depends on the numbers;
     * the test checks both outcomes (and TrainerTest checks the kept checkpoint of a run that diverges in epoch 2).
     */
    private static final String[] DIVERGING_LATER = {"--likelihood", "gaussian", "--sigma", "1e-3", "--lr", "300"};

    @Test
    void lossBecomingNaNOrInfinityExitsOneAndKeepsTheLastCheckpoint(@TempDir Path tmp) {
        Path out = tmp.resolve("diverged");
        Cli.Result r = Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, Cli.TINY, "--val", "0.2",
                "--epochs", "3", Arrays.asList(DIVERGING_LATER)));
        assertEquals(Main.FAILED, r.code(), r::describe);
        r.oneLineError("vae4j train");
        assertTrue(r.err().contains("NaN") || r.err().contains("Infinity"), r::describe);
        assertTrue(r.err().contains("--lr"), () -> "suggests a remedy\n" + r.describe());
        assertFalse(r.out().contains("done:"), r::describe);

        Matcher kept = Pattern.compile("keeps the model of epoch (\\d+)").matcher(r.err());
        if (kept.find()) {
            int epoch = Integer.parseInt(kept.group(1));
            Cli.Result info = Cli.run(Cli.args("info", "--model", out)).ok();
            assertTrue(info.out().contains(epoch + " of 3 epochs"), info::describe);
            assertEquals(epoch + 1, Cli.read(out.resolve("metrics.csv")).lines().count());
        } else {
            assertTrue(r.err().contains("nothing was saved"), r::describe);
            assertFalse(Files.exists(out.resolve("vae4j.json")), r::describe);
        }
        // No half-written sibling is left behind, only the folder's lock file.
        try (var siblings = Files.list(tmp)) {
            assertTrue(siblings.allMatch(p -> p.getFileName().toString().matches("\\.?diverged(\\.lock)?")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void divergenceInTheFirstEpochSavesNothing(@TempDir Path tmp) {
        Path out = tmp.resolve("diverged");
        Cli.Result r = Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, Cli.TINY, "--val", "0.2",
                "--epochs", "2", Arrays.asList(DIVERGING_IN_EPOCH_1)));
        assertEquals(Main.FAILED, r.code(), r::describe);
        r.oneLineError("epoch 1");
        assertTrue(r.err().contains("NaN") || r.err().contains("Infinity"), r::describe);
        assertFalse(Files.exists(out.resolve("vae4j.json")), r::describe);
    }

    @Test
    void divergenceUnderForceLeavesThePreviousModelIntact(@TempDir Path tmp) {
        Path out = tmp.resolve("model");
        Cli.train(out, 1);
        byte[] weights = Cli.bytes(out.resolve("weights.params"));
        String json = Cli.read(out.resolve("vae4j.json"));

        Cli.Result r = Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, Cli.TINY, "--val", "0.2",
                "--epochs", "2", "--force", Arrays.asList(DIVERGING_IN_EPOCH_1)));
        assertEquals(Main.FAILED, r.code(), r::describe);
        assertTrue(r.err().contains("NaN") || r.err().contains("Infinity"), r::describe);
        r.oneLineError();

        assertArrayEquals(weights, Cli.bytes(out.resolve("weights.params")), "the previous model was damaged");
        assertEquals(json, Cli.read(out.resolve("vae4j.json")));
        Cli.Result info = Cli.run(Cli.args("info", "--model", out)).ok();
        assertTrue(info.out().contains("1 of 1 epochs"), info::describe);
        assertTrue(info.out().contains("bernoulli"), info::describe);
    }
}
