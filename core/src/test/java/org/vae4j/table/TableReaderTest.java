package org.vae4j.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.BadInputException;
import org.vae4j.data.ArrayExamples;
import org.vae4j.data.Batch;
import org.vae4j.data.CategoricalField;
import org.vae4j.data.NumericField;

/**
 * CSV tables: kinds inferred and overridden, missing markers, the standardise/one-hot coding and its exact round
 * trip, the mask of missing cells, and every malformed table in one line naming the row and column.
 */
class TableReaderTest {
    private static final String CSV = """
            age,colour,code,score,id
            31,red,1,0.5,a
            ,blue,2,1.25,b
            45,NA,1,?,c
            52,"red",3,2.0,d
            28,blue,2,-1.5,e
            """;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static String message(Path file, TableReader.Options options) {
        String m = assertThrows(BadInputException.class, () -> TableReader.read(file, options)).getMessage();
        assertFalse(m.contains("\n"), m);
        return m;
    }

    @Test
    void kindsAreInferredAndMissingMarkersStayMissing() throws Exception {
        Path file = write("t.csv", CSV);
        Table t = TableReader.read(file, new TableReader.Options(null, List.of("id"), null, null));
        assertEquals(List.of("age", "colour", "code", "score"), t.columns());
        // age: whole numbers, 4 distinct, but see below; code: 3 distinct whole numbers -> categorical codes
        assertEquals(List.of(Table.Kind.CATEGORICAL, Table.Kind.CATEGORICAL, Table.Kind.CATEGORICAL,
                Table.Kind.NUMERIC), t.kinds());
        assertNull(t.cells()[1][0], "an empty cell is missing");
        assertNull(t.cells()[2][1], "NA is missing");
        assertNull(t.cells()[2][3], "? is missing");
        assertEquals("red", t.cells()[3][1], "CSV quoting is read by Jackson");
        assertArrayEquals(new int[] {2, 3, 4, 5, 6}, t.rowNumbers());
        Table typed = TableReader.read(file, new TableReader.Options(Map.of("age", "numeric", "code", "categorical"),
                List.of("id"), "colour", List.of("-1.5")));
        assertEquals(List.of("age", "code", "score"), typed.columns(), "the label is kept out of the inputs");
        assertEquals(List.of(Table.Kind.NUMERIC, Table.Kind.CATEGORICAL, Table.Kind.NUMERIC), typed.kinds());
        assertArrayEquals(new String[] {"red", "blue", null, "red", "blue"}, typed.labels());
        assertNull(typed.cells()[4][2], "an extra --na marker");
        // more than 10 distinct whole numbers are a numeric column
        StringBuilder many = new StringBuilder("n,c\n");
        for (int i = 0; i < 12; i++) {
            many.append(i).append(',').append(i % 2 == 0 ? "x" : "y").append('\n');
        }
        assertEquals(List.of(Table.Kind.NUMERIC, Table.Kind.CATEGORICAL), TableReader.read(write("m.csv",
                many.toString()), TableReader.Options.defaults()).kinds());
    }

    @Test
    void theCodingRoundTripsAndMarksMissingCells() throws Exception {
        Table t = TableReader.read(write("t.csv", CSV), new TableReader.Options(Map.of("age", "numeric"),
                List.of("id"), null, null));
        TableCodec codec = TableCodec.fit(t);
        // the standardisation against a direct computation over the present ages 31, 45, 52, 28
        double mean = (31 + 45 + 52 + 28) / 4.0;
        double sd = Math.sqrt((Math.pow(31 - mean, 2) + Math.pow(45 - mean, 2) + Math.pow(52 - mean, 2)
                + Math.pow(28 - mean, 2)) / 4);
        assertEquals(mean, codec.columns().get(0).mean(), 1e-12);
        assertEquals(sd, codec.columns().get(0).sd(), 1e-12);
        assertEquals(List.of("blue", "red"), codec.columns().get(1).categories(), "sorted categories");
        List<org.vae4j.data.Field> fields = codec.schema().inputs();
        assertEquals(List.of(new NumericField("age", mean, codec.columns().get(0).sd()),
                new CategoricalField("colour", List.of("blue", "red")),
                new CategoricalField("code", List.of("1", "2", "3")), fields.get(3)), fields);
        // the schema a model folder stores gives the same codec back
        assertEquals(codec, TableCodec.of(codec.schema()));
        assertEquals(1 + 2 + 3 + 1, codec.width());
        ArrayExamples coded = codec.encode(t);
        float[] values;
        boolean[] mask;
        try (NDManager m = NDManager.newBaseManager()) {
            Batch b = coded.batch(m, 0, t.rows());
            values = b.input().toFloatArray();
            mask = b.mask().toBooleanArray();
        }
        // row 1: age missing; row 2: colour and score missing (a categorical column's every value)
        assertFalse(mask[7]);
        assertEquals(0f, values[7]);
        assertFalse(mask[14 + 1] || mask[14 + 2], "colour of row 2");
        assertFalse(mask[14 + 6], "score of row 2");
        assertTrue(mask[0] && mask[1] && mask[2] && mask[6]);
        double[] scores = {0.5, 1.25, 2.0, -1.5};
        double scoreMean = java.util.Arrays.stream(scores).average().orElseThrow();
        double scoreSd = Math.sqrt(java.util.Arrays.stream(scores).map(v -> (v - scoreMean) * (v - scoreMean))
                .sum() / 4);
        assertArrayEquals(new float[] {(float) ((31 - mean) / sd), 0, 1, 1, 0, 0,
            (float) ((0.5 - scoreMean) / scoreSd)},
                java.util.Arrays.copyOfRange(values, 0, 7), 1e-6f);
        // the table's likelihood scores the coded rows column by column, a missing cell adding nothing
        org.vae4j.likelihood.Tabular lik = codec.likelihood(0.01);
        assertEquals(2, lik.decoderOutputsPerValue());
        try (NDManager m = NDManager.newBaseManager()) {
            Batch b = coded.batch(m, 0, t.rows());
            float[] zero = new float[t.rows() * 2 * 7]; // means 0, log-sds 0: standard normals, uniform categories
            float[] nll = lik.negLogLikelihood(m.create(zero, new ai.djl.ndarray.types.Shape(t.rows(), 14)),
                    b.input(), b.mask()).toFloatArray();
            // in the original units: a numeric cell's density is the standardised one divided by the column's sd
            double expected0 = 0.5 * Math.log(2 * Math.PI) + 0.5 * values[0] * values[0] + Math.log(sd) + Math.log(2)
                    + Math.log(3) + 0.5 * Math.log(2 * Math.PI) + 0.5 * values[6] * values[6] + Math.log(scoreSd);
            assertEquals(expected0, nll[0], 1e-5);
            // row 2: colour and score missing
            double expected2 = 0.5 * Math.log(2 * Math.PI) + 0.5 * values[14] * values[14] + Math.log(sd)
                    + Math.log(3);
            assertEquals(expected2, nll[2], 1e-5);
        }
        // back to the original units and categories, where observed
        String[][] back = codec.decode(values, t.rows());
        for (int r = 0; r < t.rows(); r++) {
            for (int k = 0; k < t.columns().size(); k++) {
                String was = t.cells()[r][k];
                if (was == null) {
                    continue;
                }
                if (t.kinds().get(k) == Table.Kind.NUMERIC) {
                    assertEquals(Double.parseDouble(was), Double.parseDouble(back[r][k]),
                            1e-6 * Math.max(1, Math.abs(Double.parseDouble(was))), r + "," + k);
                } else {
                    assertEquals(was, back[r][k], r + "," + k);
                }
            }
        }
        Table unseen = TableReader.read(write("u.csv", "age,colour,code,score\n40,green,1,0.1\n41,red,2,0.2\n"),
                new TableReader.Options(Map.of("age", "numeric", "code", "categorical"), null, null, null));
        String m = assertThrows(BadInputException.class, () -> codec.encode(unseen)).getMessage();
        assertTrue(m.contains("line 2, column 'colour': category 'green' was not in the training data"), m);
    }

    @Test
    void malformedTablesAreOneLineNamingTheRowAndColumn() throws Exception {
        TableReader.Options plain = TableReader.Options.defaults();
        assertTrue(message(write("r.csv", "a,b\n1,x\n2,y,3\n"), plain).contains("r.csv, line 3: 3 values, "
                + "expected 2"));
        assertTrue(message(write("n.csv", "a,b\n1.5,x\n2.5,y\nabc,z\n"), new TableReader.Options(
                Map.of("a", "numeric"), null, null, null)).contains("line 4, column 'a': 'abc' is not a number, but "
                + "--columns declares a:numeric"));
        String constant = message(write("c.csv", "a,b\n1,x\n2,x\n3,x\n"), plain);
        assertTrue(constant.contains("column 'b' is constant") && constant.contains("--drop b"), constant);
        String empty = message(write("e.csv", "a,b\n1,\n2,NA\n3,?\n"), plain);
        assertTrue(empty.contains("column 'b' has no values") && empty.contains("--drop b"), empty);
        assertTrue(message(write("h.csv", "a,b\n"), plain).contains("a header and no rows"));
        assertTrue(message(write("z.csv", ""), plain).contains("empty file"));
        assertTrue(message(write("d.csv", "a,a\n1,2\n3,4\n"), plain).contains("'a' repeats"));
        assertTrue(message(write("l.csv", "a,b\n1,x\n2,y\n"), new TableReader.Options(null, null, "class", null))
                .contains("--label class: ") && message(write("l.csv", "a,b\n1,x\n2,y\n"),
                new TableReader.Options(null, null, "class", null)).contains("its columns are a, b"));
        assertTrue(message(dir.resolve("missing.csv"), plain).contains("missing.csv: no such file"));
        assertTrue(message(write("k.csv", "a,b\n1,x\n2,y\n"), new TableReader.Options(Map.of("a", "date"), null,
                null, null)).contains("--columns a:date: expected numeric or categorical"));
    }

    @Test
    void strayValuesSpellingsAndSeparatorsAreCaught() throws Exception {
        TableReader.Options plain = TableReader.Options.defaults();
        StringBuilder rows = new StringBuilder("a,b\n");
        for (int i = 0; i < 30; i++) {
            rows.append(i == 17 ? "inf" : i * 0.5 + 0.25).append(',').append(i % 2 == 0 ? "x" : "y").append('\n');
        }
        // one 'inf' among numbers: refused, naming it, rather than turning the column into 30 categories
        String inf = message(write("inf.csv", rows.toString()), plain);
        assertTrue(inf.contains("line 19, column 'a': 'inf' is not a finite number") && inf.contains("--na inf"),
                inf);
        // NaN is a missing marker
        Table nan = TableReader.read(write("nan.csv", rows.toString().replace("inf", "NaN")), plain);
        assertEquals(Table.Kind.NUMERIC, nan.kinds().get(0));
        assertEquals(null, nan.cells()[17][0]);
        // 1.5 and 1.50 are the same number: a constant column
        String same = message(write("same.csv", "a,b\n1.5,x\n1.50,y\n1.500,x\n"), plain);
        assertTrue(same.contains("column 'a' is constant") && same.contains("--drop a"), same);
        // a spreadsheet's byte-order mark is not part of the first name
        Table bom = TableReader.read(write("bom.csv", "\uFEFFid,b\n1,x\n2,y\n"), new TableReader.Options(null,
                List.of("id"), null, null));
        assertEquals(List.of("b"), bom.columns());
        String semi = message(write("semi.csv", "a;b\n1;x\n2;y\n"), plain);
        assertTrue(semi.contains("line 1") && semi.contains("semicolons"), semi);
    }
}
