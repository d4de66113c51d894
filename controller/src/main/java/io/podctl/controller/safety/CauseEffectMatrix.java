package io.podctl.controller.safety;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The cause-and-effect matrix of a pod, rendered from the same compiled {@link EngineSpec} that drives the
 * safety engine: rows are causes (protections) with their conditions, levels, delays and fail-safe actions;
 * columns are effects (outputs de-energized on trip, declared effects); a cell says when the cause acts on
 * the effect (T on trip, A on alarm). Voting groups, permissives and load shedding follow as tables.
 * Pure; any thread.
 */
public final class CauseEffectMatrix {
    private final EngineSpec spec;
    private final Function<String, String> unitOf;
    private final List<String> columns = new ArrayList<>();
    private final List<Map<String, String>> rows = new ArrayList<>();

    /**
     * @param spec   the compiled spec
     * @param unitOf the engineering unit of a point or group id (empty for digital points)
     */
    public CauseEffectMatrix(EngineSpec spec, Function<String, String> unitOf) {
        this.spec = spec;
        this.unitOf = unitOf;
        for (int o = 0; o < spec.outputIds().size(); o++) {
            final int out = o;
            if (spec.protections().stream().anyMatch(p -> p.deenergizes(out))) {
                columns.add("de-energize " + spec.outputIds().get(o));
            }
        }
        for (EffectSpec e : spec.effects()) {
            columns.add(effectColumn(e));
        }
        for (ProtectionSpec p : spec.protections()) {
            Map<String, String> cells = new LinkedHashMap<>();
            for (int o : p.outputIndexes()) {
                cells.put("de-energize " + spec.outputIds().get(o), "T");
            }
            for (int e : p.onTripEffects()) {
                cells.merge(effectColumn(spec.effects().get(e)), "T", (a, b) -> a.contains("T") ? a : a + b);
            }
            for (int e : p.onAlarmEffects()) {
                cells.merge(effectColumn(spec.effects().get(e)), "A", (a, b) -> a + "/" + b);
            }
            rows.add(cells);
        }
    }

    private String effectColumn(EffectSpec e) {
        return e.id() + ": " + switch (e.kind()) {
            case DEENERGIZE -> "de-energize " + outputs(e.outputs());
            case ENERGIZE -> "energize " + outputs(e.outputs());
            case WRITE -> "write " + e.write().pointId() + " = " + num(e.write().value());
            case DERATE -> "derate to " + num(e.derateW() / 1000) + " kW";
        };
    }

    private String outputs(int[] idx) {
        List<String> names = new ArrayList<>();
        for (int o : idx) {
            names.add(spec.outputIds().get(o));
        }
        return String.join(", ", names);
    }

    /** The condition of a cause in words, e.g. "cdu.flow <= 150 L/min (trip), <= 297 (alarm)". */
    public String condition(ProtectionSpec p) {
        String unit = unitOf.apply(p.pointId());
        String u = unit.isEmpty() ? "" : " " + unit;
        return switch (p.kind()) {
            case ACTIVE -> p.pointId() + " active (" + p.activeSeverity().name().toLowerCase(Locale.ROOT) + ")";
            case HIGH -> levels(p.pointId() + " >=", p, u);
            case LOW -> levels(p.pointId() + " <=", p, u);
            case DEVIATION -> levels("|" + p.pointId() + " - " + (p.setpointIndex() >= 0 ? "setpoint point"
                    : num(p.setpoint()) + u) + "| >=", p, u);
            case RATE -> levels("rise of " + p.pointId() + " over " + seconds(p.rateWindowNanos()) + " >=", p,
                    u + "/min");
            case DISAGREEMENT -> levels("spread of " + p.pointId() + " >=", p, u);
        };
    }

    private static String levels(String prefix, ProtectionSpec p, String u) {
        List<String> parts = new ArrayList<>();
        if (!Double.isNaN(p.trip())) {
            parts.add(num(p.trip()) + u + " trip");
        }
        if (!Double.isNaN(p.alarm())) {
            parts.add(num(p.alarm()) + u + " alarm");
        }
        if (!Double.isNaN(p.warning())) {
            parts.add(num(p.warning()) + u + " warning");
        }
        return prefix + " " + String.join("; ", parts);
    }

    private String timing(ProtectionSpec p) {
        List<String> parts = new ArrayList<>();
        parts.add("on " + seconds(p.delayNanos()));
        if (p.clearDelayNanos() > 0) {
            parts.add("off " + seconds(p.clearDelayNanos()));
        }
        if (p.hysteresis() > 0) {
            parts.add("hyst " + num(p.hysteresis()));
        }
        if (p.inhibitAfterStartNanos() > 0) {
            parts.add("inhibit " + seconds(p.inhibitAfterStartNanos()) + " after start");
        }
        if (p.inhibitAfterModeChangeNanos() > 0) {
            parts.add("inhibit " + seconds(p.inhibitAfterModeChangeNanos()) + " after mode change");
        }
        return String.join(", ", parts);
    }

    private static String handling(ProtectionSpec p) {
        String bad = "bad data: " + p.onBadData().name().toLowerCase(Locale.ROOT);
        String reset = p.latches() ? (p.localResetOnly() ? "reset: local only" : "reset: remote") : "no latch";
        return bad + "; " + reset + (p.bypassable() ? "; bypassable" : "");
    }

    /** The matrix and its companion tables as GitHub-flavoured Markdown. */
    public String markdown(String title) {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(title).append("\n\n");
        b.append("Rows are causes, columns are effects: **T** acts while the trip is latched, **A** while the alarm "
                + "level is active. Generated from the configuration the engine runs; do not edit.\n\n");
        b.append("| cause | condition | timing | handling |");
        columns.forEach(c -> b.append(' ').append(md(c)).append(" |"));
        b.append("\n|---|---|---|---|");
        columns.forEach(c -> b.append(":-:|"));
        b.append('\n');
        for (int r = 0; r < rows.size(); r++) {
            ProtectionSpec p = spec.protections().get(r);
            b.append("| **").append(md(p.id())).append("**").append(p.description().isEmpty() ? "" : "<br>"
                    + md(p.description())).append(" | ").append(md(condition(p))).append(" | ")
                    .append(md(timing(p))).append(" | ").append(md(handling(p))).append(" |");
            for (String c : columns) {
                b.append(' ').append(rows.get(r).getOrDefault(c, "")).append(" |");
            }
            b.append('\n');
        }
        appendTables(b, true);
        return b.toString();
    }

    /** The same as a standalone HTML page. */
    public String html(String title) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(h(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;"
                        + "margin-bottom:2em}th,td{border:1px solid #999;padding:4px 8px;vertical-align:top}"
                        + "th{background:#eee}td.x{text-align:center;font-weight:bold}th.v{writing-mode:vertical-rl;"
                        + "transform:rotate(180deg);white-space:nowrap}</style></head><body>\n");
        b.append("<h1>").append(h(title)).append("</h1>\n<p>Rows are causes, columns are effects: <b>T</b> acts while "
                + "the trip is latched, <b>A</b> while the alarm level is active. Generated from the configuration the "
                + "engine runs.</p>\n<table><tr><th>cause</th><th>condition</th><th>timing</th><th>handling</th>");
        columns.forEach(c -> b.append("<th class=\"v\">").append(h(c)).append("</th>"));
        b.append("</tr>\n");
        for (int r = 0; r < rows.size(); r++) {
            ProtectionSpec p = spec.protections().get(r);
            b.append("<tr><td><b>").append(h(p.id())).append("</b>").append(p.description().isEmpty() ? ""
                    : "<br>" + h(p.description())).append("</td><td>").append(h(condition(p))).append("</td><td>")
                    .append(h(timing(p))).append("</td><td>").append(h(handling(p))).append("</td>");
            for (String c : columns) {
                b.append("<td class=\"x\">").append(h(rows.get(r).getOrDefault(c, ""))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
        StringBuilder md = new StringBuilder();
        appendTables(md, false);
        b.append(md);
        b.append("<p>Signed off by: ____________________ &nbsp; date: ____________</p>\n</body></html>\n");
        return b.toString();
    }

    private void appendTables(StringBuilder b, boolean markdown) {
        List<String[]> groups = new ArrayList<>();
        for (GroupSpec g : spec.groups()) {
            groups.add(new String[] {g.id(), g.architecture(), String.join(", ", g.channelIds()),
                    "exclude a channel further than " + num(g.band()) + " from the median for "
                            + seconds(g.exclusionNanos()) + "; a bad or excluded channel votes trip"});
        }
        table(b, markdown, "Voting groups", new String[] {"group", "vote", "channels", "discrepancy"}, groups);
        List<String[]> perms = new ArrayList<>();
        for (PermissiveSpec p : spec.permissives()) {
            String cond = p.active() >= 0 ? p.pointId() + " = " + p.active()
                    : p.pointId() + (Double.isNaN(p.min()) ? "" : " >= " + num(p.min()))
                    + (Double.isNaN(p.max()) ? "" : " <= " + num(p.max()));
            List<String> gated = new ArrayList<>();
            for (int o : p.gatedOutputs()) {
                gated.add(spec.outputIds().get(o));
            }
            for (int e : p.gatedEffects()) {
                gated.add(spec.effects().get(e).id());
            }
            perms.add(new String[] {p.id(), cond + " for " + seconds(p.provenForNanos()), String.join(", ", gated)});
        }
        table(b, markdown, "Permissives (start conditions)", new String[] {"permissive", "proven when", "gates"},
                perms);
        if (spec.loadShedding() != null) {
            LoadShedder.Spec s = spec.loadShedding().shedder();
            List<String[]> ls = new ArrayList<>();
            ls.add(new String[] {num(s.budgetW() / 1000) + " kW" + (Double.isNaN(s.coolingMaxDeltaT()) ? ""
                    : ", or flow x 4.186 x " + num(s.coolingMaxDeltaT()) + " K if lower"),
                    String.join(" -> ", s.rackIds()), "after " + seconds(s.shedDelayNanos()),
                    "one at a time after " + seconds(s.restoreDelayNanos()) + " with " + num(s.hysteresisW() / 1000)
                            + " kW margin"});
            table(b, markdown, "Load shedding", new String[] {"budget", "shed order", "shed", "restore"}, ls);
        }
    }

    private static void table(StringBuilder b, boolean markdown, String title, String[] head, List<String[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (markdown) {
            b.append("\n## ").append(title).append("\n\n|");
            for (String h : head) {
                b.append(' ').append(md(h)).append(" |");
            }
            b.append("\n|");
            b.append("---|".repeat(head.length)).append('\n');
            for (String[] r : rows) {
                b.append('|');
                for (String c : r) {
                    b.append(' ').append(md(c)).append(" |");
                }
                b.append('\n');
            }
        } else {
            b.append("<h2>").append(h(title)).append("</h2>\n<table><tr>");
            for (String hd : head) {
                b.append("<th>").append(h(hd)).append("</th>");
            }
            b.append("</tr>\n");
            for (String[] r : rows) {
                b.append("<tr>");
                for (String c : r) {
                    b.append("<td>").append(h(c)).append("</td>");
                }
                b.append("</tr>\n");
            }
            b.append("</table>\n");
        }
    }

    private static String seconds(long nanos) {
        if (nanos == 0) {
            return "0 s";
        }
        if (nanos % 60_000_000_000L == 0) {
            return nanos / 60_000_000_000L + " min";
        }
        return num(nanos / 1e9) + " s";
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String md(String s) {
        return s.replace("|", "\\|");
    }

    private static String h(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** The column headers (effects), in order. */
    public List<String> columns() {
        return List.copyOf(columns);
    }

    /** The cells of the row of cause {@code index}: column header to "T", "A" or "A/T". */
    public Map<String, String> row(int index) {
        return Map.copyOf(rows.get(index));
    }
}
