package org.vae4j.likelihood;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.vae4j.Tensors;

/**
 * The decoder's observation model p(x | z), the likelihood head of a model: how the decoder's output becomes the
 * distribution's parameters, how those score an input, and what picture they stand for.
 *
 * <p>Inputs are flat, shape (batch, D). The decoder emits {@link #decoderOutputsPerValue()} values per input value
 * (a logit or a mean, or a mean and a log-variance); {@link #parameters} turns that into the distribution's
 * parameters, adding any parameter the head owns itself ({@link #ownParameters()}, such as one shared variance).
 *
 * <p>Every score takes an optional mask of observed values and sums over those only, so a value that is missing is
 * never read: a mask is applied with a select, not a product, so even NaN in a missing value changes nothing.
 */
public interface Likelihood {
    /** The names this version understands. */
    List<String> NAMES = List.of("bernoulli", "gaussian", "gaussian-global", "gaussian-pixel", "categorical",
            "tabular");

    /** @return the name used in model files and on the command line, e.g. {@code bernoulli} */
    String name();

    /** @return decoder outputs per input value: 1, or 2 when the decoder itself emits a variance per value */
    default int decoderOutputsPerValue() {
        return 1;
    }

    /**
     * @return the parameters this head owns, which the network registers and trains with the rest (none by
     *     default)
     */
    default List<Parameter> ownParameters() {
        return List.of();
    }

    /**
     * Completes the decoder's output into the distribution's parameters.
     *
     * @param decoderOutput the decoder's raw output, (batch, k * D), k = {@link #decoderOutputsPerValue()}
     * @param store the parameter store, for parameters the head owns
     * @param training whether in training mode
     * @return the distribution's parameters, in the layout {@link #perValue} and {@link #mean} read
     */
    default NDArray parameters(NDArray decoderOutput, ParameterStore store, boolean training) {
        return decoderOutput;
    }

    /**
     * The reconstruction term of every value, -log p(x_d | z), in nats.
     *
     * @param parameters the distribution's parameters from {@link #parameters}
     * @param x the inputs, (batch, D)
     * @return (batch, D)
     */
    NDArray perValue(NDArray parameters, NDArray x);

    /**
     * The reconstruction term -log p(x | z) of each example, summed over its observed values. Missing values are
     * never read, so anything (NaN too) may stand there, in the result and in its gradients.
     *
     * @param parameters the distribution's parameters from {@link #parameters}
     * @param x the inputs, (batch, D)
     * @param observed which values are observed, (batch, D) boolean, or {@code null} for all
     * @return (batch), nats
     */
    default NDArray negLogLikelihood(NDArray parameters, NDArray x, NDArray observed) {
        if (observed == null) {
            return perValue(parameters, x).sum(new int[] {1});
        }
        // Missing values become 0 before anything is computed from them: a NaN there would make NaN gradients even
        // where the result drops the value (0 * NaN = NaN in the backward pass of where).
        NDArray filled = NDArrays.where(observed, x, Tensors.scalar(x, 0f));
        NDArray values = perValue(parameters, filled);
        return NDArrays.where(observed, values, Tensors.scalar(values, 0f)).sum(new int[] {1});
    }

    /**
     * The expected value of x under p(x | z), for pictures and reconstructions.
     *
     * @param parameters the distribution's parameters from {@link #parameters}
     * @return the mean, (batch, D)
     */
    NDArray mean(NDArray parameters);

    /**
     * Draws x ~ p(x | z), with the randomness from Java.
     *
     * @param parameters the distribution's parameters from {@link #parameters}
     * @param noise where the draws come from
     * @return (batch, D) draws, in the parameters' manager
     */
    NDArray sample(NDArray parameters, org.vae4j.Noise noise);

    /**
     * The likelihood of a model of some data: {@link #of(String, double)}, and for {@code categorical} one class per
     * token of the data's token field.
     *
     * @param name the likelihood's name
     * @param sigma its sigma setting
     * @param schema the data
     * @return the likelihood
     * @throws IllegalArgumentException for an unknown name, or {@code categorical} without a token field
     */
    static Likelihood of(String name, double sigma, org.vae4j.data.Schema schema) {
        if (name.equals("categorical")) {
            return schema.inputs().stream()
                    .filter(f -> f instanceof org.vae4j.data.TokenSequenceField)
                    .map(f -> (Likelihood) new Categorical(((org.vae4j.data.TokenSequenceField) f).vocabulary().size()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("likelihood categorical predicts tokens; the data "
                            + "is " + schema.describeInputs()));
        }
        if (name.equals("tabular")) {
            return Tabular.of(schema, sigma);
        }
        return of(name, sigma);
    }

    /**
     * Builds a likelihood from its name.
     *
     * @param name {@code bernoulli}, {@code gaussian} (fixed sigma), {@code gaussian-global} (one learned variance)
     *     or {@code gaussian-pixel} (a learned variance per value)
     * @param sigma the fixed standard deviation for {@code gaussian}; for the learned ones, the smallest standard
     *     deviation they may learn; ignored for {@code bernoulli}
     * @return a new likelihood (a head that owns parameters must not be shared between models)
     * @throws IllegalArgumentException for an unknown name or a non-positive sigma
     */
    static Likelihood of(String name, double sigma) {
        return switch (name) {
            case "bernoulli" -> new Bernoulli();
            case "gaussian" -> new Gaussian(sigma);
            case "gaussian-global" -> LearnedGaussian.global(sigma);
            case "gaussian-pixel" -> LearnedGaussian.perValue(sigma);
            case "categorical", "tabular" -> throw new IllegalArgumentException("likelihood " + name + " is built from "
                    + "the data's schema");
            default -> throw new IllegalArgumentException(
                    "likelihood '" + name + "': expected one of " + String.join(", ", NAMES));
        };
    }

    /**
     * @param name a likelihood's name
     * @return the sigma setting it takes by default: the fixed standard deviation 0.1 for {@code gaussian}, the floor
     *     0.01 for the learned variances, 0.1 (unused) for {@code bernoulli}
     */
    static double defaultSigma(String name) {
        return name.equals("gaussian-global") || name.equals("gaussian-pixel") || name.equals("tabular") ? 0.01
                : 0.1;
    }

    /**
     * @param name a likelihood's name
     * @param sigma its sigma setting
     * @return a short description, e.g. {@code bernoulli} or {@code gaussian (sigma 0.1)}
     */
    static String describe(String name, double sigma) {
        return switch (name) {
            case "gaussian" -> name + " (sigma " + sigma + ")";
            case "gaussian-global", "gaussian-pixel", "tabular" -> name + " (sigma >= " + sigma + ")";
            default -> name;
        };
    }
}
