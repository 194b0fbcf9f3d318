package org.vae4j.inpaint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Locale;
import org.vae4j.BadInputException;
import org.vae4j.Tensors;
import org.vae4j.data.ImageField;
import org.vae4j.loss.CompletionObjective;
import org.vae4j.model.LatentModel;

/**
 * The Java entry point of image repair: a model, images, their masks, and a method in; the filled images and their
 * scores out.
 *
 * <pre>{@code
 * boolean[] missing = Inpainting.missing(MaskSpec.parse("quadrant:1"), field, n, seed);
 * Inpainting.Result r = Inpainting.run(model, images, missing, images, "mwg", Inpainting.Options.defaults());
 * r.psnr(); // over the missing pixels only
 * }</pre>
 *
 * <p>Methods: for an unconditional VAE, {@code importance} ({@link ImportanceFill}), {@code mwg} and
 * {@code pseudo-gibbs} ({@link GibbsFill}); for a completion model, {@code model} ({@link CompletionFill}).
 */
public final class Inpainting {
    /** The methods for an unconditional VAE. */
    public static final List<String> VAE_METHODS = List.of("importance", "mwg", "pseudo-gibbs");
    /** The method of a completion model: the model's own prediction. */
    public static final String MODEL = "model";

    private Inpainting() {}

    /**
     * How the methods run.
     *
     * @param samples K: importance samples, or a completion model's draws, per image
     * @param iterations steps of each chain
     * @param burnIn chain steps left out of the average
     * @param proposalSteps importance sampling: pseudo-Gibbs steps that complete the image the encoder proposes at
     *     (0: the zero-filled image, the MIWAE imputation as published)
     * @param seed seed of every draw
     */
    public record Options(int samples, int iterations, int burnIn, int proposalSteps, long seed) {
        /** @return K = 1000, 500 iterations, burn-in 100, 50 proposal steps, seed 1 */
        public static Options defaults() {
            return new Options(1000, 500, 100, 50, 1);
        }
    }

    /**
     * What a fill gives.
     *
     * @param values count x D values, observed ones unchanged
     * @param missingLogLikelihood per image, the method's estimate of log p(x_miss | x_obs) of the true missing
     *     values, or {@code null} without them
     * @param elbo per image, a completion model's conditional ELBO of them, or {@code null}
     * @param acceptance per image, the share of Metropolis-Hastings proposals accepted after the burn-in, or
     *     {@code null} for the other methods
     */
    public record Filled(float[] values, double[] missingLogLikelihood, double[] elbo, double[] acceptance) {
        /**
         * @param values the filled values
         * @param missingLogLikelihood the scores, or {@code null}
         */
        public Filled(float[] values, double[] missingLogLikelihood) {
            this(values, missingLogLikelihood, null, null);
        }
    }

    /**
     * A method's result on a set of images.
     *
     * @param method the method's name
     * @param filled count x D values
     * @param mse per image, the mean squared error over its missing values ({@code null} without originals)
     * @param missingLogLikelihood per image, as {@link Filled#missingLogLikelihood}
     * @param elbo per image, as {@link Filled#elbo}
     * @param acceptance per image, as {@link Filled#acceptance}
     * @param secondsPerImage the wall time per image
     */
    public record Result(String method, float[] filled, double[] mse, double[] missingLogLikelihood, double[] elbo,
            double[] acceptance, double secondsPerImage) {
        /** @return the mean squared error over all images */
        public double meanMse() {
            return mean(mse);
        }

        /** @return the PSNR of {@link #meanMse()} in dB, data range 1 */
        public double psnr() {
            return Inpainting.psnr(meanMse());
        }
    }

    /**
     * @param model a model
     * @return the methods it can fill with
     */
    public static List<String> methods(LatentModel model) {
        return model.objective() instanceof CompletionObjective ? List.of(MODEL) : VAE_METHODS;
    }

    /**
     * @param model a model
     * @return the method used when none is asked for: {@code model} for a completion model, {@code mwg} for a VAE:
     *     on the quadrant benchmark (bench/results/2026-12-01-vm-inpaint.md, 3 seeds) it had the best mean PSNR and
     *     NLL of the missing pixels with 1 and 2 quadrants given and tied with importance sampling's refined
     *     proposal with 3, at 2.2x its time per image
     */
    public static String defaultMethod(LatentModel model) {
        return model.objective() instanceof CompletionObjective ? MODEL : "mwg";
    }

    /**
     * Fills images by one method and, with originals, scores it.
     *
     * @param model the model
     * @param values count x D values; missing ones are never read by the fill
     * @param missing count x D flags, true where a value is missing
     * @param original count x D true values for the scores, or {@code null}
     * @param method one of {@link #methods(LatentModel)}
     * @param options the methods' settings
     * @return the result
     * @throws BadInputException if the method does not fit the model, or the input does not fit either
     */
    public static Result run(LatentModel model, float[] values, boolean[] missing, float[] original, String method,
            Options options) {
        String name = method.trim().toLowerCase(Locale.ROOT);
        List<String> known = methods(model);
        if (!known.contains(name)) {
            throw new BadInputException("--method " + method + ": expected " + String.join(", ", known)
                    + " for a model of family " + model.definition().family());
        }
        if (!name.equals("importance") && !name.equals(MODEL)
                && (options.burnIn() < 0 || options.burnIn() >= options.iterations())) {
            throw new BadInputException("--burn-in " + options.burnIn() + ": expected at least 0 and below "
                    + "--iterations " + options.iterations());
        }
        long started = System.nanoTime();
        Filled f = switch (name) {
            case "importance" -> ImportanceFill.fill(model, values, missing, original, options.samples(),
                    options.proposalSteps(), options.seed(), 0);
            case "mwg" -> GibbsFill.fill(model, values, missing, original, GibbsFill.Method.METROPOLIS_WITHIN_GIBBS,
                    options.iterations(), options.burnIn(), options.seed(), 0);
            case "pseudo-gibbs" -> GibbsFill.fill(model, values, missing, original, GibbsFill.Method.PSEUDO_GIBBS,
                    options.iterations(), options.burnIn(), options.seed(), 0);
            default -> CompletionFill.fill(model, values, missing, original, options.samples(), options.seed(), 0);
        };
        int count = values.length / model.inputSize();
        double seconds = (System.nanoTime() - started) / 1e9 / count;
        double[] mse = original == null ? null : mse(original, f.values(), missing, count, model.inputSize());
        return new Result(name, f.values(), mse, f.missingLogLikelihood(), f.elbo(), f.acceptance(), seconds);
    }

    /**
     * The per-value missing flags of images from a mask spec.
     *
     * @param spec the mask
     * @param field the images' shape
     * @param count how many images
     * @param seed the seed of {@code random:P}
     * @param names the images' names for a folder of masks ({@code null}: image i is named by its index, 0003)
     * @return count x D flags, the same in every channel
     */
    public static boolean[] missing(MaskSpec spec, ImageField field, int count, long seed, List<String> names) {
        int d = field.size();
        int hw = field.height() * field.width();
        boolean[] out = new boolean[Math.multiplyExact(count, d)];
        for (int i = 0; i < count; i++) {
            String name = names == null ? String.format(Locale.ROOT, "%04d", i) : names.get(i);
            boolean[] pixel = spec.missing(field.height(), field.width(), seed, i, name);
            for (int c = 0; c < field.channels(); c++) {
                System.arraycopy(pixel, 0, out, i * d + c * hw, hw);
            }
        }
        return out;
    }

    /**
     * The damaged images as pictures show them: a copy with every missing value grey (0.5). Only for showing: no
     * method reads what stands in a missing value.
     *
     * @param values count x D values
     * @param missing count x D flags
     * @return the copy
     */
    public static float[] shownDamaged(float[] values, boolean[] missing) {
        float[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            if (missing[i]) {
                out[i] = 0.5f;
            }
        }
        return out;
    }

    /**
     * Per-image mean squared error over each image's missing values.
     *
     * @param original count x D true values
     * @param filled count x D filled values
     * @param missing count x D flags
     * @param count images
     * @param d values per image
     * @return count errors
     */
    public static double[] mse(float[] original, float[] filled, boolean[] missing, int count, int d) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            double sum = 0;
            int k = 0;
            for (int j = i * d; j < (i + 1) * d; j++) {
                if (missing[j]) {
                    double u = filled[j] - original[j];
                    sum += u * u;
                    k++;
                }
            }
            out[i] = sum / k;
        }
        return out;
    }

    /**
     * @param mse a mean squared error of data in [0, 1]
     * @return the PSNR in dB, 10 log10(1 / mse)
     */
    public static double psnr(double mse) {
        return 10 * Math.log10(1 / mse);
    }

    /**
     * @param values numbers, or {@code null}
     * @return their mean, NaN for {@code null}
     */
    public static double mean(double[] values) {
        if (values == null) {
            return Double.NaN;
        }
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.length;
    }

    /** log(exp(a) + exp(b)), exact when one is minus infinity. */
    static double logAddExp(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double m = Math.max(a, b);
        return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    }

    /**
     * log p(x_miss | params) of the true missing values for k rows of likelihood parameters.
     *
     * @param model the model
     * @param params k rows of the likelihood's parameters
     * @param truth the D true values
     * @param seen the D observed flags; the others are scored
     * @param k the rows
     * @return k log-likelihoods
     */
    static double[] missingLogLikelihood(LatentModel model, NDArray params, float[] truth, boolean[] seen, int k) {
        int d = truth.length;
        boolean[] target = new boolean[d];
        for (int i = 0; i < d; i++) {
            target[i] = !seen[i];
        }
        NDArray x = Tensors.fromJava(params.getManager(), truth, new Shape(1, d)).broadcast(new Shape(k, d));
        NDArray mask = params.getManager().create(target, new Shape(1, d)).broadcast(new Shape(k, d));
        return model.likelihood().negLogLikelihood(params, x, mask).neg().toType(DataType.FLOAT64, false)
                .toDoubleArray();
    }
}
