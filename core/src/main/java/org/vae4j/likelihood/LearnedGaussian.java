package org.vae4j.likelihood;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import org.vae4j.Tensors;

/**
 * Gaussian likelihood whose variance is learned: the decoder output holds, for each of the D values, a mean and a
 * raw log-variance, shape (batch, 2D) with all means first. Per value,
 * -log p(x | m, s^2) = 0.5 * log(2 pi) + 0.5 * log s^2 + 0.5 * (x - m)^2 / s^2.
 *
 * <p>The log-variance is bounded below softly, log s^2 = floor + softplus(raw - floor) with floor = log(minSigma^2),
 * so that values the data never varies (black image borders) cannot drive the density to infinity; the gradient
 * never vanishes as a hard clamp's would.
 *
 * <p>The network decides how many variances it learns: one per pixel ({@code gaussian-pixel}, the decoder emits them)
 * or one for the whole image ({@code gaussian-global}, a single parameter the network broadcasts).
 */
public final class LearnedGaussian implements Likelihood {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private final String name;
    private final double minSigma;

    /**
     * Creates the likelihood.
     *
     * @param name {@code gaussian-pixel} or {@code gaussian-global}
     * @param minSigma the smallest standard deviation the model may learn, positive
     */
    public LearnedGaussian(String name, double minSigma) {
        if (!(minSigma > 0) || Double.isInfinite(minSigma)) {
            throw new IllegalArgumentException("minimum sigma " + minSigma + ": expected a positive number");
        }
        this.name = name;
        this.minSigma = minSigma;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int outputsPerValue() {
        return 2;
    }

    /** @return the smallest standard deviation the model can learn */
    public double minSigma() {
        return minSigma;
    }

    /**
     * Splits a decoder output into the mean and the bounded log-variance.
     *
     * @param decoderOutput shape (batch, 2D)
     * @return {mean, logVar}, each (batch, D)
     */
    public NDList meanAndLogVar(NDArray decoderOutput) {
        NDList halves = decoderOutput.split(2, 1);
        float floor = (float) (2 * Math.log(minSigma));
        NDArray raw = halves.get(1);
        NDArray logVar = Tensors.plus(Activation.softPlus(Tensors.plus(raw, -floor)), floor);
        return new NDList(halves.get(0), logVar);
    }

    @Override
    public NDArray negLogLikelihood(NDArray decoderOutput, NDArray x) {
        NDList ml = meanAndLogVar(decoderOutput);
        NDArray logVar = ml.get(1);
        NDArray sq = x.sub(ml.get(0)).square().div(logVar.exp());
        long d = x.getShape().get(1);
        return Tensors.plus(Tensors.times(sq.add(logVar).sum(new int[] {1}), 0.5f), (float) (d * HALF_LOG_2PI));
    }

    @Override
    public NDArray mean(NDArray decoderOutput) {
        return decoderOutput.split(2, 1).get(0);
    }

    @Override
    public String toString() {
        return name + "(min sigma " + minSigma + ")";
    }
}
