package org.vae4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;
import org.vae4j.BadInputException;
import org.vae4j.data.Binarization;
import org.vae4j.data.ImageDataset;
import org.vae4j.eval.ElboResult;
import org.vae4j.eval.Evaluator;
import org.vae4j.eval.ImportanceWeighted;
import org.vae4j.io.SavedModel;
import org.vae4j.model.VaeModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vae4j evaluate}: the importance-weighted log-likelihood, the ELBO with its two parts, the KL of each latent
 * dimension and the active units, as a table or JSON.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = {
            "Score a model on data, in nats per example: log p(x) estimated with K importance samples (Burda et al. "
                    + "2015; a lower bound in expectation that tightens as K grows), the ELBO (reconstruction and KL),"
                    + " the KL of each latent dimension and the number of active units.",
            "Binarized models are scored on data binarized the same way unless --binarize says otherwise: for "
                    + "dynamic and static, one Bernoulli draw from evaluate's own seed (not the draw training used)."
        })
final class EvaluateCommand implements Callable<Integer> {
    private static final long BINARIZE_SEED = 0xE1A1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--data", required = true, paramLabel = "SPEC", description = "Data to score, e.g. fashion-mnist:test.")
    String data;

    @Option(
            names = "--iw-samples",
            paramLabel = "K",
            defaultValue = "1000",
            description = "Importance samples per example for log p(x) (default: ${DEFAULT-VALUE}); 1 gives an ELBO "
                    + "estimate, more a tighter bound.")
    int iwSamples;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "Score only the first N examples (default: all).")
    Integer limit;

    @Option(
            names = "--binarize",
            paramLabel = "MODE",
            description = "none, dynamic, static or threshold (default: how the model was trained); dynamic and "
                    + "static score one seeded Bernoulli draw.")
    String binarize;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the posterior samples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Mixin
    DataOptionsMixin dataOptions;

    @Override
    public Integer call() throws JsonProcessingException {
        if (iwSamples < 1) {
            throw new BadInputException("--iw-samples " + iwSamples + ": expected at least 1 importance sample, "
                    + "e.g. 1000");
        }
        if (limit != null && limit < 1) {
            throw new BadInputException("--limit " + limit + ": expected at least 1 example");
        }
        Binarization given = Checks.binarization("--binarize", binarize);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (SavedModel saved = model.load()) {
            VaeModel vae = saved.model();
            ImageDataset images = dataOptions.loadFor(spec, data, vae);
            if (limit != null && limit < images.size()) {
                images = images.subset(IntStream.range(0, limit).toArray(),
                        images.name() + " [first " + limit + "]");
            }
            Binarization trained = saved.info().training() == null ? Binarization.NONE
                    : saved.info().training().settings().binarization();
            Binarization binarization = given != null ? given : trained;
            images = binarization.apply(images, BINARIZE_SEED);

            long started = System.nanoTime();
            Report r;
            try (NDManager manager = vae.manager().newSubManager()) {
                NDArray x = manager.create(images.pixels(), new Shape(images.size(), images.pixelsPerImage()));
                ElboResult elbo = Evaluator.elbo(vae, x, seed);
                Evaluator.ActiveUnits active = Evaluator.activeUnits(vae, x, Evaluator.ACTIVE_THRESHOLD);
                ImportanceWeighted.LogLikelihood iw;
                try (ProgressBar bar = Progress.interactive()
                        ? Progress.bar(err, "log p(x), K=" + iwSamples, images.size(), " images", 1) : null) {
                    iw = ImportanceWeighted.estimate(vae, x, iwSamples, seed, bar == null ? null : bar::stepTo);
                }
                r = new Report(elbo, active, iw, (System.nanoTime() - started) / 1e9);
            }
            if (!Double.isFinite(r.elbo.negElbo()) || !Double.isFinite(r.iw.mean())) {
                throw new CommandFailedException("the model's scores on " + images.name() + " are not finite "
                        + "(negative ELBO " + r.elbo.negElbo() + ", log p(x) " + r.iw.mean()
                        + "); its weights are broken, retrain it");
            }
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(asJson(saved, images, binarization, r)));
            } else {
                printTable(out, saved, images, binarization, r);
            }
        }
        return 0;
    }

    private record Report(
            ElboResult elbo, Evaluator.ActiveUnits active, ImportanceWeighted.LogLikelihood iw, double seconds) {}

    private Map<String, Object> asJson(SavedModel saved, ImageDataset images, Binarization b, Report r) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", model.dir.toString());
        result.put("architecture", saved.info().model().describe());
        result.put("data", images.name());
        result.put("count", r.elbo.count());
        result.put("binarize", b.label());
        result.put("unit", "nats per example");
        result.put("iwSamples", r.iw.samples());
        result.put("logLikelihood", r.iw.mean());
        result.put("logLikelihoodStandardError", r.iw.standardError());
        result.put("negLogLikelihood", -r.iw.mean());
        result.put("negElbo", r.elbo.negElbo());
        result.put("elbo", -r.elbo.negElbo());
        result.put("reconstruction", r.elbo.recon());
        result.put("kl", r.elbo.kl());
        result.put("klPerDimension", r.elbo.klPerDim());
        result.put("activeUnits", r.active.count());
        result.put("activeUnitThreshold", r.active.threshold());
        result.put("posteriorMeanVariance", r.active.variance());
        result.put("latent", r.active.variance().length);
        result.put("seed", seed);
        result.put("seconds", r.seconds);
        return result;
    }

    private void printTable(PrintWriter out, SavedModel saved, ImageDataset images, Binarization b, Report r) {
        ElboResult e = r.elbo;
        int latent = r.active.variance().length;
        out.printf(Locale.ROOT, "model              %s (%s)%n", model.dir, saved.info().model().describe());
        out.printf(Locale.ROOT, "data               %s (%d images%s)%n", images.name(), e.count(),
                b == Binarization.NONE ? "" : ", binarized: " + b.label());
        out.printf(Locale.ROOT, "                   nats per example, lower is better%n");
        out.printf(Locale.ROOT, "-log p(x)          %10.3f  +- %.3f  (importance-weighted, K=%d: an upper bound in "
                + "expectation, tighter as K grows)%n", -r.iw.mean(), r.iw.standardError(), r.iw.samples());
        out.printf(Locale.ROOT, "negative ELBO      %10.3f  (one posterior sample per example)%n", e.negElbo());
        out.printf(Locale.ROOT, "  reconstruction   %10.3f  (-E_q log p(x|z))%n", e.recon());
        out.printf(Locale.ROOT, "  KL               %10.3f  (KL(q(z|x) || N(0, I)))%n", e.kl());
        out.printf(Locale.ROOT, "ELBO gap           %10.3f  (negative ELBO - (-log p(x)): how far q(z|x) is from "
                + "p(z|x))%n", e.negElbo() + r.iw.mean());
        out.printf(Locale.ROOT, "active units       %6d of %d  (Cov_x E_q[z_u] > %s)%n", r.active.count(), latent,
                r.active.threshold());
        List<Integer> order = new ArrayList<>();
        for (int u = 0; u < latent; u++) {
            order.add(u);
        }
        order.sort(Comparator.comparingDouble((Integer u) -> -e.klPerDim().get(u)));
        out.printf(Locale.ROOT, "latent KL          dimension: KL (variance of its posterior mean), most "
                + "informative first%n");
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < order.size(); i++) {
            int u = order.get(i);
            String cell = String.format(Locale.ROOT, "z%-3d %6.3f (%.3f)", u + 1, e.klPerDim().get(u),
                    r.active.variance()[u]);
            line.append(String.format(Locale.ROOT, "%-22s", cell));
            if (i % 4 == 3 || i == order.size() - 1) {
                out.println("  " + line.toString().stripTrailing());
                line.setLength(0);
            }
        }
        out.printf(Locale.ROOT, "time               %.1f s%n", r.seconds);
    }
}
