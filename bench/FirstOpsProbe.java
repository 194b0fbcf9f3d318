// Which engine operation of the first training step computes differently in a fresh process?
//
//   java -cp cli/target/vae4j.jar bench/FirstOpsProbe.java --model DIR [--data SPEC] [--batch N] [--warmup]
//
// Loads the model folder DIR and the first N (default 128) examples of SPEC (default fashion-mnist:train), then
// twice computes, step by step as ElboObjective does in training mode: the encoder's mu and logVar, h = logVar * 0.5,
// e = exp(h), m = e * eps, z = mu + m, the decoder's output and the reconstruction term, hashing each. Prints one
// line: "same" or the names of the values whose first computation differs from the second, then all hashes, and
// for exp which elements differ (count, first and last index, largest difference in units in the last place).
// --warmup first applies exp to 16 values (fewer than ATen's grain of 2048, so on one thread).
// bench/first_ops_probe.sh runs it in many fresh processes. Since vae4j has EngineWarmUp, loading the model warms
// the engine up in every process, with or without --warmup.
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vae4j.Noise;
import org.vae4j.Tensors;
import org.vae4j.data.Batch;
import org.vae4j.data.DataSources;
import org.vae4j.data.ExampleSet;
import org.vae4j.io.ModelFolder;
import org.vae4j.io.ModelStore;
import org.vae4j.model.LatentModel;

public class FirstOpsProbe {
    public static void main(String[] args) throws Exception {
        Path dir = null;
        String data = "fashion-mnist:train";
        int size = 128;
        boolean warmup = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> dir = Path.of(args[++i]);
                case "--data" -> data = args[++i];
                case "--batch" -> size = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        ExampleSet examples = new DataSources().load(data);
        long[] rows = new long[size];
        for (int i = 0; i < size; i++) {
            rows[i] = i;
        }
        List<Map<String, String>> runs = new ArrayList<>();
        List<float[]> exps = new ArrayList<>();
        try (ModelFolder folder = ModelStore.load(dir)) {
            LatentModel model = folder.model();
            if (warmup) {
                try (NDManager m = model.manager().newSubManager()) {
                    m.create(new float[16]).exp().toFloatArray();
                }
            }
            for (int r = 0; r < 2; r++) {
                try (NDManager manager = model.manager().newSubManager()) {
                    Batch batch = examples.batch(manager, rows);
                    Map<String, String> h = new LinkedHashMap<>();
                    h.put("x", hash(batch.input()));
                    NDList q = model.encode(batch, true);
                    NDArray mu = q.get(0);
                    NDArray logVar = q.get(1);
                    h.put("mu", hash(mu));
                    h.put("logVar", hash(logVar));
                    NDArray eps = new Noise(42).normal(manager, mu.getShape());
                    h.put("eps", hash(eps));
                    NDArray half = Tensors.times(logVar, 0.5f);
                    h.put("h", hash(half));
                    NDArray e = half.exp();
                    h.put("exp", hash(e));
                    exps.add(e.toFloatArray());
                    NDArray m = e.mul(eps);
                    h.put("mul", hash(m));
                    NDArray z = mu.add(m);
                    h.put("z", hash(z));
                    NDArray params = model.decode(z, batch.condition(), true);
                    h.put("decoded", hash(params));
                    h.put("recon", hash(model.likelihood().negLogLikelihood(params, batch.input(), null)));
                    runs.add(h);
                }
            }
        }
        List<String> differ = new ArrayList<>();
        for (String k : runs.get(0).keySet()) {
            if (!runs.get(0).get(k).equals(runs.get(1).get(k))) {
                differ.add(k);
            }
        }
        String detail = "";
        if (differ.contains("exp")) {
            float[] a = exps.get(0);
            float[] b = exps.get(1);
            int n = 0;
            int lo = -1;
            int hi = -1;
            int ulps = 0;
            for (int i = 0; i < a.length; i++) {
                if (Float.floatToIntBits(a[i]) != Float.floatToIntBits(b[i])) {
                    n++;
                    lo = lo < 0 ? i : lo;
                    hi = i;
                    ulps = Math.max(ulps, Math.abs(Float.floatToIntBits(a[i]) - Float.floatToIntBits(b[i])));
                }
            }
            detail = " exp-elements " + n + " of " + a.length + " indices " + lo + "-" + hi + " max-ulps " + ulps;
        }
        System.out.println((differ.isEmpty() ? "same" : "differ:" + String.join(",", differ)) + detail
                + " warmup " + warmup + " first " + runs.get(0) + " second " + runs.get(1));
    }

    static String hash(NDArray a) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(a.toByteArray())).substring(0, 10);
    }
}
