package org.vae4j.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.OutputStream;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on a command's error stream, drawn by the progressbar library. */
final class Progress {
    private Progress() {}

    /** @return whether standard error is a terminal, where progress bars redraw in place */
    static boolean interactive() {
        return System.console() != null;
    }

    static ProgressBar bar(PrintWriter err, String task, long max, String unit, long unitSize) {
        PrintStream stream = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                err.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                err.write(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8));
            }

            @Override
            public void flush() {
                err.flush();
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8);
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(stream))
                .setSpeedUnit(ChronoUnit.SECONDS)
                .clearDisplayOnFinish();
        if (unit != null) {
            builder.setUnit(unit, unitSize).showSpeed();
        }
        return builder.build();
    }
}
