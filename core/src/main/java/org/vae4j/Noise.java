package org.vae4j;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Explicit randomness: seeded streams of draws made in Java and copied into engine-owned arrays.
 *
 * <p>vae4j never draws from the engine's global generator. Every random step (reparameterisation noise, dynamic
 * binarization, importance samples) takes a {@code Noise} made from a seed for that call, so two runs or two threads
 * never change each other's numbers, and a resumed run draws what the uninterrupted run drew.
 *
 * <p>Two kinds: {@link #Noise(long) one stream}, filled in row-major order (training), and
 * {@link #perExample one stream per example} of a batch, where row i of every array drawn comes from example i's own
 * stream, so an example's draws depend only on the call's seed and its index, not on which examples share its batch
 * (evaluation). A {@code Noise} is not thread-safe: give each thread its own.
 */
public final class Noise {
    private final SplittableRandom[] streams;

    /**
     * One stream.
     *
     * @param seed the stream's seed; the same seed gives the same draws
     */
    public Noise(long seed) {
        this.streams = new SplittableRandom[] {new SplittableRandom(seed)};
    }

    private Noise(SplittableRandom[] streams) {
        this.streams = streams;
    }

    /**
     * One stream per example of a batch of consecutive examples.
     *
     * @param seed the call's seed
     * @param purpose a constant naming what the draws are for
     * @param firstExample the index of the batch's first example
     * @param examples the batch's size
     * @return the noise; every array drawn from it must have {@code examples} rows
     */
    public static Noise perExample(long seed, long purpose, long firstExample, int examples) {
        SplittableRandom[] streams = new SplittableRandom[examples];
        for (int i = 0; i < examples; i++) {
            streams[i] = new SplittableRandom(Seeds.derive(seed, purpose, firstExample + i));
        }
        return new Noise(streams);
    }

    /**
     * @param manager owner of the array
     * @param shape its shape; for per-example noise its first axis is the batch
     * @return standard normal draws as an engine-owned float32 array
     */
    public NDArray normal(NDManager manager, Shape shape) {
        return Tensors.fromJava(manager, fill(shape, true), shape);
    }

    /**
     * @param manager owner of the array
     * @param shape its shape; for per-example noise its first axis is the batch
     * @return draws uniform in [0, 1) as an engine-owned float32 array
     */
    public NDArray uniform(NDManager manager, Shape shape) {
        return Tensors.fromJava(manager, fill(shape, false), shape);
    }

    private float[] fill(Shape shape, boolean normal) {
        float[] out = new float[Math.toIntExact(shape.size())];
        if (streams.length == 1) {
            draw(streams[0], out, 0, out.length, normal);
            return out;
        }
        if (shape.dimension() == 0 || shape.get(0) != streams.length) {
            throw new IllegalArgumentException("per-example noise for " + streams.length + " examples cannot fill "
                    + shape);
        }
        int perRow = out.length / streams.length;
        for (int i = 0; i < streams.length; i++) {
            draw(streams[i], out, i * perRow, perRow, normal);
        }
        return out;
    }

    private static void draw(SplittableRandom r, float[] out, int from, int count, boolean normal) {
        for (int i = from; i < from + count; i++) {
            out[i] = (float) (normal ? r.nextGaussian() : r.nextDouble());
        }
    }

    private SplittableRandom single() {
        if (streams.length != 1) {
            throw new IllegalStateException("per-example noise has no single stream");
        }
        return streams[0];
    }
}
