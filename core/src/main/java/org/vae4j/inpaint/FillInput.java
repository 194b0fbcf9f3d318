package org.vae4j.inpaint;

import org.vae4j.BadInputException;
import org.vae4j.model.LatentModel;

/** What every fill checks of its input, and how it reads one example: observed values kept, missing ones zero. */
final class FillInput {
    private FillInput() {}

    /**
     * Checks that the model is unconditional and that values and flags are whole examples of its inputs.
     *
     * @param model the model
     * @param values count x D values
     * @param missing count x D flags
     * @param method the method's name, for the message
     * @throws BadInputException otherwise
     */
    static void check(LatentModel model, float[] values, boolean[] missing, String method) {
        int d = model.inputSize();
        if (model.network().decoderReadsInput()) {
            throw new BadInputException("inpainting by " + method + " fills images; model " + model.describe()
                    + " reads token sequences");
        }
        if (!model.objective().variational()) {
            throw new BadInputException("inpainting by " + method + " needs a vae-family model; this one is family "
                    + model.definition().family() + " (fill with the model itself, method model)");
        }
        if (model.classes() > 0) {
            throw new BadInputException("inpainting by " + method + " needs an unconditional model; this one is"
                    + " conditioned on " + model.classes() + " classes");
        }
        if (values.length % d != 0 || missing.length != values.length) {
            throw new BadInputException("inpainting: " + values.length + " values and " + missing.length
                    + " mask flags for a model of " + d + " inputs; expected whole examples and one flag per value");
        }
    }

    /**
     * Example n's values with every missing one replaced by zero, so that a missing value is never read.
     *
     * @param values count x D values
     * @param missing count x D flags
     * @param d values per example
     * @param n the example
     * @param firstIndex the position of the first example in its set, for the message
     * @param seen filled with the example's observed flags, D of them
     * @return the D values
     * @throws BadInputException if an observed value is not finite
     */
    static float[] observedRow(float[] values, boolean[] missing, int d, int n, long firstIndex, boolean[] seen) {
        float[] row = new float[d];
        for (int i = 0; i < d; i++) {
            seen[i] = !missing[n * d + i];
            row[i] = seen[i] ? values[n * d + i] : 0f;
            if (!Float.isFinite(row[i])) {
                throw new BadInputException("inpainting: example " + (firstIndex + n) + ", value " + i + " is "
                        + row[i] + " but observed; expected a finite number or a missing value");
            }
        }
        return row;
    }
}
