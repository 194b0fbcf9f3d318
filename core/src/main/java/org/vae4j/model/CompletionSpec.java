package org.vae4j.model;

import org.vae4j.inpaint.MaskMixture;

/**
 * The objective of the {@code complete} and {@code baseline} families: which pixels are missing in training (one
 * mask or a mixture, see {@link MaskMixture}), and for {@code complete} the weight of the KL term.
 *
 * @param masks the training masks as written, e.g. {@code quadrant:1} or {@code quadrant:1,quadrant:2,random:0.5}
 * @param beta weight of KL(q(z|x_obs,x_miss) || p(z|x_obs)); 1 for the conditional ELBO (unused by
 *     {@code baseline})
 */
public record CompletionSpec(String masks, double beta) implements ObjectiveSpec {
    /**
     * Checks the masks and beta.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public CompletionSpec {
        try {
            masks = MaskMixture.parse(masks, "masks").toString();
        } catch (org.vae4j.BadInputException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta " + beta + ": expected a number >= 0");
        }
    }

    /** @return the training masks */
    public MaskMixture mixture() {
        return MaskMixture.parse(masks, "masks");
    }

    @Override
    public String describe() {
        return "masks " + masks + ", beta " + beta;
    }
}
