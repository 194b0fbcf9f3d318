package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.data.DataSources;
import org.vae4j.image.ImageDataset;
import org.vae4j.io.ModelStore;
import org.vae4j.io.ModelFolder;
import org.vae4j.model.LatentModel;

/** {@code vae4j encode}: CSV and .npy files holding exactly what the encoder computes. */
class EncodeCommandTest {
    @TempDir
    static Path shared;

    static Path model;
    static LatentModel.Encoding expected;
    static int[] labels;

    @BeforeAll
    static void trainOnce() {
        model = shared.resolve("model");
        Cli.train(model, 1);
        ImageDataset data = new DataSources().loadImages(Cli.dataSpec(), "data");
        labels = data.labels().orElseThrow();
        try (ModelFolder saved = ModelStore.load(model)) {
            expected = saved.model().encode(data);
        }
    }

    private static Cli.Result encode(Object out, String... extra) {
        return Cli.run(Cli.args("encode", "--model", model, "--data", Cli.dataSpec(), "--out", out,
                Arrays.asList(extra)));
    }

    @Test
    void csvHasOneRowPerExampleWithTheEncodersValues(@TempDir Path tmp) {
        Path csv = tmp.resolve("codes.csv");
        Cli.Result r = encode(csv, "--log-var").ok();
        assertTrue(r.out().contains(csv.toString()), r::describe);
        assertEquals("", r.err(), r::describe);
        List<String> lines = Cli.read(csv).lines().toList();
        assertEquals("index,label,class,mu_1,mu_2,logvar_1,logvar_2", lines.get(0));
        assertEquals(1 + 200, lines.size(), "a header and one row per example");
        for (int i = 0; i < 200; i++) {
            String[] cells = lines.get(i + 1).split(",");
            assertEquals(7, cells.length, lines.get(i + 1));
            assertEquals(i, Integer.parseInt(cells[0]));
            assertEquals(labels[i], Integer.parseInt(cells[1]));
            assertFalse(cells[2].isEmpty(), "class name");
            for (int d = 0; d < 2; d++) {
                assertEquals(expected.mu()[2 * i + d], Float.parseFloat(cells[3 + d]), 0f);
                assertEquals(expected.logVar()[2 * i + d], Float.parseFloat(cells[5 + d]), 0f);
            }
        }
    }

    @Test
    void npyHoldsTheMeansAndTheLabelsBeside(@TempDir Path tmp) throws IOException {
        Path npy = tmp.resolve("z.npy");
        Cli.Result r = encode(npy).ok();
        Path labelFile = tmp.resolve("z.labels.npy");
        assertTrue(r.out().contains(labelFile.toString()), r::describe);

        ByteBuffer data = npyData(npy, "<f4", "(200, 2)");
        float[] mu = new float[400];
        data.asFloatBuffer().get(mu);
        assertArrayEquals(expected.mu(), mu);
        assertEquals(0, data.remaining() - 1600, "no bytes after the values");

        ByteBuffer l = npyData(labelFile, "<i4", "(200,)");
        int[] back = new int[200];
        l.asIntBuffer().get(back);
        assertArrayEquals(labels, back);

        encode(npy, "--log-var").ok();
        ByteBuffer both = npyData(npy, "<f4", "(200, 4)");
        for (int i = 0; i < 200; i++) {
            assertEquals(expected.mu()[2 * i], both.getFloat(), 0f);
            assertEquals(expected.mu()[2 * i + 1], both.getFloat(), 0f);
            assertEquals(expected.logVar()[2 * i], both.getFloat(), 0f);
            assertEquals(expected.logVar()[2 * i + 1], both.getFloat(), 0f);
        }
    }

    /** Parses a .npy version 1.0 header, checks it, and returns the data that follows. */
    static ByteBuffer npyData(Path file, String descr, String shape) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertEquals((byte) 0x93, bytes[0], "magic");
        assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII), "magic");
        assertEquals(1, bytes[6], "major version");
        assertEquals(0, bytes[7], "minor version");
        int length = Short.toUnsignedInt(ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
        assertEquals(0, (10 + length) % 64, "data aligned to 64 bytes");
        String header = new String(bytes, 10, length, StandardCharsets.US_ASCII);
        assertEquals("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }", header.trim());
        assertTrue(header.endsWith("\n"));
        return ByteBuffer.wrap(bytes, 10 + length, bytes.length - 10 - length).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void unlabelledDataHasEmptyLabelCellsAndNoLabelFile(@TempDir Path tmp) {
        Path csv = tmp.resolve("u.csv");
        Cli.run(Cli.args("encode", "--model", model, "--data", "idx:" + Cli.images(), "--out", csv)).ok();
        List<String> lines = Cli.read(csv).lines().toList();
        assertEquals(201, lines.size());
        assertTrue(lines.get(1).startsWith("0,,,"), lines.get(1));
        Path npy = tmp.resolve("u.npy");
        Cli.run(Cli.args("encode", "--model", model, "--data", "idx:" + Cli.images(), "--out", npy)).ok();
        assertTrue(Files.isRegularFile(npy));
        assertFalse(Files.exists(tmp.resolve("u.labels.npy")));
    }

    @Test
    void outMustEndInCsvOrNpy(@TempDir Path tmp) {
        Path txt = tmp.resolve("codes.txt");
        encode(txt).badInput("--out", "codes.txt", ".csv or .npy");
        assertFalse(Files.exists(txt));
        encode(tmp.resolve(".npy")).badInput("--out", ".csv or .npy");
    }

}
