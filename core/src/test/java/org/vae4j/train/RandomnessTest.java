package org.vae4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.vae4j.TestData;
import org.vae4j.eval.Evaluator;
import org.vae4j.eval.ImportanceWeighted;
import org.vae4j.image.ImageDataset;
import org.vae4j.model.LatentModel;
import org.vae4j.model.ModelDefinition;

/**
 * Randomness is explicit per call: evaluating, sampling or estimating with a model never changes the numbers of a
 * training run, between its epochs or in another thread, and two evaluations in parallel threads give what each
 * gives alone.
 */
class RandomnessTest {
    private static final ImageDataset DATA = TestData.fashionMnist200();
    private static final ModelDefinition SMALL = ModelDefinition.classic(1, 28, 28).withHidden(List.of(32)).withLatent(4);

    /** Trains 3 epochs, optionally doing random work with this and another model after every epoch. */
    private static List<Object> train(boolean interfere) {
        try (LatentModel model = LatentModel.create(SMALL, 5); LatentModel other = LatentModel.create(SMALL, 6)) {
            List<EpochMetrics> h = new Trainer(model, new TrainConfig(3, 32, 2e-3, 5).withBinarize("dynamic"))
                    .fit(DATA, DATA, new TrainingListener() {
                        @Override
                        public void onEpochEnd(EpochMetrics m, Trainer t) {
                            if (interfere) {
                                Evaluator.evaluate(t.model(), DATA, m.epoch() + 100);
                                ImportanceWeighted.estimate(t.model(), DATA.first(20), 30, m.epoch(), null);
                                t.model().sample(10, m.epoch());
                                Evaluator.evaluate(other, DATA, 7);
                            }
                        }
                    });
            List<Object> out = new ArrayList<>(TestData.weights(model));
            h.forEach(m -> {
                out.add(m.trainLoss());
                out.add(m.valLoss());
            });
            return out;
        }
    }

    @Test
    void randomWorkBetweenEpochsDoesNotChangeTheRun() {
        List<Object> quiet = train(false);
        List<Object> busy = train(true);
        assertEquals(quiet.size(), busy.size());
        for (int i = 0; i < quiet.size(); i++) {
            if (quiet.get(i) instanceof float[] a) {
                assertArrayEquals(a, (float[]) busy.get(i), "parameter " + i);
            } else {
                assertEquals(quiet.get(i), busy.get(i), "loss " + i);
            }
        }
    }

    @Test
    void parallelEvaluationsGiveWhatEachGivesAloneAndDoNotDisturbTraining() throws Exception {
        List<Object> alone = train(false);
        try (LatentModel model = LatentModel.create(SMALL, 9)) {
            double elbo3 = Evaluator.evaluate(model, DATA, 3).termSum();
            double elbo4 = Evaluator.evaluate(model, DATA, 4).termSum();
            double iw = ImportanceWeighted.estimate(model, DATA.first(30), 40, 2, null).mean();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Callable<Object>> jobs = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    jobs.add(() -> Evaluator.evaluate(model, DATA, 3).termSum());
                    jobs.add(() -> Evaluator.evaluate(model, DATA, 4).termSum());
                    jobs.add(() -> ImportanceWeighted.estimate(model, DATA.first(30), 40, 2, null).mean());
                }
                jobs.add(() -> train(false));
                List<Future<Object>> results = pool.invokeAll(jobs);
                for (int i = 0; i < 12; i++) {
                    double expected = i % 3 == 0 ? elbo3 : i % 3 == 1 ? elbo4 : iw;
                    assertEquals(expected, (double) results.get(i).get(), 0.0, "parallel job " + i);
                }
                @SuppressWarnings("unchecked")
                List<Object> trained = (List<Object>) results.get(12).get();
                for (int i = 0; i < alone.size(); i++) {
                    if (alone.get(i) instanceof float[] a) {
                        assertArrayEquals(a, (float[]) trained.get(i), "parameter " + i + " of the parallel run");
                    } else {
                        assertEquals(alone.get(i), trained.get(i), "loss " + i + " of the parallel run");
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
