package org.vae4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NumPy .npy files: the documented 1.0 layout, read back by a parser of our own and by DJL's reader. */
class NpyTest {
    @TempDir
    Path dir;

    /** A parsed .npy file. */
    record Parsed(String descr, List<Long> shape, boolean fortranOrder, int dataOffset, ByteBuffer data) {}

    /** Parses a .npy file following numpy.lib.format, version 1.0, independently of {@link Npy}. */
    static Parsed parse(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        b.get(magic);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}, magic, "magic");
        assertEquals(1, b.get(), "major version");
        assertEquals(0, b.get(), "minor version");
        int headerLength = Short.toUnsignedInt(b.getShort());
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.endsWith("\n"), "header ends with a newline");
        int offset = 10 + headerLength;
        assertEquals(0, offset % 64, "data starts on a 64-byte boundary");
        String dict = header.trim();
        assertTrue(dict.startsWith("{") && dict.endsWith("}"), dict);
        String descr = dict.replaceAll(".*'descr': '([^']*)'.*", "$1");
        boolean fortran = dict.contains("'fortran_order': True");
        String shapeText = dict.replaceAll(".*'shape': \\(([^)]*)\\).*", "$1");
        List<Long> shape = new ArrayList<>();
        for (String part : shapeText.split(",")) {
            if (!part.isBlank()) {
                shape.add(Long.parseLong(part.trim()));
            }
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, offset, bytes.length - offset).slice()
                .order(descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        return new Parsed(descr, shape, fortran, offset, data);
    }

    @Test
    void floatMatrixReadsBackWithItsShape() throws IOException {
        float[] values = {1.5f, -2f, 3.25f, Float.MIN_VALUE, -0f, 1e30f};
        Path file = dir.resolve("sub/x.npy");
        Npy.writeFloat32(file, values, 3, 2);
        Parsed p = parse(Files.readAllBytes(file));
        assertEquals("<f4", p.descr());
        assertEquals(List.of(3L, 2L), p.shape());
        assertEquals(false, p.fortranOrder());
        assertEquals(values.length * 4, p.data().remaining());
        float[] back = new float[values.length];
        p.data().asFloatBuffer().get(back);
        assertArrayEquals(values, back);
    }

    @Test
    void intVectorIsOneDimensional() throws IOException {
        int[] labels = {0, 9, 3, -1, Integer.MAX_VALUE};
        Path file = dir.resolve("labels.npy");
        Npy.writeInt32(file, labels);
        Parsed p = parse(Files.readAllBytes(file));
        assertEquals("<i4", p.descr());
        assertEquals(List.of(5L), p.shape());
        int[] back = new int[labels.length];
        p.data().asIntBuffer().get(back);
        assertArrayEquals(labels, back);
        assertTrue(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).contains("'shape': (5,)"),
                "a 1-tuple is written with its comma, as Python needs");
    }

    @Test
    void bytesEqualTheNpyEntryDjlWritesIntoAnNpzAndDjlReadsThemBack() throws IOException {
        // Sizes that put the unpadded header on both sides of a 64-byte boundary.
        int[][] shapes = {{3, 2}, {200, 20}, {1, 1}, {0, 4}, {1234, 67}};
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int[] s : shapes) {
                float[] values = new float[s[0] * s[1]];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) Math.sin(i) * 100;
                }
                Path file = dir.resolve("a.npy");
                Npy.writeFloat32(file, values, s[0], s[1]);
                byte[] ours = Files.readAllBytes(file);

                NDArray array = manager.create(values, new Shape(s[0], s[1]));
                byte[] npz = new NDList(array).encode(NDList.Encoding.NPZ);
                try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(npz))) {
                    ZipEntry entry = zip.getNextEntry();
                    assertEquals("arr_0.npy", entry.getName());
                    assertArrayEquals(zip.readAllBytes(), ours, "bytes for shape " + s[0] + "x" + s[1]);
                }
                NDArray back = NDList.decode(manager, new ByteArrayInputStream(ours)).singletonOrThrow();
                assertEquals(new Shape(s[0], s[1]), back.getShape());
                assertEquals(DataType.FLOAT32, back.getDataType());
                assertArrayEquals(values, back.toFloatArray());
            }
        }
    }

    @Test
    void sizesMustAgree() {
        assertThrows(IllegalArgumentException.class, () -> Npy.writeFloat32(dir.resolve("x.npy"), new float[5], 2, 3));
        assertEquals(List.of(), listDir());
    }

    @Test
    void headersOfAllLengthsAreAligned() {
        for (int rows = 0; rows < 100_000_000; rows = rows * 10 + 1) {
            byte[] header = Npy.header("<f4", "(" + rows + ", 7)");
            assertEquals(0, header.length % 64);
            assertEquals('\n', header[header.length - 1]);
            int declared = Short.toUnsignedInt(ByteBuffer.wrap(header, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
            assertEquals(header.length - 10, declared);
        }
    }

    private List<String> listDir() {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
