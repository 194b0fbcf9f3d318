package org.vae4j.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.BadInputException;
import org.vae4j.TestData;
import org.vae4j.image.ImageDataset;
import org.vae4j.model.ModelDefinition;
import org.vae4j.model.LatentModel;

/** Encoded datasets written as CSV and .npy, read back and compared with the encoder's output. */
class LatentCodesTest {
    static LatentModel model;
    static ImageDataset data;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        model = LatentModel.create(ModelDefinition.classic(1, 28, 28).withHidden(List.of(16)).withLatent(3), 5);
        data = TestData.fashionMnist200().subset(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, "first12");
    }

    @AfterAll
    static void tearDown() {
        model.close();
    }

    static List<Map<String, String>> readCsv(Path file) throws IOException {
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            return it.readAll();
        }
    }

    @Test
    void csvHoldsEveryExampleWithTheEncodersExactValues() throws IOException {
        LatentCodes codes = LatentCodes.encode(model, data, List.of());
        LatentModel.Encoding e = model.encode(data);
        Path file = dir.resolve("codes.csv");
        assertEquals(List.of(file), codes.write(file, true));
        String header = Files.readAllLines(file).get(0);
        assertEquals("index,label,class,mu_1,mu_2,mu_3,logvar_1,logvar_2,logvar_3", header);
        List<Map<String, String>> rows = readCsv(file);
        assertEquals(data.size(), rows.size());
        int[] labels = data.labels().orElseThrow();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            assertEquals(String.valueOf(i), row.get("index"));
            assertEquals(String.valueOf(labels[i]), row.get("label"));
            assertEquals(data.classNames().get(labels[i]), row.get("class"));
            for (int d = 0; d < 3; d++) {
                assertEquals(e.mu()[i * 3 + d], Float.parseFloat(row.get("mu_" + (d + 1))), 0f);
                assertEquals(e.logVar()[i * 3 + d], Float.parseFloat(row.get("logvar_" + (d + 1))), 0f);
            }
        }
        codes.write(file, false);
        assertEquals("index,label,class,mu_1,mu_2,mu_3", Files.readAllLines(file).get(0));
    }

    @Test
    void npyHoldsMeansThenLogVariancesAndLabelsBeside() throws IOException {
        LatentCodes codes = LatentCodes.encode(model, data, List.of());
        LatentModel.Encoding e = model.encode(data);
        Path file = dir.resolve("out/codes.npy");
        List<Path> written = codes.write(file, true);
        Path labelsFile = dir.resolve("out/codes.labels.npy");
        assertEquals(List.of(file, labelsFile), written);

        ByteBuffer b = npy(file, "<f4", "(12, 6)");
        for (int i = 0; i < 12; i++) {
            for (int d = 0; d < 3; d++) {
                assertEquals(e.mu()[i * 3 + d], b.getFloat(), 0f);
            }
            for (int d = 0; d < 3; d++) {
                assertEquals(e.logVar()[i * 3 + d], b.getFloat(), 0f);
            }
        }
        ByteBuffer l = npy(labelsFile, "<i4", "(12,)");
        int[] labels = new int[12];
        l.asIntBuffer().get(labels);
        assertArrayEquals(data.labels().orElseThrow(), labels);

        codes.write(file, false);
        ByteBuffer means = npy(file, "<f4", "(12, 3)");
        float[] mu = new float[36];
        means.asFloatBuffer().get(mu);
        assertArrayEquals(e.mu(), mu);
    }

    /** Checks a .npy file's header and returns its data, positioned at the first value. */
    static ByteBuffer npy(Path file, String descr, String shape) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertEquals((byte) 0x93, bytes[0]);
        assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
        int headerLength = Short.toUnsignedInt(ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'descr': '" + descr + "'"), header);
        assertTrue(header.contains("'fortran_order': False"), header);
        assertTrue(header.contains("'shape': " + shape), header);
        return ByteBuffer.wrap(bytes, 10 + headerLength, bytes.length - 10 - headerLength).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void unlabelledDataLeavesLabelCellsEmptyAndWritesNoLabelFile() throws IOException {
        ImageDataset unlabelled = new ImageDataset("u", data.pixels(), 1, 28, 28, null, List.of(), null);
        LatentCodes codes = LatentCodes.encode(model, unlabelled, List.of());
        Path csv = dir.resolve("u.csv");
        codes.write(csv, false);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(13, lines.size());
        assertTrue(lines.get(1).startsWith("0,,,"), lines.get(1));
        Path npy = dir.resolve("u.npy");
        assertEquals(List.of(npy), codes.write(npy, false));
        assertFalse(Files.exists(dir.resolve("u.labels.npy")));
    }

    @Test
    void otherEndingsAndShapesAreRefused() {
        LatentCodes codes = LatentCodes.encode(model, data, List.of());
        BadInputException e = assertThrows(BadInputException.class, () -> codes.write(dir.resolve("x.txt"), false));
        assertTrue(e.getMessage().contains("x.txt") && e.getMessage().contains(".csv or .npy"), e.getMessage());
        ImageDataset small = new ImageDataset("small", new float[2 * 64], 1, 8, 8, null, List.of(), null);
        BadInputException shape = assertThrows(BadInputException.class,
                () -> LatentCodes.encode(model, small, List.of()));
        assertTrue(shape.getMessage().contains("1x8x8") && shape.getMessage().contains("1x28x28"), shape.getMessage());
    }

    @Test
    void classNamesFallBackToTheModelsWhenTheDataOnlyNumbersThem() {
        List<String> model = List.of("cat", "dog", "bird");
        assertEquals(model, LatentCodes.classNames(List.of("0", "1", "2"), model));
        assertEquals(model, LatentCodes.classNames(List.of(), model));
        assertEquals(List.of("a", "b"), LatentCodes.classNames(List.of("a", "b"), model));
        assertEquals(List.of("0", "1", "2", "3"), LatentCodes.classNames(List.of("0", "1", "2", "3"), model));
        assertEquals(List.of("0", "1"), LatentCodes.classNames(List.of("0", "1"), List.of()));
        assertEquals(Path.of("a/b.labels.npy"), LatentCodes.labelsFile(Path.of("a/b.npy")));
        assertEquals(Path.of("a/b.labels.npy"), LatentCodes.labelsFile(Path.of("a/b.NPY")));
    }
}
