package org.vae4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import org.vae4j.train.BatchMetrics;
import org.vae4j.train.EpochMetrics;
import org.vae4j.train.TrainingListener;
import org.vae4j.train.VaeTrainer;

/** A progress bar per epoch (in a terminal) with the running loss, then one summary line per epoch. */
final class TrainingProgress implements TrainingListener {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean interactive;
    private int lastEpoch;
    private ProgressBar bar;
    private double sumLoss;
    private double sumRecon;
    private double sumKl;

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
            sumRecon = 0;
            sumKl = 0;
            if (interactive) {
                bar = Progress.bar(err, String.format(Locale.ROOT, "epoch %d/%d", m.epoch(), lastEpoch),
                        m.batches(), null, 1);
            }
        }
        sumLoss += m.loss();
        sumRecon += m.recon();
        sumKl += m.kl();
        if (bar != null) {
            int b = m.batch();
            bar.stepTo(b);
            // Running means over the epoch so far; short, so the bar keeps its room in an 80-column terminal.
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.1f rec %.1f kl %.2f",
                    sumLoss / b, sumRecon / b, sumKl / b));
            if (b == m.batches()) {
                bar.close();
                bar = null;
            }
        }
    }

    @Override
    public void onEpochEnd(EpochMetrics m, VaeTrainer trainer) {
        String width = String.valueOf(lastEpoch).length() + "";
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "epoch %" + width + "d/%d  train %.2f (recon %.2f, kl %.2f)", m.epoch(), lastEpoch,
                m.trainLoss(), m.trainRecon(), m.trainKl()));
        if (m.hasValidation()) {
            line.append(String.format(Locale.ROOT, "  val %.2f (recon %.2f, kl %.2f)",
                    m.valLoss(), m.valRecon(), m.valKl()));
        }
        line.append(String.format(Locale.ROOT, "  %.1f s", m.seconds()));
        out.println(line);
        out.flush();
    }
}
