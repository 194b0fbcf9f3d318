// The first training step of a fresh process, hashed: does it compute what later steps compute?
//
//   java -cp cli/target/vae4j.jar bench/FirstStepProbe.java --model DIR [--data SPEC] [--batch N] [--repeat R]
//        [--warmup]
//
// Loads the model folder DIR (a trained checkpoint) and the first N (default 128) examples of SPEC (default
// fashion-mnist:train), then R times (default 2) computes the objective's terms of that batch in training mode, as
// Trainer does for a training batch, with the same noise each time, and prints a hash of every term's values. The
// first computation of the process is the one in question: a line "first!=later" means the process computed its
// first step differently from its second (bench/first_batch_probe.sh counts them). --warmup first computes the
// same on one example, so that every kernel's first call in the process runs on one thread.
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vae4j.Noise;
import org.vae4j.data.Batch;
import org.vae4j.data.DataSources;
import org.vae4j.data.ExampleSet;
import org.vae4j.io.ModelFolder;
import org.vae4j.io.ModelStore;

public class FirstStepProbe {
    public static void main(String[] args) throws Exception {
        Path dir = null;
        String data = "fashion-mnist:train";
        int size = 128;
        int repeat = 2;
        boolean warmup = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> dir = Path.of(args[++i]);
                case "--data" -> data = args[++i];
                case "--batch" -> size = Integer.parseInt(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (dir == null) {
            throw new IllegalArgumentException("--model DIR is required");
        }
        ExampleSet examples = new DataSources().load(data);
        long[] rows = new long[size];
        for (int i = 0; i < size; i++) {
            rows[i] = i;
        }
        List<String> hashes = new ArrayList<>();
        try (ModelFolder folder = ModelStore.load(dir)) {
            if (warmup) { // the same computation on one example: every kernel's first call on one thread
                try (NDManager manager = folder.model().manager().newSubManager()) {
                    folder.model().objective().compute(folder.model(), examples.batch(manager, new long[] {0}),
                            new Noise(7), true);
                }
            }
            for (int r = 0; r < repeat; r++) {
                try (NDManager manager = folder.model().manager().newSubManager()) {
                    Batch batch = examples.batch(manager, rows);
                    Map<String, NDArray> terms =
                            folder.model().objective().compute(folder.model(), batch, new Noise(42), true);
                    MessageDigest digest = MessageDigest.getInstance("SHA-256");
                    for (Map.Entry<String, NDArray> e : new TreeMap<>(terms).entrySet()) {
                        digest.update(e.getKey().getBytes());
                        digest.update(e.getValue().toByteArray());
                    }
                    hashes.add(HexFormat.of().formatHex(digest.digest()).substring(0, 12));
                }
            }
        }
        boolean same = hashes.stream().allMatch(hashes.get(0)::equals);
        System.out.println((same ? "first==later" : "first!=later") + " " + String.join(" ", hashes)
                + " warmup " + warmup);
    }
}
