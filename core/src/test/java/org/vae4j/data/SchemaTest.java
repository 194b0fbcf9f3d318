package org.vae4j.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vae4j.BadInputException;
import org.vae4j.image.ImageDataset;

class SchemaTest {
    private static final Schema CONDITIONAL = Schema.image(1, 2, 2)
            .withCondition(new CategoricalField("label", List.of("cat", "dog", "bird")));

    private static ImageDataset images(int height, int[] labels, List<String> names) {
        return new ImageDataset("d", new float[labels == null ? 3 * height * 2 : labels.length * height * 2], 1,
                height, 2, labels, names, null);
    }

    private static String refusal(Schema schema, ExampleSet data) {
        return assertThrows(BadInputException.class, () -> schema.checkData(data)).getMessage();
    }

    @Test
    void dataThatFitAreAccepted() {
        CONDITIONAL.checkData(images(2, new int[] {0, 2, 1}, List.of("cat", "dog", "bird")));
        CONDITIONAL.checkData(images(2, new int[] {0, 2, 1}, List.of())); // unnamed labels: 0, 1, 2
        Schema.image(1, 2, 2).checkData(images(2, null, List.of()));
        Schema.image(1, 2, 2).checkData(images(2, new int[] {0, 1, 1}, List.of("a", "b"))); // labels unused
    }

    @Test
    void everyMisfitIsNamed() {
        String shape = refusal(CONDITIONAL, images(3, new int[] {0, 1, 2}, List.of()));
        assertTrue(shape.contains("d: images are 1x3x2") && shape.contains("expects 1x2x2"), shape);
        String unlabelled = refusal(CONDITIONAL, images(2, null, List.of()));
        assertTrue(unlabelled.contains("conditioned on label (3 classes)") && unlabelled.contains("no labels"),
                unlabelled);
        String range = refusal(CONDITIONAL, images(2, new int[] {0, 3, 1, 3}, List.of()));
        assertTrue(range.contains("example 1 has label 3") && range.contains("0-2"), range);
        String names = refusal(CONDITIONAL, images(2, new int[] {0, 1, 1}, List.of("dog", "bird")));
        assertTrue(names.contains("class 0 is 'dog'") && names.contains("model's class 0 is 'cat'"), names);
    }

    @Test
    void inputsAndLabelsCanBeCheckedApart() {
        CONDITIONAL.checkInputs(images(2, null, List.of()));
        CONDITIONAL.checkLabels(images(2, null, List.of())); // nothing to check
        assertThrows(BadInputException.class, () -> CONDITIONAL.checkLabels(images(2, new int[] {5, 0, 1},
                List.of())));
        assertThrows(BadInputException.class, () -> CONDITIONAL.checkInputs(images(3, null, List.of())));
    }
}
