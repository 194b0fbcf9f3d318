package org.vae4j.model;

import java.util.Objects;
import org.vae4j.data.Schema;

/**
 * Everything needed to rebuild a model before loading its weights: the family, the data's schema, the networks and
 * the objective. Checked on construction by the family and the architecture.
 *
 * @param family the family's name, see {@link Families}
 * @param schema the data: input fields and the optional condition
 * @param model the networks and the likelihood head
 * @param objective the family's objective settings, of the type {@link Family#objectiveType()}
 */
public record ModelDefinition(String family, Schema schema, ModelSpec model, ObjectiveSpec objective) {
    /**
     * Checks the parts against each other.
     *
     * @throws IllegalArgumentException naming what does not fit, e.g. an unknown family or architecture
     */
    public ModelDefinition {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(objective, "objective");
        Family f = Families.get(family);
        if (!f.objectiveType().isInstance(objective)) {
            throw new IllegalArgumentException("family " + family + " takes an objective of type "
                    + f.objectiveType().getSimpleName() + ", not " + objective.getClass().getSimpleName());
        }
        Architectures.get(model.arch()).check(model, schema);
        f.check(schema, model);
        double dropout = objective instanceof ElboSpec e ? e.wordDropout()
                : objective instanceof LmSpec l ? l.wordDropout() : 0;
        if (dropout > 0 && !Architectures.get(model.arch()).decoderReadsInput()) {
            throw new IllegalArgumentException("word dropout applies to sequence decoders (--arch gru), which read "
                    + "the tokens they predict; --arch " + model.arch() + " does not");
        }
    }

    /**
     * A standard VAE (family {@code vae}, beta 1) of the given networks on the given data.
     *
     * @param schema the data
     * @param model the networks
     * @return the definition
     */
    public static ModelDefinition vae(Schema schema, ModelSpec model) {
        return new ModelDefinition(VaeFamily.NAME, schema, model, new ElboSpec(1.0));
    }

    /**
     * The classic model of the PyTorch VAE example on images: MLP D-400-20, Bernoulli, beta 1.
     *
     * @param channels image channels
     * @param height image rows
     * @param width image columns
     * @return the definition
     */
    public static ModelDefinition classic(int channels, int height, int width) {
        return vae(Schema.image(channels, height, width), ModelSpec.classic());
    }

    /**
     * The default conv VAE on images ({@link ModelSpec#conv()}).
     *
     * @param channels image channels
     * @param height image rows
     * @param width image columns
     * @return the definition
     */
    public static ModelDefinition conv(int channels, int height, int width) {
        return vae(Schema.image(channels, height, width), ModelSpec.conv());
    }

    /**
     * @param value the new networks
     * @return a copy with other networks
     */
    public ModelDefinition withModel(ModelSpec value) {
        return new ModelDefinition(family, schema, value, objective);
    }

    /**
     * @param value new hidden sizes
     * @return a copy with other hidden sizes ({@link ModelSpec#withHidden})
     */
    public ModelDefinition withHidden(java.util.List<Integer> value) {
        return withModel(model.withHidden(value));
    }

    /**
     * @param value new latent size
     * @return a copy with another latent size ({@link ModelSpec#withLatent})
     */
    public ModelDefinition withLatent(int value) {
        return withModel(model.withLatent(value));
    }

    /**
     * @param name likelihood name
     * @param sigma its sigma setting
     * @return a copy with another likelihood ({@link ModelSpec#withLikelihood})
     */
    public ModelDefinition withLikelihood(String name, double sigma) {
        return withModel(model.withLikelihood(name, sigma));
    }

    /**
     * @param beta the KL weight
     * @return a copy of a {@code vae} definition with another beta
     */
    public ModelDefinition withBeta(double beta) {
        return withObjective(new ElboSpec(beta));
    }

    /** @return the family this definition names */
    public Family familyType() {
        return Families.get(family);
    }

    /** @return the architecture this definition names */
    public Architecture architecture() {
        return Architectures.get(model.arch());
    }

    /**
     * @param value the new objective settings
     * @return a copy with other objective settings
     */
    public ModelDefinition withObjective(ObjectiveSpec value) {
        return new ModelDefinition(family, schema, model, value);
    }

    /** @return a one-line description, e.g. {@code vae, mlp 784-400-20, bernoulli, beta 1.0} */
    public String describe() {
        String conditional = schema.conditional()
                ? ", conditioned on " + schema.condition().name() + " (" + schema.classes() + " classes)" : "";
        String nets = familyType() instanceof CompletionFamily c ? c.describe(model, schema)
                : familyType() instanceof LanguageModelFamily ? LanguageModelFamily.describe(model, schema)
                : architecture().describe(model, schema);
        return family + ", " + nets + ", " + model.describeLikelihood() + ", "
                + objective.describe() + conditional;
    }
}
