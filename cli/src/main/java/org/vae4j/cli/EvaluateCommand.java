package org.vae4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vae4j.data.ImageDataset;
import org.vae4j.eval.ElboResult;
import org.vae4j.eval.Evaluator;
import org.vae4j.io.SavedModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vae4j evaluate}: the negative ELBO on a dataset, split into reconstruction and KL. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = "Score a model on data: the negative ELBO in nats per example (an upper bound on -log p(x)), "
                + "split into the reconstruction term and the KL term.")
final class EvaluateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--data", required = true, paramLabel = "SPEC", description = "Data to score, e.g. fashion-mnist:test.")
    String data;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the posterior samples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Mixin
    DataOptionsMixin dataOptions;

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        try (SavedModel saved = model.load()) {
            ImageDataset images = dataOptions.sources(spec.commandLine().getErr(), Progress.interactive()).load(data, "--data");
            ElboResult r = Evaluator.elbo(saved.model(), images, seed);
            if (!Double.isFinite(r.negElbo())) {
                throw new CommandFailedException("the model's negative ELBO on " + images.name() + " is "
                        + r.negElbo() + " (reconstruction " + r.recon() + ", KL " + r.kl()
                        + "); its weights are broken, retrain it");
            }
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("model", model.dir.toString());
                result.put("architecture", saved.info().model().describe());
                result.put("data", images.name());
                result.put("count", r.count());
                result.put("unit", "nats per example");
                result.put("negElbo", r.negElbo());
                result.put("reconstruction", r.recon());
                result.put("kl", r.kl());
                result.put("seed", seed);
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
            } else {
                out.printf(Locale.ROOT, "model             %s (%s)%n", model.dir, saved.info().model().describe());
                out.printf(Locale.ROOT, "data              %s (%d images)%n", images.name(), r.count());
                out.printf(Locale.ROOT, "negative ELBO     %9.3f nats per example%n", r.negElbo());
                out.printf(Locale.ROOT, "  reconstruction  %9.3f%n", r.recon());
                out.printf(Locale.ROOT, "  KL              %9.3f%n", r.kl());
            }
        }
        return 0;
    }
}
