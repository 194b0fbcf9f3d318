package org.vae4j;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions of vae4j and of the engine under it, for provenance and {@code --version}. */
public final class Versions {
    private Versions() {}

    /** @return this vae4j build's version, e.g. {@code 0.1.0-SNAPSHOT} */
    public static String vae4j() {
        try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return DJL's version */
    public static String djl() {
        return Engine.getDjlVersion();
    }

    /** @return the engine's name and version, e.g. {@code PyTorch 2.7.1}; loads the engine */
    public static String engine() {
        Engine engine = Engine.getInstance();
        return engine.getEngineName() + " " + engine.getVersion();
    }
}
