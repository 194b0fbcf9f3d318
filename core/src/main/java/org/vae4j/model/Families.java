package org.vae4j.model;

import java.util.List;
import java.util.Optional;

/**
 * The model families by name: {@code vae}, {@code complete} and {@code baseline} built in, others added with
 * {@link #register}.
 */
public final class Families {
    private static final Registry<Family> REGISTRY = new Registry<>("family", Family::name);

    static {
        register(new VaeFamily());
        register(CompletionFamily.complete());
        register(CompletionFamily.baseline());
        register(new LanguageModelFamily());
    }

    private Families() {}

    /**
     * Adds a family, or replaces the one of the same name.
     *
     * @param family the family
     */
    public static void register(Family family) {
        REGISTRY.register(family);
    }

    /**
     * @param name a family's name
     * @return the family, if known
     */
    public static Optional<Family> find(String name) {
        return REGISTRY.find(name);
    }

    /**
     * @param name a family's name
     * @return the family
     * @throws IllegalArgumentException naming the known families
     */
    public static Family get(String name) {
        return REGISTRY.get(name);
    }

    /** @return the known names, in registration order */
    public static List<String> names() {
        return REGISTRY.names();
    }
}
