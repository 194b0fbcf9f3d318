package org.vae4j.table;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vae4j.Noise;
import org.vae4j.Seeds;
import org.vae4j.Tensors;
import org.vae4j.data.Batch;
import org.vae4j.data.ExampleSet;
import org.vae4j.inpaint.ImportanceFill;
import org.vae4j.model.LatentModel;

/**
 * What a model of a table does with rows: draws synthetic rows, fills missing cells, scores each column's
 * reconstruction, and writes rows as CSV in the original units and categories.
 */
public final class TableTasks {
    private static final long SAMPLE_NOISE = 0x5A3E;
    private static final long TERM_NOISE = 0x7E42;
    private static final CsvMapper CSV = new CsvMapper();

    private TableTasks() {}

    /**
     * @param model a model
     * @return whether it models a table (its inputs are numeric and categorical columns)
     */
    public static boolean isTable(LatentModel model) {
        return TableCodec.isTable(model.schema());
    }

    /**
     * Draws synthetic rows: z from N(0, I), then every cell from p(x | z) (a Gaussian draw per numeric column, a
     * categorical draw per categorical one), so the rows vary as real ones do, not just their means.
     *
     * @param model a vae-family model of a table
     * @param count how many rows
     * @param label the class of every row for a conditional model, -1 for an unconditional one
     * @param seed the seed of the draws
     * @return count x columns cells, in the model's column order
     */
    public static String[][] sample(LatentModel model, int count, int label, long seed) {
        TableCodec codec = TableCodec.of(model.schema());
        float[] z = LatentModel.priorDraws(count, model.latent(), seed);
        Noise noise = new Noise(Seeds.derive(seed, SAMPLE_NOISE, 0));
        float[] coded;
        try (NDManager m = model.manager().newSubManager()) {
            NDArray classes = null;
            if (model.classes() > 0) {
                if (label < 0 || label >= model.classes()) {
                    throw new IllegalArgumentException("class " + label + ": expected 0 to " + (model.classes() - 1));
                }
                long[] c = new long[count];
                Arrays.fill(c, label);
                classes = Tensors.fromJava(m, c);
            }
            NDArray params = model.decode(Tensors.fromJava(m, z, new Shape(count, model.latent())), classes, false);
            coded = model.likelihood().sample(params, noise).toFloatArray();
        }
        return codec.decode(coded, count);
    }

    /**
     * Fills the missing cells of coded rows by importance sampling (MIWAE; {@link ImportanceFill}): a numeric cell
     * gets the weighted mean of its column's E[x | z_k], a categorical cell the category of highest weighted
     * probability. Rows without a missing cell are not touched.
     *
     * @param model an unconditional vae-family model of the table
     * @param data the coded rows, with their mask
     * @param samples K, importance samples per row
     * @param seed the seed
     * @return the filled cells (rows x columns, original units) and which cells were filled
     */
    public static Filled impute(LatentModel model, ExampleSet data, int samples, long seed) {
        TableCodec codec = TableCodec.of(model.schema());
        int d = codec.width();
        int n = data.size();
        float[] values;
        boolean[] observed;
        try (NDManager m = model.manager().newSubManager()) {
            Batch b = data.batch(m, 0, n);
            values = b.input().toFloatArray();
            observed = b.mask() == null ? null : b.mask().toBooleanArray();
        }
        boolean[][] filledCells = new boolean[n][codec.columns().size()];
        if (observed != null) {
            List<Integer> rows = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                for (int i = r * d; i < (r + 1) * d; i++) {
                    if (!observed[i]) {
                        rows.add(r);
                        break;
                    }
                }
            }
            float[] some = new float[rows.size() * d];
            boolean[] missing = new boolean[some.length];
            for (int k = 0; k < rows.size(); k++) {
                int r = rows.get(k);
                System.arraycopy(values, r * d, some, k * d, d);
                for (int i = 0; i < d; i++) {
                    missing[k * d + i] = !observed[r * d + i];
                }
            }
            for (int k = 0; k < rows.size(); k++) {
                int r = rows.get(k);
                // each row draws from the stream of its position in the data, as a fill of all rows would
                float[] one = ImportanceFill.fill(model, Arrays.copyOfRange(some, k * d, (k + 1) * d),
                        Arrays.copyOfRange(missing, k * d, (k + 1) * d), samples, seed, r);
                System.arraycopy(one, 0, values, r * d, d);
                int at = 0;
                for (int c = 0; c < codec.columns().size(); c++) {
                    filledCells[r][c] = missing[k * d + at];
                    at += codec.columns().get(c).width();
                }
            }
        }
        return new Filled(codec.decode(values, n), filledCells);
    }

    /**
     * Filled rows.
     *
     * @param cells rows x columns, in the original units
     * @param filled which cells were missing and filled
     */
    public record Filled(String[][] cells, boolean[][] filled) {
        /** @return how many cells were filled */
        public int count() {
            int k = 0;
            for (boolean[] row : filled) {
                for (boolean f : row) {
                    k += f ? 1 : 0;
                }
            }
            return k;
        }
    }

    /**
     * Each column's reconstruction term: the mean over rows where the cell is observed of -log p(x_c | z), one draw
     * z ~ q(z | x) per row (each row's own noise stream). Numeric terms are in standardised units; add log sd for
     * the original units.
     *
     * @param model a vae-family model of a table
     * @param data coded rows
     * @param seed the seed
     * @return one term per column, nats, in the model's column order
     */
    public static double[] columnTerms(LatentModel model, ExampleSet data, long seed) {
        TableCodec codec = TableCodec.of(model.schema());
        model.schema().checkData(data);
        int columns = codec.columns().size();
        double[] sums = new double[columns];
        long[] counts = new long[columns];
        int d = codec.width();
        for (int start = 0; start < data.size(); start += 1000) {
            int b = Math.min(1000, data.size() - start);
            try (NDManager m = model.manager().newSubManager()) {
                Batch batch = data.batch(m, start, start + b);
                NDList q = model.encode(batch, false);
                NDArray eps = Noise.perExample(seed, TERM_NOISE, start, b).normal(m, q.get(0).getShape());
                NDArray z = eps.mul(Tensors.times(q.get(1), 0.5f).exp()).add(q.get(0));
                NDArray params = model.decode(z, batch.condition(), false);
                NDArray x = batch.observed().input();
                float[] per = model.likelihood().perValue(params, x).toFloatArray();
                boolean[] seen = batch.mask() == null ? null : batch.mask().toBooleanArray();
                for (int r = 0; r < b; r++) {
                    int at = 0;
                    for (int c = 0; c < columns; c++) {
                        int w = codec.columns().get(c).width();
                        if (seen == null || seen[r * d + at]) {
                            double t = 0;
                            for (int j = 0; j < w; j++) {
                                t += per[r * d + at + j];
                            }
                            sums[c] += t;
                            counts[c]++;
                        }
                        at += w;
                    }
                }
            }
        }
        double[] out = new double[columns];
        for (int c = 0; c < columns; c++) {
            out[c] = counts[c] == 0 ? Double.NaN : sums[c] / counts[c];
        }
        return out;
    }

    /**
     * Writes rows as CSV with a header, a missing cell ({@code null}) as an empty one.
     *
     * @param out where to write
     * @param header the column names
     * @param rows the cells
     * @throws IOException if writing fails
     */
    public static void writeCsv(Writer out, List<String> header, List<String[]> rows) throws IOException {
        CsvSchema schema = CsvSchema.emptySchema();
        try (SequenceWriter w = CSV.writer(schema).writeValues(out)) {
            w.write(header);
            for (String[] row : rows) {
                w.write(Arrays.asList(row));
            }
        }
    }
}
