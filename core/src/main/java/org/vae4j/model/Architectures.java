package org.vae4j.model;

import java.util.List;
import java.util.Optional;

/**
 * The architectures by name: {@code mlp}, {@code conv} and {@code gru} built in, others added with {@link #register}.
 */
public final class Architectures {
    private static final Registry<Architecture> REGISTRY = new Registry<>("architecture", Architecture::name);

    static {
        register(new MlpArchitecture());
        register(new ConvArchitecture());
        register(new RecurrentArchitecture());
    }

    private Architectures() {}

    /**
     * Adds an architecture, or replaces the one of the same name.
     *
     * @param architecture the architecture
     */
    public static void register(Architecture architecture) {
        REGISTRY.register(architecture);
    }

    /**
     * @param name an architecture's name
     * @return the architecture, if known
     */
    public static Optional<Architecture> find(String name) {
        return REGISTRY.find(name);
    }

    /**
     * @param name an architecture's name
     * @return the architecture
     * @throws IllegalArgumentException naming the known architectures
     */
    public static Architecture get(String name) {
        return REGISTRY.get(name);
    }

    /** @return the known names, in registration order */
    public static List<String> names() {
        return REGISTRY.names();
    }
}
