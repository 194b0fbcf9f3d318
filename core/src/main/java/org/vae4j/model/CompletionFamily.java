package org.vae4j.model;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import org.vae4j.data.ImageField;
import org.vae4j.data.Schema;
import org.vae4j.likelihood.Likelihood;
import org.vae4j.loss.CompletionObjective;
import org.vae4j.loss.Objective;
import org.vae4j.nn.Init;

/**
 * {@code complete}: a conditional VAE for filling missing pixels (Sohn et al. 2015; with mask mixtures, Ivanov et
 * al. 2019): a prior network p(z|x_obs), a recognition network q(z|x_obs, x_miss) and a generator
 * p(x_miss|z, x_obs), trained on the conditional ELBO of log p(x_miss|x_obs) with the masks of its
 * {@link CompletionSpec}. The networks see the observed part as the image with missing pixels set to 0 next to the
 * mask of observed pixels (2D values), so one model can take any mask; the recognition network sees the whole image
 * and the same mask. Dense layers ({@code mlp}) only.
 *
 * <p>{@code baseline} ({@link #baseline()}): Sohn et al.'s deterministic network from the observed part straight to
 * the missing pixels, trained on their likelihood alone.
 */
public final class CompletionFamily implements Family {
    /** The conditional VAE's name. */
    public static final String NAME = "complete";
    /** The deterministic baseline's name. */
    public static final String BASELINE = "baseline";

    private final boolean latent;

    private CompletionFamily(boolean latent) {
        this.latent = latent;
    }

    /** @return the conditional VAE family */
    public static CompletionFamily complete() {
        return new CompletionFamily(true);
    }

    /** @return the deterministic baseline family */
    public static CompletionFamily baseline() {
        return new CompletionFamily(false);
    }

    @Override
    public String name() {
        return latent ? NAME : BASELINE;
    }

    @Override
    public String description() {
        return latent ? "completion model: conditional VAE p(x_miss | x_obs) for masks (train --complete)"
                : "deterministic completion baseline (Sohn et al. 2015) for masks (train --complete)";
    }

    @Override
    public Class<CompletionSpec> objectiveType() {
        return CompletionSpec.class;
    }

    @Override
    public void check(Schema schema, ModelSpec model) {
        String what = "family " + name();
        ImageField image = schema.image().orElseThrow(() -> new IllegalArgumentException(
                what + " fills images; the data has no image field"));
        if (schema.inputs().size() != 1) {
            throw new IllegalArgumentException(what + " needs data of one image field, not " + schema.describeInputs());
        }
        if (schema.conditional()) {
            throw new IllegalArgumentException(what + " conditions on the observed pixels; it takes no --condition");
        }
        if (!model.arch().equals("mlp")) {
            throw new IllegalArgumentException(what + " has dense networks only (--arch mlp), not " + model.arch());
        }
        Likelihood.of(model.likelihood(), model.sigma(), schema); // categorical needs a token field
        if (image.height() < 2 || image.width() < 2) {
            throw new IllegalArgumentException(what + " needs images of at least 2x2 pixels");
        }
    }

    @Override
    public LatentNetwork build(ModelDefinition d, Init init) {
        ModelSpec spec = d.model();
        int inputs = d.schema().inputSize();
        long condition = 2L * inputs;
        Likelihood likelihood = Likelihood.of(spec.likelihood(), spec.sigma(), d.schema());
        long outputs = (long) likelihood.decoderOutputsPerValue() * inputs;
        if (!latent) {
            return LatentNetwork.direct(mlp(spec.hidden(), condition, outputs, init), likelihood, inputs, condition);
        }
        Block recognition = mlp(spec.hidden(), condition, 2L * spec.latent(), init);
        Block generator = mlp(Layers.reversed(spec.hidden()), spec.latent() + condition, outputs, init);
        Block prior = mlp(spec.hidden(), condition, 2L * spec.latent(), init);
        return LatentNetwork.completion(recognition, generator, prior, likelihood, inputs, spec.latent(), condition);
    }

    private static Block mlp(java.util.List<Integer> hidden, long in, long out, Init init) {
        SequentialBlock block = new SequentialBlock();
        long width = Layers.dense(block, hidden, in, init);
        return block.add(Layers.linear(out, width, init));
    }

    @Override
    public Objective objective(ModelDefinition d) {
        CompletionSpec s = (CompletionSpec) d.objective();
        ImageField image = d.schema().requireImage("family " + name());
        return new CompletionObjective(s.mixture(), latent ? s.beta() : 0, latent, image);
    }

    /**
     * Describes the networks, e.g. {@code mlp 1568-500-500-200} (the input is the observed image and its mask).
     *
     * @param spec the networks
     * @param schema the data
     * @return the description
     */
    String describe(ModelSpec spec, Schema schema) {
        StringBuilder sb = new StringBuilder("mlp ").append(2 * schema.inputSize());
        spec.hidden().forEach(h -> sb.append('-').append(h));
        return sb.append('-').append(latent ? String.valueOf(spec.latent()) : String.valueOf(schema.inputSize()))
                .toString();
    }
}
