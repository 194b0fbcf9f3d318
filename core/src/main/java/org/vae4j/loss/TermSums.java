package org.vae4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Running sums of an objective's terms over many batches (an epoch, an evaluation). A batch's sums are read from the
 * engine as one vector, one synchronisation per batch: each term's sum over the batch, then the sums of its parts.
 */
public final class TermSums {
    private final List<Objective.Term> terms;
    private double[] total;
    private int[] partCounts;

    /**
     * @param terms the objective's terms
     */
    public TermSums(List<Objective.Term> terms) {
        this.terms = List.copyOf(terms);
    }

    /**
     * Reads a batch's sums.
     *
     * @param computed the batch's terms, from {@link Objective#compute}
     * @return every term's batch sum, then every part's batch sum, in the objective's order
     */
    public double[] read(Map<String, NDArray> computed) {
        NDList pieces = new NDList();
        NDList parts = new NDList();
        for (Objective.Term t : terms) {
            NDArray values = computed.get(t.name());
            pieces.add(values.sum().reshape(1));
            if (t.parts()) {
                parts.add(values.sum(new int[] {0}));
            }
        }
        if (partCounts == null) {
            partCounts = new int[parts.size()];
            for (int i = 0; i < parts.size(); i++) {
                partCounts[i] = Math.toIntExact(parts.get(i).getShape().get(0));
            }
        }
        pieces.addAll(parts);
        float[] flat = NDArrays.concat(pieces, 0).toFloatArray();
        double[] out = new double[flat.length];
        for (int i = 0; i < flat.length; i++) {
            out[i] = flat[i];
        }
        return out;
    }

    /**
     * Adds a batch's sums to the totals.
     *
     * @param values from {@link #read}
     */
    public void add(double[] values) {
        if (total == null) {
            total = new double[values.length];
        }
        for (int i = 0; i < values.length; i++) {
            total[i] += values[i];
        }
    }

    /** @return the totals so far, in the layout of {@link #read} */
    public double[] total() {
        return total == null ? new double[terms.size()] : total.clone();
    }

    /**
     * @param values sums in the layout of {@link #read}
     * @param count the number of examples they sum over
     * @return each term's mean per example, in the objective's order
     */
    public Map<String, Double> means(double[] values, int count) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < terms.size(); i++) {
            out.put(terms.get(i).name(), values[i] / count);
        }
        return out;
    }

    /**
     * @param count the number of examples the totals sum over
     * @return for every term with parts, each part's mean per example
     */
    public Map<String, List<Double>> parts(int count) {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        if (total == null || partCounts == null) {
            return out;
        }
        int at = terms.size();
        int p = 0;
        for (Objective.Term t : terms) {
            if (t.parts()) {
                List<Double> values = new ArrayList<>(partCounts[p]);
                for (int i = 0; i < partCounts[p]; i++) {
                    values.add(total[at + i] / count);
                }
                at += partCounts[p];
                p++;
                out.put(t.name(), values);
            }
        }
        return out;
    }
}
