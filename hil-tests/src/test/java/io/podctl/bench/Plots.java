package io.podctl.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The bench's plots, as PNG files for the docs: the latency distributions per fault class and the loop's timing
 * percentiles idle and under load. The supply-temperature rise and the leak timeline are figures of shipped scenarios,
 * drawn by ScenarioLibraryIT; the report points at them with their captions.
 *
 * <p>Threading: not thread-safe; used once on the bench thread (AWT headless).
 */
final class Plots {
    /** Drawn by ScenarioLibraryIT from the shipped scenario facility-water.yaml (docs/images/scenario-figures.txt). */
    static final String SCENARIO_FACILITY_WATER = "scenario-facility-water.png";
    /** Drawn by ScenarioLibraryIT from the shipped scenario leak-rack2.yaml. */
    static final String SCENARIO_LEAK = "scenario-leak-rack2.png";
    static final String DETECTION = "hil-detection-latency.png";
    static final String SAMPLE_TO_OUTPUT = "hil-sample-to-output.png";
    static final String LOOP_TIMING = "hil-loop-timing.png";

    private static final String FONT = "DejaVu Sans";
    private static final Color BLUE = new Color(0x1f77b4);
    private static final Color LIGHT_BLUE = new Color(0x9ecae1);
    private static final Color ORANGE = new Color(0xff7f0e);
    private static final Color RED = new Color(0xd62728);
    private static final Color GREEN = new Color(0x2ca02c);
    private static final Color GREY = new Color(0x7f7f7f);
    private static final Color LIGHT_GREY = new Color(0xdddddd);
    private static final Color PURPLE = new Color(0x9467bd);
    private static final Color BROWN = new Color(0x8c564b);
    private static final Color PINK = new Color(0xe377c2);
    private static final Color[] PALETTE = {BLUE, ORANGE, GREEN, RED, PURPLE, BROWN, PINK, GREY};
    private static final BasicStroke SOLID = new BasicStroke(2.0f);
    private static final BasicStroke THIN = new BasicStroke(1.2f);
    private static final BasicStroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {8f, 5f}, 0f);
    private static final BasicStroke DOTTED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {2f, 4f}, 0f);

    private static final Map<String, String[]> TEXT = new HashMap<>();
    private static final String OFF_GRID = "off-grid";

    static {
        TEXT.put(SCENARIO_FACILITY_WATER, new String[] {"Facility water at 45 degC: supply temperature alarm, trip, rack"
                + " power to 0 (drawn from the shipped scenario facility-water.yaml)",
            "**Supply temperature rise.** The shipped scenario facility-water.yaml: the racks are energized "
                    + "2 s apart and the plant settles at its 30 °C supply setpoint; then the facility water is raised"
                    + " to 45 °C (the shaded band) and the heat exchanger can no longer hold the setpoint. The alarm "
                    + "rises, the trip latches after the protection's on-delay, every rack contactor opens, and the "
                    + "meter reads the rack power falling away (it keeps the pumps and auxiliaries). Values as "
                    + "published on MQTT, outputs as read at the pins, alarms by severity."});
        TEXT.put(SCENARIO_LEAK, new String[] {"Leak under rack 2 (drawn from the shipped scenario leak-rack2.yaml):"
                + " racks energized 2 s apart, the trip, the refused and the accepted reset, the staggered restart",
            "**Leak timeline.** The shipped scenario leak-rack2.yaml: the racks are energized 2 s apart; the"
                    + " leak under rack 2 (the shaded band) opens every rack contactor and the isolation valve within "
                    + "one loop cycle, a reset while wet is refused (CONDITION_ACTIVE), the leak clears, the reset is "
                    + "accepted and the racks come back 2 s apart. Values as published on MQTT, outputs as read at the"
                    + " pins."});
        TEXT.put(DETECTION, new String[] {"Detection-to-safe-state latency per fault class",
            "**Detection to safe state**, per fault class: the fraction of trials whose rack contactors were all "
                    + "de-energized within a given time after the fault was injected (log scale)."});
        TEXT.put(SAMPLE_TO_OUTPUT, new String[] {"Sample arrival to outputs per fault class",
            "**Sample arrival to outputs**, per fault class, less the configured on-delay: the dashed lines are the "
                    + "1-period goal and the 2-period bound."});
        TEXT.put(LOOP_TIMING, new String[] {"Loop cycle duration and start lateness, idle and under CPU load",
            "**Loop timing**: cycle duration and start lateness (jitter) by percentile, idle and with two busy "
                    + "threads per CPU."});
    }

    private final BenchResults r;

    Plots(BenchResults results) {
        this.r = results;
    }

    /** The caption under an image in the docs. */
    static String caption(String image) {
        return TEXT.getOrDefault(image, new String[] {image, image})[1];
    }

    /** The alt text of an image. */
    static String alt(String image) {
        return TEXT.getOrDefault(image, new String[] {image, image})[0];
    }

    /** Writes every plot it has data for into {@code dir}; returns the file names written, in document order. */
    List<String> writeAll(Path dir) throws IOException {
        List<String> written = new ArrayList<>();
        // The scenario figures are drawn by ScenarioLibraryIT (docs/scenarios.md); the report only points at them.
        written.add(SCENARIO_FACILITY_WATER);
        written.add(SCENARIO_LEAK);
        if (!r.faults.isEmpty()) {
            save(detection(), dir, DETECTION, written);
            save(sampleToOutput(), dir, SAMPLE_TO_OUTPUT, written);
        }
        if (!r.loop.isEmpty()) {
            save(loopTiming(), dir, LOOP_TIMING, written);
        }
        return written;
    }

    private static void save(Chart<?, ?> chart, Path dir, String name, List<String> written) throws IOException {
        BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
        written.add(name);
    }

    // ---- (c) latency distributions ----

    XYChart detection() {
        XYChart c = chart(1200, 650, "Detection to safe state: fault injected in the plant → every rack contactor off",
                "latency (ms, log scale)", "fraction of trials at or below");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        c.getStyler().setYAxisTickMarkSpacingHint(80);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        int k = 0;
        for (BenchResults.FaultResult f : r.faults.values()) {
            cdf(c, f.fault.title() + " (n = " + f.detection.count() + ")", f.detection.sortedMillis(),
                    PALETTE[k++ % PALETTE.length]);
        }
        return c;
    }

    XYChart sampleToOutput() {
        double period = r.settings.loopPeriod().toNanos() / 1e6;
        XYChart c = chart(1200, 650, "Sample arrival → every rack contactor off, less the protection's on-delay",
                "latency (ms)", "fraction of trials at or below");
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        c.getStyler().setYAxisTickMarkSpacingHint(80);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        double xMax = 2 * period;
        int k = 0;
        for (BenchResults.FaultResult f : r.faults.values()) {
            double[] v = f.sampleToOutput.sortedMillis();
            if (v.length == 0) {
                k++;
                continue;
            }
            xMax = Math.max(xMax, v[v.length - 1]);
            cdf(c, f.fault.title() + " (n = " + v.length + ")", v, PALETTE[k++ % PALETTE.length]);
        }
        xMax = Math.ceil(xMax * 1.1 / 20) * 20;
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setXAxisMax(xMax);
        line(c, String.format(Locale.ROOT, "goal: 1 loop period (%.0f ms)", period), new double[] {period, period},
                new double[] {0, 1}, GREY, DASHED, 0);
        line(c, String.format(Locale.ROOT, "bound: 2 loop periods (%.0f ms)", 2 * period),
                new double[] {2 * period, 2 * period}, new double[] {0, 1}, Color.BLACK, DASHED, 0);
        return c;
    }

    private static void cdf(XYChart c, String name, double[] sorted, Color color) {
        if (sorted.length == 0) {
            return;
        }
        if (!c.getSeriesMap().containsKey(OFF_GRID)) {
            // XChart puts a tick on every y value when all of them are equally spaced (here: multiples of 1/n),
            // which crowds the axis; one invisible value off that grid makes it choose round ticks.
            XYSeries hidden = c.addSeries(OFF_GRID, new double[] {sorted[0]}, new double[] {0.0001});
            hidden.setShowInLegend(false);
            hidden.setMarker(SeriesMarkers.NONE);
            hidden.setLineColor(new Color(0, 0, 0, 0));
        }
        double[] x = new double[sorted.length * 2];
        double[] y = new double[sorted.length * 2];
        for (int i = 0; i < sorted.length; i++) {
            x[2 * i] = sorted[i];
            y[2 * i] = (double) i / sorted.length;
            x[2 * i + 1] = sorted[i];
            y[2 * i + 1] = (double) (i + 1) / sorted.length;
        }
        XYSeries s = c.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(SOLID);
    }

    // ---- (d) loop timing ----

    private static final double[] PERCENTILES = {50, 90, 99, 99.9, 100};

    CategoryChart loopTiming() {
        CategoryChart c = new CategoryChartBuilder().width(1200).height(650)
                .title("Control loop: cycle duration and start lateness by percentile (period "
                        + BenchReport.ms(r.settings.loopPeriod()) + ")")
                .xAxisTitle("percentile of the cycles in the window").yAxisTitle("time (ms, log scale)").build();
        style(c.getStyler());
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        c.getStyler().setOverlapped(true); // every series' points on its category, not side by side
        List<String> labels = new ArrayList<>();
        for (double p : PERCENTILES) {
            labels.add(p == 100 ? "max" : p == Math.rint(p) ? String.format(Locale.ROOT, "p%.0f", p)
                    : String.format(Locale.ROOT, "p%.1f", p));
        }
        int k = 0;
        for (BenchResults.LoopWindow w : r.loop) {
            Color color = PALETTE[k++ % PALETTE.length];
            percentiles(c, labels, "start lateness, " + w.condition(), w.lateness(), color, SOLID);
            percentiles(c, labels, "cycle duration, " + w.condition(), w.cycle(), color, DASHED);
        }
        double period = r.settings.loopPeriod().toNanos() / 1e6;
        List<Double> flat = new ArrayList<>();
        labels.forEach(l -> flat.add(period));
        CategorySeries s = c.addSeries(String.format(Locale.ROOT, "loop period (%.0f ms)", period), labels, flat);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(Color.BLACK);
        s.setLineStyle(DOTTED);
        return c;
    }

    private static void percentiles(CategoryChart c, List<String> labels, String name, Histogram h, Color color,
                                    BasicStroke stroke) {
        if (h.getTotalCount() == 0) {
            return;
        }
        List<Double> y = new ArrayList<>();
        for (double p : PERCENTILES) {
            double v = p == 100 ? h.getMaxValue() : h.getValueAtPercentile(p);
            y.add(Math.max(v / 1e6, 0.001)); // a log axis cannot show 0
        }
        CategorySeries s = c.addSeries(name, labels, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        s.setLineColor(color);
        s.setLineStyle(stroke);
    }

    // ---- common ----

    private static XYChart chart(int width, int height, String title, String xTitle, String yTitle) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(c.getStyler());
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        return c;
    }

    private static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.GRAY);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setLegendBackgroundColor(new Color(255, 255, 255, 230));
        s.setChartTitleFont(new Font(FONT, Font.BOLD, 16));
        s.setLegendFont(new Font(FONT, Font.PLAIN, 13));
        s.setChartTitleBoxVisible(false);
        s.setAntiAlias(true);
        s.setMarkerSize(5);
        s.setAxisTitleFont(new Font(FONT, Font.PLAIN, 14));
        s.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 12));
        s.setPlotGridLinesColor(new Color(0xeeeeee));
        s.setYAxisDecimalPattern("0.##");
    }

    /** A line; NaN values become gaps. */
    private static void line(XYChart c, String name, double[] x, double[] y, Color color, BasicStroke stroke, int axis) {
        List<Double> xs = new ArrayList<>(x.length);
        List<Double> ys = new ArrayList<>(y.length);
        for (int i = 0; i < x.length; i++) {
            xs.add(x[i]);
            ys.add(Double.isNaN(y[i]) ? null : y[i]);
        }
        XYSeries s = c.addSeries(name, xs, ys);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(stroke);
        s.setYAxisGroup(axis);
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            if (!Double.isNaN(d)) {
                m = Math.max(m, d);
            }
        }
        return m == Double.NEGATIVE_INFINITY ? 0 : m;
    }

    private static double ms(long nanos, long origin) {
        return (nanos - origin) / 1e6;
    }
}
