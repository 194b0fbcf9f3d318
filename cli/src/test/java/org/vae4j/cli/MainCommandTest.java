package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vae4j.Versions;

/** The top-level command: version, help, and what happens without a valid command. */
class MainCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"--version", "-V"})
    void versionNamesVae4jDjlAndPyTorch(String option) {
        Cli.Result r = Cli.run(option).ok();
        assertTrue(r.out().contains("vae4j " + Versions.vae4j()), r::describe);
        assertTrue(r.out().contains("DJL " + Versions.djl()), r::describe);
        assertTrue(r.out().contains("PyTorch"), r::describe);
        assertTrue(r.out().contains(Versions.engine()), r::describe);
        // the engine's pools, as PyTorch itself reports them
        assertTrue(r.out().contains("engine threads: " + ai.djl.pytorch.jni.JniUtils.getNumThreads() + " intra-op, "
                + ai.djl.pytorch.jni.JniUtils.getNumInteropThreads() + " inter-op"), r::describe);
        assertEquals("", r.err(), r::describe);
    }

    @Test
    void topLevelHelpListsCommandsOptionsAndExitCodes() {
        Cli.Result r = Cli.run("--help").ok();
        assertTrue(r.out().startsWith("Usage: vae4j"), r::describe);
        for (String word : new String[] {"train", "sample", "reconstruct", "evaluate", "info", "interpolate",
            "traverse", "encode", "plot", "--verbose", "--version", "Exit codes"}) {
            assertTrue(r.out().contains(word), () -> "help should mention " + word + "\n" + r.describe());
        }
        assertEquals("", r.err(), r::describe);
    }

    @ParameterizedTest(name = "{0} --help")
    @CsvSource(
            delimiter = '|',
            value = {
                "train|--data,--out,--resume,--force,--epochs,--batch-size,--lr,--seed,--hidden,--latent,--beta,"
                        + "--likelihood,--sigma,--val,--no-progress,--data-dir,--no-download,--image-size",
                "sample|--model,--count,--columns,--seed,--out",
                "reconstruct|--model,--data,--count,--columns,--out,--data-dir,--no-download,--image-size",
                "evaluate|--model,--data,--iw-samples,--limit,--binarize,--seed,--json,--data-dir,--no-download",
                "interpolate|--model,--data,--pairs,--from,--to,--steps,--method,--out",
                "traverse|--model,--data,--index,--range,--steps,--dims,--out",
                "encode|--model,--data,--out,--log-var",
                "info|--model"
            })
    void eachCommandHasHelpNamingItsOptions(String command, String options) {
        Cli.Result r = Cli.run(command, "--help").ok();
        assertTrue(r.out().startsWith("Usage: vae4j " + command), r::describe);
        for (String option : options.split(",")) {
            assertTrue(r.out().contains(option), () -> "help should mention " + option + "\n" + r.describe());
        }
        assertEquals("", r.err(), r::describe);
        // "vae4j help COMMAND" says the same.
        assertEquals(r.out(), Cli.run("help", command).ok().out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "sample", "reconstruct", "evaluate", "info", "interpolate", "traverse", "encode", "plot"})
    void subcommandVersionPrintsTheVersions(String command) {
        Cli.Result r = Cli.run(command, "--version").ok();
        assertTrue(r.out().contains("vae4j " + Versions.vae4j()), r::describe);
    }

    @Test
    void noCommandIsAUsageError() {
        Cli.Result r = Cli.run().oneLineError("command is required", "train", "evaluate", "traverse", "plot");
        assertEquals(Main.BAD_INPUT, r.code(), r::describe);
        assertEquals("", r.out(), r::describe);
    }

    @Test
    void unknownCommandIsAUsageError() {
        Cli.run("bogus").badInput("bogus");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Cli.run("info", "--model", "x", "--frobnicate").badInput("--frobnicate", "vae4j info");
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        Cli.run("sample", "--out", "x.png").badInput("--model");
    }
}
