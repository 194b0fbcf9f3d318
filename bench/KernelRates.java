// The engine's kernel rates on the shapes vae4j's models use: the yardstick for training speed (bench/README.md,
// "Kernel rates and floors").
//
//   java -cp cli/target/vae4j.jar bench/KernelRates.java [--seconds S]
//
// Times single engine calls through DJL's PyTorch engine, as vae4j makes them: matrix products (forward and the two
// backward products of each MLP layer of the classic model, a large square one, and the sequence VAE's products) and 2-D convolutions (the conv
// VAE's encoder layers and the 2x2 convolutions of its polyphase transposed convolutions, forward). Each shape
// runs for about S seconds (default 1) after a warm-up; the median of
// 5 timed rounds is reported as GFLOP/s (2 * multiply-adds / time). Last, the memory rate: an in-place engine operation on a
// 1 GiB array, far larger than the caches (this machine's L3 holds 64 MiB), reported as GB/s of bytes read plus written (kind "memory", its
// "gflop" field holding GB moved): the yardstick of passes like Adam's, which do little arithmetic per byte.
// Prints one JSON object per line.
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.Arrays;
import java.util.function.Supplier;
import org.vae4j.EngineWarmUp;

public class KernelRates {
    static double seconds = 1.0;

    public static void main(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds")) {
                seconds = Double.parseDouble(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        EngineWarmUp.once();
        try (NDManager m = NDManager.newBaseManager()) {
            // name, M, K, N: (M x K) times (K x N)
            int[][] mm = {{128, 784, 400}, {128, 400, 40}, {128, 20, 400}, {128, 400, 784}, // MLP forward
                {128, 784, 400}, {784, 128, 400}, {400, 128, 784}, // backward products of the big layers
                {128, 3136, 256}, {128, 256, 3136}, // the conv VAE's dense layers
                {2048, 2048, 2048},
                // the sequence VAE of bench/run_text.sh (batch 32 x 41 positions, state 256, embedding 300,
                // vocabulary 7045): the output layer forward and its two backward products, the GRU's input
                // projection of all positions, and one recurrent step's product
                {1312, 256, 7045}, {256, 1312, 7045}, {1312, 7045, 256}, {1312, 300, 768}, {32, 256, 768}};
            if (mm.length != 15) {
                throw new IllegalStateException("one name per shape");
            }
            String[] mmNames = {"fc1 forward", "fc2 forward (mu, logvar)", "fc3 forward", "fc4 forward",
                "fc4 grad input", "fc1 grad weight (784x128 . 128x400)", "fc4 grad weight (400x128 . 128x784)",
                "conv dense 3136->256", "conv dense 256->3136", "square 2048",
                "seq output layer forward", "seq output grad weight", "seq output grad input",
                "seq GRU input projection", "seq GRU recurrent step"};
            for (int s = 0; s < mm.length; s++) {
                int[] d = mm[s];
                NDArray a = m.randomNormal(new Shape(d[0], d[1]));
                NDArray b = m.randomNormal(new Shape(d[1], d[2]));
                double flops = 2.0 * d[0] * d[1] * d[2];
                report("matmul", mmNames[s] + " " + d[0] + "x" + d[1] + "x" + d[2], flops, () -> a.matMul(b));
            }
            // batch, in channels, size, out channels, kernel, stride, padding
            // the encoder's two convolutions, then the decoder's two transposed ones (4x4, stride 2) in the
            // polyphase form ConvTranspose2d computes: a 2x2 convolution to 4x the channels, padding 1
            int[][] conv = {{128, 1, 28, 32, 4, 2, 1}, {128, 32, 14, 64, 4, 2, 1}, {128, 64, 7, 128, 2, 1, 1},
                {128, 32, 14, 4, 2, 1, 1}};
            for (int[] c : conv) {
                NDArray x = m.randomNormal(new Shape(c[0], c[1], c[2], c[2]));
                NDArray w = m.randomNormal(new Shape(c[3], c[1], c[4], c[4]));
                NDArray bias = m.zeros(new Shape(c[3]));
                int out = (c[2] + 2 * c[6] - c[4]) / c[5] + 1;
                double flops = 2.0 * c[0] * c[3] * out * out * c[1] * c[4] * c[4];
                Shape stride = new Shape(c[5], c[5]);
                Shape pad = new Shape(c[6], c[6]);
                report("conv2d", c[1] + "->" + c[3] + " " + c[4] + "x" + c[4] + " stride " + c[5] + " on " + c[2]
                        + "x" + c[2] + " batch " + c[0], flops,
                        () -> Conv2d.conv2d(x, w, bias, stride, pad, new Shape(1, 1)).singletonOrThrow());
            }
            NDArray big = m.randomNormal(new Shape(256L << 20));
            // in place, so that no fresh memory is faulted in: what is timed is reading and writing
            report("memory", "in-place scale of 1 GiB (read + write)", 2.0 * 4 * big.size(), () -> {
                big.muli(1.0f);
                return null;
            });
        }
    }

    static void close(NDArray result) {
        if (result != null) {
            result.close();
        }
    }

    static void report(String kind, String name, double flops, Supplier<NDArray> op) {
        for (int i = 0; i < 5; i++) {
            close(op.get());
        }
        long t0 = System.nanoTime();
        close(op.get());
        double once = Math.max(1e-6, (System.nanoTime() - t0) / 1e9);
        int reps = (int) Math.max(3, Math.min(100_000, seconds / 5 / once));
        double[] rates = new double[5];
        for (int r = 0; r < 5; r++) {
            long s = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                close(op.get());
            }
            double t = (System.nanoTime() - s) / 1e9 / reps;
            rates[r] = flops / t / 1e9;
        }
        Arrays.sort(rates);
        System.out.printf("{\"kind\": \"%s\", \"shape\": \"%s\", \"gflop\": %.6f, \"gflops\": %.1f, "
                + "\"microseconds\": %.1f, \"repeats\": %d}%n", kind, name, flops / 1e9, rates[2],
                flops / rates[2] / 1e3, reps);
    }
}
