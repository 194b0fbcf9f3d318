package org.vae4j.likelihood;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import java.util.List;
import org.vae4j.Tensors;

/**
 * Gaussian likelihood whose variance is learned. Its parameters hold, for each of the D values, a mean and a raw
 * log-variance, shape (batch, 2D) with all means first. Per value,
 * -log p(x | m, s^2) = 0.5 * log(2 pi) + 0.5 * log s^2 + 0.5 * (x - m)^2 / s^2.
 *
 * <p>The log-variance is bounded below softly, log s^2 = floor + softplus(raw - floor) with floor = log(minSigma^2),
 * so that values the data never varies (black image borders) cannot drive the density to infinity; the gradient
 * never vanishes as a hard clamp's would.
 *
 * <p>Two heads: {@code gaussian-pixel}, where the decoder emits a raw log-variance per value beside the means, and
 * {@code gaussian-global}, where the head owns one parameter {@value #SHARED_LOG_VAR}, starting at 0, broadcast to
 * every value.
 */
public final class LearnedGaussian implements Likelihood {
    /** The name of the shared log-variance parameter of {@code gaussian-global}. */
    public static final String SHARED_LOG_VAR = "sharedLogVar";

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private final String name;
    private final double minSigma;
    private final Parameter shared;

    private LearnedGaussian(String name, double minSigma, Parameter shared) {
        if (!(minSigma > 0) || Double.isInfinite(minSigma)) {
            throw new IllegalArgumentException("minimum sigma " + minSigma + ": expected a positive number");
        }
        this.name = name;
        this.minSigma = minSigma;
        this.shared = shared;
    }

    /**
     * @param minSigma the smallest standard deviation the model may learn, positive
     * @return {@code gaussian-pixel}: the decoder emits a log-variance per value
     */
    public static LearnedGaussian perValue(double minSigma) {
        return new LearnedGaussian("gaussian-pixel", minSigma, null);
    }

    /**
     * @param minSigma the smallest standard deviation the model may learn, positive
     * @return {@code gaussian-global}: one learned log-variance for every value
     */
    public static LearnedGaussian global(double minSigma) {
        return new LearnedGaussian("gaussian-global", minSigma, Parameter.builder()
                .setName(SHARED_LOG_VAR)
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(1))
                .optInitializer(new ConstantInitializer(0f))
                .build());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int decoderOutputsPerValue() {
        return shared == null ? 2 : 1;
    }

    @Override
    public List<Parameter> ownParameters() {
        return shared == null ? List.of() : List.of(shared);
    }

    @Override
    public NDArray parameters(NDArray decoderOutput, ParameterStore store, boolean training) {
        if (shared == null) {
            return decoderOutput;
        }
        NDArray logVar = Tensors.borrow(store.getValue(shared, decoderOutput.getDevice(), training),
                decoderOutput.getManager());
        return NDArrays.concat(new NDList(decoderOutput, logVar.broadcast(decoderOutput.getShape())), 1);
    }

    /** @return the smallest standard deviation the model can learn */
    public double minSigma() {
        return minSigma;
    }

    /**
     * Splits parameters into the mean and the bounded log-variance.
     *
     * @param parameters shape (batch, 2D)
     * @return {mean, logVar}, each (batch, D)
     */
    public NDList meanAndLogVar(NDArray parameters) {
        NDList halves = parameters.split(2, 1);
        float floor = (float) (2 * Math.log(minSigma));
        NDArray raw = halves.get(1);
        NDArray logVar = Tensors.plus(Activation.softPlus(Tensors.plus(raw, -floor)), floor);
        return new NDList(halves.get(0), logVar);
    }

    @Override
    public NDArray perValue(NDArray parameters, NDArray x) {
        NDList ml = meanAndLogVar(parameters);
        NDArray logVar = ml.get(1);
        NDArray sq = x.sub(ml.get(0)).square().div(logVar.exp());
        return Tensors.plus(Tensors.times(sq.add(logVar), 0.5f), (float) HALF_LOG_2PI);
    }

    @Override
    public NDArray mean(NDArray parameters) {
        return parameters.split(2, 1).get(0);
    }

    @Override
    public NDArray sample(NDArray parameters, org.vae4j.Noise noise) {
        NDList ml = meanAndLogVar(parameters);
        NDArray mean = ml.get(0);
        NDArray eps = noise.normal(parameters.getManager(), mean.getShape());
        return eps.mul(Tensors.times(ml.get(1), 0.5f).exp()).add(mean);
    }

    @Override
    public String toString() {
        return name + "(min sigma " + minSigma + ")";
    }
}
