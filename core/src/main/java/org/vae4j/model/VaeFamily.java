package org.vae4j.model;

import org.vae4j.data.Schema;
import org.vae4j.likelihood.Likelihood;
import org.vae4j.loss.ElboObjective;
import org.vae4j.loss.Objective;
import org.vae4j.nn.Init;

/**
 * {@code vae}: the variational autoencoder (Kingma and Welling 2014), and with a condition in the schema the
 * conditional VAE (Kingma et al. 2014, Sohn et al. 2015), q(z|x,y) and p(x|z,y). The encoder emits the mean and
 * log-variance of a diagonal Gaussian q; training minimises reconstruction + beta * KL(q || N(0, I))
 * ({@link ElboObjective}).
 */
public final class VaeFamily implements Family {
    /** The family's name. */
    public static final String NAME = "vae";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "variational autoencoder (with --condition: conditional VAE)";
    }

    @Override
    public Class<ElboSpec> objectiveType() {
        return ElboSpec.class;
    }

    @Override
    public void check(Schema schema, ModelSpec model) {
        Likelihood.of(model.likelihood(), model.sigma(), schema); // categorical needs a token field
        if (schema.conditional() && Architectures.get(model.arch()).decoderReadsInput()) {
            throw new IllegalArgumentException("--arch " + model.arch() + " has no conditional form yet");
        }
    }

    @Override
    public LatentNetwork build(ModelDefinition d, Init init) {
        Architecture arch = d.architecture();
        ModelSpec spec = d.model();
        Schema schema = d.schema();
        Likelihood likelihood = Likelihood.of(spec.likelihood(), spec.sigma(), schema);
        if (arch.decoderReadsInput()) {
            return LatentNetwork.teacherForced(arch.encoder(spec, schema, 2 * spec.latent(), init),
                    arch.decoder(spec, schema, likelihood.decoderOutputsPerValue(), init), likelihood,
                    schema.inputSize(), spec.latent());
        }
        return new LatentNetwork(
                arch.encoder(spec, schema, 2 * spec.latent(), init),
                arch.decoder(spec, schema, likelihood.decoderOutputsPerValue(), init),
                likelihood,
                schema.inputSize(),
                spec.latent(),
                schema.classes());
    }

    @Override
    public Objective objective(ModelDefinition d) {
        ElboSpec spec = (ElboSpec) d.objective();
        return new ElboObjective(spec.beta(), spec.wordDropout());
    }
}
