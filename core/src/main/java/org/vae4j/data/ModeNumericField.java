package org.vae4j.data;

import java.util.List;
import java.util.Objects;

/**
 * A table's numeric column under mode-specific normalisation (TVAE, Xu et al. 2019): a Gaussian mixture fitted to
 * the training values, each value coded as the one-hot mode k it most likely came from and its offset
 * {@code (value - mean_k) / sd_k} within that mode. It takes 1 + K values of the input row: the offset, then the
 * K-way one-hot. A column of several separate clusters, or a long tail, is then easy for a decoder: a choice of mode
 * and a small offset, where a single standardisation would squeeze the clusters together.
 *
 * @param name the column
 * @param weights the mixture weights, K of them, at least 2, summing to 1
 * @param means the modes' means
 * @param sds the modes' standard deviations, above 0
 */
public record ModeNumericField(String name, List<Double> weights, List<Double> means, List<Double> sds)
        implements Field {
    /**
     * Checks and copies the mixture.
     *
     * @throws IllegalArgumentException if the lists differ in length, there are fewer than 2 modes, or a value is
     *     not finite or an sd not positive
     */
    public ModeNumericField {
        Objects.requireNonNull(name, "name");
        weights = List.copyOf(weights);
        means = List.copyOf(means);
        sds = List.copyOf(sds);
        if (weights.size() < 2 || means.size() != weights.size() || sds.size() != weights.size()) {
            throw new IllegalArgumentException("numeric column " + name + " by modes: " + weights.size()
                    + " weights, " + means.size() + " means and " + sds.size() + " sds; expected the same number, "
                    + "at least 2");
        }
        for (int k = 0; k < weights.size(); k++) {
            if (!(weights.get(k) >= 0) || !Double.isFinite(means.get(k)) || !(sds.get(k) > 0)
                    || !Double.isFinite(sds.get(k))) {
                throw new IllegalArgumentException("numeric column " + name + ", mode " + k + ": weight "
                        + weights.get(k) + ", mean " + means.get(k) + ", sd " + sds.get(k));
            }
        }
    }

    /** @return K, the number of modes */
    public int modes() {
        return weights.size();
    }

    /**
     * @param value a raw value
     * @return the mode of highest posterior probability, w_k N(value; mean_k, sd_k) largest
     */
    public int mode(double value) {
        int best = 0;
        double top = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < modes(); k++) {
            double z = (value - means.get(k)) / sds.get(k);
            double log = Math.log(weights.get(k)) - Math.log(sds.get(k)) - 0.5 * z * z;
            if (log > top) {
                top = log;
                best = k;
            }
        }
        return best;
    }

    @Override
    public int size() {
        return 1 + modes();
    }

    @Override
    public String describe() {
        return "numeric " + name + " (" + modes() + " modes)";
    }
}
