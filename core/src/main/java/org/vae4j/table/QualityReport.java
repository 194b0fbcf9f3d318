package org.vae4j.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.vae4j.BadInputException;

/**
 * How much synthetic rows look like real ones, with the measures of the SDMetrics quality report (so the figures
 * mean what users of SDV know):
 *
 * <ul>
 *   <li>column shapes: per numeric column the KS complement, 1 - the two-sample Kolmogorov-Smirnov statistic of its
 *       present values; per categorical column the TV complement, 1 - the total variation distance of the
 *       category frequencies;
 *   <li>column pair trends: per pair of numeric columns the correlation similarity, 1 - |r_real - r_synth| / 2 of
 *       Pearson's r (over rows where both are present); per other pair the contingency similarity, 1 - the total
 *       variation distance of the joint frequencies, numeric columns cut into {@value #BINS} equal-width bins over
 *       the real range;
 *   <li>train on synthetic, test on real (optional): the accuracy on held-out real rows of a ridge classifier for a
 *       label column, trained on the synthetic rows, beside the same classifier trained on the other real rows.
 * </ul>
 *
 * <p>The overall score is the mean of the two averages, as SDMetrics reports it. Missing cells are left out of every
 * measure.
 *
 * @param columns a score per column
 * @param pairs a score per pair of columns
 * @param tstr the classifier comparison, or {@code null} without a label
 */
public record QualityReport(List<Score> columns, List<Score> pairs, Tstr tstr) {
    /** Numeric columns are cut into this many bins for the contingency similarity. */
    public static final int BINS = 10;

    /** The share of real rows the real-trained classifier learns from; the rest are the test rows of both. */
    public static final double TRAIN_SHARE = 0.7;

    /**
     * One measure.
     *
     * @param name the column, or the two columns joined by " / "
     * @param metric KSComplement, TVComplement, CorrelationSimilarity or ContingencySimilarity
     * @param score in [0, 1], 1 for identical
     */
    public record Score(String name, String metric, double score) {}

    /**
     * Train on synthetic, test on real.
     *
     * @param label the label column
     * @param testRows the real rows both classifiers are tested on
     * @param realAccuracy the accuracy of the classifier trained on the other real rows
     * @param syntheticAccuracy the accuracy of the classifier trained on all synthetic rows
     * @param majority the accuracy of always answering the most frequent training label, for scale
     */
    public record Tstr(String label, int testRows, double realAccuracy, double syntheticAccuracy, double majority) {}

    /** Copies the lists. */
    public QualityReport {
        columns = List.copyOf(columns);
        pairs = List.copyOf(pairs);
    }

    /** @return the mean of the column scores */
    public double columnShapes() {
        return columns.stream().mapToDouble(Score::score).average().orElse(Double.NaN);
    }

    /** @return the mean of the pair scores (NaN with one column) */
    public double pairTrends() {
        return pairs.stream().mapToDouble(Score::score).average().orElse(Double.NaN);
    }

    /** @return the mean of {@link #columnShapes()} and {@link #pairTrends()} (the first alone with one column) */
    public double overall() {
        return pairs.isEmpty() ? columnShapes() : (columnShapes() + pairTrends()) / 2;
    }

    /**
     * Compares two tables.
     *
     * @param real the real rows (every column, kinds as read)
     * @param synthetic the synthetic rows, with the real table's columns in the same order
     * @param label a categorical column of both to classify, or {@code null}
     * @param seed the seed of the real rows' split
     * @return the report
     * @throws BadInputException if the columns differ, the label is not a categorical column, or a table has too
     *     few rows with a label
     */
    public static QualityReport compare(Table real, Table synthetic, String label, long seed) {
        if (!real.columns().equals(synthetic.columns())) {
            throw new BadInputException(synthetic.name() + ": columns " + synthetic.columns() + ", but "
                    + real.name() + " has " + real.columns());
        }
        int n = real.columns().size();
        List<Score> columns = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            String name = real.columns().get(c);
            boolean numeric = real.kinds().get(c) == Table.Kind.NUMERIC;
            columns.add(numeric ? new Score(name, "KSComplement", 1 - ks(numbers(real, c), numbers(synthetic, c)))
                    : new Score(name, "TVComplement", 1 - tv(texts(real, c), texts(synthetic, c))));
        }
        List<Score> pairs = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                String name = real.columns().get(a) + " / " + real.columns().get(b);
                if (real.kinds().get(a) == Table.Kind.NUMERIC && real.kinds().get(b) == Table.Kind.NUMERIC) {
                    double rReal = pearson(real, a, b);
                    double rSynth = pearson(synthetic, a, b);
                    pairs.add(new Score(name, "CorrelationSimilarity", 1 - Math.abs(rReal - rSynth) / 2));
                } else {
                    pairs.add(new Score(name, "ContingencySimilarity", 1 - tv(joint(real, real, a, b),
                            joint(synthetic, real, a, b))));
                }
            }
        }
        Tstr tstr = label == null ? null : tstr(real, synthetic, label, seed);
        return new QualityReport(columns, pairs, tstr);
    }

    /**
     * The two-sample Kolmogorov-Smirnov statistic: the largest gap between the empirical distribution functions.
     *
     * @param a a sample
     * @param b another
     * @return sup |F_a - F_b|, 1 when one sample is empty and the other is not
     */
    public static double ks(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            return a.length == b.length ? 0 : 1;
        }
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        int i = 0;
        int j = 0;
        double gap = 0;
        while (i < x.length && j < y.length) {
            double v = Math.min(x[i], y[j]);
            while (i < x.length && x[i] == v) {
                i++;
            }
            while (j < y.length && y[j] == v) {
                j++;
            }
            gap = Math.max(gap, Math.abs((double) i / x.length - (double) j / y.length));
        }
        return gap;
    }

    /**
     * The total variation distance of two samples' frequencies: half the sum over values of |p_a - p_b|.
     *
     * @param a values
     * @param b values
     * @return in [0, 1]; 1 when one sample is empty and the other is not
     */
    public static double tv(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.size() == b.size() ? 0 : 1;
        }
        java.util.Map<String, double[]> counts = new java.util.HashMap<>();
        for (String v : a) {
            counts.computeIfAbsent(v, key -> new double[2])[0]++;
        }
        for (String v : b) {
            counts.computeIfAbsent(v, key -> new double[2])[1]++;
        }
        double sum = 0;
        for (double[] c : counts.values()) {
            sum += Math.abs(c[0] / a.size() - c[1] / b.size());
        }
        return Math.min(1, sum / 2);
    }

    static double[] numbers(Table t, int c) {
        List<Double> out = new ArrayList<>();
        for (int r = 0; r < t.rows(); r++) {
            Double d = t.cells()[r][c] == null ? null : TableReader.number(t.cells()[r][c]);
            if (d != null) {
                out.add(d);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static List<String> texts(Table t, int c) {
        List<String> out = new ArrayList<>();
        for (String[] row : t.cells()) {
            if (row[c] != null) {
                out.add(row[c]);
            }
        }
        return out;
    }

    /** Pearson's r over rows where both cells are numbers; 0 when a column does not vary there. */
    private static double pearson(Table t, int a, int b) {
        List<double[]> xy = new ArrayList<>();
        for (String[] row : t.cells()) {
            Double x = row[a] == null ? null : TableReader.number(row[a]);
            Double y = row[b] == null ? null : TableReader.number(row[b]);
            if (x != null && y != null) {
                xy.add(new double[] {x, y});
            }
        }
        double mx = xy.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double my = xy.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (double[] p : xy) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
            syy += (p[1] - my) * (p[1] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }

    /** Each row's pair of cells as one value, numbers binned over the reference (real) table's range. */
    private static List<String> joint(Table t, Table reference, int a, int b) {
        List<String> out = new ArrayList<>();
        double[][] ranges = {range(reference, a), range(reference, b)};
        for (String[] row : t.cells()) {
            if (row[a] == null || row[b] == null) {
                continue;
            }
            out.add(cell(reference, a, row[a], ranges[0]) + "\u0000" + cell(reference, b, row[b], ranges[1]));
        }
        return out;
    }

    private static double[] range(Table t, int c) {
        if (t.kinds().get(c) != Table.Kind.NUMERIC) {
            return null;
        }
        double[] v = numbers(t, c);
        return new double[] {Arrays.stream(v).min().orElse(0), Arrays.stream(v).max().orElse(0)};
    }

    private static String cell(Table reference, int c, String value, double[] range) {
        if (range == null) {
            return value;
        }
        Double d = TableReader.number(value);
        if (d == null) {
            return value;
        }
        double width = (range[1] - range[0]) / BINS;
        int bin = width == 0 ? 0 : (int) Math.floor((d - range[0]) / width);
        return "bin" + Math.max(0, Math.min(BINS - 1, bin));
    }

    private static Tstr tstr(Table real, Table synthetic, String label, long seed) {
        int y = real.columns().indexOf(label);
        if (y < 0) {
            throw new BadInputException("--label " + label + ": no such column; the columns are "
                    + String.join(", ", real.columns()));
        }
        if (real.kinds().get(y) != Table.Kind.CATEGORICAL) {
            throw new BadInputException("--label " + label + ": a numeric column; the classifier needs a "
                    + "categorical label");
        }
        List<String> classes = TableReader.categories(texts(real, y));
        List<Integer> labelled = new ArrayList<>();
        for (int r = 0; r < real.rows(); r++) {
            if (real.cells()[r][y] != null) {
                labelled.add(r);
            }
        }
        if (labelled.size() < 10 || classes.size() < 2) {
            throw new BadInputException(real.name() + ": --label " + label + " needs at least 10 labelled rows and "
                    + "two classes; there are " + labelled.size() + " and " + classes.size());
        }
        Collections.shuffle(labelled, new Random(seed));
        int cut = (int) Math.round(labelled.size() * TRAIN_SHARE);
        List<Integer> train = labelled.subList(0, cut);
        List<Integer> test = labelled.subList(cut, labelled.size());
        Features f = new Features(real, y, train);
        List<Integer> synthRows = new ArrayList<>();
        for (int r = 0; r < synthetic.rows(); r++) {
            if (synthetic.cells()[r][y] != null) {
                synthRows.add(r);
            }
        }
        if (synthRows.isEmpty()) {
            throw new BadInputException(synthetic.name() + ": no row has a value in the label column '" + label
                    + "'");
        }
        DMatrixRMaj fromReal = f.fit(real, train, classes);
        DMatrixRMaj fromSynth = f.fit(synthetic, synthRows, classes);
        double realAccuracy = f.accuracy(fromReal, real, test, classes);
        double synthAccuracy = f.accuracy(fromSynth, real, test, classes);
        String most = null;
        int best = -1;
        for (String c : classes) {
            int k = 0;
            for (int r : train) {
                k += c.equals(real.cells()[r][y]) ? 1 : 0;
            }
            if (k > best) {
                best = k;
                most = c;
            }
        }
        int right = 0;
        for (int r : test) {
            right += most.equals(real.cells()[r][y]) ? 1 : 0;
        }
        return new Tstr(label, test.size(), realAccuracy, synthAccuracy, (double) right / test.size());
    }

    /**
     * The classifier's inputs: every column but the label, numbers standardised with the real training rows'
     * mean and sd (a missing one as the mean, 0), categories one-hot over the real categories (a missing or unseen
     * one as zeros), and a constant 1.
     */
    private static final class Features {
        private static final double RIDGE = 1.0;
        private final Table real;
        private final int label;
        private final double[] mean;
        private final double[] sd;
        private final List<List<String>> categories = new ArrayList<>();
        private final int width;

        Features(Table real, int label, List<Integer> rows) {
            this.real = real;
            this.label = label;
            int n = real.columns().size();
            mean = new double[n];
            sd = new double[n];
            int w = 1;
            for (int c = 0; c < n; c++) {
                List<String> present = new ArrayList<>();
                for (int r : rows) {
                    if (real.cells()[r][c] != null) {
                        present.add(real.cells()[r][c]);
                    }
                }
                if (c == label) {
                    categories.add(List.of());
                } else if (real.kinds().get(c) == Table.Kind.NUMERIC) {
                    double[] v = present.stream().map(TableReader::number).filter(d -> d != null)
                            .mapToDouble(Double::doubleValue).toArray();
                    double m = Arrays.stream(v).average().orElse(0);
                    mean[c] = m;
                    double var = Arrays.stream(v).map(d -> (d - m) * (d - m)).average().orElse(0);
                    sd[c] = var > 0 ? Math.sqrt(var) : 1;
                    categories.add(List.of());
                    w++;
                } else {
                    List<String> cats = TableReader.categories(present);
                    categories.add(cats);
                    w += cats.size();
                }
            }
            width = w;
        }

        DMatrixRMaj rows(Table t, List<Integer> rows) {
            DMatrixRMaj x = new DMatrixRMaj(rows.size(), width);
            for (int i = 0; i < rows.size(); i++) {
                String[] row = t.cells()[rows.get(i)];
                int at = 0;
                x.set(i, at++, 1);
                for (int c = 0; c < row.length; c++) {
                    if (c == label) {
                        continue;
                    }
                    if (real.kinds().get(c) == Table.Kind.NUMERIC) {
                        Double d = row[c] == null ? null : TableReader.number(row[c]);
                        x.set(i, at++, d == null ? 0 : (d - mean[c]) / sd[c]);
                    } else {
                        int k = row[c] == null ? -1 : categories.get(c).indexOf(row[c]);
                        if (k >= 0) {
                            x.set(i, at + k, 1);
                        }
                        at += categories.get(c).size();
                    }
                }
            }
            return x;
        }

        /** Ridge regression onto one-hot labels: W = (X'X + lambda I)^-1 X'Y. */
        DMatrixRMaj fit(Table t, List<Integer> rows, List<String> classes) {
            DMatrixRMaj x = rows(t, rows);
            DMatrixRMaj y = new DMatrixRMaj(rows.size(), classes.size());
            for (int i = 0; i < rows.size(); i++) {
                int k = classes.indexOf(t.cells()[rows.get(i)][label]);
                if (k >= 0) {
                    y.set(i, k, 1);
                }
            }
            DMatrixRMaj gram = new DMatrixRMaj(width, width);
            CommonOps_DDRM.multTransA(x, x, gram);
            for (int i = 0; i < width; i++) {
                gram.add(i, i, RIDGE);
            }
            DMatrixRMaj xty = new DMatrixRMaj(width, classes.size());
            CommonOps_DDRM.multTransA(x, y, xty);
            DMatrixRMaj w = new DMatrixRMaj(width, classes.size());
            if (!CommonOps_DDRM.solve(gram, xty, w)) {
                throw new IllegalStateException("the ridge system is singular");
            }
            return w;
        }

        double accuracy(DMatrixRMaj w, Table t, List<Integer> rows, List<String> classes) {
            DMatrixRMaj x = rows(t, rows);
            DMatrixRMaj scores = new DMatrixRMaj(rows.size(), classes.size());
            CommonOps_DDRM.mult(x, w, scores);
            int right = 0;
            for (int i = 0; i < rows.size(); i++) {
                int best = 0;
                for (int k = 1; k < classes.size(); k++) {
                    best = scores.get(i, k) > scores.get(i, best) ? k : best;
                }
                right += classes.get(best).equals(t.cells()[rows.get(i)][label]) ? 1 : 0;
            }
            return (double) right / rows.size();
        }
    }
}
