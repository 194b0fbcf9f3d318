package org.vae4j.cli;

import java.nio.file.Path;
import org.vae4j.io.ModelFolder;
import org.vae4j.io.ModelStore;
import picocli.CommandLine.Option;

/** The {@code --model DIR} option of commands that use a trained model. */
final class ModelOption {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model folder written by train.")
    Path dir;

    ModelFolder load() {
        return ModelStore.load(dir);
    }
}
