package org.vae4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.vae4j.data.DataSources;
import org.vae4j.data.Schema;
import org.vae4j.eval.Evaluator;
import org.vae4j.generate.Sampling;
import org.vae4j.generate.StyleTransfer;
import org.vae4j.image.ImageDataset;
import org.vae4j.io.ModelStore;
import org.vae4j.io.Png;
import org.vae4j.model.ElboSpec;
import org.vae4j.model.LatentModel;
import org.vae4j.model.ModelDefinition;
import org.vae4j.model.ModelSpec;
import org.vae4j.plot.ImageGrid;
import org.vae4j.train.EpochMetrics;
import org.vae4j.train.TrainConfig;
import org.vae4j.train.Trainer;
import org.vae4j.train.TrainingListener;

/** The Java examples of the README, kept here so they always compile and run (see ReadmeExampleTest). */
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
        DataSources data = new DataSources();                      // cache, Debian's folder, or verified download
        ImageDataset train = data.loadImages(trainSpec, "train");
        ImageDataset test = data.loadImages(testSpec, "test");

        ModelDefinition vae = ModelDefinition.classic(1, 28, 28);   // MLP 784-400-20, ReLU, Bernoulli, beta 1
        try (LatentModel model = LatentModel.create(vae, 1)) {      // seed 1
            Trainer trainer = new Trainer(model, TrainConfig.defaults().withEpochs(epochs));
            trainer.fit(train, test, new TrainingListener() {
                @Override
                public void onEpochEnd(EpochMetrics m, Trainer t) {
                    System.out.printf("epoch %d  train %.2f  test %.2f nats%n", m.epoch(), m.trainLoss(), m.valLoss());
                }
            });
            float[] samples = model.sample(64, 1);                 // 64 images of 1x28x28, values in [0, 1]
            Png.write(ImageGrid.grid(samples, 64, 1, 28, 28, 8), out.resolve("samples.png"));
            ModelStore.save(out.resolve("model"), trainer);        // ./vae4j sample --model <out>/model ... works too
            return Evaluator.evaluate(model, test, 1).termSum();   // the test negative ELBO, recon + KL
        }
        // --- README example ends ---
    }

    /**
     * The README's conditional VAE: trains on labelled images, then draws every class and transfers test images to
     * every class.
     *
     * @param train labelled training images
     * @param test labelled test images
     * @param epochs how many epochs
     * @param out folder for the pictures
     * @return the transfer of the first 10 test images to every class
     * @throws IOException if writing fails
     */
    public static StyleTransfer.Result conditional(ImageDataset train, ImageDataset test, int epochs, Path out)
            throws IOException {
        // --- README conditional example starts ---
        // The data's schema holds its labels as a condition, so this is a CVAE: q(z|x,y) and p(x|z,y).
        ModelDefinition cvae = ModelDefinition.vae(train.schema(), ModelSpec.classic());
        try (LatentModel model = LatentModel.create(cvae, 1)) {
            new Trainer(model, TrainConfig.defaults().withEpochs(epochs)).fit(train, test, new TrainingListener() {});
            Sampling.Result perClass = Sampling.everyClass(model, 8, 1);      // one row of 8 per class
            Png.write(ImageGrid.grid(perClass.images(), perClass.count(), 1, 28, 28, 8), out.resolve("classes.png"));
            int[] everyClass = java.util.stream.IntStream.range(0, model.classes()).toArray();
            return StyleTransfer.transfer(model, test.first(10), everyClass);  // 10 x classes images
        }
        // --- README conditional example ends ---
    }

    /**
     * The README's conv and training-control settings, kept here so they always compile (see ReadmeExampleTest).
     *
     * @return the model and training settings of the README's conv example
     */
    public static Object[] convSettings() {
        // --- README conv example starts ---
        ModelDefinition conv = ModelDefinition.vae(Schema.image(3, 64, 64),   // RGB 64x64
                ModelSpec.conv()                                               // conv defaults
                        .withConv(List.of(32, 64, 128), true)                  // channels, batch normalisation
                        .withLikelihood("gaussian-global", 0.01))              // learned variance, floor 0.01
                .withObjective(new ElboSpec(4));                               // beta-VAE
        TrainConfig training = TrainConfig.defaults().withEpochs(50)
                .withKl(10, 0.5)                                          // 10 warm-up epochs, 0.5 free nats per dimension
                .withSchedule("cosine", 0, 0)
                .withPatience(5);
        // --- README conv example ends ---
        return new Object[] {conv, training};
    }
}
