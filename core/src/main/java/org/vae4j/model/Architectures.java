package org.vae4j.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The architectures by name: {@code mlp} and {@code conv} built in, others added with {@link #register}. */
public final class Architectures {
    private static final Map<String, Architecture> REGISTRY = new LinkedHashMap<>();

    static {
        register(new MlpArchitecture());
        register(new ConvArchitecture());
    }

    private Architectures() {}

    /**
     * Adds an architecture, or replaces the one of the same name.
     *
     * @param architecture the architecture
     */
    public static synchronized void register(Architecture architecture) {
        REGISTRY.put(architecture.name(), architecture);
    }

    /**
     * @param name an architecture's name
     * @return the architecture, if known
     */
    public static synchronized Optional<Architecture> find(String name) {
        return Optional.ofNullable(REGISTRY.get(name));
    }

    /**
     * @param name an architecture's name
     * @return the architecture
     * @throws IllegalArgumentException naming the known architectures
     */
    public static Architecture get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown architecture '" + name + "': expected one of " + String.join(", ", names())));
    }

    /** @return the known names, in registration order */
    public static synchronized List<String> names() {
        return new ArrayList<>(REGISTRY.keySet());
    }
}
