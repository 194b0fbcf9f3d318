package org.vae4j.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The model families by name: {@code vae} built in, others added with {@link #register}. */
public final class Families {
    private static final Map<String, Family> REGISTRY = new LinkedHashMap<>();

    static {
        register(new VaeFamily());
    }

    private Families() {}

    /**
     * Adds a family, or replaces the one of the same name.
     *
     * @param family the family
     */
    public static synchronized void register(Family family) {
        REGISTRY.put(family.name(), family);
    }

    /**
     * @param name a family's name
     * @return the family, if known
     */
    public static synchronized Optional<Family> find(String name) {
        return Optional.ofNullable(REGISTRY.get(name));
    }

    /**
     * @param name a family's name
     * @return the family
     * @throws IllegalArgumentException naming the known families
     */
    public static Family get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown family '" + name + "': expected one of " + String.join(", ", names())));
    }

    /** @return the known names, in registration order */
    public static synchronized List<String> names() {
        return new ArrayList<>(REGISTRY.keySet());
    }
}
