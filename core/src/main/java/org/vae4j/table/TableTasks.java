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
import ai.djl.ndarray.types.DataType;
import org.vae4j.eval.ImportanceWeighted;
import org.vae4j.model.LatentModel;

/**
 * What a model of a table does with rows: draws synthetic rows, fills missing cells, scores each column's
 * reconstruction, and writes rows as CSV in the original units and categories.
 */
public final class TableTasks {
    private static final long SAMPLE_NOISE = 0x5A3E;
    private static final long TERM_NOISE = 0x7E42;
    private static final long IMPUTE_NOISE = 0x1A70;
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
     * Fills the missing cells of coded rows by importance sampling (the MIWAE imputation of Mattei and Frellsen
     * 2019): K draws z_k ~ q(z | observed cells), self-normalised weights w_k proportional to
     * p(observed | z_k) p(z_k) / q(z_k | observed), and each missing numeric cell the weighted mean of its
     * E[x | z_k] in the original units (for a column normalised by modes, sum_m p(m | z_k) (mean_m + sd_m E[offset |
     * z_k]), so offsets of different modes are never averaged together); a missing categorical cell the category of
     * highest weighted probability. Observed cells are never read by the fill; rows without a missing cell are not
     * touched. Each row draws from a noise stream of its position in the data.
     *
     * @param model an unconditional vae-family model of the table
     * @param data the coded rows, with their mask
     * @param samples K, importance samples per row, at least 1
     * @param seed the seed
     * @return the filled cells (rows x columns, original units) and which cells were filled
     * @throws org.vae4j.BadInputException if the model is conditional or not of this table
     */
    public static Filled impute(LatentModel model, ExampleSet data, int samples, long seed) {
        if (model.classes() > 0 || !model.objective().variational()) {
            throw new org.vae4j.BadInputException("imputation needs an unconditional vae-family model; "
                    + model.describe() + " is not");
        }
        if (samples < 1) {
            throw new org.vae4j.BadInputException("imputation: " + samples + " importance samples; expected at "
                    + "least 1");
        }
        model.schema().checkInputs(data);
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
        String[][] cells = codec.decode(values, n);
        boolean[][] filled = new boolean[n][codec.columns().size()];
        if (observed == null) {
            return new Filled(cells, filled);
        }
        int step = Math.max(1, ImportanceWeighted.rowsPerStep(model));
        for (int r = 0; r < n; r++) {
            boolean any = false;
            for (int i = r * d; i < (r + 1) * d && !any; i++) {
                any = !observed[i];
            }
            if (!any) {
                continue;
            }
            boolean[] seen = Arrays.copyOfRange(observed, r * d, (r + 1) * d);
            float[] row = Arrays.copyOfRange(values, r * d, (r + 1) * d);
            double[][] expected = fillRow(model, codec, row, seen, samples, Seeds.derive(seed, IMPUTE_NOISE, r),
                    step);
            int at = 0;
            for (int c = 0; c < codec.columns().size(); c++) {
                TableCodec.Column col = codec.columns().get(c);
                if (!seen[at]) {
                    filled[r][c] = true;
                    if (col.kind() == Table.Kind.CATEGORICAL) {
                        int best = 0;
                        for (int j = 1; j < expected[c].length; j++) {
                            best = expected[c][j] > expected[c][best] ? j : best;
                        }
                        cells[r][c] = col.categories().get(best);
                    } else {
                        cells[r][c] = TableCodec.cell(expected[c][0]);
                    }
                }
                at += col.width();
            }
        }
        return new Filled(cells, filled);
    }

    /**
     * The weighted expectations of one row's columns: per numeric column {E[x]} in the original units, per
     * categorical column its category probabilities; the K draws decoded {@code step} at a time, combined with a
     * running maximum of the log-weights.
     */
    private static double[][] fillRow(LatentModel model, TableCodec codec, float[] row, boolean[] seen, int samples,
            long seed, int step) {
        int d = row.length;
        int columns = codec.columns().size();
        double[][] sums = new double[columns][];
        for (int c = 0; c < columns; c++) {
            TableCodec.Column col = codec.columns().get(c);
            sums[c] = new double[col.kind() == Table.Kind.CATEGORICAL ? col.width() : 1];
        }
        Noise noise = new Noise(seed);
        double max = Double.NEGATIVE_INFINITY;
        double total = 0;
        try (NDManager work = model.manager().newSubManager()) {
            NDArray x = Tensors.fromJava(work, row, new Shape(1, d));
            NDArray mask = Tensors.fromJava(work, toFloats(seen), new Shape(1, d)).gt(0.5f);
            NDList q = model.encode(new Batch(new NDList(x), mask, null), false);
            NDArray mu = q.get(0);
            NDArray logVar = q.get(1);
            for (int from = 0; from < samples; from += step) {
                int k = Math.min(step, samples - from);
                double[] logW;
                float[] means;
                try (NDManager chunk = work.newSubManager()) {
                    NDArray eps = noise.normal(chunk, new Shape(k, model.latent()));
                    NDArray lv = Tensors.borrow(logVar, chunk);
                    NDArray z = eps.mul(Tensors.times(lv, 0.5f).exp()).add(mu);
                    NDArray params = model.decode(z, null, false);
                    NDArray logPx = model.likelihood().negLogLikelihood(params, x.broadcast(new Shape(k, d)),
                            mask.broadcast(new Shape(k, d))).neg();
                    // log p(z) - log q(z | x_obs) = -0.5 sum z^2 + 0.5 sum (eps^2 + log var); 2 pi terms cancel
                    NDArray logPzOverQ = Tensors.times(eps.square().add(lv).sub(z.square()).sum(new int[] {1}),
                            0.5f);
                    logW = logPx.toType(DataType.FLOAT64, false).add(logPzOverQ.toType(DataType.FLOAT64, false))
                            .toDoubleArray();
                    means = model.likelihood().mean(params).toFloatArray();
                }
                for (int j = 0; j < k; j++) {
                    if (logW[j] > max) {
                        double scale = Math.exp(max - logW[j]); // 0 the first time
                        total *= scale;
                        for (double[] s : sums) {
                            for (int i = 0; i < s.length; i++) {
                                s[i] *= scale;
                            }
                        }
                        max = logW[j];
                    }
                    double w = Math.exp(logW[j] - max);
                    total += w;
                    int at = j * d;
                    for (int c = 0; c < columns; c++) {
                        TableCodec.Column col = codec.columns().get(c);
                        if (col.kind() == Table.Kind.CATEGORICAL) {
                            for (int i = 0; i < col.width(); i++) {
                                sums[c][i] += w * means[at + i];
                            }
                        } else if (col.modes() != null) {
                            double e = 0;
                            for (int m = 0; m < col.modes().modes(); m++) {
                                e += means[at + 1 + m] * (col.modes().means().get(m)
                                        + col.modes().sds().get(m) * means[at]);
                            }
                            sums[c][0] += w * e;
                        } else {
                            sums[c][0] += w * (means[at] * col.sd() + col.mean());
                        }
                        at += col.width();
                    }
                }
            }
        }
        for (double[] s : sums) {
            for (int i = 0; i < s.length; i++) {
                s[i] /= total;
            }
        }
        return sums;
    }

    private static float[] toFloats(boolean[] flags) {
        float[] out = new float[flags.length];
        for (int i = 0; i < flags.length; i++) {
            out[i] = flags[i] ? 1 : 0;
        }
        return out;
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
     * z ~ q(z | x) per row (each row's own noise stream). Numeric terms are -log p of the raw value, in the original
     * units (the likelihood of {@link org.vae4j.likelihood.Tabular#of} adds the coding's log sd).
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
