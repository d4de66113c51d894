package io.podctl.controller.scenario;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line bar for a step that waits long (a mode with a 40 s bound, an {@code at: +20s}), redrawn in place on an
 * interactive terminal with a carriage return: {@code   [3/10] expect ... [########............]  12.0 / 40.0 s}.
 * It appears once a wait has lasted {@value #SHOW_AFTER_MS} ms, is redrawn at most every {@value #REDRAW_MS} ms,
 * and is erased before the step's progress line. Disabled, it prints nothing (logs and tests keep one line per
 * step).
 *
 * <p>Threading: the runner's thread.
 */
final class WaitBar {
    static final long SHOW_AFTER_MS = 1000;
    static final long REDRAW_MS = 250;
    private static final int WIDTH = 20;
    private static final int LABEL_WIDTH = 60;

    private final PrintWriter out;
    private final boolean enabled;
    private long lastDrawNanos;
    private int drawnLength;

    /** A bar on {@code out}, drawn only when {@code enabled} (an interactive terminal). */
    WaitBar(PrintWriter out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    /**
     * Redraws the bar if it is due.
     *
     * @param what      the step, e.g. {@code [3/10] wait for RUNNING}
     * @param elapsed   how long it has waited, ns
     * @param longest   how long it may wait at most, ns
     * @param nowNanos  the monotonic time now
     */
    void update(String what, long elapsed, long longest, long nowNanos) {
        if (!enabled || elapsed < SHOW_AFTER_MS * 1_000_000L
                || drawnLength > 0 && nowNanos - lastDrawNanos < REDRAW_MS * 1_000_000L) {
            return;
        }
        lastDrawNanos = nowNanos;
        String line = render(what, elapsed, longest);
        out.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        out.flush();
        drawnLength = line.length();
    }

    /** Erases the bar, if one is drawn, so that the next line starts clean. */
    void clear() {
        if (drawnLength > 0) {
            out.print("\r" + " ".repeat(drawnLength) + "\r");
            out.flush();
            drawnLength = 0;
        }
    }

    /** The bar's text for a wait of {@code elapsed} out of at most {@code longest}, ns. */
    static String render(String what, long elapsed, long longest) {
        double share = longest <= 0 ? 1 : Math.min(1, (double) elapsed / longest);
        int filled = (int) Math.round(share * WIDTH);
        String label = what.length() > LABEL_WIDTH ? what.substring(0, LABEL_WIDTH - 3) + "..." : what;
        return String.format(Locale.ROOT, "  %s [%s%s] %5.1f / %.1f s", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), elapsed / 1e9, longest / 1e9);
    }
}
