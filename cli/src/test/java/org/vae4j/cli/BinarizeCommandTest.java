package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --binarize} on train and evaluate: recorded with the model, shown, kept on resume, used by evaluate. */
class BinarizeCommandTest {
    @TempDir
    static Path shared;

    static Path model;

    static Cli.Result trained;

    @BeforeAll
    static void trainOnce() {
        model = shared.resolve("model");
        trained = Cli.train(model, 1, "--binarize", "dynamic");
    }

    @Test
    void trainingSaysItBinarizesAndInfoRemembers() {
        assertTrue(trained.out().contains("binarized pixels (dynamic)"), trained::describe);
        Cli.Result info = Cli.run("info", "--model", model.toString()).ok();
        assertTrue(info.out().contains("binarized pixels (dynamic)"), info::describe);
    }

    @Test
    void evaluateScoresBinarizedDataByDefaultAndRawDataOnRequest() throws Exception {
        ObjectMapper json = new ObjectMapper();
        var byDefault = json.readTree(Cli.run("evaluate", "--model", model.toString(), "--data", Cli.dataSpec(),
                "--iw-samples", "5", "--json").ok().out());
        var raw = json.readTree(Cli.run("evaluate", "--model", model.toString(), "--data", Cli.dataSpec(),
                "--iw-samples", "5", "--json", "--binarize", "none").ok().out());
        assertEquals("dynamic", byDefault.path("binarize").asText());
        assertTrue(byDefault.path("data").asText().contains("binarized: dynamic"));
        assertEquals("none", raw.path("binarize").asText());
        assertTrue(byDefault.path("negElbo").asDouble() != raw.path("negElbo").asDouble());
    }

    @Test
    void aResumedRunKeepsItsBinarization(@TempDir Path tmp) {
        Path copy = Cli.copy(model, tmp.resolve("m"));
        Cli.run("train", "--resume", "--out", copy.toString(), "--epochs", "2", "--binarize", "static",
                "--no-progress").badInput("--binarize static", "differs", "dynamic");
        Cli.run("train", "--resume", "--out", copy.toString(), "--epochs", "2", "--binarize", "DYNAMIC",
                "--no-progress").ok();
    }

    @Test
    void anUnknownModeIsAOneLineError(@TempDir Path tmp) {
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", tmp.resolve("x"), Cli.TINY, "--binarize", "coin"))
                .badInput("--binarize", "coin", "THRESHOLD", "case-insensitive");
    }
}
