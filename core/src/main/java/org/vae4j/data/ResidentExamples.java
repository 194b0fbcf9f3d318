package org.vae4j.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.Optional;
import org.vae4j.Tensors;

/**
 * An example set held in native memory: its batches are gathered on the engine by one indexing operation per array.
 * Made by {@link ExampleSet#resident}.
 */
final class ResidentExamples implements ExampleSet {
    private final String name;
    private final Schema schema;
    private final int[] labels;
    private final NDList inputs;
    private final NDArray mask;
    private final NDArray condition;

    private ResidentExamples(String name, Schema schema, int[] labels, Batch all) {
        this.name = name;
        this.schema = schema;
        this.labels = labels;
        this.inputs = all.inputs();
        this.mask = all.mask();
        this.condition = all.condition();
    }

    static ResidentExamples copy(ExampleSet source, NDManager manager) {
        if (source instanceof ResidentExamples r && r.inputs.head().getManager() == manager) {
            return r;
        }
        Batch all = source.batch(manager, 0, source.size());
        return new ResidentExamples(source.name(), source.schema(), source.labels().orElse(null), all);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public int size() {
        return Math.toIntExact(inputs.head().getShape().get(0));
    }

    @Override
    public Optional<int[]> labels() {
        return Optional.ofNullable(labels == null ? null : labels.clone());
    }

    @Override
    public Batch batch(NDManager manager, long[] rows) {
        NDArray index = Tensors.fromJava(manager, rows);
        NDIndex at = new NDIndex("{}", index);
        NDList gathered = new NDList(inputs.size());
        for (NDArray in : inputs) {
            gathered.add(in.get(manager, at));
        }
        return new Batch(gathered, mask == null ? null : mask.get(manager, at),
                condition == null ? null : condition.get(manager, at));
    }

    @Override
    public ExampleSet resident(NDManager manager) {
        return inputs.head().getManager() == manager ? this : ResidentExamples.copy(this, manager);
    }
}
