package io.podctl.controller.scenario;

import io.podctl.controller.scenario.ScenarioResult.Band;
import io.podctl.controller.scenario.ScenarioResult.PinChange;
import io.podctl.controller.scenario.ScenarioResult.Sample;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws one scenario's time plot with Java2D: a panel per plotted point (its published values; gaps where the
 * quality was not GOOD), a lane per output pin (filled while energized), a lane per alarm that became active
 * (shade by severity), and the injected faults as shaded bands across all of them, labelled at the top. The
 * x axis is seconds from the scenario's start. Deterministic for the same result (no time stamps drawn).
 *
 * <p>Threading: stateless; any thread (headless AWT).
 */
final class TimePlot {
    private static final int WIDTH = 1100;
    private static final int LEFT = 170;
    private static final int RIGHT = 20;
    private static final int PANEL = 110;
    private static final int LANE = 16;
    private static final Color BAND = new Color(255, 165, 0, 60);
    private static final Color[] SEVERITY = {Color.WHITE, new Color(240, 200, 60), new Color(235, 120, 40),
            new Color(200, 30, 30)};

    private TimePlot() {
    }

    /** Writes the plot of {@code r} as PNG to {@code file}. */
    static void write(ScenarioResult r, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, List<Sample>> points = r.timeline().points();
        List<String> outputs = r.timeline().outputs().stream().map(PinChange::output).distinct().toList();
        Map<String, List<Sample>> alarms = r.timeline().alarms();
        int bandRows = Math.max(1, r.bands().size());
        int top = 30 + 14 * bandRows;
        int height = top + points.size() * (PANEL + 10) + 20 + (outputs.size() + alarms.size()) * LANE + 60;
        BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString((r.passed() ? "PASSED  " : "FAILED  ") + r.name(), 10, 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        double span = Math.max(1, (r.endNanos() - r.startNanos()) / 1e9);
        Axis x = new Axis(r.startNanos(), span, LEFT, WIDTH - RIGHT);
        int bottom = height - 40;
        // fault bands first, under everything
        for (int i = 0; i < r.bands().size(); i++) {
            Band b = r.bands().get(i);
            int x0 = x.px(b.fromNanos());
            int x1 = Math.max(x0 + 2, x.px(b.toNanos()));
            g.setColor(BAND);
            g.fillRect(x0, top - 4, x1 - x0, bottom - top + 4);
            g.setColor(new Color(160, 90, 0));
            g.drawString(b.label(), Math.min(x0 + 2, WIDTH - 200), 34 + 14 * i);
        }
        int y = top;
        for (Map.Entry<String, List<Sample>> e : points.entrySet()) {
            panel(g, x, y, e.getKey(), e.getValue(), r.endNanos());
            y += PANEL + 10;
        }
        y += 10;
        for (String o : outputs) {
            lane(g, x, y, o, steps(r.timeline().outputs(), o), r.endNanos(), new Color(40, 140, 60));
            y += LANE;
        }
        for (Map.Entry<String, List<Sample>> e : alarms.entrySet()) {
            alarmLane(g, x, y, e.getKey(), e.getValue(), r.endNanos());
            y += LANE;
        }
        // time axis
        g.setColor(Color.DARK_GRAY);
        g.drawLine(LEFT, bottom, WIDTH - RIGHT, bottom);
        double tick = niceTick(span);
        for (double s = 0; s <= span + 1e-9; s += tick) {
            int px = LEFT + (int) Math.round(s / span * (WIDTH - RIGHT - LEFT));
            g.drawLine(px, bottom, px, bottom + 4);
            g.drawString(trim(s), px - 8, bottom + 16);
        }
        g.drawString("time since the scenario started, s (monotonic)", LEFT, bottom + 32);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static void panel(Graphics2D g, Axis x, int y, String name, List<Sample> samples, long end) {
        ValueRange range = ValueRange.of(samples);
        double lo = range.lo();
        double hi = range.hi();
        g.setColor(new Color(245, 245, 245));
        g.drawRect(LEFT, y, WIDTH - RIGHT - LEFT, PANEL);
        g.setColor(Color.BLACK);
        g.drawString(name, 10, y + 14);
        g.setColor(Color.GRAY);
        g.drawString(String.format(Locale.ROOT, "%.1f", hi), LEFT - 50, y + 10);
        g.drawString(String.format(Locale.ROOT, "%.1f", lo), LEFT - 50, y + PANEL);
        g.setColor(new Color(30, 90, 180));
        g.setStroke(new BasicStroke(1.6f));
        Path2D.Double path = new Path2D.Double();
        boolean pen = false;
        double previous = Double.NaN;
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            int px = x.px(s.nanos());
            if (Double.isNaN(s.value())) {
                pen = false;
                previous = Double.NaN;
                continue;
            }
            double py = y + PANEL - (s.value() - lo) / (hi - lo) * PANEL;
            if (!pen) {
                path.moveTo(px, py);
                pen = true;
            } else {
                path.lineTo(px, y + PANEL - (previous - lo) / (hi - lo) * PANEL);
                path.lineTo(px, py);
            }
            previous = s.value();
            if (i == samples.size() - 1) {
                path.lineTo(x.px(end), py);
            }
        }
        g.draw(path);
        g.setStroke(new BasicStroke(1f));
    }

    private static List<Sample> steps(List<PinChange> changes, String output) {
        List<Sample> out = new ArrayList<>();
        for (PinChange c : changes) {
            if (c.output().equals(output)) {
                out.add(new Sample(c.nanos(), c.on() ? 1 : 0));
            }
        }
        return out;
    }

    private static void lane(Graphics2D g, Axis x, int y, String name, List<Sample> levels, long end, Color on) {
        g.setColor(Color.BLACK);
        g.drawString(name, 10, y + 12);
        for (int i = 0; i < levels.size(); i++) {
            long to = i + 1 < levels.size() ? levels.get(i + 1).nanos() : end;
            if (levels.get(i).value() > 0) {
                g.setColor(on);
                g.fillRect(x.px(levels.get(i).nanos()), y + 2, Math.max(1, x.px(to) - x.px(levels.get(i).nanos())),
                        LANE - 4);
            }
        }
        g.setColor(new Color(220, 220, 220));
        g.drawRect(LEFT, y + 2, WIDTH - RIGHT - LEFT, LANE - 4);
    }

    private static void alarmLane(Graphics2D g, Axis x, int y, String name, List<Sample> levels, long end) {
        g.setColor(Color.BLACK);
        g.drawString("alarm " + name, 10, y + 12);
        for (int i = 0; i < levels.size(); i++) {
            long to = i + 1 < levels.size() ? levels.get(i + 1).nanos() : end;
            int sev = (int) levels.get(i).value();
            if (sev > 0) {
                g.setColor(SEVERITY[Math.min(3, sev)]);
                g.fillRect(x.px(levels.get(i).nanos()), y + 2, Math.max(1, x.px(to) - x.px(levels.get(i).nanos())),
                        LANE - 4);
            }
        }
        g.setColor(new Color(220, 220, 220));
        g.drawRect(LEFT, y + 2, WIDTH - RIGHT - LEFT, LANE - 4);
    }

    private static double niceTick(double span) {
        for (double t : new double[] {0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600}) {
            if (span / t <= 12) {
                return t;
            }
        }
        return 1200;
    }

    private static String trim(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : String.format(Locale.ROOT, "%.1f", s);
    }

    /**
     * A panel's value axis: the published values with 8 % of their span as margin, but never across zero when every
     * value is on one side of it (a power that is never negative must not be drawn on an axis starting at −20 kW,
     * which reads as a negative reading); 0..1 without values, ±1 around a constant.
     */
    record ValueRange(double lo, double hi) {
        static ValueRange of(List<Sample> samples) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (Sample s : samples) {
                if (!Double.isNaN(s.value())) {
                    lo = Math.min(lo, s.value());
                    hi = Math.max(hi, s.value());
                }
            }
            if (lo > hi) {
                return new ValueRange(0, 1);
            }
            double min = lo;
            double max = hi;
            if (hi - lo < 1e-9) {
                lo -= 1;
                hi += 1;
            }
            double pad = (hi - lo) * 0.08;
            lo -= pad;
            hi += pad;
            if (min >= 0 && lo < 0) {
                lo = 0;
            }
            if (max <= 0 && hi > 0 && lo < 0) {
                hi = 0;
            }
            return new ValueRange(lo, hi);
        }
    }

    /** Monotonic nanoseconds to pixels. */
    private record Axis(long startNanos, double spanSeconds, int left, int right) {
        int px(long nanos) {
            double s = Math.max(0, Math.min(spanSeconds, (nanos - startNanos) / 1e9));
            return left + (int) Math.round(s / spanSeconds * (right - left));
        }
    }
}
