package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.io.ModelFolder;
import org.vae4j.io.ModelStore;

/**
 * A reader in one JVM and a training run writing a checkpoint after every epoch in another: readers never change the
 * folder and hold the shared lock while they read, so neither side fails, and every read sees one whole version.
 */
class ConcurrentReaderTest {
    private static final int EPOCHS = 80;

    @Test
    void readingInALoopWhileAnotherJvmTrainsFailsNeitherSide(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dai.djl.offline=true",
                Main.class.getName()));
        command.addAll(Cli.args("train", "--data", Cli.dataSpec(), "--out", out, "--hidden", "8", "--latent", "2",
                "--batch-size", "100", "--no-progress", "--val", "0.2", "--epochs", String.valueOf(EPOCHS)));
        Path log = tmp.resolve("train.log");
        Process trainer = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int loads = 0;
        int infos = 0;
        int lastEpochs = 0;
        boolean sawGrowth = false;
        try {
            while (trainer.isAlive()) {
                if (!ModelStore.exists(out)) {
                    assertTrue(lastEpochs == 0, "the folder vanished after " + lastEpochs + " epochs");
                    Thread.sleep(5);
                    continue;
                }
                try (ModelFolder m = ModelStore.load(out)) {
                    int epochs = m.metrics().size();
                    assertEquals(epochs, m.info().training().epochsCompleted(),
                            "vae4j.json and metrics.csv of one version");
                    assertTrue(epochs >= lastEpochs, "a read went back from " + lastEpochs + " to " + epochs);
                    sawGrowth |= lastEpochs > 0 && epochs > lastEpochs;
                    lastEpochs = epochs;
                    loads++;
                }
                if (loads % 5 == 0) {
                    Cli.run("info", "--model", out.toString()).ok();
                    infos++;
                }
            }
        } finally {
            trainer.destroyForcibly();
        }
        assertTrue(trainer.waitFor(60, TimeUnit.SECONDS));
        String trained = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, trainer.exitValue(), "the training run failed:\n" + trained);
        assertTrue(trained.contains("epoch " + EPOCHS + "/" + EPOCHS), trained);
        assertTrue(loads >= 20 && infos >= 4 && sawGrowth, "too few reads during the run to test anything: "
                + loads + " loads, " + infos + " info commands");
        try (ModelFolder done = ModelStore.load(out)) {
            assertEquals(EPOCHS, done.metrics().size());
        }
        try (var siblings = Files.list(tmp)) {
            assertEquals(List.of(".run.lock", "run", "train.log"),
                    siblings.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary folders left beside the run");
        }
    }

}
