package org.vae4j.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.data.ArrayExamples;
import org.vae4j.data.Batch;
import org.vae4j.eval.AnomalyScores;
import org.vae4j.eval.ImportanceWeighted;
import org.vae4j.eval.Ranking;
import org.vae4j.model.LatentModel;
import org.vae4j.model.ModelDefinition;
import org.vae4j.model.ModelSpec;
import org.vae4j.train.TrainConfig;
import org.vae4j.train.Trainer;
import org.vae4j.train.TrainingListener;

/**
 * A model of a table y = 2x + 100 + noise, with a category that is the sign of x, trained once: its imputations,
 * synthetic rows and anomaly scores against direct computations and the table's known structure.
 */
class TableTasksTest {
    @TempDir
    static Path dir;

    private static LatentModel model;
    private static TableCodec codec;

    private static String row(double x, double y, String sign) {
        return x + "," + y + "," + sign;
    }

    @BeforeAll
    static void train() throws Exception {
        Random r = new Random(7);
        StringBuilder csv = new StringBuilder("x,y,sign\n");
        for (int i = 0; i < 600; i++) {
            double x = r.nextGaussian();
            // a tenth of the x and sign cells missing, as in the tables the model is for
            String xs = r.nextDouble() < 0.1 ? "" : String.valueOf(x);
            String sign = r.nextDouble() < 0.1 ? "" : x > 0 ? "pos" : "neg";
            csv.append(xs).append(',').append(2 * x + 100 + 0.1 * r.nextGaussian()).append(',').append(sign)
                    .append('\n');
        }
        Table table = TableReader.read(Files.writeString(dir.resolve("train.csv"), csv),
                TableReader.Options.defaults());
        codec = TableCodec.fit(table);
        model = LatentModel.create(ModelDefinition.vae(codec.schema(), new ModelSpec("mlp", List.of(64, 64), 2,
                List.of(), false, "tabular", 0.01)), 3);
        new Trainer(model, new TrainConfig(60, 32, 3e-3, 3)).fit(codec.encode(table), null, new TrainingListener() {});
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static Table read(String name, StringBuilder csv) throws Exception {
        return TableReader.readFor(Files.writeString(dir.resolve(name), csv), codec.kinds(), null, null);
    }

    @Test
    void imputationRecoversHiddenCellsFarBetterThanTheMeanAndKeepsObservedOnes() throws Exception {
        Random r = new Random(8);
        StringBuilder csv = new StringBuilder("x,y,sign\n");
        double[] xs = new double[100];
        for (int i = 0; i < 100; i++) {
            xs[i] = r.nextGaussian();
            double y = 2 * xs[i] + 100 + 0.1 * r.nextGaussian();
            // every other row hides x, the others the sign; y is always there
            csv.append(i % 2 == 0 ? row(Double.NaN, y, xs[i] > 0 ? "pos" : "neg").replace("NaN", "")
                    : row(xs[i], y, "")).append('\n');
        }
        Table t = read("holes.csv", csv);
        TableTasks.Filled f = TableTasks.impute(model, codec.encode(t), 50, 1);
        double se = 0;
        double seMean = 0;
        int signRight = 0;
        for (int i = 0; i < 100; i++) {
            assertArrayEquals(new boolean[] {i % 2 == 0, false, i % 2 == 1}, f.filled()[i], "row " + i);
            // an observed cell comes back as its value (decoded from its standardised form: float precision)
            int kept = i % 2 == 0 ? 2 : 0;
            if (kept == 0) {
                assertEquals(Double.parseDouble(t.cells()[i][0]), Double.parseDouble(f.cells()[i][0]), 1e-5);
            } else {
                assertEquals(t.cells()[i][2], f.cells()[i][2]);
            }
            assertEquals(Double.parseDouble(t.cells()[i][1]), Double.parseDouble(f.cells()[i][1]), 1e-4);
            if (i % 2 == 0) {
                double e = Double.parseDouble(f.cells()[i][0]) - xs[i];
                se += e * e;
                seMean += (codec.columns().get(0).mean() - xs[i]) * (codec.columns().get(0).mean() - xs[i]);
            } else {
                signRight += f.cells()[i][2].equals(xs[i] > 0 ? "pos" : "neg") ? 1 : 0;
            }
        }
        // x is y's half less 50: filling it from y beats the training mean (error about var x = 1) by far
        assertTrue(se / 50 < 0.05 && seMean / 50 > 0.5, "x squared error " + se / 50 + " vs the mean's "
                + seMean / 50);
        assertTrue(signRight >= 47, signRight + " of 50 signs filled right");
        assertEquals(100, f.count());
    }

    @Test
    void syntheticRowsHaveTheTablesUnitsAndStructure() {
        String[][] rows = TableTasks.sample(model, 2000, -1, 4);
        double[] x = new double[rows.length];
        double[] y = new double[rows.length];
        int agree = 0;
        for (int i = 0; i < rows.length; i++) {
            x[i] = Double.parseDouble(rows[i][0]);
            y[i] = Double.parseDouble(rows[i][1]);
            assertTrue(List.of("pos", "neg").contains(rows[i][2]), rows[i][2]);
            agree += (x[i] > 0) == rows[i][2].equals("pos") ? 1 : 0;
        }
        double my = java.util.Arrays.stream(y).average().orElseThrow();
        double mx = java.util.Arrays.stream(x).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < rows.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        // in the original units: y about 100, its slope on x about 2; the sign agrees with x
        assertEquals(100, my, 0.3);
        assertEquals(2, sxy / sxx, 0.3);
        assertTrue(agree > 0.9 * rows.length, agree + " of " + rows.length + " signs agree with x");
        // the same seed draws the same rows
        assertArrayEquals(rows[17], TableTasks.sample(model, 2000, -1, 4)[17]);
    }

    @Test
    void anomalyScoresRankBrokenRowsFirstAndAgreeWithTheirDefinitions() throws Exception {
        Random r = new Random(9);
        StringBuilder csv = new StringBuilder("x,y,sign\n");
        boolean[] broken = new boolean[200];
        for (int i = 0; i < 200; i++) {
            double x = r.nextGaussian();
            broken[i] = i % 4 == 0;
            // a broken row has y = -2x + 100: each cell is plausible alone, the pair is not
            double y = (broken[i] ? -2 : 2) * x + 100 + 0.1 * r.nextGaussian();
            csv.append(row(x, y, x > 0 ? "pos" : "neg")).append('\n');
        }
        ArrayExamples data = codec.encode(read("score.csv", csv));
        double[] elbo1 = AnomalyScores.score(model, data, AnomalyScores.Method.ELBO, 1, 5, null);
        double[] recon1 = AnomalyScores.score(model, data, AnomalyScores.Method.RECON_PROB, 1, 5, null);
        // with one draw from the same stream the two differ by the KL, computed here by a direct loop
        float[] mu;
        float[] logVar;
        try (NDManager m = model.manager().newSubManager()) {
            NDList q = model.encode(data.batch(m, 0, data.size()), false);
            mu = q.get(0).toFloatArray();
            logVar = q.get(1).toFloatArray();
        }
        for (int i = 0; i < 200; i++) {
            double kl = 0;
            for (int u = 0; u < 2; u++) {
                double m = mu[i * 2 + u];
                double lv = logVar[i * 2 + u];
                kl += -0.5 * (1 + lv - m * m - Math.exp(lv));
            }
            assertEquals(kl, elbo1[i] - recon1[i], 1e-4, "row " + i);
        }
        // with L draws: -log mean p(x|z) <= mean -log p(x|z) (Jensen), the same draws in both
        double[] elbo = AnomalyScores.score(model, data, AnomalyScores.Method.ELBO, 20, 5, null);
        double[] recon = AnomalyScores.score(model, data, AnomalyScores.Method.RECON_PROB, 20, 5, null);
        double[] iw = AnomalyScores.score(model, data, AnomalyScores.Method.IW, 100, 5, null);
        double[] logPx = ImportanceWeighted.estimate(model, data, 100, 5, null).perExample();
        for (int i = 0; i < 200; i++) {
            double kl = elbo1[i] - recon1[i];
            assertTrue(recon[i] <= elbo[i] - kl + 1e-6, "row " + i);
            assertEquals(-logPx[i], iw[i], 1e-9);
        }
        // a row's score does not depend on the rows after it (each position draws from its own stream)
        double[] some = AnomalyScores.score(model, data.first(3), AnomalyScores.Method.RECON_PROB, 20, 5, null);
        assertEquals(recon[2], some[2], 1e-5);
        for (double[] s : List.of(elbo, recon, iw)) {
            double auc = Ranking.rocAuc(s, broken);
            assertTrue(auc > 0.9, "ROC-AUC " + auc);
        }
    }

    @Test
    void imputationByModesFillsInTheOriginalUnitsOfTheRightMode() throws Exception {
        // x in two far clusters (0 and 10), y = x + noise, a category naming the cluster
        Random r = new Random(21);
        StringBuilder csv = new StringBuilder("x,y,side\n");
        for (int i = 0; i < 600; i++) {
            boolean hi = r.nextDouble() < 0.4;
            double x = (hi ? 10 : 0) + 0.5 * r.nextGaussian();
            csv.append(x).append(',').append(x + 0.3 * r.nextGaussian()).append(',').append(hi ? "hi" : "lo")
                    .append('\n');
        }
        Table train = TableReader.read(Files.writeString(dir.resolve("bimodal.csv"), csv),
                TableReader.Options.defaults());
        TableCodec byModes = TableCodec.fit(train, true);
        assertTrue(byModes.columns().get(0).modes() != null, "x has two modes");
        try (LatentModel m = LatentModel.create(ModelDefinition.vae(byModes.schema(), new ModelSpec("mlp",
                List.of(64, 64), 2, List.of(), false, "tabular", 0.01)), 5)) {
            new Trainer(m, new TrainConfig(60, 32, 3e-3, 5)).fit(byModes.encode(train), null,
                    new TrainingListener() {});
            StringBuilder holes = new StringBuilder("x,y,side\n");
            double[] truth = new double[50];
            for (int i = 0; i < 50; i++) {
                boolean hi = i % 2 == 0;
                truth[i] = (hi ? 10 : 0) + 0.5 * r.nextGaussian();
                double y = truth[i] + 0.3 * r.nextGaussian();
                // rows 0-19: x hidden, y given; rows 20-39: x and y hidden, only the side given; rows 40-49:
                // nothing given, so the fill is the mixture's mean, between the clusters
                holes.append(',').append(i < 20 ? String.valueOf(y) : "").append(',')
                        .append(i >= 40 ? "" : hi ? "hi" : "lo").append('\n');
            }
            Table t = TableReader.readFor(Files.writeString(dir.resolve("bimodal-holes.csv"), holes),
                    byModes.kinds(), null, null);
            TableTasks.Filled f = TableTasks.impute(m, byModes.encode(t), 100, 2);
            double fromY = 0;
            for (int i = 0; i < 50; i++) {
                double x = Double.parseDouble(f.cells()[i][0]);
                if (i >= 40) {
                    // E[x] = 0.6 * 0 + 0.4 * 10 = 4 under the data; averaged offsets of one mode would give 0 or 10
                    assertEquals(4, x, 2, "row " + i + " with nothing observed");
                } else if (i < 20) {
                    fromY += Math.abs(x - truth[i]) / 20;
                } else {
                    // from the side alone: near its cluster's centre, in the original units
                    assertEquals(i % 2 == 0 ? 10 : 0, x, 1.5, "row " + i);
                }
            }
            assertTrue(fromY < 0.6, "mean absolute error of x filled from y: " + fromY);
        }
    }
}
