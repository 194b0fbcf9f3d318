package org.vae4j.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An objective's loss and terms on some data, each the mean per example, in nats.
 *
 * @param loss the objective's reported loss (for a VAE recon + beta * KL)
 * @param terms each term's mean, in the objective's order
 */
public record TermValues(double loss, Map<String, Double> terms) {
    /** Keeps an unmodifiable copy of the terms in their order. */
    public TermValues {
        terms = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(terms, "terms")));
    }

    /**
     * @param name a term's name
     * @return its mean
     * @throws IllegalArgumentException if the objective has no such term
     */
    public double term(String name) {
        Double v = terms.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no term '" + name + "' among " + terms.keySet());
        }
        return v;
    }
}
