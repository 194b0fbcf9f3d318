package org.vae4j.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Named implementations, in registration order: the families and the architectures. Thread-safe. */
final class Registry<T> {
    private final String kind;
    private final Function<T, String> name;
    private final Map<String, T> entries = new LinkedHashMap<>();

    /**
     * @param kind what the entries are, for messages, e.g. {@code family}
     * @param name an entry's name
     */
    Registry(String kind, Function<T, String> name) {
        this.kind = kind;
        this.name = name;
    }

    synchronized void register(T entry) {
        entries.put(name.apply(entry), entry);
    }

    synchronized Optional<T> find(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    T get(String key) {
        return find(key).orElseThrow(() -> new IllegalArgumentException(
                "unknown " + kind + " '" + key + "': expected one of " + String.join(", ", names())));
    }

    synchronized List<String> names() {
        return new ArrayList<>(entries.keySet());
    }
}
