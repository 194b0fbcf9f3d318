package org.vae4j.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vae4j.BadInputException;
import org.vae4j.TestData;
import org.vae4j.image.ImageDataset;
import org.vae4j.eval.Evaluator;
import org.vae4j.model.ModelDefinition;
import org.vae4j.model.LatentModel;
import org.vae4j.train.TrainConfig;
import org.vae4j.train.TrainingListener;
import org.vae4j.train.Trainer;

/** Traversals: which values each row's codes take, and the order of the rows against the evaluator's KL. */
class TraversalTest {
    private static final ImageDataset DATA = TestData.fashionMnist200();
    private static final int LATENT = 6;

    static LatentModel model;

    @BeforeAll
    static void trainBriefly() {
        // A few epochs are enough for some dimensions to carry information and others to stay near the prior.
        model = LatentModel.create(ModelDefinition.classic(1, 28, 28).withHidden(List.of(64)).withLatent(LATENT), 2);
        new Trainer(model, new TrainConfig(3, 32, 3e-3, 2)).fit(DATA, null, new TrainingListener() {});
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void klPerDimensionMatchesTheEvaluator() {
        double[] kl = Traversal.klPerDimension(model, DATA);
        List<Double> expected = Evaluator.evaluate(model, DATA, 1).parts().get("kl");
        assertEquals(LATENT, kl.length);
        for (int j = 0; j < LATENT; j++) {
            assertEquals(expected.get(j), kl[j], 1e-4 * (1 + expected.get(j)), "dimension " + j);
        }
        double spread = Arrays.stream(kl).max().orElseThrow() - Arrays.stream(kl).min().orElseThrow();
        assertTrue(spread > 0.1,
                "the trained model should use some dimensions more than others: " + Arrays.toString(kl));
    }

    @Test
    void rowsVaryOnlyTheirDimensionAndAreSortedByKl() {
        int index = 17;
        int steps = 7;
        double range = 2.5;
        Traversal.Result r = Traversal.traverse(model, DATA, index, new Traversal.Options(range, steps, 0));
        assertEquals(LATENT, r.rows());
        assertEquals(steps, r.steps());
        assertEquals(LATENT * steps * LATENT, r.codes().length);
        assertEquals(LATENT * steps * 784, r.images().length);

        float[] mu = model.encode(InterpolationTest.rows(model, DATA.image(index))).mu();
        assertArrayEquals(mu, r.base(), 1e-6f);

        // Rows in descending order of the evaluator's KL, an independent computation (DJL, float).
        List<Double> kl = Evaluator.evaluate(model, DATA, 3).parts().get("kl");
        int[] dims = r.dimensions();
        assertEquals(LATENT, Arrays.stream(dims).distinct().count(), "every dimension once");
        for (int i = 1; i < dims.length; i++) {
            assertTrue(kl.get(dims[i - 1]) >= kl.get(dims[i]) - 1e-4,
                    "row " + i + " (z" + dims[i] + ") has more KL than the row above: " + kl);
        }

        for (int row = 0; row < r.rows(); row++) {
            for (int s = 0; s < steps; s++) {
                int at = (row * steps + s) * LATENT;
                for (int j = 0; j < LATENT; j++) {
                    float expected = j == dims[row]
                            ? (float) (range * (2 * s - (steps - 1)) / (steps - 1))
                            : r.base()[j];
                    assertEquals(expected, r.codes()[at + j], "row " + row + " step " + s + " dimension " + j);
                }
            }
        }
        assertArrayEquals(model.decode(r.codes(), LATENT * steps, null), r.images());
        // The varied dimension changes the picture along a row of an informative dimension.
        assertTrue(!Arrays.equals(Arrays.copyOfRange(r.images(), 0, 784),
                Arrays.copyOfRange(r.images(), (steps - 1) * 784, steps * 784)));
    }

    @Test
    void dimsKeepsTheTopRows() {
        Traversal.Result all = Traversal.traverse(model, DATA, 0, Traversal.Options.defaults());
        Traversal.Result top = Traversal.traverse(model, DATA, 0, Traversal.Options.defaults().withDims(2));
        assertEquals(2, top.rows());
        assertArrayEquals(Arrays.copyOf(all.dimensions(), 2), top.dimensions());
        assertArrayEquals(Arrays.copyOf(all.images(), 2 * 9 * 784), top.images());
        assertThrows(IllegalArgumentException.class,
                () -> Traversal.traverse(model, DATA, 0, Traversal.Options.defaults().withDims(LATENT + 1)));
    }

    @Test
    void valuesAreEvenAndSymmetric() {
        assertArrayEquals(new double[] {-3, -2.25, -1.5, -0.75, 0, 0.75, 1.5, 2.25, 3},
                Traversal.values(3, 9), 1e-12);
        assertArrayEquals(new double[] {-1, 1}, Traversal.values(1, 2));
        assertEquals(0.0, Traversal.values(2.7, 11)[5]);
    }

    @Test
    void byKlSortsDescendingAndKeepsTiesInOrder() {
        assertArrayEquals(new int[] {2, 0, 3, 1}, Traversal.byKl(new double[] {0.5, 0.0, 2.0, 0.5}));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Traversal.Options(0, 9, 0));
        assertThrows(IllegalArgumentException.class, () -> new Traversal.Options(Double.NaN, 9, 0));
        assertThrows(IllegalArgumentException.class, () -> new Traversal.Options(3, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Traversal.Options(3, 9, -1));
        assertThrows(IndexOutOfBoundsException.class,
                () -> Traversal.traverse(model, DATA, 200, Traversal.Options.defaults()));
        ImageDataset small = new ImageDataset("small", new float[2 * 14 * 14], 1, 14, 14, null, null, null);
        BadInputException e = assertThrows(BadInputException.class,
                () -> Traversal.traverse(model, small, 0, Traversal.Options.defaults()));
        assertTrue(e.getMessage().contains("1x28x28"), e.getMessage());
    }
}
