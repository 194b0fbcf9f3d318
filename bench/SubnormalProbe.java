// How many of Adam's moments are subnormal after training, and what that costs (bench/README.md, "Subnormal
// moments").
//
//   java [-Dvae4j.adam.flush=false] -cp cli/target/vae4j.jar bench/SubnormalProbe.java --model DIR [--data SPEC]
//        [--epochs N]
//
// Trains a fresh model of DIR's definition (seed 1; DIR is any model folder, e.g. from `vae4j train --epochs 1`)
// on SPEC (default fashion-mnist:train) for N epochs (default 3) with vae4j's Trainer, without validation, then
// counts the subnormal numbers among each parameter's Adam moments. -Dvae4j.adam.flush=false turns off FusedAdam's
// flush (FusedAdam.FLUSH), which is how the moments were before it. Prints one JSON object per epoch and one per
// parameter.
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Map;
import org.vae4j.data.DataSources;
import org.vae4j.data.ExampleSet;
import org.vae4j.io.ModelFolder;
import org.vae4j.io.ModelStore;
import org.vae4j.model.LatentModel;
import org.vae4j.train.EpochMetrics;
import org.vae4j.train.FusedAdam;
import org.vae4j.train.TrainConfig;
import org.vae4j.train.Trainer;
import org.vae4j.train.TrainingListener;

public class SubnormalProbe {
    public static void main(String[] args) throws Exception {
        Path dir = null;
        String data = "fashion-mnist:train";
        int epochs = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> dir = Path.of(args[++i]);
                case "--data" -> data = args[++i];
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (dir == null) {
            throw new IllegalArgumentException("--model DIR is needed");
        }
        ExampleSet examples = new DataSources().load(data);
        try (ModelFolder folder = ModelStore.load(dir);
                LatentModel model = LatentModel.create(folder.model().definition(), 1);
                Trainer trainer = new Trainer(model, new TrainConfig(epochs, 128, 1e-3, 1))) {
            for (EpochMetrics m : trainer.fit(examples, null, new TrainingListener() {})) {
                System.out.printf("{\"epoch\": %d, \"seconds\": %.3f, \"train_loss\": %.4f}%n", m.epoch(), m.seconds(),
                        m.train().loss());
            }
            Map<String, float[]> means = moments(trainer.optimizer(), "means");
            Map<String, float[]> variances = moments(trainer.optimizer(), "variances");
            for (String id : means.keySet()) {
                System.out.printf("{\"parameter\": \"%s\", \"values\": %d, \"subnormal_m\": %d, \"subnormal_v\": %d}%n",
                        id, means.get(id).length, subnormal(means.get(id)), subnormal(variances.get(id)));
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, float[]> moments(FusedAdam adam, String field) throws ReflectiveOperationException {
        Field f = FusedAdam.class.getDeclaredField(field);
        f.setAccessible(true);
        return (Map<String, float[]>) f.get(adam);
    }

    static int subnormal(float[] values) {
        int n = 0;
        for (float x : values) {
            if (x != 0 && Math.abs(x) < Float.MIN_NORMAL) {
                n++;
            }
        }
        return n;
    }
}
