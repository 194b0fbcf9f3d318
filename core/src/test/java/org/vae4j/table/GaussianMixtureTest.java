package org.vae4j.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.data.ModeNumericField;

/** The mixture behind mode-specific normalisation, and the codec's round trip with it. */
class GaussianMixtureTest {
    @TempDir
    Path dir;

    @Test
    void twoSeparateClustersGiveTwoModesAndOneGaussianNone() {
        Random r = new Random(1);
        double[] two = new double[3000];
        for (int i = 0; i < two.length; i++) {
            two[i] = i % 3 == 0 ? 10 + r.nextGaussian() : -5 + 0.5 * r.nextGaussian();
        }
        ModeNumericField f = GaussianMixture.fit("x", two, GaussianMixture.MAX_MODES, 1);
        assertEquals(2, f.modes(), f.toString());
        assertEquals(-5, f.means().get(0), 0.05);
        assertEquals(10, f.means().get(1), 0.1);
        assertEquals(0.5, f.sds().get(0), 0.03);
        assertEquals(1.0, f.sds().get(1), 0.06);
        assertEquals(2.0 / 3, f.weights().get(0), 0.02);
        double[] one = new double[3000];
        for (int i = 0; i < one.length; i++) {
            one[i] = 3 + 2 * r.nextGaussian();
        }
        assertNull(GaussianMixture.fit("y", one, GaussianMixture.MAX_MODES, 1), "one Gaussian: standardised");
        // whole numbers do not become a spike per value
        double[] whole = new double[3000];
        for (int i = 0; i < whole.length; i++) {
            whole[i] = Math.rint(200 + 10 * r.nextGaussian());
        }
        ModeNumericField w = GaussianMixture.fit("z", whole, GaussianMixture.MAX_MODES, 1);
        assertTrue(w == null || w.sds().stream().allMatch(sd -> sd >= 0.5), String.valueOf(w));
    }

    @Test
    void valuesCodedByModesComeBackWithinFloatPrecision() throws Exception {
        Random r = new Random(2);
        StringBuilder csv = new StringBuilder("x,c\n");
        double[] xs = new double[400];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i % 2 == 0 ? 100 + r.nextGaussian() : 300 + 3 * r.nextGaussian();
            csv.append(i == 7 ? "" : String.valueOf(xs[i])).append(',').append(i % 3 == 0 ? "a" : "b").append('\n');
        }
        Table t = TableReader.read(Files.writeString(dir.resolve("m.csv"), csv), TableReader.Options.defaults());
        TableCodec codec = TableCodec.fit(t, true);
        assertEquals(1 + 2 + 2, codec.width(), "offset, two modes, two categories");
        assertEquals(codec, TableCodec.of(codec.schema()));
        float[] values;
        boolean[] seen;
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            org.vae4j.data.Batch b = codec.encode(t).batch(m, 0, t.rows());
            values = b.input().toFloatArray();
            seen = b.mask().toBooleanArray();
        }
        // row 0 is near 100: mode 0, one-hot (1, 0), offset (x - mean_0) / sd_0
        ModeNumericField f = codec.columns().get(0).modes();
        assertEquals((xs[0] - f.means().get(0)) / f.sds().get(0), values[0], 1e-5);
        assertEquals(1f, values[1]);
        assertEquals(0f, values[2]);
        assertEquals(0f, values[5 + 1]); // row 1 is near 300: mode 1
        assertEquals(1f, values[5 + 2]);
        for (int j = 0; j < 3; j++) {
            assertEquals(false, seen[7 * 5 + j], "a missing cell masks its offset and its mode");
        }
        String[][] back = codec.decode(values, t.rows());
        for (int i = 0; i < xs.length; i++) {
            if (i != 7) {
                assertEquals(xs[i], Double.parseDouble(back[i][0]), 1e-4 * Math.abs(xs[i]), "row " + i);
            }
            assertEquals(t.cells()[i][1], back[i][1]);
        }
    }
}
