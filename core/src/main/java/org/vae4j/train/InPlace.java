package org.vae4j.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.util.NativeResource;
import java.lang.reflect.Method;

/**
 * Whether an engine array's memory can be read and written in place through {@link NDArray#toByteBuffer(boolean)}:
 * a float32 CPU array of the PyTorch engine whose values are contiguous. For any other array that buffer would be
 * a copy, and writes to it would be lost.
 *
 * <p>DJL does not make contiguity public, so it is asked of the engine's native library by reflection. If that is
 * not possible (another engine, another DJL), no array counts as writable and callers take the engine's path.
 */
final class InPlace {
    private static final Object LIBRARY;
    private static final Method IS_CONTIGUOUS;

    static {
        Object library = null;
        Method isContiguous = null;
        try {
            Class<?> c = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
            java.lang.reflect.Field lib = c.getDeclaredField("LIB");
            lib.setAccessible(true);
            isContiguous = c.getDeclaredMethod("torchIsContiguous", long.class);
            isContiguous.setAccessible(true);
            library = lib.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            library = null;
            isContiguous = null;
        }
        LIBRARY = library;
        IS_CONTIGUOUS = isContiguous;
    }

    private InPlace() {}

    /** @return whether the engine's internals needed here are reachable */
    static boolean available() {
        return IS_CONTIGUOUS != null;
    }

    /**
     * @param array an engine array
     * @return whether its direct buffer is its own memory, in float32 values laid out in order
     */
    static boolean writable(NDArray array) {
        if (IS_CONTIGUOUS == null || !(array instanceof NativeResource<?> resource)
                || array.getDataType() != DataType.FLOAT32 || !Device.cpu().equals(array.getDevice())
                || array.isSparse() || !"PyTorch".equals(array.getManager().getEngine().getEngineName())) {
            return false;
        }
        try {
            return (Boolean) IS_CONTIGUOUS.invoke(LIBRARY, (Long) resource.getHandle());
        } catch (ReflectiveOperationException | ClassCastException e) {
            return false;
        }
    }
}
