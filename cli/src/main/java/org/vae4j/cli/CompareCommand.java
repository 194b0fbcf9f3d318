package org.vae4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vae4j.BadInputException;
import org.vae4j.table.QualityReport;
import org.vae4j.table.Table;
import org.vae4j.table.TableReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vae4j compare}: how much synthetic rows look like real ones (the SDMetrics quality report). */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = {
            "Compare a synthetic table with the real one, with the measures of the SDMetrics quality report: per "
                    + "column the KS complement (numeric) or the TV complement (categorical), per pair of columns "
                    + "the correlation similarity (numeric pairs) or the contingency similarity (others, numbers in "
                    + "10 bins), their means and the overall score (1 = identical).",
            "With --label, train on synthetic, test on real: a ridge classifier's accuracy on 30% of the real rows, "
                    + "trained on the synthetic rows, beside the same classifier trained on the other 70%."
        })
final class CompareCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--real", required = true, paramLabel = "FILE", description = "The real table (CSV with a header).")
    Path real;

    @Option(names = "--synthetic", required = true, paramLabel = "FILE",
            description = "The synthetic table: columns of the real table, in any order; the real table's other "
                    + "columns (those a model left out) are not compared.")
    Path synthetic;

    @Option(names = "--label", paramLabel = "COL", description = "A categorical column to classify (train on "
            + "synthetic, test on real).")
    String label;

    @Option(names = "--columns", paramLabel = "NAME:KIND", split = ",", description = "Column kinds that override "
            + "the inference, as for train (give the training run's, e.g. score:numeric).")
    List<String> columns;

    @Option(names = "--na", paramLabel = "MARKERS", split = ",", description = "More cell texts that mean missing, "
            + "besides an empty cell, NA, NaN, nan and ?.")
    List<String> na;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the real rows' split for "
            + "--label (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--pairs", paramLabel = "N", defaultValue = "10", description = "How many of the least similar "
            + "pairs to print (default: ${DEFAULT-VALUE}; --json has all).")
    int pairs;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        Checks.between("--pairs", pairs, 0, 1_000_000);
        Table all = TableReader.readAll(real, na);
        Table synth = TableReader.readAll(synthetic, na);
        // the synthetic table's columns, as the real table has them (a model leaves out dropped and label columns)
        java.util.LinkedHashMap<String, Table.Kind> kinds = new java.util.LinkedHashMap<>();
        java.util.Map<String, String> given = new java.util.HashMap<>();
        for (String c : columns == null ? List.<String>of() : columns) {
            int colon = c.lastIndexOf(':');
            String kind = colon < 0 ? "" : c.substring(colon + 1).strip();
            if (colon <= 0 || !(kind.equals("numeric") || kind.equals("categorical"))) {
                throw new BadInputException("--columns " + c + ": expected NAME:numeric or NAME:categorical");
            }
            given.put(c.substring(0, colon).strip(), kind);
        }
        for (String name : given.keySet()) {
            if (!synth.columns().contains(name)) {
                throw new BadInputException("--columns " + name + ": " + synthetic + " has no such column");
            }
        }
        for (String name : synth.columns()) {
            int k = all.columns().indexOf(name);
            if (k < 0) {
                throw new BadInputException(synthetic + ": column '" + name + "' is not in " + real + " (its columns: "
                        + String.join(", ", all.columns()) + ")");
            }
            kinds.put(name, given.containsKey(name) ? Table.Kind.valueOf(given.get(name).toUpperCase(
                    java.util.Locale.ROOT)) : all.kinds().get(k));
        }
        List<String> left = all.columns().stream().filter(c -> !kinds.containsKey(c)).toList();
        Table r = TableReader.readFor(real, kinds, null, na);
        Table s = TableReader.readFor(synthetic, kinds, null, na);
        QualityReport report = QualityReport.compare(r, s, label, seed);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(
                    asJson(report, r, s, left)));
            return 0;
        }
        out.printf(java.util.Locale.ROOT, "real       %s, %,d rows, %d columns%n", real, r.rows(), r.columns().size());
        out.printf(java.util.Locale.ROOT, "synthetic  %s, %,d rows%n", synthetic, s.rows());
        if (!left.isEmpty()) {
            out.println("left out   " + String.join(", ", left) + " (not in the synthetic table)");
        }
        out.printf(java.util.Locale.ROOT, "overall          %.3f%n", report.overall());
        out.printf(java.util.Locale.ROOT, "column shapes    %.3f%n", report.columnShapes());
        if (!report.pairs().isEmpty()) {
            out.printf(java.util.Locale.ROOT, "pair trends      %.3f%n", report.pairTrends());
        }
        out.println();
        for (QualityReport.Score c : report.columns()) {
            out.printf(java.util.Locale.ROOT, "  %-24s %-22s %.3f%n", c.name(), c.metric(), c.score());
        }
        if (!report.pairs().isEmpty() && pairs > 0) {
            List<QualityReport.Score> worst = new ArrayList<>(report.pairs());
            worst.sort(Comparator.comparingDouble(QualityReport.Score::score));
            out.println();
            out.println("least similar pairs" + (worst.size() > pairs ? " (" + pairs + " of " + worst.size() + ")"
                    : ""));
            for (QualityReport.Score p : worst.subList(0, Math.min(pairs, worst.size()))) {
                out.printf(java.util.Locale.ROOT, "  %-40s %-22s %.3f%n", p.name(), p.metric(), p.score());
            }
        }
        if (report.tstr() != null) {
            QualityReport.Tstr t = report.tstr();
            out.println();
            out.printf(java.util.Locale.ROOT, "classifier for %s (ridge, tested on %,d real rows):%n", t.label(),
                    t.testRows());
            out.printf(java.util.Locale.ROOT, "  trained on real       %.3f%n", t.realAccuracy());
            out.printf(java.util.Locale.ROOT, "  trained on synthetic  %.3f%n", t.syntheticAccuracy());
            out.printf(java.util.Locale.ROOT, "  majority class        %.3f%n", t.majority());
        }
        return 0;
    }

    private static Map<String, Object> asJson(QualityReport report, Table r, Table s, List<String> left) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("leftOut", left);
        m.put("real", r.name());
        m.put("synthetic", s.name());
        m.put("realRows", r.rows());
        m.put("syntheticRows", s.rows());
        m.put("overall", report.overall());
        m.put("columnShapes", report.columnShapes());
        m.put("pairTrends", report.pairs().isEmpty() ? null : report.pairTrends());
        m.put("columns", report.columns());
        m.put("pairs", report.pairs());
        m.put("tstr", report.tstr());
        return m;
    }
}
