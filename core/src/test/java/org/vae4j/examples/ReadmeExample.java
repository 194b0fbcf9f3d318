package org.vae4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.vae4j.data.DataSources;
import org.vae4j.data.ImageDataset;
import org.vae4j.eval.Evaluator;
import org.vae4j.io.ModelStore;
import org.vae4j.model.VaeConfig;
import org.vae4j.model.VaeModel;
import org.vae4j.plot.ImageGrid;
import org.vae4j.train.EpochMetrics;
import org.vae4j.train.TrainConfig;
import org.vae4j.train.TrainingListener;
import org.vae4j.train.VaeTrainer;

/** The Java example of the README, kept here so it always compiles and runs (see ReadmeExampleTest). */
public final class ReadmeExample {
    private ReadmeExample() {}

    /**
     * Trains the classic VAE, writes 64 samples, saves the model and reports its test ELBO.
     *
     * @param trainSpec e.g. {@code fashion-mnist:train}
     * @param testSpec e.g. {@code fashion-mnist:test}
     * @param epochs how many epochs
     * @param out folder for the model and the picture
     * @return the test negative ELBO, nats per example
     * @throws IOException if writing fails
     */
    public static double run(String trainSpec, String testSpec, int epochs, Path out) throws IOException {
        // --- README example starts ---
        DataSources data = new DataSources();                  // cache, Debian's folder, or verified download
        ImageDataset train = data.load(trainSpec);
        ImageDataset test = data.load(testSpec);

        VaeConfig config = VaeConfig.classic(1, 28, 28);       // MLP 784-400-20, ReLU, Bernoulli, beta 1
        try (VaeModel model = VaeModel.create(config, 1)) {    // seed 1
            VaeTrainer trainer = new VaeTrainer(model, TrainConfig.defaults().withEpochs(epochs));
            trainer.fit(train, test, new TrainingListener() {
                @Override
                public void onEpochEnd(EpochMetrics m, VaeTrainer t) {
                    System.out.printf("epoch %d  train %.2f  test %.2f nats%n", m.epoch(), m.trainLoss(), m.valLoss());
                }
            });
            float[] samples = model.sample(64, 1);             // 64 images of 1x28x28, values in [0, 1]
            ImageGrid.writePng(ImageGrid.grid(samples, 64, 1, 28, 28, 8), out.resolve("samples.png"));
            ModelStore.save(out.resolve("model"), trainer);    // ./vae4j sample --model <out>/model ... works too
            return Evaluator.elbo(model, test, 1).negElbo();
        }
        // --- README example ends ---
    }

    /**
     * The README's conv and training-control settings, kept here so they always compile (see ReadmeExampleTest).
     *
     * @return the model and training settings of the README's second example
     */
    public static Object[] convSettings() {
        // --- README conv example starts ---
        VaeConfig conv = VaeConfig.conv(3, 64, 64)                       // RGB 64x64, conv defaults
                .withConv(List.of(32, 64, 128), true)                     // channels, batch normalisation
                .withLikelihood("gaussian-global", 0.01)                  // learned variance, floor 0.01
                .withBeta(4);                                             // beta-VAE
        TrainConfig training = TrainConfig.defaults().withEpochs(50)
                .withKl(10, 0.5)                                          // 10 warm-up epochs, 0.5 free nats per dimension
                .withSchedule("cosine", 0, 0)
                .withPatience(5);
        // --- README conv example ends ---
        return new Object[] {conv, training};
    }
}
