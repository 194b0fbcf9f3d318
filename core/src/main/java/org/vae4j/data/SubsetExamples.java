package org.vae4j.data;

import ai.djl.ndarray.NDManager;
import java.util.Objects;
import java.util.Optional;

/** Some examples of another set, in a given order; see {@link ExampleSet#subset}. */
final class SubsetExamples implements ExampleSet {
    private final ExampleSet source;
    private final int[] rows;
    private final String name;

    SubsetExamples(ExampleSet source, int[] rows, String name) {
        this.source = source;
        this.rows = rows.clone();
        this.name = name;
        for (int r : this.rows) {
            Objects.checkIndex(r, source.size());
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Schema schema() {
        return source.schema();
    }

    @Override
    public int size() {
        return rows.length;
    }

    @Override
    public Optional<int[]> labels() {
        return source.labels().map(all -> {
            int[] out = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                out[i] = all[rows[i]];
            }
            return out;
        });
    }

    @Override
    public Batch batch(NDManager manager, long[] which) {
        long[] mapped = new long[which.length];
        for (int i = 0; i < which.length; i++) {
            mapped[i] = rows[Math.toIntExact(which[i])];
        }
        return source.batch(manager, mapped);
    }

    @Override
    public String toString() {
        return name + " (" + rows.length + " examples of " + source.schema().describeInputs() + ")";
    }
}
