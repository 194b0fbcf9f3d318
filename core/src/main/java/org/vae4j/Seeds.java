package org.vae4j;

import java.util.SplittableRandom;

/**
 * Derives independent, reproducible seeds from one user seed, so that every random step (weight initialisation,
 * the shuffle and noise of each epoch, sampling) depends only on the seed and its own position: a run resumed at
 * epoch k draws exactly what an uninterrupted run would have drawn.
 */
public final class Seeds {
    private Seeds() {}

    /**
     * Mixes a seed with a purpose and an index.
     *
     * @param seed the user's seed
     * @param purpose a small constant naming what the seed is for
     * @param index e.g. the epoch number
     * @return a well-mixed 64-bit seed
     */
    public static long derive(long seed, long purpose, long index) {
        SplittableRandom r = new SplittableRandom(seed);
        long a = r.nextLong() ^ (purpose * 0x9E3779B97F4A7C15L);
        long b = new SplittableRandom(a).nextLong() ^ (index * 0xC2B2AE3D27D4EB4FL);
        return new SplittableRandom(b).nextLong();
    }
}
