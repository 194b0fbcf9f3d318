package org.vae4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes NumPy {@code .npy} files (format version 1.0), so Python users can {@code numpy.load} what vae4j computes.
 *
 * <p>The format (numpy.lib.format): the magic bytes {@code \x93NUMPY}, the version bytes 1 and 0, a little-endian
 * unsigned 16-bit header length, then the header, an ASCII Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (200, 2), }} padded with spaces and ended by a newline so
 * that the data starts at a multiple of 64 bytes, then the values in C (row-major) order. vae4j always writes
 * little-endian {@code <f4} (float32) or {@code <i4} (int32).
 *
 * <p>Why not DJL: in DJL 0.36 the only public way to get NumPy bytes is {@code NDList.encode(Encoding.NPZ)}, which
 * wraps each array in a zip archive ({@code .npz}); the {@code .npy} encoder itself ({@code NDSerializer}) is
 * package-private. Writing the documented 1.0 header here is a few lines and needs no engine; a test checks that
 * the bytes equal the {@code .npy} entry DJL puts in its {@code .npz} for the same array.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;

    private Npy() {}

    /**
     * Writes a float32 matrix, atomically (a temporary file in the same folder, then moved into place).
     *
     * @param file where to write; parent folders are created
     * @param values rows x cols values, row after row
     * @param rows number of rows
     * @param cols number of columns
     * @throws IOException if writing fails
     */
    public static void writeFloat32(Path file, float[] values, int rows, int cols) throws IOException {
        Objects.requireNonNull(values, "values");
        checkSize(values.length, rows, cols);
        writeFloat32(file, values, new int[] {rows, cols});
    }

    /**
     * Writes a float32 array of any shape, atomically; images are written N x C x H x W.
     *
     * @param file where to write; parent folders are created
     * @param values the values in row-major (C) order
     * @param shape the sizes of the axes; their product is the number of values
     * @throws IOException if writing fails
     */
    public static void writeFloat32(Path file, float[] values, int... shape) throws IOException {
        Objects.requireNonNull(values, "values");
        long size = 1;
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("negative size in shape " + java.util.Arrays.toString(shape));
            }
            size *= shape[i];
            tuple.append(shape[i]).append(shape.length == 1 ? "," : i + 1 < shape.length ? ", " : "");
        }
        if (size != values.length) {
            throw new IllegalArgumentException(values.length + " values do not fill the shape "
                    + java.util.Arrays.toString(shape));
        }
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(values);
        write(file, header("<f4", tuple.append(')').toString()), data.array());
    }

    /**
     * Writes an int32 vector, atomically.
     *
     * @param file where to write; parent folders are created
     * @param values the values
     * @throws IOException if writing fails
     */
    public static void writeInt32(Path file, int[] values) throws IOException {
        Objects.requireNonNull(values, "values");
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        data.asIntBuffer().put(values);
        write(file, header("<i4", "(" + values.length + ",)"), data.array());
    }

    /**
     * The magic, version, length and padded header that precede the data.
     *
     * @param descr the NumPy type, e.g. {@code <f4}
     * @param shape the shape as a Python tuple, e.g. {@code (3, 2)} or {@code (3,)}
     * @return the bytes before the data; their count is a multiple of 64
     */
    static byte[] header(String descr, String shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1; // magic, version, length, dict, newline
        int padding = ALIGN - unpadded % ALIGN; // 1 to 64 spaces, as numpy.lib.format pads
        int headerLength = dict.length() + padding + 1;
        ByteBuffer out = ByteBuffer.allocate(unpadded + padding).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLength);
        out.put(dict.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < padding; i++) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }

    private static void checkSize(int length, int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols != length) {
            throw new IllegalArgumentException(length + " values do not make " + rows + " rows of " + cols);
        }
    }

    private static void write(Path file, byte[] header, byte[] data) throws IOException {
        AtomicFile.write(file, header, data);
    }
}
