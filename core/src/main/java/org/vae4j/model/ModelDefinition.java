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

    /**
     * @param value the new schema
     * @return a copy for other data
     */
    public ModelDefinition withSchema(Schema value) {
        return new ModelDefinition(family, schema.equals(value) ? schema : value, model, objective);
    }

    /** @return a one-line description, e.g. {@code vae, mlp 784-400-20, bernoulli, beta 1.0} */
    public String describe() {
        String conditional = schema.conditional()
                ? ", conditioned on " + schema.condition().name() + " (" + schema.classes() + " classes)" : "";
        return family + ", " + architecture().describe(model, schema) + ", " + model.describeLikelihood() + ", "
                + objective.describe() + conditional;
    }
}
