package org.vae4j;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Calls the engine's vector-math functions once, on one thread, before any real computation of the JVM.
 *
 * <p>Found by bench/first_ops_probe.sh: in 4 of 242 fresh processes on this machine, the first {@code exp} of the first
 * training step (2560 values, which PyTorch splits between its two threads here) came back different in the second
 * thread's half only, by up to 1772 units in the last place, while every later call, and the first call in every
 * other process, agreed to the bit. The engine's vector-math library (Intel MKL's VML, which PyTorch calls for
 * {@code exp}, {@code log} and their kin) evidently finishes setting itself up on its first call, and a second thread
 * calling at that moment computes with something else. The run then follows another path: that is why a resumed run
 * sometimes drifted from the uninterrupted one, and why two fresh runs could differ. Calling each function first on
 * 16 values, which PyTorch computes on the calling thread alone (below its grain of 2048 values), completes the
 * set-up before two threads can meet there. It costs a few milliseconds once per JVM and changes no result.
 */
public final class EngineWarmUp {
    private static final List<UnaryOperator<NDArray>> FUNCTIONS = List.of(
            NDArray::exp, NDArray::log, NDArray::log2, NDArray::log10, NDArray::sqrt, NDArray::tanh, NDArray::sin,
            NDArray::cos, NDArray::tan, NDArray::asin, NDArray::acos, NDArray::atan, NDArray::sinh, NDArray::cosh,
            NDArray::erf, NDArray::erfinv);
    private static volatile boolean done;

    private EngineWarmUp() {}

    /** Runs the warm-up once per JVM; later calls return at once. */
    public static void once() {
        if (done) {
            return;
        }
        synchronized (EngineWarmUp.class) {
            if (done) {
                return;
            }
            float[] values = new float[16];
            for (int i = 0; i < values.length; i++) {
                values[i] = 0.05f * (i + 1); // inside every function's domain
            }
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray x = Tensors.fromJava(manager, values, new Shape(values.length));
                for (UnaryOperator<NDArray> f : FUNCTIONS) {
                    f.apply(x).toFloatArray(); // read back, so the call has finished before anything else runs
                }
            }
            done = true;
        }
    }
}
