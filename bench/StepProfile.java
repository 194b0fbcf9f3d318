// Where does a training epoch's time go? (bench/README.md, "Kernel rates and floors".)
//
//   java -cp cli/target/vae4j.jar bench/StepProfile.java --model DIR [--data SPEC] [--batches N] [--repeats R]
//
// Loads the model folder DIR (its architecture and weights; train one with `vae4j train --epochs 1`) and the
// training data SPEC (default fashion-mnist:train) into native memory, then times N batches of 128 (default 469,
// one Fashion-MNIST epoch) R times (default 3, the best is reported) for each of these loops, each adding one piece
// of Trainer's step to the one before:
//   gather     the batch's rows gathered from the resident data (in a child manager, closed after the batch)
//   forward    + the objective's terms in training mode (encoder, noise, decoder, likelihood, KL), recording the
//              autograd graph in a gradient collector as training does
//   backward   + a gradient collector and backward of the training loss
//   read       + reading the batch's term sums back to Java (TermSums.read, what the progress bar and metrics use)
//   adam       + vae4j's Adam of every parameter (FusedAdam, what Trainer runs: one pass in Java over the engine's
//              memory per parameter): the whole step
//   djl_adam   the whole step again, with DJL's fused adamUpdate kernel per parameter instead (what FusedAdam ran
//              before 2026-12-01; it zeroes the gradient itself)
//   inplace_adam  the whole step again, with torch.optim.Adam written as in-place engine operations per
//              parameter instead, and the gradient zeroed after it (the engine accumulates gradients; DJL's fused
//              update zeroes them itself)
// The optimizers are not timed alone: on gradients that an update has zeroed, their cost is not what it is in the
// step.
// Prints one JSON object per loop: seconds for N batches, and per batch.
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vae4j.Noise;
import org.vae4j.data.Batch;
import org.vae4j.data.DataSources;
import org.vae4j.data.ExampleSet;
import org.vae4j.io.ModelFolder;
import org.vae4j.io.ModelStore;
import org.vae4j.loss.Objective;
import org.vae4j.loss.TermSums;
import org.vae4j.model.LatentModel;
import org.vae4j.train.FusedAdam;

public class StepProfile {
    enum Loop { GATHER, FORWARD, BACKWARD, READ, ADAM, DJL_ADAM, INPLACE_ADAM }

    public static void main(String[] args) throws Exception {
        Path dir = null;
        String data = "fashion-mnist:train";
        int batches = 469;
        int repeats = 3;
        String engineProfile = null;
        List<Loop> loops = new ArrayList<>(List.of(Loop.values()));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> dir = Path.of(args[++i]);
                case "--data" -> data = args[++i];
                case "--batches" -> batches = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--engine-profile" -> engineProfile = args[++i];
                case "--shuffle" -> SHUFFLE[0] = true;
                case "--fresh" -> FRESH[0] = true;
                case "--loops" -> {
                    loops.clear();
                    for (String l : args[++i].split(",")) {
                        loops.add(Loop.valueOf(l.toUpperCase()));
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (dir == null) {
            throw new IllegalArgumentException("--model DIR is needed");
        }
        ExampleSet examples = new DataSources().load(data);
        try (ModelFolder folder = ModelStore.load(dir)) {
            LatentModel model = FRESH[0] ? LatentModel.create(folder.model().definition(), 1) : folder.model();
            try (NDManager run = model.manager().newSubManager()) {
                ExampleSet resident = examples.resident(run);
                List<Pair<String, NDArray>> params = new ArrayList<>();
                for (Pair<String, Parameter> p : model.network().getParameters()) {
                    if (p.getValue().requiresGradient()) {
                        p.getValue().getArray().setRequiresGradient(true);
                        params.add(new Pair<>(p.getKey(), p.getValue().getArray()));
                    }
                }
                long count = params.stream().mapToLong(p -> p.getValue().size()).sum();
                System.out.printf("{\"parameters\": %d}%n", count);
                try (FusedAdam adam = new FusedAdam(1e-3f)) {
                    if (engineProfile != null) {
                        // PyTorch's own profiler over whole training steps, after a warm-up: every engine call
                        // with its shapes and time, written as a Chrome trace (bench/engine_profile.py sums it)
                        time(Loop.ADAM, model, run, resident, params, adam, batches);
                        ai.djl.pytorch.jni.JniUtils.startProfile(false, true, false);
                        time(Loop.ADAM, model, run, resident, params, adam, batches);
                        ai.djl.pytorch.jni.JniUtils.stopProfile(engineProfile);
                        return;
                    }
                    for (Loop loop : loops) {
                        double best = Double.MAX_VALUE;
                        for (int r = 0; r < repeats + 1; r++) { // the first round warms up
                            double t = time(loop, model, run, resident, params, adam, batches);
                            if (r > 0) {
                                best = Math.min(best, t);
                            }
                        }
                        print(loop.name().toLowerCase(), best, batches);
                    }

                }
            }
        }
    }

    static double time(Loop loop, LatentModel model, NDManager run, ExampleSet data, List<Pair<String, NDArray>> params,
            FusedAdam adam, int batches) {
        Objective objective = model.objective();
        TermSums sums = new TermSums(objective.terms());
        Noise noise = new Noise(1);
        Objective.Step step = new Objective.Step(1.0, 0.0);
        int n = data.size();
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (SHUFFLE[0]) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(7);
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                long t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        long started = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            long[] rows = new long[128];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = order[(int) ((b * 128L + i) % n)];
            }
            try (NDManager batch = run.newSubManager()) {
                Batch x = data.batch(batch, rows);
                if (loop == Loop.GATHER) {
                    continue;
                }
                if (loop == Loop.FORWARD) {
                    // recording the graph as training does, without the backward pass
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        objective.compute(model, x, noise, true);
                    }
                    continue;
                }
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    Map<String, NDArray> computed = objective.compute(model, x, noise, true);
                    collector.backward(objective.trainingLoss(computed, step));
                    if (loop != Loop.BACKWARD) {
                        sums.read(computed);
                    }
                }
                if (loop == Loop.ADAM) {
                    for (Pair<String, NDArray> p : params) {
                        try (NDArray grad = p.getValue().getGradient()) {
                            adam.update(p.getKey(), p.getValue(), grad);
                        }
                    }
                } else if (loop == Loop.DJL_ADAM) {
                    for (int i = 0; i < params.size(); i++) {
                        NDArray w = params.get(i).getValue();
                        int t = nextStep(DJL_MEANS, DJL_VARS, 1, i, w);
                        double root2 = Math.sqrt(1 - Math.pow(0.999, t));
                        try (NDArray grad = w.getGradient()) {
                            w.getNDArrayInternal().adamUpdate(
                                    new ai.djl.ndarray.NDList(w, grad, DJL_MEANS.get(i), DJL_VARS.get(i)),
                                    new ai.djl.ndarray.NDList(w), 1e-3f,
                                    (float) (1e-3 * root2 / (1 - Math.pow(0.9, t))), 0f, 1f, -1f, 0.9f, 0.999f,
                                    (float) (1e-8 * root2), true, false);
                        }
                    }
                } else if (loop == Loop.INPLACE_ADAM) {
                    for (int i = 0; i < params.size(); i++) {
                        NDArray w = params.get(i).getValue();
                        int t = nextStep(MEANS, VARS, 0, i, w);
                        try (NDArray grad = w.getGradient()) {
                            adamStep(batch, w, grad, MEANS.get(i), VARS.get(i), t);
                            // a true zero, as DJL's kernel does (zero_()); muli(0) would keep a NaN
                            grad.set(ALL, batch.zeros(new ai.djl.ndarray.types.Shape()));
                        }
                    }
                }
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    static final ai.djl.ndarray.index.NDIndex ALL = new ai.djl.ndarray.index.NDIndex("...");
    static final int[] STEPS = {0, 0};

    /**
     * The moments of parameter i of an alternative optimizer (made on first use) and its step count, which the
     * first parameter advances: STEPS[which] counts the steps of optimizer 0 (in-place) or 1 (DJL's kernel).
     */
    static int nextStep(List<NDArray> means, List<NDArray> vars, int which, int i, NDArray w) {
        if (means.size() <= i) {
            means.add(w.zerosLike());
            vars.add(w.zerosLike());
        }
        if (i == 0) {
            STEPS[which]++;
        }
        return STEPS[which];
    }
    static final boolean[] SHUFFLE = {false};
    static final boolean[] FRESH = {false};
    static final List<NDArray> DJL_MEANS = new ArrayList<>();
    static final List<NDArray> DJL_VARS = new ArrayList<>();
    static final List<NDArray> MEANS = new ArrayList<>();
    static final List<NDArray> VARS = new ArrayList<>();

    /** One torch.optim.Adam step of w as in-place engine operations; temporaries belong to {@code step}. */
    static void adamStep(NDManager step, NDArray w, NDArray g, NDArray m, NDArray v, int t) {
        float b1 = 0.9f;
        float b2 = 0.999f;
        float lr = 1e-3f;
        float eps = 1e-8f;
        float bc1 = 1 - (float) Math.pow(b1, t);
        float bc2 = (float) Math.sqrt(1 - Math.pow(b2, t));
        NDArray scaled = g.mul(1 - b1);
        scaled.attach(step);
        m.muli(b1).addi(scaled);
        NDArray sq = g.square();
        sq.attach(step);
        v.muli(b2).addi(sq.muli(1 - b2));
        NDArray denom = v.sqrt();
        denom.attach(step);
        denom.divi(bc2).addi(eps);
        NDArray upd = m.div(denom);
        upd.attach(step);
        w.subi(upd.muli(lr / bc1));
    }

    static void print(String loop, double seconds, int batches) {
        System.out.printf("{\"loop\": \"%s\", \"seconds\": %.3f, \"batches\": %d, \"milliseconds_per_batch\": %.3f}%n",
                loop, seconds, batches, seconds * 1e3 / batches);
    }
}
