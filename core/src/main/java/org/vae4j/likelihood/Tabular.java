package org.vae4j.likelihood;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.vae4j.Noise;
import org.vae4j.Tensors;

/**
 * The likelihood of a table's coded row (issue 12), built from a schema by {@link #of}, which puts the terms in the
 * original units (each numeric term is -log p of the raw value): a Gaussian with its own learned standard deviation for every
 * numeric column, and a categorical over the one-hot block of every categorical column, each column its own term
 * (HI-VAE, Nazabal et al. 2020). The decoder gives two values per input value, (batch, 2D): the first D are the
 * numeric means and the categorical logits, the second D the numeric log standard deviations (floored at
 * {@code log minSigma}; unused for categorical values). A categorical block's per-value terms are
 * -x_j log softmax_j, so they sum to -log p(category); a missing cell masks all of its block.
 */
public final class Tabular implements Likelihood {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /** The largest standard deviation a numeric column's Gaussian may learn, in the coded (unit) scale. */
    public static final double MAX_SIGMA = 100;

    private final int[] widths;
    private final boolean[] numeric;
    private final int size;
    private final double minSigma;
    private final float[] shift;
    private final float[] hotShift;

    /**
     * @param widths each column's number of values: 1 for numeric, the categories for categorical
     * @param numeric which columns are numeric
     * @param minSigma the smallest standard deviation a numeric column may learn, above 0
     */
    public Tabular(int[] widths, boolean[] numeric, double minSigma) {
        this(widths, numeric, minSigma, null, null);
    }

    /**
     * A likelihood whose terms are in the original units of the values the coded row stands for: each value's term
     * adds {@code shift[j]} (the log sd of a standardised column, which turns the density of the standardised value
     * into the raw value's), and {@code x[j] * hotShift[j]} (for the one-hot mode of a column normalised by modes,
     * the log sd of the mode the value is in). Neither depends on the parameters, so training is unchanged; the
     * scores and anomaly scores of rows with different missing cells become comparable.
     *
     * @param widths each column's number of values
     * @param numeric which columns are numeric
     * @param minSigma the smallest standard deviation a numeric column may learn
     * @param shift a constant per value, or {@code null} for none
     * @param hotShift a constant per value multiplied by the value, or {@code null} for none
     */
    public Tabular(int[] widths, boolean[] numeric, double minSigma, float[] shift, float[] hotShift) {
        if (widths.length != numeric.length || widths.length == 0) {
            throw new IllegalArgumentException("one width and kind per column, at least one column");
        }
        int total = 0;
        for (int c = 0; c < widths.length; c++) {
            if (numeric[c] ? widths[c] != 1 : widths[c] < 2) {
                throw new IllegalArgumentException("column " + c + ": width " + widths[c] + " for a "
                        + (numeric[c] ? "numeric column (expected 1)" : "categorical column (expected 2 or more)"));
            }
            total += widths[c];
        }
        if (!(minSigma > 0)) {
            throw new IllegalArgumentException("minimum sigma " + minSigma + ": expected a number above 0");
        }
        this.widths = widths.clone();
        this.numeric = numeric.clone();
        this.size = total;
        this.minSigma = minSigma;
        if ((shift != null && shift.length != total) || (hotShift != null && hotShift.length != total)) {
            throw new IllegalArgumentException("one shift per value, " + total + " values");
        }
        this.shift = shift == null ? null : shift.clone();
        this.hotShift = hotShift == null ? null : hotShift.clone();
    }

    /**
     * The likelihood of a table's coded rows: a Gaussian per numeric column, a categorical per categorical one, and
     * for a column normalised by modes both (a Gaussian offset, a categorical mode).
     *
     * @param schema numeric, mode-normalised and categorical fields
     * @param minSigma the smallest standard deviation a Gaussian may learn
     * @return the likelihood
     * @throws IllegalArgumentException for any other kind of field
     */
    public static Tabular of(org.vae4j.data.Schema schema, double minSigma) {
        List<Integer> widths = new ArrayList<>();
        List<Boolean> numeric = new ArrayList<>();
        List<Float> shift = new ArrayList<>();
        List<Float> hot = new ArrayList<>();
        for (org.vae4j.data.Field f : schema.inputs()) {
            if (f instanceof org.vae4j.data.NumericField n) {
                widths.add(1);
                numeric.add(true);
                shift.add((float) Math.log(n.sd()));
                hot.add(0f);
            } else if (f instanceof org.vae4j.data.ModeNumericField m) {
                widths.add(1);
                numeric.add(true);
                widths.add(m.modes());
                numeric.add(false);
                shift.add(0f);
                hot.add(0f);
                for (double sd : m.sds()) {
                    shift.add(0f);
                    hot.add((float) Math.log(sd));
                }
            } else if (f instanceof org.vae4j.data.CategoricalField c) {
                widths.add(c.size());
                numeric.add(false);
                for (int j = 0; j < c.size(); j++) {
                    shift.add(0f);
                    hot.add(0f);
                }
            } else {
                throw new IllegalArgumentException("likelihood tabular scores numeric and categorical columns; the "
                        + "data is " + schema.describeInputs());
            }
        }
        boolean[] kinds = new boolean[numeric.size()];
        for (int c = 0; c < kinds.length; c++) {
            kinds[c] = numeric.get(c);
        }
        float[] s = new float[shift.size()];
        float[] h = new float[hot.size()];
        for (int j = 0; j < s.length; j++) {
            s[j] = shift.get(j);
            h[j] = hot.get(j);
        }
        return new Tabular(widths.stream().mapToInt(Integer::intValue).toArray(), kinds, minSigma, s, h);
    }

    @Override
    public String name() {
        return "tabular";
    }

    @Override
    public int decoderOutputsPerValue() {
        return 2;
    }

    /** What one column's block of values becomes: column c, its values' index range as {@code ":, a:b"}. */
    private interface Block {
        NDArray apply(int c, String cols);
    }

    /** Applies a function to every column's block and joins the results back in column order, (batch, D). */
    private NDArray byColumn(Block block) {
        List<NDArray> parts = new ArrayList<>();
        int at = 0;
        for (int c = 0; c < widths.length; c++) {
            parts.add(block.apply(c, ":, " + at + ":" + (at + widths[c])));
            at += widths[c];
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 1);
    }

    /** The standard deviations of the numeric values of a block, floored at {@code minSigma}, as their logarithms. */
    private NDArray logSd(NDArray second, String cols) {
        // and capped at MAX_SIGMA: a column's values are coded at unit scale, so a larger sd says nothing, and on
        // Shuttle (values up to 122 sd from the mean) an uncapped log-sd grew past 47 and training went NaN
        return second.get(cols).maximum(Tensors.scalar(second, (float) Math.log(minSigma)))
                .minimum(Tensors.scalar(second, (float) Math.log(MAX_SIGMA)));
    }

    @Override
    public NDArray perValue(NDArray parameters, NDArray x) {
        NDArray terms = standardisedTerms(parameters, x);
        if (shift != null) {
            terms = terms.add(Tensors.fromJava(x.getManager(), shift, new Shape(1, size)));
        }
        if (hotShift != null) {
            terms = terms.add(x.mul(Tensors.fromJava(x.getManager(), hotShift, new Shape(1, size))));
        }
        return terms;
    }

    /** The terms of the coded values themselves, before the shifts to original units. */
    private NDArray standardisedTerms(NDArray parameters, NDArray x) {
        NDArray first = parameters.get(":, :" + size);
        NDArray second = parameters.get(":, " + size + ":");
        return byColumn((c, cols) -> {
            NDArray xs = x.get(cols);
            if (!numeric[c]) {
                return first.get(cols).logSoftmax(1).mul(xs).neg();
            }
            NDArray logSd = logSd(second, cols);
            NDArray z = xs.sub(first.get(cols)).div(logSd.exp());
            return Tensors.times(z.square(), 0.5f).add(logSd).add(Tensors.scalar(z, (float) (0.5 * LOG_2PI)));
        });
    }

    @Override
    public NDArray mean(NDArray parameters) {
        NDArray first = parameters.get(":, :" + size);
        return byColumn((c, cols) -> numeric[c] ? first.get(cols) : first.get(cols).softmax(1));
    }

    @Override
    public NDArray sample(NDArray parameters, Noise noise) {
        NDArray first = parameters.get(":, :" + size);
        NDArray second = parameters.get(":, " + size + ":");
        long b = parameters.getShape().get(0);
        NDArray u = noise.uniform(parameters.getManager(), new Shape(b, size));
        NDArray eps = noise.normal(parameters.getManager(), new Shape(b, size));
        return byColumn((c, cols) -> {
            if (numeric[c]) {
                return first.get(cols).add(logSd(second, cols).exp().mul(eps.get(cols)));
            }
            // Gumbel-max: the argmax of logits - log(-log u) is a draw of the categorical
            NDArray gumbel = u.get(cols).maximum(Tensors.scalar(u, 1e-12f)).log().neg().log().neg();
            return first.get(cols).add(gumbel).argMax(1).oneHot(widths[c]).toType(DataType.FLOAT32, false);
        });
    }

    @Override
    public String toString() {
        return "tabular (" + widths.length + " columns, " + size + " values)";
    }
}
