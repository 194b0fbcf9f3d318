package org.vae4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.vae4j.BadInputException;

/** Option checks picocli's types do not cover, each failing with a one-line {@link BadInputException}. */
final class Checks {
    private Checks() {}

    static void positive(String option, int value, int max) {
        if (value <= 0 || value > max) {
            throw new BadInputException(option + " " + value + ": expected a whole number from 1 to " + max);
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
