package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training process killed mid-run (SIGTERM, as Ctrl-C's orderly shutdown, or SIGKILL) leaves a loadable model
 * folder, and {@code --resume} then reaches the very weights of an uninterrupted run.
 */
class KillAndResumeTest {
    private static final int EPOCHS = 30;

    private static List<String> trainArgs(Path out) {
        return Cli.args("train", "--data", Cli.dataSpec(), "--out", out, Cli.TINY, "--val", "0.2",
                "--epochs", String.valueOf(EPOCHS), "--seed", "3");
    }

    /** Starts training in a separate JVM and kills it once a few epochs are reported. */
    private static int trainAndKill(Path out, boolean forcibly) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dai.djl.offline=true",
                Main.class.getName()));
        command.addAll(trainArgs(out));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        int seen = 0;
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("epoch") && ++seen == 4) {
                    if (forcibly) {
                        p.destroyForcibly();
                    } else {
                        p.destroy();
                    }
                    break;
                }
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the killed process did not end");
        return seen;
    }

    @ParameterizedTest(name = "forcibly={0}")
    @ValueSource(booleans = {false, true})
    void aKilledRunResumesToTheUninterruptedResult(boolean forcibly, @TempDir Path tmp) throws Exception {
        Path straight = tmp.resolve("straight");
        Cli.run(trainArgs(straight).toArray(String[]::new)).ok();

        Path killed = tmp.resolve("killed");
        assertEquals(4, trainAndKill(killed, forcibly), "the run reported 4 epochs before it was killed");
        // Whatever moment the kill hit, the folder loads (readers see the version an interrupted swap would keep).
        Cli.Result info = Cli.run("info", "--model", killed.toString()).ok();
        assertTrue(info.out().contains("of " + EPOCHS + " epochs"), info::describe);

        Cli.run(Cli.args("train", "--out", killed, "--resume", "--no-progress").toArray(String[]::new)).ok();
        assertArrayEquals(Cli.bytes(straight.resolve("weights.params")), Cli.bytes(killed.resolve("weights.params")),
                "resumed weights differ from the uninterrupted run");
        assertArrayEquals(Cli.bytes(straight.resolve("optimizer.state")),
                Cli.bytes(killed.resolve("optimizer.state")));
        try (var siblings = Files.list(tmp)) {
            assertEquals(List.of(".killed.lock", ".straight.lock", "killed", "straight"),
                    siblings.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary folders left beside the runs, only their lock files");
        }
    }
}
