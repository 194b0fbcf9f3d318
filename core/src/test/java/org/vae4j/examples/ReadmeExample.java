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
import org.vae4j.inpaint.Inpainting;
import org.vae4j.inpaint.MaskSpec;
import org.vae4j.io.ModelStore;
import org.vae4j.io.Png;
import org.vae4j.model.CompletionFamily;
import org.vae4j.model.CompletionSpec;
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
     * The README's completion example: trains a completion model on a mixture of quadrant masks, then repairs test
     * images with the bottom-right quadrant missing and scores the repair.
     *
     * @param train training images
     * @param test test images, the first 16 repaired
     * @param epochs how many epochs
     * @return the repair of 16 test images with its scores
     */
    public static Inpainting.Result completion(ImageDataset train, ImageDataset test, int epochs) {
        // --- README completion example starts ---
        ModelDefinition completion = new ModelDefinition(CompletionFamily.NAME, train.schema().withCondition(null),
                ModelSpec.classic().withHidden(List.of(500, 500)).withLatent(50),
                new CompletionSpec("quadrant:1,quadrant:2,quadrant:3", 1.0));   // one of the three per example
        try (LatentModel model = LatentModel.create(completion, 1)) {
            new Trainer(model, TrainConfig.defaults().withEpochs(epochs)).fit(train, null, new TrainingListener() {});
            ImageDataset damaged = test.first(16);
            boolean[] missing = Inpainting.missing(MaskSpec.parse("quadrant:3"),   // the bottom-right quadrant
                    damaged.schema().requireImage("inpainting"), damaged.size(), 1, null);
            Inpainting.Result r = Inpainting.run(model, damaged.pixels(), missing, damaged.pixels(), "model",
                    new Inpainting.Options(100, 0, 0, 0, 1));                    // 100 draws from p(z|x_obs)
            System.out.printf("PSNR %.2f dB, -log p(x_miss|x_obs) <= %.1f nats%n", r.psnr(),
                    -Inpainting.mean(r.missingLogLikelihood()));
            return r;                                                            // r.filled(): the repaired images
        }
        // --- README completion example ends ---
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
