package io.podctl.config.internal;

import io.podctl.config.DataType;
import io.podctl.config.internal.YNode.Entry;
import io.podctl.config.internal.YNode.YMap;
import io.podctl.config.internal.YNode.YScalar;
import io.podctl.config.internal.YNode.YSeq;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Point runs: one entry of a {@code points} list that stands for {@code count} points of one type at evenly spaced
 * addresses, as long register tables are written in manuals.
 *
 * <pre>
 * - {id: "hr{n}", table: holding, address: 0, count: 100, type: uint16}             # hr0..hr99 at 0..99
 * - {id: "l{n}.voltage", table: input, address: 0, count: 3, first: 1, type: float32} # l1..l3 at 0, 2, 4
 * </pre>
 *
 * <p>{@code count} (1..{@value #MAX_COUNT}) makes the entry a run; {@code stride} is the address step (default: the
 * registers one value of its type occupies, 1 for coils and discrete inputs); {@code first} is the number that
 * {@code {n}} stands for in the first point's id (default 0). With more than one point the id must contain
 * {@code {n}}; a {@code description} may too. Every other key is copied to each point as written (a {@code redfish}
 * path keeps its own {@code {n}}), and point {@code k} has {@code address + k × stride}.
 *
 * <p>Runs are expanded in the YAML tree, before profiles are merged and before any other check: each point keeps the
 * run's locations, so a problem in one of them (an overlap, a bad unit) is reported at the run's line and column,
 * and a device can override one point of a profile's run by its id. Problems of the run itself have the rule
 * {@code bad-run}; a bad run still yields its first point, so the rest of its keys are checked too.
 */
public final class PointRuns {
    /** Keys a run adds to a point entry; removed by the expansion. */
    public static final List<String> KEYS = List.of("count", "stride", "first");
    /** Most points one run may stand for. */
    public static final int MAX_COUNT = 10_000;
    /** What {@code {n}} is written as in a run's id. */
    public static final String PLACEHOLDER = "{n}";

    private PointRuns() {
    }

    /** The document with the runs in every device's {@code points} expanded. */
    public static YNode expandDevices(YNode root, Problems problems) {
        if (!(root instanceof YMap doc) || !(doc.get("devices") instanceof YSeq devices)) {
            return root;
        }
        List<YNode> out = new ArrayList<>();
        boolean changed = false;
        for (YNode item : devices.items()) {
            YNode expanded = item instanceof YMap device ? expandPoints(device, problems) : item;
            changed |= expanded != item;
            out.add(expanded);
        }
        return changed ? with(doc, "devices", new YSeq(devices.loc(), out)) : root;
    }

    /** A profile's document (or one device) with the runs in its {@code points} expanded. */
    public static YNode expandPoints(YNode owner, Problems problems) {
        if (!(owner instanceof YMap map) || !(map.get("points") instanceof YSeq points)) {
            return owner;
        }
        List<YNode> out = new ArrayList<>();
        boolean changed = false;
        for (YNode p : points.items()) {
            if (p instanceof YMap entry && entry.entry("count") != null) {
                out.addAll(expand(entry, problems));
                changed = true;
            } else {
                if (p instanceof YMap entry) {
                    for (String key : List.of("stride", "first")) {
                        Entry e = entry.entry(key);
                        if (e != null) {
                            problems.error(e.keyLoc(), "bad-run", "'" + key + "' belongs to a point run: add 'count' "
                                    + "(how many points) or remove it");
                        }
                    }
                    if (entry.entry("stride") != null || entry.entry("first") != null) {
                        out.add(without(entry));
                        changed = true;
                        continue;
                    }
                }
                out.add(p);
            }
        }
        return changed ? with(map, "points", new YSeq(points.loc(), out)) : owner;
    }

    private static List<YNode> expand(YMap run, Problems problems) {
        Entry countEntry = run.entry("count");
        long count = integer(countEntry, 1, MAX_COUNT, problems, "how many points the run stands for");
        long first = run.entry("first") == null ? 0
                : integer(run.entry("first"), 0, 1_000_000, problems, "the number {n} stands for in the first id");
        long stride = run.entry("stride") == null ? defaultStride(run)
                : integer(run.entry("stride"), 1, 65_535, problems, "the address step between two points");
        Entry idEntry = run.entry("id");
        Entry addressEntry = run.entry("address");
        boolean ok = count > 0 && first >= 0 && stride > 0;
        String idPattern = idEntry != null && idEntry.value() instanceof YScalar s && s.kind() == YScalar.Kind.STRING
                ? s.text() : null;
        if (ok && count > 1 && idPattern != null && !idPattern.contains(PLACEHOLDER)) {
            problems.error(idEntry.value().loc(), "bad-run", "the id of a run of " + count + " points must contain "
                    + PLACEHOLDER + " (the point's number), e.g. '" + idPattern + PLACEHOLDER + "'");
            ok = false;
        }
        long start = addressEntry != null && addressEntry.value() instanceof YScalar a && a.kind() == YScalar.Kind.INT
                && a.number() instanceof Long l ? l : -1;
        if (ok && start >= 0 && start + (count - 1) * stride > 65_535) {
            problems.error(countEntry.value().loc(), "bad-run", "the run's last point would be at address "
                    + (start + (count - 1) * stride) + " (" + start + " + " + (count - 1) + " x " + stride
                    + "), beyond 65535");
            ok = false;
        }
        long points = ok && start >= 0 && idPattern != null ? count : 1; // else: one point, so its keys are checked
        List<YNode> out = new ArrayList<>();
        YMap base = without(run);
        for (long k = 0; k < points; k++) {
            Map<String, Entry> entries = new LinkedHashMap<>(base.entries());
            if (idPattern != null) {
                YScalar id = (YScalar) idEntry.value();
                String text = idPattern.replace(PLACEHOLDER, Long.toString(first + k));
                entries.put("id", new Entry("id", idEntry.keyLoc(), new YScalar(id.loc(), YScalar.Kind.STRING, text,
                        null)));
            }
            if (entries.get("description") instanceof Entry d && d.value() instanceof YScalar text
                    && text.kind() == YScalar.Kind.STRING && text.text().contains(PLACEHOLDER)) {
                entries.put("description", new Entry("description", d.keyLoc(), new YScalar(text.loc(),
                        YScalar.Kind.STRING, text.text().replace(PLACEHOLDER, Long.toString(first + k)), null)));
            }
            if (start >= 0) {
                long address = start + k * stride;
                entries.put("address", new Entry("address", addressEntry.keyLoc(), new YScalar(
                        addressEntry.value().loc(), YScalar.Kind.INT, Long.toString(address), address)));
            }
            out.add(new YMap(run.loc(), entries));
        }
        return out;
    }

    /** Registers one value of the run's type occupies: its step when {@code stride} is not written. */
    private static long defaultStride(YMap run) {
        String table = run.text("table");
        if (table != null && (table.equals("coil") || table.equals("discrete"))) {
            return 1;
        }
        String type = run.text("type");
        if (type == null) {
            return 1;
        }
        if (type.equals("string")) {
            return run.get("length") instanceof YScalar l && l.number() instanceof Long n && n > 0 ? n : 1;
        }
        for (DataType t : DataType.values()) {
            if (t.name().toLowerCase(Locale.ROOT).equals(type)) {
                return Math.max(1, t.registers());
            }
        }
        return 1; // an unknown type is reported by the structural pass
    }

    /** The integer value of {@code e} within [min, max], or -1 after reporting why not. */
    private static long integer(Entry e, long min, long max, Problems problems, String what) {
        if (e.value() instanceof YScalar s && s.kind() == YScalar.Kind.INT && s.number() instanceof Long v
                && v >= min && v <= max) {
            return v;
        }
        problems.error(e.value().loc(), "bad-run", "'" + e.key() + "' (" + what + ") must be a whole number "
                + min + ".." + max + ", not " + e.value().describe());
        return -1;
    }

    private static YMap without(YMap entry) {
        Map<String, Entry> entries = new LinkedHashMap<>(entry.entries());
        KEYS.forEach(entries::remove);
        return new YMap(entry.loc(), entries);
    }

    private static YMap with(YMap map, String key, YNode value) {
        Map<String, Entry> entries = new LinkedHashMap<>(map.entries());
        entries.put(key, new Entry(key, map.entry(key).keyLoc(), value));
        return new YMap(map.loc(), entries);
    }
}
