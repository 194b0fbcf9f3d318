package org.vae4j;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Calls the engine's vector-math functions once, on one thread, before any real computation of the JVM.
 *
 * <p>Found by bench/first_ops_probe.sh: in 3 of 150 fresh processes on the build machine, the first {@code exp} of
 * the first training step (2560 values, which PyTorch splits between its two threads there) came back different in
 * the second thread's half only (1274 of its 1280 values, by up to 1772 units in the last place, the same wrong
 * result each time), while the second computation of the same step agreed with every other process's. The most
 * likely cause is that the engine's vector-math library (Intel MKL's VML, which PyTorch calls for {@code exp},
 * {@code log}, {@code sqrt} and their kin) finishes setting itself up during its first call, and a second thread
 * calling at that moment computes with something else. A resumed run computing in such a process followed another
 * path from that step on, which is why resumed runs sometimes drifted from uninterrupted ones. Calling each function
 * first on 16 values, which PyTorch computes on the calling thread alone (below its grain of 2048 values), in single
 * and double precision (MKL has a routine for each), lets that set-up finish before two threads can meet there: none
 * of 350 warmed processes differed. It costs a few milliseconds once per JVM and changes no result.
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
                NDArray single = Tensors.fromJava(manager, values, new Shape(values.length));
                for (NDArray x : List.of(single, single.toType(DataType.FLOAT64, false))) {
                    for (UnaryOperator<NDArray> f : FUNCTIONS) {
                        f.apply(x).toArray(); // read back, so the call has finished before anything else runs
                    }
                }
            }
            done = true;
        }
    }
}
