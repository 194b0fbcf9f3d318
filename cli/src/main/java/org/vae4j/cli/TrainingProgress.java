package org.vae4j.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import org.vae4j.train.BatchMetrics;
import org.vae4j.train.EpochMetrics;
import org.vae4j.train.TermValues;
import org.vae4j.train.Trainer;
import org.vae4j.train.TrainingListener;

/**
 * A progress bar per epoch (in a terminal) with the running loss and the objective's terms, then one summary line
 * per epoch, e.g. {@code epoch  1/10  train 285.21 (recon 270.44, kl 14.78)  val 263.48 (...)  3.6 s}.
 */
final class TrainingProgress implements TrainingListener {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean interactive;
    private int lastEpoch;
    private ProgressBar bar;
    private double sumLoss;
    private final Map<String, Double> sums = new LinkedHashMap<>();

    TrainingProgress(PrintWriter out, PrintWriter err, boolean interactive) {
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public void onTrainingStart(int firstEpoch, int last, int batchesPerEpoch) {
        this.lastEpoch = last;
    }

    @Override
    public void onBatchEnd(BatchMetrics m) {
        if (m.batch() == 1) {
            sumLoss = 0;
            sums.clear();
            if (interactive) {
                bar = Progress.bar(err, String.format(Locale.ROOT, "epoch %d/%d", m.epoch(), lastEpoch),
                        m.batches(), null, 1);
            }
        }
        sumLoss += m.loss();
        m.terms().forEach((name, v) -> sums.merge(name, v, Double::sum));
        if (bar != null) {
            int b = m.batch();
            bar.stepTo(b);
            // Running means over the epoch so far; short, so the bar keeps its room in an 80-column terminal.
            StringBuilder extra = new StringBuilder(String.format(Locale.ROOT, " loss %.1f", sumLoss / b));
            sums.forEach((name, v) -> extra.append(String.format(Locale.ROOT, " %s %.2f", shortName(name), v / b)));
            bar.setExtraMessage(extra.toString());
            if (b == m.batches()) {
                bar.close();
                bar = null;
            }
        }
    }

    private static String shortName(String term) {
        return term.equals("recon") ? "rec" : term;
    }

    @Override
    public void onEpochEnd(EpochMetrics m, Trainer trainer) {
        String width = String.valueOf(lastEpoch).length() + "";
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %" + width + "d/%d  train %s",
                m.epoch(), lastEpoch, describe(m.train())));
        if (m.hasValidation()) {
            line.append("  val ").append(describe(m.validation()));
        }
        line.append(String.format(Locale.ROOT, "  %.1f s", m.seconds()));
        out.println(line);
        out.flush();
    }

    /** @return e.g. {@code 285.21 (recon 270.44, kl 14.78)} */
    static String describe(TermValues v) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%.2f", v.loss()));
        if (!v.terms().isEmpty()) {
            sb.append(" (");
            v.terms().forEach((name, value) -> sb.append(String.format(Locale.ROOT, "%s %.2f, ", name, value)));
            sb.setLength(sb.length() - 2);
            sb.append(')');
        }
        return sb.toString();
    }
}
