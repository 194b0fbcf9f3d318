package org.vae4j.model;

import org.vae4j.data.Schema;
import org.vae4j.loss.Objective;
import org.vae4j.nn.Init;

/**
 * A kind of model with its training objective, found by name ({@link Families}) from {@code --family} and from a
 * model folder's {@code vae4j.json}. Its networks come from the architecture ({@code --arch}) the model spec names;
 * the family puts them together with a likelihood head, and says what training minimises.
 *
 * <p>Today: {@code vae} (with an optional class condition), and the completion models {@code complete} and
 * {@code baseline} ({@link CompletionFamily}). Later families (language models, adversarial and vector-quantised
 * autoencoders) register themselves here too.
 */
public interface Family {
    /** @return the name in {@code --family} and {@code vae4j.json}, e.g. {@code vae} */
    String name();

    /** @return one line for help texts */
    String description();

    /** @return the record type of this family's objective settings, read from {@code vae4j.json} */
    Class<? extends ObjectiveSpec> objectiveType();

    /**
     * Checks what the family needs of the data and the networks.
     *
     * @param schema the data
     * @param model the networks
     * @throws IllegalArgumentException naming what does not fit
     */
    void check(Schema schema, ModelSpec model);

    /**
     * Builds the (uninitialised) network.
     *
     * @param definition a checked definition of this family
     * @param init the seeded initialisation of the weights
     * @return the network
     */
    LatentNetwork build(ModelDefinition definition, Init init);

    /**
     * @param definition a checked definition of this family
     * @return what training minimises and evaluation reports
     */
    Objective objective(ModelDefinition definition);
}
