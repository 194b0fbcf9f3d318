package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vae4j info}: what a model folder holds. */
class InfoCommandTest {
    @TempDir
    static Path shared;

    static Path model;

    @BeforeAll
    static void trainOnce() {
        model = shared.resolve("model");
        Cli.train(model, 2, "--beta", "0.5");
    }

    @Test
    void describesArchitectureDataTrainingAndProvenance() {
        Cli.Result r = Cli.run(Cli.args("info", "--model", model)).ok();
        assertEquals("", r.err(), r::describe);
        String out = r.out();
        assertTrue(out.contains("mlp 784-32-2"), r::describe);
        assertTrue(out.contains("bernoulli"), r::describe);
        assertTrue(out.contains("beta 0.5"), r::describe);
        assertTrue(out.contains("1x28x28"), r::describe);
        assertTrue(out.contains("2 of 2 epochs"), r::describe);
        assertTrue(out.contains("batch 64"), r::describe);
        assertTrue(out.contains("160 training examples"), r::describe);
        assertTrue(out.contains("last epoch") && out.contains("2: train"), r::describe);
        assertTrue(out.contains("validation"), r::describe);
        assertTrue(out.contains("PyTorch"), r::describe);
        assertTrue(out.contains("vae4j-model v2"), r::describe);
        assertTrue(out.contains("recon (") && out.contains("kl ("), "the objective's terms\n" + r.describe());
    }
}
