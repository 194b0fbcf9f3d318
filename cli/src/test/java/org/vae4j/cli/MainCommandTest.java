package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
        assertTrue(r.out().contains("engine threads: "), r::describe);
        assertEquals("", r.err(), r::describe);
    }

    /** The thread line shows what the engine was told, intra-op and inter-op apart: a JVM started with 1 and 3. */
    @Test
    void versionShowsTheEngineThreadsAJvmWasStartedWith() throws Exception {
        List<String> command = List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=3",
                Main.class.getName(), "--version");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("engine threads: 1 intra-op, 3 inter-op"), out);
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
