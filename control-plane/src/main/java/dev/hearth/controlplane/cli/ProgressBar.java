package dev.hearth.controlplane.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar redrawn in place ({@code \r}) on the error stream, so standard output stays
 * clean for scripts. Redraws when the percentage changes, at most five times a second.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String label;
    private final String unit;
    private final double unitSize;
    private int shown = -1;
    private long drawnAt;

    ProgressBar(PrintWriter err, String label, String unit, double unitSize) {
        this.err = err;
        this.label = label;
        this.unit = unit;
        this.unitSize = unitSize;
    }

    void update(long done, long total) {
        int percent = total <= 0 ? 100 : (int) (100 * done / total);
        long now = System.nanoTime();
        // at most five redraws a second, and always the last one
        if (percent == shown || (percent < 100 && shown >= 0 && now - drawnAt < 200_000_000L)) {
            return;
        }
        shown = percent;
        drawnAt = now;
        int filled = percent * WIDTH / 100;
        err.printf("\r%-10s [%s%s] %3d%%  %.1f / %.1f %s", label, "#".repeat(filled), " ".repeat(WIDTH - filled), percent,
                done / unitSize, total / unitSize, unit);
        if (percent == 100) {
            err.println();
        }
        err.flush();
    }
}
