package org.vae4j.cli;

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
import me.tongfei.progressbar.ProgressBar;
import org.vae4j.data.ExampleSet;
import org.vae4j.eval.Evaluator;
import org.vae4j.eval.ImportanceWeighted;
import org.vae4j.image.Binarization;
import org.vae4j.image.ImageDataset;
import org.vae4j.io.ModelFolder;
import org.vae4j.loss.ElboObjective;
import org.vae4j.loss.Objective;
import org.vae4j.model.LatentModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vae4j evaluate}: the importance-weighted log-likelihood, the ELBO with its terms, the KL of each latent
 * dimension and the active units, as a table or JSON; for a conditional model also the marginal log-likelihood and
 * the accuracy of its generative classifier.
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
            "A conditional model is scored on log p(x|y) with each example's label, and, unless --no-marginal, on "
                    + "log p(x) = log (1/C) sum_y p(x|y) and the accuracy of argmax_y p(x|y) as a classifier (C times "
                    + "the work).",
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

    @Option(names = "--iw-samples", paramLabel = "K", converter = Converters.Positive.class,
            description = "Importance samples per example for log p(x) (default: 1000; 100 for text models, whose "
                    + "every sample decodes the whole sequence); 1 gives an ELBO estimate, more a tighter bound.")
    Integer iwSamples;

    @Option(names = "--molecules", paramLabel = "N", defaultValue = "1000", converter = Converters.Positive.class,
            description = "SMILES models: prior samples whose validity, uniqueness and novelty are reported "
                    + "(default: ${DEFAULT-VALUE}).")
    int molecules;

    @Option(names = "--limit", paramLabel = "N", converter = Converters.Positive.class,
            description = "Score only the first N examples (default: all).")
    Integer limit;

    @Option(names = "--binarize", paramLabel = "MODE",
            description = "none, dynamic, static or threshold (default: how the model was trained); dynamic and "
                    + "static score one seeded Bernoulli draw.")
    Binarization binarize;

    @Option(names = "--no-marginal",
            description = "Conditional models: skip log p(x) over all classes and the generative classifier's "
                    + "accuracy, which take C times the work of log p(x|y).")
    boolean noMarginal;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the posterior samples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Mixin
    DataOptionsMixin dataOptions;

    /** Everything evaluate measured. */
    private record Report(
            Evaluator.Result terms,
            Evaluator.ActiveUnits active,
            ImportanceWeighted.LogLikelihood iw,
            ImportanceWeighted.PerClass perClass,
            String note,
            TextScores text,
            Map<String, Double> columns,
            double seconds) {}

    /**
     * The per-token figures of a sequence model.
     *
     * @param tokens the tokens scored (every real token and each sequence's end)
     * @param perplexity exp(-log p(x) summed over sequences / tokens), from the importance-weighted estimate (the
     *     exact likelihood for a language model)
     * @param elboPerplexity the same from the negative ELBO, an upper bound
     * @param tokenAccuracy the share of tokens the decoder's most likely token matches, teacher-forced from the
     *     mean of q(z|x)
     * @param exact the share of sequences decoded greedily from the mean of q(z|x) exactly as they are, or NaN for a
     *     language model
     * @param molecules validity, uniqueness and novelty of prior samples, or {@code null}
     * @param noveltyKnown whether the training data could be read for novelty
     */
    private record TextScores(long tokens, double perplexity, double elboPerplexity, double tokenAccuracy,
            double exact, org.vae4j.text.Molecules.Report molecules, boolean noveltyKnown) {}

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (ModelFolder saved = model.load()) {
            LatentModel m = saved.model();
            boolean text = TextOutput.isText(m);
            int samples = iwSamples != null ? iwSamples : text ? 100 : 1000;
            ExampleSet examples = dataOptions.loadFor(spec, data, saved);
            if (limit != null) {
                examples = examples.first(limit);
            }
            Binarization trained = saved.info().training() == null ? Binarization.NONE
                    : saved.info().training().settings().binarization();
            Binarization binarization = binarize != null ? binarize : trained;
            examples = binarization.apply(examples, BINARIZE_SEED);
            Objective objective = m.objective();
            long started = System.nanoTime();
            Evaluator.Result terms = Evaluator.evaluate(m, examples, seed);
            Evaluator.ActiveUnits active = null;
            ImportanceWeighted.LogLikelihood iw = null;
            ImportanceWeighted.PerClass perClass = null;
            if (objective.variational()) {
                active = examples.size() > 1 ? Evaluator.activeUnits(m, examples, Evaluator.ACTIVE_THRESHOLD) : null;
                boolean all = m.classes() > 0 && !noMarginal;
                String task = (m.classes() > 0 ? "log p(x|y)" : "log p(x)") + ", K=" + samples
                        + (all ? " x " + m.classes() + " classes" : "");
                try (ProgressBar bar = Progress.interactive()
                        ? Progress.bar(err, task, examples.size(), " examples", 1) : null) {
                    if (all) {
                        perClass = ImportanceWeighted.perClass(m, examples, samples, seed,
                                bar == null ? null : bar::stepTo);
                        iw = perClass.conditional();
                    } else {
                        iw = ImportanceWeighted.estimate(m, examples, samples, seed, bar == null ? null : bar::stepTo);
                    }
                }
            }
            TextScores textScores = text ? textScores(saved, examples, terms, iw) : null;
            Map<String, Double> columns = null;
            if (objective.variational() && TableOutput.isTable(m)) {
                double[] perColumn = org.vae4j.table.TableTasks.columnTerms(m, examples, seed);
                List<String> names = org.vae4j.table.TableCodec.of(m.schema()).names();
                columns = new java.util.LinkedHashMap<>();
                for (int c = 0; c < perColumn.length; c++) {
                    columns.put(names.get(c), perColumn[c]);
                }
            }
            Report r = new Report(terms, active, iw, perClass, honesty(m, examples, binarization), textScores,
                    columns, (System.nanoTime() - started) / 1e9);
            if (!Double.isFinite(terms.values().loss()) || (iw != null && !Double.isFinite(iw.mean()))) {
                throw new CommandFailedException("the model's scores on " + examples.name() + " are not finite "
                        + "(loss " + terms.values().loss() + (iw == null ? "" : ", log p(x) " + iw.mean())
                        + "); its weights are broken, retrain it");
            }
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(asJson(m, examples, binarization, r)));
            } else {
                printTable(out, m, examples, binarization, r);
            }
        }
        return 0;
    }

    private TextScores textScores(ModelFolder saved, ExampleSet examples, Evaluator.Result terms,
            ImportanceWeighted.LogLikelihood iw) {
        LatentModel m = saved.model();
        long tokens = org.vae4j.text.TextTasks.scoredTokens(examples);
        int n = examples.size();
        double nll = iw != null ? -iw.mean() : terms.values().loss();
        double negElbo = m.objective().variational() ? terms.termSum() : nll;
        double accuracy = org.vae4j.text.TextTasks.tokenAccuracy(m, examples)[0];
        double exact = Double.NaN;
        if (m.latent() > 0) {
            exact = org.vae4j.text.TextTasks.reconstruct(m, examples, 1).exact() / (double) n;
        }
        org.vae4j.text.Molecules.Report mol = null;
        boolean known = false;
        if (TextOutput.isSmiles(m)) {
            List<String> samples = org.vae4j.text.TextTasks.sample(m, molecules, m.latent() == 0 ? 1 : 0, 1, seed);
            java.util.Optional<List<String>> training = TextOutput.trainingTexts(saved, dataOptions.sources(
                    spec.commandLine().getErr(), false));
            known = training.isPresent();
            mol = org.vae4j.text.Molecules.report(samples, training.orElse(List.of()));
        }
        return new TextScores(tokens, org.vae4j.text.TextTasks.perplexity(nll, n, tokens),
                org.vae4j.text.TextTasks.perplexity(negElbo, n, tokens), accuracy, exact, mol, known);
    }

    /**
     * A Bernoulli likelihood of values that are not 0 or 1 is not a probability: say so instead of calling the
     * number a log-likelihood.
     */
    private static String honesty(LatentModel m, ExampleSet examples, Binarization b) {
        if (!m.spec().likelihood().equals("bernoulli") || b != Binarization.NONE
                || !(examples instanceof ImageDataset images)) {
            return null;
        }
        for (float v : images.pixels()) {
            if (v != 0f && v != 1f) {
                return "the pixels are not binary, so these Bernoulli figures are not normalised log-likelihoods "
                        + "(a Bernoulli mass of grey values sums to less than 1 over the pixel values); they compare "
                        + "between models of the same data only; --binarize gives true log-likelihoods";
            }
        }
        return null;
    }

    private String px(LatentModel m) {
        return m.classes() > 0 ? "p(x|y)" : "p(x)";
    }

    private Map<String, Object> asJson(LatentModel m, ExampleSet examples, Binarization b, Report r) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", model.dir.toString());
        result.put("description", m.describe());
        result.put("family", m.definition().family());
        result.put("data", examples.name());
        result.put("count", r.terms.count());
        result.put("binarize", b.label());
        result.put("unit", "nats per example");
        result.put("normalised", r.note == null);
        if (r.note != null) {
            result.put("note", r.note);
        }
        result.put("loss", r.terms.values().loss());
        result.put("terms", r.terms.values().terms());
        if (r.iw != null) {
            result.put("iwSamples", r.iw.samples());
            result.put("logLikelihoodOf", px(m));
            result.put("logLikelihood", r.iw.mean());
            result.put("logLikelihoodStandardError", r.iw.standardError());
            result.put("negLogLikelihood", -r.iw.mean());
        }
        if (r.perClass != null) {
            result.put("marginalLogLikelihood", r.perClass.marginal().mean());
            result.put("marginalLogLikelihoodStandardError", r.perClass.marginal().standardError());
            result.put("negMarginalLogLikelihood", -r.perClass.marginal().mean());
            result.put("generativeAccuracy", r.perClass.accuracy());
        }
        if (m.objective().variational()) {
            double negElbo = r.terms.termSum();
            result.put("negElbo", negElbo);
            result.put("elbo", -negElbo);
            result.put("reconstruction", r.terms.term(ElboObjective.RECON));
            result.put("kl", r.terms.term(ElboObjective.KL));
            result.put("klPerDimension", r.terms.parts().get(ElboObjective.KL));
            if (r.columns != null) {
                result.put("columnReconstruction", r.columns);
            }
        }
        if (r.active != null) {
            result.put("activeUnits", r.active.count());
            result.put("activeUnitThreshold", r.active.threshold());
            result.put("posteriorMeanVariance", r.active.variance());
        }
        if (r.text != null) {
            result.put("tokens", r.text.tokens());
            result.put("perplexity", r.text.perplexity());
            result.put("elboPerplexity", r.text.elboPerplexity());
            result.put("tokenAccuracy", r.text.tokenAccuracy());
            if (!Double.isNaN(r.text.exact())) {
                result.put("exactReconstructions", r.text.exact());
            }
            if (r.text.molecules() != null) {
                result.put("molecules", r.text.molecules().count());
                result.put("validity", r.text.molecules().validity());
                result.put("uniqueness", r.text.molecules().uniqueness());
                result.put("novelty", r.text.noveltyKnown() ? r.text.molecules().novelty() : null);
            }
        }
        result.put("latent", m.latent());
        result.put("seed", seed);
        result.put("seconds", r.seconds);
        return result;
    }

    private static void printText(PrintWriter out, Report r) {
        TextScores t = r.text;
        if (t == null) {
            return;
        }
        out.printf(Locale.ROOT, "perplexity         %10.2f  (per token, %,d tokens with each sequence's end; from "
                + "%s)%n", t.perplexity(), t.tokens(), r.iw != null ? "-log p(x) above" : "the exact likelihood");
        if (r.iw != null) {
            out.printf(Locale.ROOT, "ELBO perplexity    %10.2f  (from the negative ELBO, an upper bound)%n",
                    t.elboPerplexity());
        }
        out.printf(Locale.ROOT, "token accuracy     %9.1f%%  (most likely next token, teacher-forced%s)%n",
                100 * t.tokenAccuracy(), r.iw != null ? ", z the mean of q(z|x)" : "");
        if (!Double.isNaN(t.exact())) {
            out.printf(Locale.ROOT, "exact              %9.1f%%  (sequences decoded greedily from the mean of q(z|x) "
                    + "exactly as they are)%n", 100 * t.exact());
        }
        if (t.molecules() != null) {
            org.vae4j.text.Molecules.Report mol = t.molecules();
            out.printf(Locale.ROOT, "validity           %9.1f%%  (of %d prior samples, parsed by CDK)%n",
                    100 * mol.validity(), mol.count());
            out.printf(Locale.ROOT, "uniqueness         %9.1f%%  (distinct canonical SMILES among the valid)%n",
                    100 * mol.uniqueness());
            if (t.noveltyKnown()) {
                out.printf(Locale.ROOT, "novelty            %9.1f%%  (distinct valid ones not in the training data)%n",
                        100 * mol.novelty());
            } else {
                out.printf(Locale.ROOT, "novelty            not measured (the training data cannot be read)%n");
            }
        }
    }

    private void printTable(PrintWriter out, LatentModel m, ExampleSet examples, Binarization b, Report r) {
        Evaluator.Result e = r.terms;
        out.printf(Locale.ROOT, "model              %s (%s)%n", model.dir, m.describe());
        out.printf(Locale.ROOT, "data               %s (%d examples%s)%n", examples.name(), e.count(),
                b == Binarization.NONE ? "" : ", binarized: " + b.label());
        out.printf(Locale.ROOT, "                   nats per example, lower is better%n");
        if (r.note != null) {
            out.printf(Locale.ROOT, "note               %s%n", r.note);
        }
        if (!m.objective().variational()) {
            out.printf(Locale.ROOT, "loss               %10.3f%n", e.values().loss());
            m.objective().terms().forEach(t -> out.printf(Locale.ROOT, "  %-16s %10.3f  (%s)%n", t.name(),
                    e.term(t.name()), t.description()));
            printText(out, r);
            out.printf(Locale.ROOT, "time               %.1f s%n", r.seconds);
            return;
        }
        String px = px(m);
        out.printf(Locale.ROOT, "%-19s%10.3f  +- %.3f  (importance-weighted, K=%d: an upper bound in "
                + "expectation, tighter as K grows%s)%n", "-log " + px, -r.iw.mean(), r.iw.standardError(),
                r.iw.samples(), m.classes() > 0 ? ", with each example's label" : "");
        if (r.perClass != null) {
            out.printf(Locale.ROOT, "%-19s%10.3f  +- %.3f  (marginal: -log (1/%d) sum_y p(x|y), the same K per "
                    + "class)%n", "-log p(x)", -r.perClass.marginal().mean(), r.perClass.marginal().standardError(),
                    m.classes());
        }
        double negElbo = e.termSum();
        out.printf(Locale.ROOT, "negative ELBO      %10.3f  (one posterior sample per example)%n", negElbo);
        out.printf(Locale.ROOT, "  reconstruction   %10.3f  (-E_q log %s)%n", e.term(ElboObjective.RECON),
                m.classes() > 0 ? "p(x|z,y)" : "p(x|z)");
        out.printf(Locale.ROOT, "  KL               %10.3f  (KL(q(z|x%s) || N(0, I)))%n", e.term(ElboObjective.KL),
                m.classes() > 0 ? ",y" : "");
        if (r.columns != null) {
            out.printf(Locale.ROOT, "  by column        -E_q log p(x_c|z) over the rows where the cell is present "
                    + "(numeric: the density of the raw value)%n");
            r.columns.forEach((name, v) -> out.printf(Locale.ROOT, "    %-14s %10.3f%n", name, v));
        }
        out.printf(Locale.ROOT, "ELBO gap           %10.3f  (negative ELBO - (-log %s): how far q is from the "
                + "true posterior)%n", negElbo + r.iw.mean(), px);
        if (r.perClass != null && !Double.isNaN(r.perClass.accuracy())) {
            out.printf(Locale.ROOT, "classifier         %9.1f%%  (argmax_y p(x|y) against the labels)%n",
                    100 * r.perClass.accuracy());
        }
        if (r.active != null) {
            out.printf(Locale.ROOT, "active units       %6d of %d  (Cov_x E_q[z_u] > %s)%n", r.active.count(),
                    m.latent(), r.active.threshold());
        }
        printText(out, r);
        List<Double> kl = e.parts().get(ElboObjective.KL);
        List<Integer> order = new ArrayList<>();
        for (int u = 0; u < kl.size(); u++) {
            order.add(u);
        }
        order.sort(Comparator.comparingDouble((Integer u) -> -kl.get(u)));
        out.printf(Locale.ROOT, "latent KL          dimension: KL (variance of its posterior mean), most "
                + "informative first%n");
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < order.size(); i++) {
            int u = order.get(i);
            String cell = r.active == null ? String.format(Locale.ROOT, "z%-3d %6.3f", u + 1, kl.get(u))
                    : String.format(Locale.ROOT, "z%-3d %6.3f (%.3f)", u + 1, kl.get(u), r.active.variance()[u]);
            line.append(String.format(Locale.ROOT, "%-22s", cell));
            if (i % 4 == 3 || i == order.size() - 1) {
                out.println("  " + line.toString().stripTrailing());
                line.setLength(0);
            }
        }
        out.printf(Locale.ROOT, "time               %.1f s%n", r.seconds);
    }
}
