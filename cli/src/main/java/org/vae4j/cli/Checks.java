package org.vae4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.vae4j.BadInputException;
import org.vae4j.data.ExampleSet;

/** Option checks picocli's types do not cover, each failing with a one-line {@link BadInputException}. */
final class Checks {
    private Checks() {}

    static void positive(String option, int value, int max) {
        if (value <= 0 || value > max) {
            throw new BadInputException(option + " " + value + ": expected a whole number from 1 to " + max);
        }
    }

    static void between(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new BadInputException(option + " " + value + ": expected a whole number from " + min + " to " + max);
        }
    }

    /**
     * Checks an example index against a dataset.
     *
     * @param what the start of the message, naming the option and the index, e.g. {@code --index 500}
     */
    static void exampleIndex(String what, long index, ExampleSet data) {
        if (index < 0 || index >= data.size()) {
            int n = data.size();
            throw new BadInputException(what + " is out of range, " + data.name() + " has "
                    + (n == 1 ? "1 example (0)" : n + " examples (0-" + (n - 1) + ")"));
        }
    }

    static void pngPath(String option, Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png")) {
            throw new BadInputException(option + " " + file + ": expected a file name ending in .png");
        }
        if (Files.isDirectory(file)) {
            throw new BadInputException(option + " " + file + ": is a folder, expected a PNG file name");
        }
    }
}
