package org.vae4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vae4j.BadInputException;
import org.vae4j.data.ExampleSet;
import org.vae4j.eval.AnomalyScores;
import org.vae4j.eval.Ranking;
import org.vae4j.io.ModelFolder;
import org.vae4j.io.Png;
import org.vae4j.model.LatentModel;
import org.vae4j.plot.ScoreHistogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vae4j score}: an anomaly score per example, flags, and ROC-AUC when the anomalies are known. */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = {
            "Score every example of --data with a trained VAE, higher meaning less like the training data: "
                    + "elbo (the negative ELBO), iw (the importance-weighted -log p(x)) or recon-prob (-log of "
                    + "An and Cho's reconstruction probability, the mean of p(x | z) over z ~ q(z | x)). Missing "
                    + "cells of a table are skipped.",
            "Writes one row per example to --out (CSV). --contamination F flags the share F with the highest "
                    + "scores and prints the threshold, which --threshold applies to new data. When the "
                    + "anomalies are known (--anomaly for a table's label column, --normal-class for labelled "
                    + "images), prints ROC-AUC and average precision and draws a histogram of the scores by group."
        })
final class ScoreCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--data", required = true, paramLabel = "SPEC", description = "The examples to score.")
    String data;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The scores, a .csv file.")
    Path out;

    @Option(names = "--method", paramLabel = "NAME", defaultValue = "elbo",
            description = "elbo, iw or recon-prob (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--samples", paramLabel = "N", description = "Draws per example: L for elbo and recon-prob "
            + "(default: 10), K for iw (default: 100).")
    Integer samples;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the draws (default: "
            + "${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--contamination", paramLabel = "F", description = "Flag the share F of examples with the "
            + "highest scores, F in (0, 0.5].")
    Double contamination;

    @Option(names = "--threshold", paramLabel = "T", description = "Flag the examples scoring above T (a threshold "
            + "printed by an earlier --contamination run).")
    Double threshold;

    @Option(names = "--anomaly", paramLabel = "VALUES", split = ",", description = "A table: the values of the "
            + "--label column that mark anomalies, comma-separated.")
    List<String> anomaly;

    @Option(names = "--normal-class", paramLabel = "K", description = "Labelled images: the normal class (index "
            + "or name); every other class is anomalous.")
    String normalClass;

    @Option(names = "--histogram", paramLabel = "FILE", description = "The histogram of scores by group, a .png "
            + "(default: next to --out, NAME-histogram.png, when the groups are known or flags are made).")
    Path histogram;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Mixin
    DataOptionsMixin dataOptions;

    @Override
    public Integer call() throws JsonProcessingException {
        AnomalyScores.Method how = AnomalyScores.Method.parse(method);
        int n = samples != null ? samples : how == AnomalyScores.Method.IW ? 100 : 10;
        Checks.positive("--samples", n, 1_000_000);
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            throw new BadInputException("--out " + out + ": the scores are written as CSV; give a .csv file");
        }
        if (histogram != null) {
            Checks.pngPath("--histogram", histogram);
        }
        if (contamination != null && threshold != null) {
            throw new BadInputException("--contamination and --threshold both set the flags; give one");
        }
        if (threshold != null && !Double.isFinite(threshold)) {
            throw new BadInputException("--threshold " + threshold + ": expected a finite score");
        }
        if (contamination != null && !(contamination > 0 && contamination <= 0.5)) {
            throw new BadInputException("--contamination " + contamination + ": expected a share in (0, 0.5]");
        }
        if (anomaly != null && normalClass != null) {
            throw new BadInputException("--anomaly names anomalous values of a table's label column, --normal-class "
                    + "the normal class of images; give one");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        try (ModelFolder saved = model.loadVae("score")) {
            LatentModel m = saved.model();
            boolean table = TableOutput.isTable(m);
            if (table && normalClass != null) {
                throw new BadInputException("--normal-class applies to labelled images; for a table give --label COL "
                        + "--anomaly VALUES");
            }
            if (!table && anomaly != null) {
                throw new BadInputException("--anomaly applies to a table's label column; for labelled images give "
                        + "--normal-class K");
            }
            if (table && anomaly != null && dataOptions.tableFor(saved).label() == null) {
                throw new BadInputException("--anomaly needs the label column; name it with --label COL");
            }
            ExampleSet examples = dataOptions.loadFor(spec, data, saved);
            boolean[] positive = groups(examples, saved);
            int marked = 0;
            for (boolean p : positive == null ? new boolean[0] : positive) {
                marked += p ? 1 : 0;
            }
            if (positive != null && (marked == 0 || marked == positive.length)) {
                throw new BadInputException(examples.name() + ": " + (marked == 0 ? "no example is" : "every example "
                        + "is") + " anomalous, so ROC-AUC is undefined; score data with both groups");
            }
            double[] scores;
            try (me.tongfei.progressbar.ProgressBar bar = Progress.interactive() ? Progress.bar(
                    spec.commandLine().getErr(), how.label(), examples.size(), " examples", 1) : null) {
                scores = AnomalyScores.score(m, examples, how, n, seed, bar == null ? null : bar::stepTo);
            }
            for (int i = 0; i < scores.length; i++) {
                if (!Double.isFinite(scores[i])) {
                    throw new CommandFailedException("example " + i + " of " + examples.name() + " scores "
                            + scores[i] + "; the model's weights are broken, retrain it");
                }
            }
            double cut = threshold != null ? threshold : contamination != null
                    ? Ranking.threshold(scores, contamination) : Double.NaN;
            writeScores(examples, scores, positive, cut, stdout);
            Double auc = null;
            Double ap = null;
            int anomalies = marked;
            if (positive != null) {
                auc = Ranking.rocAuc(scores, positive);
                ap = Ranking.averagePrecision(scores, positive);
            }
            int flagged = 0;
            if (!Double.isNaN(cut)) {
                for (double s : scores) {
                    flagged += s > cut ? 1 : 0;
                }
            }
            Path picture = histogram;
            if (picture == null && (positive != null || !Double.isNaN(cut))) {
                String name = out.getFileName().toString();
                picture = out.resolveSibling(name.substring(0, name.length() - 4) + "-histogram.png");
            }
            if (picture != null) {
                drawHistogram(picture, scores, positive, cut, how, examples.name());
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("model", model.dir.toString());
            summary.put("data", examples.name());
            summary.put("method", how.label());
            summary.put("samples", n);
            summary.put("count", scores.length);
            summary.put("meanScore", java.util.Arrays.stream(scores).average().orElse(Double.NaN));
            summary.put("anomalies", positive == null ? null : anomalies);
            summary.put("rocAuc", auc);
            summary.put("averagePrecision", ap);
            summary.put("threshold", Double.isNaN(cut) ? null : cut);
            summary.put("flagged", Double.isNaN(cut) ? null : flagged);
            summary.put("scores", out.toString());
            summary.put("histogram", picture == null ? null : picture.toString());
            if (json) {
                stdout.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(summary));
                return 0;
            }
            stdout.printf(Locale.ROOT, "scored   %,d examples of %s by %s (%s %d)%n", scores.length, examples.name(),
                    how.label(), how == AnomalyScores.Method.IW ? "K" : "L", n);
            stdout.printf(Locale.ROOT, "scores   mean %.4f, written to %s%n", summary.get("meanScore"), out);
            if (!Double.isNaN(cut)) {
                stdout.printf(Locale.ROOT, "flagged  %,d above %.6g%s%n", flagged, cut, contamination != null
                        ? " (the top " + contamination + "; give --threshold " + cut + " to flag new data alike)"
                        : "");
            }
            if (auc != null) {
                stdout.printf(Locale.ROOT, "anomalies %,d of %,d%n", anomalies, scores.length);
                stdout.printf(Locale.ROOT, "ROC-AUC  %.4f%n", auc);
                stdout.printf(Locale.ROOT, "AP       %.4f (a random ranking: %.4f)%n", ap,
                        (double) anomalies / scores.length);
            }
            if (picture != null) {
                stdout.println("wrote    " + picture);
            }
        }
        return 0;
    }

    /** Which examples are anomalous, from --anomaly or --normal-class; {@code null} when neither is given. */
    private boolean[] groups(ExampleSet examples, ModelFolder saved) {
        if (anomaly == null && normalClass == null) {
            return null;
        }
        int[] labels = examples.labels().orElseThrow(() -> new BadInputException(examples.name() + ": no labels, "
                + "so " + (anomaly != null ? "--anomaly" : "--normal-class") + " cannot tell the groups apart"
                + (anomaly != null ? " (it has no label column '" + dataOptions.tableFor(saved).label() + "'; name "
                        + "the label column with --label COL)" : " (give idx:IMAGES,LABELS)")));
        List<String> names = examples.classNames();
        boolean[] positive = new boolean[labels.length];
        if (anomaly != null) {
            List<Integer> marked = new ArrayList<>();
            String column = examples.schema().conditionField().map(f -> f.name()).orElse("label");
            for (String a : anomaly) {
                int k = names.indexOf(a.strip());
                if (k < 0) {
                    throw new BadInputException("--anomaly " + a + ": not a value of column '" + column + "' in "
                            + examples.name() + " (its values: " + String.join(", ", names) + ")");
                }
                marked.add(k);
            }
            for (int i = 0; i < labels.length; i++) {
                positive[i] = marked.contains(labels[i]);
            }
        } else {
            int k = names.indexOf(normalClass);
            if (k < 0) {
                try {
                    k = Integer.parseInt(normalClass.strip());
                } catch (NumberFormatException e) {
                    k = -1;
                }
            }
            int classes = names.isEmpty() ? java.util.Arrays.stream(labels).max().orElse(0) + 1 : names.size();
            if (k < 0 || k >= classes) {
                throw new BadInputException("--normal-class " + normalClass + ": expected a class index from 0 to "
                        + (classes - 1) + (names.isEmpty() ? "" : " or one of " + String.join(", ", names)));
            }
            for (int i = 0; i < labels.length; i++) {
                positive[i] = labels[i] != k;
            }
        }
        return positive;
    }

    private void writeScores(ExampleSet examples, double[] scores, boolean[] positive, double cut,
            PrintWriter stdout) {
        List<String> header = new ArrayList<>(List.of("row", "score"));
        int[] labels = examples.labels().orElse(null);
        List<String> names = examples.classNames();
        if (labels != null) {
            header.add("label");
        }
        if (positive != null) {
            header.add("anomaly");
        }
        if (!Double.isNaN(cut)) {
            header.add("flagged");
        }
        List<String[]> rows = new ArrayList<>(scores.length);
        for (int i = 0; i < scores.length; i++) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(i), String.valueOf(scores[i])));
            if (labels != null) {
                row.add(names.isEmpty() ? String.valueOf(labels[i]) : names.get(labels[i]));
            }
            if (positive != null) {
                row.add(positive[i] ? "1" : "0");
            }
            if (!Double.isNaN(cut)) {
                row.add(scores[i] > cut ? "1" : "0");
            }
            rows.add(row.toArray(String[]::new));
        }
        TableOutput.write("--out", out, header, rows, stdout);
    }

    private static void drawHistogram(Path file, double[] scores, boolean[] positive, double cut,
            AnomalyScores.Method how, String data) {
        double[] normal;
        double[] anomalous = null;
        if (positive == null) {
            normal = scores;
        } else {
            List<Double> a = new ArrayList<>();
            List<Double> b = new ArrayList<>();
            for (int i = 0; i < scores.length; i++) {
                (positive[i] ? b : a).add(scores[i]);
            }
            normal = a.stream().mapToDouble(Double::doubleValue).toArray();
            anomalous = b.stream().mapToDouble(Double::doubleValue).toArray();
        }
        String what = switch (how) {
            case ELBO -> "-ELBO (nats)";
            case IW -> "-log p(x), importance weighted (nats)";
            case RECON_PROB -> "-log reconstruction probability (nats)";
        };
        Png.write(ScoreHistogram.draw(normal, anomalous, cut, "Anomaly scores of " + data, what), file);
    }
}
