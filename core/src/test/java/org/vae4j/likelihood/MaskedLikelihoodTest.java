package org.vae4j.likelihood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With a mask of observed values, every likelihood sums over the observed values only, and never reads a missing one:
 * the result equals a direct loop over the observed values, whatever (even NaN) stands in the missing ones.
 */
class MaskedLikelihoodTest {
    private static final int BATCH = 4;
    private static final int D = 9;

    @ParameterizedTest
    @ValueSource(strings = {"bernoulli", "gaussian", "gaussian-pixel"})
    void aMaskedScoreIsTheSumOverObservedValuesAndIgnoresMissingOnes(String name) {
        Likelihood lik = Likelihood.of(name, 0.3);
        int k = lik.decoderOutputsPerValue();
        Random r = new Random(11);
        float[] params = new float[BATCH * k * D];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) r.nextGaussian();
        }
        float[] x = new float[BATCH * D];
        boolean[] observed = new boolean[BATCH * D];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
            observed[i] = r.nextFloat() < 0.6;
        }
        observed[0] = true;
        observed[1] = false;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.create(params, new Shape(BATCH, k * D));
            NDArray mask = m.create(observed, new Shape(BATCH, D));
            float[] perValue = lik.perValue(p, m.create(x, new Shape(BATCH, D))).toFloatArray();
            float[] masked = lik.negLogLikelihood(p, m.create(x, new Shape(BATCH, D)), mask).toFloatArray();
            // Noise and NaN where values are missing change nothing.
            float[] damaged = x.clone();
            for (int i = 0; i < damaged.length; i++) {
                if (!observed[i]) {
                    damaged[i] = i % 2 == 0 ? Float.NaN : 100 * r.nextFloat();
                }
            }
            float[] withDamage = lik.negLogLikelihood(p, m.create(damaged, new Shape(BATCH, D)), mask).toFloatArray();
            float[] all = lik.negLogLikelihood(p, m.create(x, new Shape(BATCH, D)), null).toFloatArray();
            for (int b = 0; b < BATCH; b++) {
                double observedSum = 0;
                double fullSum = 0;
                for (int j = 0; j < D; j++) {
                    fullSum += perValue[b * D + j];
                    if (observed[b * D + j]) {
                        observedSum += perValue[b * D + j];
                    }
                }
                assertEquals(observedSum, masked[b], 1e-4 * Math.max(1, Math.abs(observedSum)), name + " row " + b);
                assertEquals(masked[b], withDamage[b], 0f, name + " row " + b + " read a missing value");
                assertEquals(fullSum, all[b], 1e-4 * Math.max(1, Math.abs(fullSum)), name + " unmasked row " + b);
            }
            // A fully observed mask is the same as none.
            NDArray every = m.ones(new Shape(BATCH, D), DataType.BOOLEAN);
            float[] full = lik.negLogLikelihood(p, m.create(x, new Shape(BATCH, D)), every).toFloatArray();
            for (int b = 0; b < BATCH; b++) {
                assertEquals(all[b], full[b], 1e-3f);
                assertTrue(Float.isFinite(withDamage[b]));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bernoulli", "gaussian", "gaussian-pixel"})
    void missingValuesDoNotReachTheGradients(String name) {
        Likelihood lik = Likelihood.of(name, 0.3);
        int k = lik.decoderOutputsPerValue();
        Random r = new Random(12);
        float[] params = new float[BATCH * k * D];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) r.nextGaussian();
        }
        float[] clean = new float[BATCH * D];
        boolean[] observed = new boolean[BATCH * D];
        for (int i = 0; i < clean.length; i++) {
            observed[i] = r.nextFloat() < 0.6;
            clean[i] = observed[i] ? r.nextFloat() : 0f;
        }
        float[] damaged = clean.clone();
        for (int i = 0; i < damaged.length; i++) {
            if (!observed[i]) {
                damaged[i] = Float.NaN;
            }
        }
        float[] withZeros = gradient(lik, params, clean, observed, k);
        float[] withNaN = gradient(lik, params, damaged, observed, k);
        for (int i = 0; i < withNaN.length; i++) {
            assertTrue(Float.isFinite(withNaN[i]), name + ": gradient " + i + " is " + withNaN[i]);
            assertEquals(withZeros[i], withNaN[i], 0f, name + ": gradient " + i + " depends on a missing value");
        }
    }

    private static float[] gradient(Likelihood lik, float[] params, float[] x, boolean[] observed, int k) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.create(params, new Shape(BATCH, k * D));
            p.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                c.backward(lik.negLogLikelihood(p, m.create(x, new Shape(BATCH, D)),
                        m.create(observed, new Shape(BATCH, D))).sum());
            }
            return p.getGradient().toFloatArray();
        }
    }
}
