package org.vae4j.data;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

/**
 * A dataset as models use it: a {@link Schema}, a number of examples, optional class labels, and batches made on
 * demand in a caller's {@code NDManager}. Images ({@link org.vae4j.image.ImageDataset}) are one kind; tables and text
 * are others.
 *
 * <p>{@link #resident} copies the whole set into native memory once, so that training and evaluation gather their
 * batches on the engine instead of copying them from Java every time.
 */
public interface ExampleSet {
    /** @return where the data came from, for messages and provenance, e.g. {@code fashion-mnist:test} */
    String name();

    /** @return the data's fields, with a condition field named {@code label} when the data has labels */
    Schema schema();

    /** @return the number of examples */
    int size();

    /** @return the class index of every example, when the data has labels */
    Optional<int[]> labels();

    /**
     * Makes a batch.
     *
     * @param manager owns every array of the batch
     * @param rows the examples, by index, in order
     * @return the batch; its condition holds the labels when the data has them
     */
    Batch batch(NDManager manager, long[] rows);

    /**
     * Makes a batch of consecutive examples.
     *
     * @param manager owns every array of the batch
     * @param from the first example
     * @param to one past the last
     * @return the batch
     */
    default Batch batch(NDManager manager, int from, int to) {
        return batch(manager, LongStream.range(from, to).toArray());
    }

    /** @return the class names by label, empty when the data has none */
    default List<String> classNames() {
        return schema().conditionField().map(CategoricalField::categories).orElse(List.of());
    }

    /**
     * Selects examples.
     *
     * @param rows which examples, in order
     * @param newName the subset's name
     * @return the subset
     */
    default ExampleSet subset(int[] rows, String newName) {
        return new SubsetExamples(this, rows, newName);
    }

    /**
     * Splits off a random validation part, the same rows for the same seed and size.
     *
     * @param validationFraction share of examples for validation, in (0, 1)
     * @param seed seed of the shuffle
     * @return two sets: {training part, validation part}, each in the original order
     * @throws BadInputException if the fraction is outside (0, 1) or either part would be empty
     */
    default ExampleSet[] split(double validationFraction, long seed) {
        int[][] parts = splitRows(size(), validationFraction, seed, name());
        return new ExampleSet[] {subset(parts[0], name() + "[train split]"),
            subset(parts[1], name() + "[validation split]")};
    }

    /**
     * The rows of a random split.
     *
     * @param count the number of examples
     * @param validationFraction share of examples for validation, in (0, 1)
     * @param seed seed of the shuffle
     * @param name the data's name, for messages
     * @return {training rows, validation rows}, each sorted
     * @throws BadInputException if the fraction is outside (0, 1) or either part would be empty
     */
    static int[][] splitRows(int count, double validationFraction, long seed, String name) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new org.vae4j.BadInputException(
                    "validation fraction " + validationFraction + ": expected a number between 0 and 1");
        }
        int valCount = (int) Math.round(count * validationFraction);
        if (valCount == 0 || valCount == count) {
            throw new org.vae4j.BadInputException(name + ": " + count + " examples are too few to hold out "
                    + validationFraction + " for validation");
        }
        java.util.List<Integer> order = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new java.util.Random(seed));
        int[] val = order.subList(0, valCount).stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] train = order.subList(valCount, count).stream().mapToInt(Integer::intValue).sorted().toArray();
        return new int[][] {train, val};
    }

    /**
     * The first examples.
     *
     * @param count how many; all when the set is smaller
     * @return this set, or its first {@code count} examples named {@code NAME [first N]}
     */
    default ExampleSet first(int count) {
        if (count >= size()) {
            return this;
        }
        return subset(java.util.stream.IntStream.range(0, count).toArray(), name() + " [first " + count + "]");
    }

    /**
     * Copies every example into native memory, owned by {@code manager}, for fast repeated batches.
     *
     * @param manager owns the copy; close it to free the copy
     * @return the resident copy, with the same name, schema and labels
     */
    default ExampleSet resident(NDManager manager) {
        return ResidentExamples.copy(this, manager);
    }
}
