package org.vae4j.data;

import java.util.List;
import java.util.Objects;

/**
 * One of a fixed list of categories: a table's categorical column, or the class label a conditional model is
 * conditioned on. In an input row it is a one-hot block of {@code categories.size()} values; as a condition it is
 * the category's index.
 *
 * @param name the field's name, e.g. {@code label}
 * @param categories the category names, indexed from 0; at least one
 */
public record CategoricalField(String name, List<String> categories) implements Field {
    /**
     * Checks and copies the categories.
     *
     * @throws IllegalArgumentException if there is no category or a name repeats
     */
    public CategoricalField {
        Objects.requireNonNull(name, "name");
        categories = List.copyOf(Objects.requireNonNull(categories, "categories"));
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("categorical field " + name + ": expected at least one category");
        }
        if (categories.stream().distinct().count() != categories.size()) {
            throw new IllegalArgumentException("categorical field " + name + ": categories " + categories
                    + " repeat a name");
        }
    }

    @Override
    public int size() {
        return categories.size();
    }

    /**
     * @param index a category index
     * @return its name, or {@code class K} past the known names
     */
    public String category(int index) {
        return index >= 0 && index < categories.size() ? categories.get(index) : "class " + index;
    }

    @Override
    public String describe() {
        return "categorical " + name + " (" + categories.size() + (categories.size() == 1 ? " category)" : " categories)");
    }
}
