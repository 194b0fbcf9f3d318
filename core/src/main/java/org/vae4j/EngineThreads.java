package org.vae4j;

import ai.djl.engine.Engine;
import java.lang.reflect.Method;

/**
 * Fixes the number of threads the engine computes with, once per JVM, so that results do not depend on how busy
 * the machine is.
 *
 * <p>PyTorch's CPU kernels split an array among the threads of an OpenMP team, and the vector-math routines they
 * call (Intel MKL's VML for exp, log and friends) round the last elements of each piece differently from the rest.
 * A different split therefore gives results that differ in the last bit. By default MKL is free to pick fewer
 * threads than asked for ({@code MKL_DYNAMIC}), and it does so when the machine is loaded: a process started on a
 * busy machine then computed its first training batch with another split than an uninterrupted run, and a run
 * resumed from a checkpoint drifted from the uninterrupted run in the sixth significant digit. PyTorch's own
 * {@code torch.set_num_threads} turns the dynamic choice off ({@code mkl_set_dynamic(false)}) and sets the same count
 * for OpenMP and MKL; this class calls it through DJL with the engine's current count, so nothing gets slower and
 * the split no longer depends on the load. See the README, "Resume and reproducibility".
 *
 * <p>Only the PyTorch engine is touched; another engine is left as it is. Setting the system property
 * {@value #PROPERTY} to {@code false} leaves the engine's dynamic choice on (only to measure its effect, as
 * bench/first_batch_probe.sh does).
 */
public final class EngineThreads {
    /** System property that, set to {@code false}, leaves the engine's thread choice alone. */
    public static final String PROPERTY = "vae4j.pinThreads";

    private static volatile boolean done;

    private EngineThreads() {}

    /**
     * Fixes the engine's thread count at its current value (at most once per JVM; later calls return at once).
     *
     * @return the number of intra-op threads, or -1 if the engine is not PyTorch or the property disabled pinning
     */
    public static synchronized int pin() {
        if (done) {
            return threads();
        }
        done = true;
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            return -1;
        }
        Method[] jni = pytorch();
        if (jni == null) {
            return -1;
        }
        try {
            jni[1].invoke(null, (int) jni[0].invoke(null));
            return (int) jni[0].invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot set the PyTorch engine's thread count", e);
        }
    }

    /**
     * @return the engine's number of intra-op threads, or -1 if the engine is not PyTorch
     */
    public static int threads() {
        Method[] jni = pytorch();
        if (jni == null) {
            return -1;
        }
        try {
            return (int) jni[0].invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the PyTorch engine's thread count", e);
        }
    }

    // core compiles against DJL's API only; the PyTorch engine is a runtime dependency, hence reflection.
    private static Method[] pytorch() {
        if (!"PyTorch".equals(Engine.getInstance().getEngineName())) {
            return null;
        }
        try {
            Class<?> utils = Class.forName("ai.djl.pytorch.jni.JniUtils");
            return new Method[] {utils.getMethod("getNumThreads"), utils.getMethod("setNumThreads", int.class)};
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
