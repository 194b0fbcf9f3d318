package org.vae4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vae4j.io.ModelFolder;
import org.vae4j.io.ModelInfo;
import org.vae4j.loss.Objective;
import org.vae4j.model.LatentModel;
import org.vae4j.train.EpochMetrics;
import org.vae4j.train.TrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vae4j info}: what a model folder holds. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Describe a model folder: family, networks, schema, data, training and provenance.")
final class InfoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOption model;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ModelFolder saved = model.load()) {
            ModelInfo info = saved.info();
            LatentModel m = saved.model();
            row(out, "model folder", model.dir + " (format " + info.format() + " v" + info.formatVersion() + ")");
            row(out, "model", m.describe());
            row(out, "schema", m.schema().describe());
            m.schema().image().ifPresent(f -> row(out, "input", f.shape() + " (channels x height x width)"));
            if (TableOutput.isTable(m)) {
                // how each column is coded, so a user can read outputs and the per-column terms of evaluate
                for (org.vae4j.data.Field f : m.schema().inputs()) {
                    row(out, "  " + f.name(), describeColumn(f));
                }
            }
            row(out, "parameters", String.format(Locale.ROOT, "%,d", m.parameterCount()));
            row(out, "terms", String.join(", ", m.objective().terms().stream()
                    .map(t -> t.name() + " (" + t.description() + ")").toList()));
            if (info.data() != null) {
                ModelInfo.DataInfo d = info.data();
                row(out, "data", d.spec() + " -> " + d.name() + ", " + d.count() + " training examples"
                        + (d.imageSize() == null ? "" : ", resized to " + d.imageSize()));
                if (d.sha256() != null) {
                    row(out, "data sha256", d.sha256());
                }
                if (d.classNames() != null && !d.classNames().isEmpty()) {
                    row(out, "classes", String.join(", ", d.classNames()));
                }
            }
            if (info.training() != null) {
                ModelInfo.TrainingInfo t = info.training();
                TrainConfig s = t.settings();
                row(out, "training", String.format(Locale.ROOT, "%d of %d epochs, batch %d, Adam lr %s, seed %d, "
                                + "validation %s, %.1f s",
                        t.epochsCompleted(), s.epochs(), s.batchSize(), s.learningRate(), s.seed(), t.validation(),
                        t.seconds()));
                List<String> extras = new ArrayList<>();
                if (!s.lrSchedule().equals("constant")) {
                    extras.add("lr schedule " + s.lrSchedule() + (s.lrSchedule().equals("step")
                            ? " (x" + s.lrGamma() + " every " + s.lrStepEpochs() + " epochs)" : ""));
                }
                if (s.klWarmupEpochs() > 0) {
                    extras.add("KL warm-up " + s.klWarmupEpochs() + " epochs");
                }
                if (s.freeBits() > 0) {
                    extras.add("free bits " + s.freeBits() + " nats");
                }
                if (!s.binarize().equals("none")) {
                    extras.add("binarized pixels (" + s.binarize() + ")");
                }
                if (s.patience() > 0) {
                    extras.add("patience " + s.patience() + (t.stoppedEarly()
                            ? ", stopped early; weights of the best epoch, " + t.bestEpoch() : ""));
                }
                if (!extras.isEmpty()) {
                    row(out, "", String.join(", ", extras));
                }
            }
            List<EpochMetrics> epochs = saved.metrics();
            if (!epochs.isEmpty()) {
                EpochMetrics last = epochs.get(epochs.size() - 1);
                row(out, "last epoch", last.epoch() + ": train " + TrainingProgress.describe(last.train())
                        + (last.hasValidation() ? ", validation " + TrainingProgress.describe(last.validation()) : ""));
                for (Objective.Term t : m.objective().terms()) {
                    if (t.parts() && !last.partsOf(t.name()).isEmpty()) {
                        row(out, t.name().equals("kl") ? "latent KL" : t.name(), klByDimension(last.partsOf(t.name())));
                    }
                }
            }
            if (info.provenance() != null) {
                ModelInfo.Provenance p = info.provenance();
                row(out, "written", p.written() + " by vae4j " + p.vae4j() + ", DJL " + p.djl() + ", " + p.engine()
                        + ", Java " + p.java() + ", " + p.os());
            }
        }
        return 0;
    }

    /** The KL of each latent dimension, largest first: the dimensions the model uses come first. */
    static String klByDimension(List<Double> kl) {
        List<Integer> order = new ArrayList<>();
        for (int d = 0; d < kl.size(); d++) {
            order.add(d);
        }
        order.sort((a, b) -> Double.compare(kl.get(b), kl.get(a)));
        StringBuilder sb = new StringBuilder();
        for (int d : order) {
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "z%d %.2f", d + 1, kl.get(d)));
        }
        return sb.append(" nats (training, last epoch)").toString();
    }

    private static void row(PrintWriter out, String key, String value) {
        out.printf(Locale.ROOT, "%-13s %s%n", key, value);
    }

    /** How a table's column is coded, in one line. */
    private static String describeColumn(org.vae4j.data.Field f) {
        if (f instanceof org.vae4j.data.NumericField n) {
            return String.format(java.util.Locale.ROOT, "numeric, standardised with mean %.6g, sd %.6g", n.mean(),
                    n.sd());
        }
        if (f instanceof org.vae4j.data.ModeNumericField m) {
            StringBuilder b = new StringBuilder("numeric, " + m.modes() + " modes (weight: mean, sd):");
            for (int k = 0; k < m.modes(); k++) {
                b.append(String.format(java.util.Locale.ROOT, " %.2f: %.4g, %.3g", m.weights().get(k),
                        m.means().get(k), m.sds().get(k)));
            }
            return b.toString();
        }
        return "categorical: " + String.join(", ", ((org.vae4j.data.CategoricalField) f).categories());
    }
}
