package org.vae4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.SplittableRandom;
import org.vae4j.Tensors;

/**
 * Seeded weight initialisation without the engine's global generator: the initializers it hands out draw from one
 * Java stream, in the order the network initialises its parameters (which DJL fixes: a block's own parameters, then
 * its children in order). The same seed gives the same weights; two models built at once in two threads do not
 * disturb each other.
 */
public final class Init {
    private final SplittableRandom random;

    /**
     * @param seed the stream's seed
     */
    public Init(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /**
     * Uniform in +-bound, PyTorch's default for linear and convolution layers with bound = 1/sqrt(fan_in).
     *
     * @param bound the half-width
     * @return an initializer drawing from this stream
     */
    public Initializer uniform(double bound) {
        return (NDManager manager, Shape shape, DataType dataType) -> {
            float[] values = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
            }
            NDArray array = Tensors.fromJava(manager, values, shape);
            return dataType == DataType.FLOAT32 ? array : array.toType(dataType, false);
        };
    }

    /**
     * PyTorch's default for a layer with {@code fanIn} inputs per output: uniform in +-1/sqrt(fan_in).
     *
     * @param fanIn inputs per output
     * @return an initializer drawing from this stream
     */
    public Initializer fanIn(long fanIn) {
        return uniform(1 / Math.sqrt(fanIn));
    }
}
