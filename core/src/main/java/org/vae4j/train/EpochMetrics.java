package org.vae4j.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one training epoch measured: the loss and the objective's named terms on the training data (means over the
 * epoch's examples) and on the validation set, and the parts of terms that have them (for a VAE the KL of every
 * latent dimension).
 *
 * @param epoch the epoch number, from 1
 * @param train the training loss and terms, mean per example over the epoch
 * @param validation the validation loss and terms, or {@code null} without a validation set
 * @param seconds wall-clock seconds spent on the training pass of this epoch
 * @param parts for terms made of parts, each part's training mean (the parts add up to the term); may be empty
 */
public record EpochMetrics(
        int epoch, TermValues train, TermValues validation, double seconds, Map<String, List<Double>> parts) {

    /** Keeps unmodifiable copies. */
    public EpochMetrics {
        Objects.requireNonNull(train, "train");
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        if (parts != null) {
            parts.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        }
        parts = Collections.unmodifiableMap(copy);
    }

    /** @return whether validation values are present */
    public boolean hasValidation() {
        return validation != null;
    }

    /** @return the mean training loss */
    public double trainLoss() {
        return train.loss();
    }

    /** @return the validation loss, or {@code null} */
    public Double valLoss() {
        return validation == null ? null : validation.loss();
    }

    /**
     * @param term a term's name
     * @return its parts' training means, empty when the term has none
     */
    public List<Double> partsOf(String term) {
        return parts.getOrDefault(term, List.of());
    }
}
