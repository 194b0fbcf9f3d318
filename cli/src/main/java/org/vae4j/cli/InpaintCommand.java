package org.vae4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vae4j.BadInputException;
import org.vae4j.data.ImageField;
import org.vae4j.image.ImageDataset;
import org.vae4j.inpaint.Inpainting;
import org.vae4j.inpaint.MaskSpec;
import org.vae4j.io.ModelFolder;
import org.vae4j.model.LatentModel;
import org.vae4j.plot.ImageGrid;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vae4j inpaint}: fills the missing pixels of damaged images with a VAE or a completion model. */
@Command(
        name = "inpaint",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = {
            "Repairs images: the pixels --mask names are treated as missing (never read) and filled with the model, "
                    + "by one or more methods. Writes one row per image: the original, the damaged input (missing "
                    + "pixels grey), then one column per method; prints the mean squared error and the PSNR (data "
                    + "range 1) over the missing pixels only, against the original.",
            "Masks: top-half, bottom-half, left-half, right-half (that half missing); quadrant:K (K = 1, 2 or 3 "
                    + "quadrants observed: the bottom-left one, the left half, all but the bottom-right); "
                    + "rect:X,Y,W,H; center:S; random:P (a seeded fraction missing); file:MASK.png (white = "
                    + "missing), or file:FOLDER holding one such PNG per image, named by its index (0000.png, ...).",
            "A completion model (train --complete) fills with its own method, model: the mean of its generator over "
                    + "--samples draws from its prior p(z|x_obs); it also prints its conditional ELBO and "
                    + "importance-weighted bound of the missing pixels.",
            "Methods: importance (self-normalised importance sampling over --samples draws from q, the MIWAE "
                    + "imputation, q taken at the image completed by --proposal-steps pseudo-Gibbs steps), mwg "
                    + "(Metropolis-within-Gibbs, which targets p(x_miss|x_obs) exactly; its burn-in runs pseudo-Gibbs "
                    + "steps), pseudo-gibbs (z from q, then x_miss from p(x|z)); chains run --iterations steps and average "
                    + "after --burn-in."
        })
final class InpaintCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--data", required = true, paramLabel = "SPEC", description = "The images, e.g. "
            + "fashion-mnist:test.")
    String data;

    @Option(names = "--mask", required = true, paramLabel = "SPEC", description = "Which pixels are missing (see "
            + "above).")
    String mask;

    @Option(names = "--method", paramLabel = "NAME", split = ",",
            description = "importance, mwg or pseudo-gibbs, comma-separated, for a VAE (default: mwg, the most accurate on the quadrant benchmark); model for a "
                    + "completion model (the default).")
    List<String> methods;

    @Option(names = "--count", paramLabel = "N", defaultValue = "8", converter = Converters.Positive.class,
            description = "How many of the first images (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--samples", paramLabel = "K", defaultValue = "1000", converter = Converters.Positive.class,
            description = "Importance samples per image (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--proposal-steps", paramLabel = "N", defaultValue = "50",
            converter = Converters.NonNegative.class,
            description = "importance: the encoder proposes at the observed image completed by N pseudo-Gibbs steps; "
                    + "0 proposes at the zero-filled image, as MIWAE does (default: ${DEFAULT-VALUE}).")
    int proposalSteps;

    @Option(names = "--iterations", paramLabel = "T", defaultValue = "500", converter = Converters.Positive.class,
            description = "Steps of each chain (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--burn-in", paramLabel = "B", defaultValue = "100",
            description = "Chain steps left out of the average (default: ${DEFAULT-VALUE}).")
    int burnIn;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the masks and the "
            + "methods' draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "The grid to write.")
    Path out;

    @Option(names = "--json", description = "Print the scores as JSON instead of a table.")
    boolean json;

    @Option(names = "--save", paramLabel = "FILE.npy|DIR", description = "Also write the filled images: a NumPy "
            + "array (images x C x H x W, one file per method, named FILE-METHOD.npy when there are several), or a "
            + "folder of PNGs at the images' own size (NNNN-METHOD.png).")
    Path save;

    @Mixin
    DataOptionsMixin dataOptions;

    @Override
    public Integer call() throws Exception {
        if (!out.toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new BadInputException("--out " + out + ": expected a file name ending in .png");
        }
        if (count > 1000) {
            throw new BadInputException("--count " + count + ": expected at most 1000 images");
        }
        if (save != null && !(save.getFileName() != null && ImageOutput.isNpy(save))
                && java.nio.file.Files.exists(save) && !java.nio.file.Files.isDirectory(save)) {
            throw new BadInputException("--save " + save + ": is a file; expected a .npy file name or a folder");
        }
        MaskSpec maskSpec = MaskSpec.parse(mask);
        try (ModelFolder saved = model.load()) {
            LatentModel m = saved.model();
            if (m.classes() > 0) {
                throw new BadInputException("--model " + model.dir + " is a conditional model; inpainting needs an "
                        + "unconditional one or a completion model (train --complete)");
            }
            List<String> names = new ArrayList<>();
            for (String name : methods == null ? List.of(Inpainting.defaultMethod(m)) : methods) {
                String known = name.trim().toLowerCase(Locale.ROOT);
                if (!Inpainting.methods(m).contains(known)) {
                    throw new BadInputException("--method " + name + ": expected "
                            + String.join(", ", Inpainting.methods(m)) + " for --model " + model.dir + " (family "
                            + m.definition().family() + ")");
                }
                names.add(known);
            }
            boolean chains = names.contains("mwg") || names.contains("pseudo-gibbs");
            if (chains && (burnIn < 0 || burnIn >= iterations)) {
                throw new BadInputException("--burn-in " + burnIn + ": expected at least 0 and below --iterations "
                        + iterations);
            }
            Inpainting.Options options = new Inpainting.Options(samples, iterations, burnIn, proposalSteps, seed);
            ImageField f = m.schema().requireImage("vae4j inpaint");
            ImageDataset images = dataOptions.loadImagesFor(spec, data, m).head(count);
            int n = images.size();
            int d = f.size();
            float[] original = images.pixels();
            boolean[] missing = Inpainting.missing(maskSpec, f, n, seed, null);
            float[] damaged = Inpainting.shownDamaged(original, missing); // grey where missing, never read
            List<Inpainting.Result> results = new ArrayList<>();
            List<float[]> filled = new ArrayList<>();
            for (String name : names) {
                Inpainting.Result r = Inpainting.run(m, damaged, missing, original, name, options);
                results.add(r);
                filled.add(r.filled());
            }
            int columns = 2 + names.size();
            float[] grid = new float[n * columns * d];
            for (int i = 0; i < n; i++) {
                System.arraycopy(original, i * d, grid, i * columns * d, d);
                System.arraycopy(damaged, i * d, grid, (i * columns + 1) * d, d);
                for (int k = 0; k < names.size(); k++) {
                    System.arraycopy(filled.get(k), i * d, grid, (i * columns + 2 + k) * d, d);
                }
            }
            List<String> headings = new ArrayList<>(List.of("original", mask));
            headings.addAll(names);
            org.vae4j.io.Png.write(ImageGrid.rows(grid, n, columns, f.channels(), f.height(), f.width(), null,
                    headings, false, false, ImageGrid.Options.defaults()), out);
            if (save != null) {
                save(filled, names, n, f);
            }
            print(spec.commandLine().getOut(), images, results, m);
        }
        return 0;
    }

    private void save(List<float[]> filled, List<String> names, int n, ImageField f) {
        if (save.getFileName() != null && ImageOutput.isNpy(save)) {
            String file = save.getFileName().toString();
            for (int k = 0; k < names.size(); k++) {
                Path to = names.size() == 1 ? save
                        : save.resolveSibling(file.substring(0, file.length() - 4) + "-" + names.get(k) + ".npy");
                ImageOutput.write(to, null, filled.get(k), n, f, null);
            }
            return;
        }
        try {
            java.nio.file.Files.createDirectories(save);
        } catch (java.io.IOException e) {
            throw new CommandFailedException("cannot create " + save + ": " + e.getMessage());
        }
        int d = f.size();
        ImageGrid.Options native1 = new ImageGrid.Options(1, 0, ImageGrid.DEFAULT_PAIR_GAP,
                ImageGrid.DEFAULT_PAD_COLOR);
        for (int k = 0; k < names.size(); k++) {
            for (int i = 0; i < n; i++) {
                float[] one = java.util.Arrays.copyOfRange(filled.get(k), i * d, (i + 1) * d);
                org.vae4j.io.Png.write(ImageGrid.grid(one, 1, f.channels(), f.height(), f.width(), 1, native1),
                        save.resolve(String.format(Locale.ROOT, "%04d-%s.png", i, names.get(k))));
            }
        }
    }

    private void print(PrintWriter w, ImageDataset images, List<Inpainting.Result> results, LatentModel m)
            throws Exception {
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("model", model.dir.toString());
            root.put("data", images.name());
            root.put("mask", mask);
            root.put("images", images.size());
            ArrayNode list = root.putArray("methods");
            for (Inpainting.Result r : results) {
                ObjectNode o = list.addObject();
                o.put("method", r.method());
                o.put("mse", r.meanMse());
                o.put("psnr", r.psnr());
                o.put("nll_missing", -Inpainting.mean(r.missingLogLikelihood()));
                if (r.elbo() != null) {
                    o.put("neg_elbo_missing", -Inpainting.mean(r.elbo()));
                }
                if (r.acceptance() != null) {
                    o.put("acceptance_rate", Inpainting.mean(r.acceptance()));
                }
                o.put("seconds_per_image", r.secondsPerImage());
                ArrayNode per = o.putArray("per_image_mse");
                for (double v : r.mse()) {
                    per.add(v);
                }
                ArrayNode nll = o.putArray("per_image_nll_missing");
                for (double v : r.missingLogLikelihood()) {
                    nll.add(-v);
                }
            }
            w.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            w.println("wrote " + out + " (" + images.size() + " images of " + images.name() + ", mask " + mask + ")");
            w.printf(Locale.ROOT, "%-14s %10s %10s %14s %14s%n", "method", "MSE", "PSNR dB", "NLL missing", "s per image");
            for (Inpainting.Result r : results) {
                w.printf(Locale.ROOT, "%-14s %10.5f %10.2f %14.2f %14.3f%n", r.method(), r.meanMse(), r.psnr(),
                        -Inpainting.mean(r.missingLogLikelihood()), r.secondsPerImage());
            }
            w.println("scores over the missing pixels only, against the original: PSNR of the mean squared error (data "
                    + "range 1); NLL: the method's estimate of -log p(x_miss | x_obs) in nats per image");
            for (Inpainting.Result r : results) {
                if (r.acceptance() != null) {
                    w.printf(Locale.ROOT, "%s: %.1f%% of the Metropolis-Hastings proposals after the burn-in "
                            + "accepted%n", r.method(), 100 * Inpainting.mean(r.acceptance()));
                }
                if (r.elbo() != null && m.network().priorNetwork() != null) { // a completion model with a latent space
                    w.printf(Locale.ROOT, "completion model: negative conditional ELBO %.2f, importance-weighted "
                            + "(K = %d) %.2f nats per image%n", -Inpainting.mean(r.elbo()), samples,
                            -Inpainting.mean(r.missingLogLikelihood()));
                }
            }
        }
        w.flush();
    }
}
