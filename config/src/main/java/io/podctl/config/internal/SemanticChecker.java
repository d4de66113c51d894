package io.podctl.config.internal;

import io.podctl.config.Durations;
import io.podctl.config.AuthorizationConfig;
import io.podctl.config.BusConfig;
import io.podctl.config.ConsoleConfig;
import io.podctl.config.DataType;
import io.podctl.config.DeviceConfig;
import io.podctl.config.EffectConfig;
import io.podctl.config.GpioConfig;
import io.podctl.config.LoadSheddingConfig;
import io.podctl.config.MetricsConfig;
import io.podctl.config.MqttConfig;
import io.podctl.config.PermissiveConfig;
import io.podctl.config.PodConfig;
import io.podctl.config.PointConfig;
import io.podctl.config.ProtectionConfig;
import io.podctl.config.ProtectionConfig.Condition;
import io.podctl.config.SetpointConfig;
import io.podctl.config.Table;
import io.podctl.config.VotingGroupConfig;
import io.podctl.config.internal.YNode.YMap;
import io.podctl.config.schema.Names;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The semantic pass: cross-field and cross-reference rules over a structurally valid, bound configuration.
 * Each problem is reported at the value that breaks the rule. Reads file permissions of the MQTT secrets; no
 * other I/O.
 */
public final class SemanticChecker {
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS_RW = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS_W = EnumSet.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private final PodConfig config;
    private final Locator at;
    private final Problems problems;
    private final Path baseDir;
    private final String file;

    /** What a protection may watch; {@code text} for a string point, which has no value to judge. */
    private record PointInfo(String id, boolean digital, Double min, Double max, String unit, boolean writable,
                             boolean group, boolean text) {
        PointInfo(String id, boolean digital, Double min, Double max, String unit) {
            this(id, digital, min, max, unit, false, false, false);
        }
    }

    /**
     * @param config   the bound configuration
     * @param root     the merged tree it was bound from
     * @param file     display name of the file
     * @param baseDir  directory relative file names are resolved against (the file's directory, or the working
     *                 directory for text without a file)
     * @param problems where problems go
     */
    public SemanticChecker(PodConfig config, YNode root, String file, Path baseDir, Problems problems) {
        this.config = config;
        this.at = new Locator(root);
        this.file = file;
        this.baseDir = baseDir;
        this.problems = problems;
    }

    /** Runs every rule. */
    public void run() {
        buses();
        devices();
        gpio();
        Map<String, PointInfo> points = points();
        votingGroups(points);
        effects(points);
        protections(points);
        permissives(points);
        loadShedding(points);
        setpoints(points);
        outputRoles();
        safety();
        supervision();
        authorization();
        mqtt();
        console();
        metrics();
    }

    // ---------------------------------------------------------------------------------------------- buses

    private void buses() {
        List<BusConfig> buses = config.buses();
        unique(buses, BusConfig::id, "bus", i -> at.value("buses", i, "id"));
        for (int i = 0; i < buses.size(); i++) {
            BusConfig b = buses.get(i);
            if (b.tcp() == null && b.rtu() == null) {
                problems.error(at.value("buses", i), "bus-transport", "bus '" + b.id() + "' needs exactly one of "
                        + "tcp and rtu");
            } else if (b.tcp() != null && b.rtu() != null) {
                problems.error(at.key("buses", i, "rtu"), "bus-transport", "bus '" + b.id() + "' has both tcp and "
                        + "rtu; a bus is one or the other");
            }
            int index = i;
            List<DeviceConfig> on = config.devices().stream().filter(d -> d.bus().equals(b.id())).toList();
            if (on.isEmpty()) {
                problems.warning(at.value("buses", i, "id"), "unused-bus", "no device is on bus '" + b.id() + "'");
            }
            for (DeviceConfig d : on) {
                if (b.timeout().compareTo(d.pollPeriod()) >= 0) {
                    int di = config.devices().indexOf(d);
                    Loc where = at.isWritten("buses", index, "timeout") ? at.value("buses", index, "timeout")
                            : at.value("devices", di, "pollPeriod");
                    problems.error(where, "timeout-exceeds-poll", "timeout " + Durations.format(b.timeout())
                            + " of bus '" + b.id() + "' must be shorter than pollPeriod "
                            + Durations.format(d.pollPeriod()) + " of device '" + d.id() + "'");
                }
            }
        }
    }

    // -------------------------------------------------------------------------------------------- devices

    private void devices() {
        List<DeviceConfig> devices = config.devices();
        unique(devices, DeviceConfig::id, "device", i -> at.value("devices", i, "id"));
        Map<String, Integer> units = new HashMap<>();
        for (int i = 0; i < devices.size(); i++) {
            DeviceConfig d = devices.get(i);
            int di = i;
            if (config.bus(d.bus()).isEmpty()) {
                unknownReference(at.value("devices", i, "bus"), "device '" + d.id() + "'", "bus", d.bus(),
                        config.buses().stream().map(BusConfig::id).toList());
            } else {
                Integer first = units.putIfAbsent(d.bus() + "\u0000" + d.unitId(), i);
                if (first != null) {
                    problems.error(at.value("devices", i, "unitId"), "duplicate-unit", "devices '"
                            + devices.get(first).id() + "' and '" + d.id() + "' both use unit " + d.unitId()
                            + " on bus '" + d.bus() + "'");
                }
            }
            if (d.points().isEmpty()) {
                problems.warning(at.value("devices", i, "id"), "no-points", "device '" + d.id() + "' has no points: "
                        + "give it a profile or points");
            }
            PointRules.check(d.points(), d.forbidden(), d.highAddressesAreWire(), "device '" + d.id() + "'",
                    (pi, field) -> field == null ? at.value("devices", di, "points", pi)
                            : at.value("devices", di, "points", pi, field), file, problems);
            PointRules.checkForbidden(d.forbidden(), fi -> at.value("devices", di, "forbidden", fi), problems);
        }
    }

    // ----------------------------------------------------------------------------------------------- gpio

    private void gpio() {
        GpioConfig g = config.gpio();
        Map<String, Loc> ids = new LinkedHashMap<>();
        Map<Integer, String> pins = new HashMap<>();
        Map<Integer, Loc> pinLocs = new HashMap<>();
        for (int i = 0; i < g.inputs().size(); i++) {
            GpioConfig.Input in = g.inputs().get(i);
            gpioId(ids, in.id(), at.value("gpio", "inputs", i, "id"));
            pin(pins, pinLocs, in.pin(), "input '" + in.id() + "'", at.value("gpio", "inputs", i, "pin"));
            polarity(in, i);
        }
        for (int i = 0; i < g.outputs().size(); i++) {
            GpioConfig.Output out = g.outputs().get(i);
            gpioId(ids, out.id(), at.value("gpio", "outputs", i, "id"));
            pin(pins, pinLocs, out.pin(), "output '" + out.id() + "'", at.value("gpio", "outputs", i, "pin"));
        }
        feedbacks(g);
    }

    /** An output's feedback is a GPIO input of its own: not the reset button, not another output's feedback. */
    private void feedbacks(GpioConfig g) {
        List<String> inputs = g.inputs().stream().map(GpioConfig.Input::id).toList();
        Map<String, String> usedBy = new HashMap<>();
        for (int i = 0; i < g.outputs().size(); i++) {
            GpioConfig.Output out = g.outputs().get(i);
            String fb = out.feedback();
            if (fb == null) {
                continue;
            }
            Loc loc = at.value("gpio", "outputs", i, "feedback");
            if (!inputs.contains(fb)) {
                unknownReference(loc, "feedback of output '" + out.id() + "'", "GPIO input", fb, inputs);
            } else if (fb.equals(config.safety().localResetInput())) {
                problems.error(loc, "feedback-reused", "output '" + out.id() + "': input '" + fb + "' is the local "
                        + "reset button, not a feedback contact");
            } else {
                String first = usedBy.putIfAbsent(fb, out.id());
                if (first != null) {
                    problems.error(loc, "feedback-reused", "output '" + out.id() + "': input '" + fb + "' is "
                            + "already the feedback of output '" + first + "'; each load has its own contact");
                }
                // The feedback is seen one debounce and up to one loop period after the load moved.
                Duration seen = g.inputs().get(inputs.indexOf(fb)).debounce().plus(config.loop().period());
                if (out.followTime().compareTo(seen) <= 0) {
                    problems.warning(at.value("gpio", "outputs", i, "followTime"), "follow-time-short", "output '"
                            + out.id() + "': followTime " + Durations.format(out.followTime()) + " is not longer than "
                            + "the feedback's debounce plus one loop period (" + Durations.format(seen) + "): every "
                            + "switch would raise the feedback alarm");
                }
            }
        }
    }

    /**
     * The active level of an input must be known, and a declared contact must agree with the pull and the
     * declared level: the bias resistor decides what an open loop reads, so the three are not independent.
     */
    private void polarity(GpioConfig.Input in, int i) {
        if (in.activeLow() == null) {
            problems.error(at.value("gpio", "inputs", i, "pull"), "polarity-unknown", "input '" + in.id() + "' has "
                    + "pull none, so the board cannot tell what an open loop reads: say activeLow (and contact: "
                    + "normallyClosed if the loop opens when active)");
            return;
        }
        if (in.pull() == GpioConfig.Pull.NONE || in.contact() == null) {
            return;
        }
        boolean expected = in.contact().activeLowWith(in.pull());
        if (expected != in.activeLow()) {
            String contact = in.contact() == GpioConfig.Contact.NORMALLY_CLOSED ? "normallyClosed" : "normallyOpen";
            String pull = in.pull() == GpioConfig.Pull.UP ? "up" : "down";
            problems.error(at.value("gpio", "inputs", i, "activeLow"), "contact-polarity", "input '" + in.id()
                    + "': a " + contact + " contact with pull " + pull + " is active " + (expected ? "low" : "high")
                    + " (an open loop reads " + (pull.equals("up") ? "high" : "low") + "), but activeLow is "
                    + in.activeLow() + ": fix the contact, the pull or activeLow");
        }
    }

    /**
     * A trip on an input that is not a supervised (normally-closed) loop cannot see a cut wire: the protection
     * silently stops protecting. Warned, not refused: some detectors only offer a normally-open relay.
     */
    private void supervision() {
        Map<String, GpioConfig.Input> inputs = new HashMap<>();
        config.gpio().inputs().forEach(in -> inputs.put(in.id(), in));
        List<ProtectionConfig> list = config.protections();
        for (int i = 0; i < list.size(); i++) {
            ProtectionConfig p = list.get(i);
            // Voting groups take measured values only, so a GPIO input is always watched directly.
            GpioConfig.Input in = p.point() != null ? inputs.get(p.point()) : null;
            if (p.hasTripLevel() && in != null && !in.supervised()) {
                problems.warning(at.value("protections", i, "point"), "unsupervised-input", "protection '" + p.id()
                        + "' trips on input '" + in.id() + "', which is not a supervised loop: a cut wire reads "
                        + "inactive and goes unseen; wire it normally-closed (contact: normallyClosed)");
            }
        }
    }

    private void gpioId(Map<String, Loc> ids, String id, Loc loc) {
        Loc first = ids.putIfAbsent(id, loc);
        if (first != null) {
            problems.error(loc, "duplicate-id", "GPIO id '" + id + "' is used twice (first at line " + first.line()
                    + ")");
        }
    }

    private void pin(Map<Integer, String> pins, Map<Integer, Loc> locs, int pin, String user, Loc loc) {
        String first = pins.putIfAbsent(pin, user);
        if (first != null) {
            problems.error(loc, "pin-reused", "pin " + pin + " of " + user + " is already used by " + first
                    + " (line " + locs.get(pin).line() + ")");
        } else {
            locs.put(pin, loc);
        }
    }

    // ------------------------------------------------------------------------------------- pod-wide points

    private Map<String, PointInfo> points() {
        Map<String, PointInfo> all = new LinkedHashMap<>();
        Map<String, Loc> where = new HashMap<>();
        for (int d = 0; d < config.devices().size(); d++) {
            DeviceConfig dev = config.devices().get(d);
            for (int p = 0; p < dev.points().size(); p++) {
                PointConfig pc = dev.points().get(p);
                String id = dev.qualifiedPointId(pc);
                boolean writable = pc.table() == Table.HOLDING_REGISTER
                        || pc.table() == Table.COIL;
                PointInfo info = new PointInfo(id, pc.type() == DataType.BOOL, pc.min(), pc.max(), pc.unit(), writable,
                        false, pc.type() == DataType.STRING);
                // Duplicates within one device are reported by PointRules; across devices ids cannot collide.
                all.putIfAbsent(id, info);
                where.putIfAbsent(id, at.value("devices", d, "points", p, "id"));
            }
        }
        for (int i = 0; i < config.gpio().inputs().size(); i++) {
            String id = config.gpio().inputs().get(i).id();
            Loc loc = at.value("gpio", "inputs", i, "id");
            if (all.containsKey(id)) {
                problems.error(loc, "duplicate-id", "point id '" + id + "' of a GPIO input is also a device point "
                        + "(line " + where.get(id).line() + "); point ids are unique pod-wide");
            } else {
                all.put(id, new PointInfo(id, true, null, null, ""));
                where.put(id, loc);
            }
        }
        return all;
    }

    // -------------------------------------------------------------------------------------- protections

    private void protections(Map<String, PointInfo> points) {
        List<ProtectionConfig> list = config.protections();
        unique(list, ProtectionConfig::id, "protection", i -> at.value("protections", i, "id"));
        List<String> outputs = config.gpio().outputs().stream().map(GpioConfig.Output::id).toList();
        List<String> effects = config.effects().stream().map(EffectConfig::id).toList();
        for (int i = 0; i < list.size(); i++) {
            ProtectionConfig p = list.get(i);
            String name = "protection '" + p.id() + "'";
            PointInfo point = points.get(p.point());
            if (point == null) {
                unknownReference(at.value("protections", i, "point"), name, "point", p.point(),
                        List.copyOf(points.keySet()));
            } else if (text(point, at.value("protections", i, "point"), name + " watches")) {
                point = null; // nothing more to say about its kind or range
            }
            switch (p.condition()) {
                case ACTIVE -> active(p, i, name, point);
                case DISAGREEMENT -> {
                    if (point != null && !point.group()) {
                        problems.error(at.value("protections", i, "point"), "not-a-group", name + " watches '"
                                + point.id() + "': condition disagreement needs a voting group");
                    }
                    levels(p, i, name);
                }
                default -> limits(p, i, name, point);
            }
            conditionFields(p, i, name, points);
            for (int k = 0; k < p.deenergize().size(); k++) {
                if (!outputs.contains(p.deenergize().get(k))) {
                    unknownReference(at.value("protections", i, "deenergize", k), name, "GPIO output",
                            p.deenergize().get(k), outputs);
                }
            }
            for (String key : List.of("onAlarm", "onTrip")) {
                List<String> refs = key.equals("onAlarm") ? p.onAlarm() : p.onTrip();
                for (int k = 0; k < refs.size(); k++) {
                    if (!effects.contains(refs.get(k))) {
                        unknownReference(at.value("protections", i, key, k), name, "effect", refs.get(k), effects);
                    }
                }
            }
            String tripReason = tripReason(p);
            if (tripReason != null && p.deenergize().isEmpty() && p.onTrip().isEmpty()) {
                problems.warning(at.value("protections", i, "id"), "no-deenergize", name + " can trip (" + tripReason
                        + ") but de-energizes nothing: list outputs in deenergize"
                        + (p.condition() != Condition.ACTIVE && p.trip() == null ? ", or set onBadData: alarm" : ""));
            }
            if (p.reset() == ProtectionConfig.ResetMode.LOCAL && config.safety().localResetInput() == null) {
                problems.error(at.value("protections", i, "reset"), "missing-local-reset", name + " is reset locally "
                        + "but safety.localResetInput names no reset input");
            }
            if (p.bypassable() && p.reset() == ProtectionConfig.ResetMode.LOCAL) {
                problems.error(at.value("protections", i, "bypassable"), "bypass-local", name + " is reset locally "
                        + "(an E-stop) and can never be bypassed");
            }
        }
        lowAboveHigh(list);
    }

    /** Fields that belong to one condition only. */
    private void conditionFields(ProtectionConfig p, int i, String name, Map<String, PointInfo> points) {
        boolean deviation = p.condition() == Condition.DEVIATION;
        if (deviation && (p.setpoint() == null) == (p.setpointPoint() == null)) {
            problems.error(at.value("protections", i, "condition"), "missing-setpoint", name + ": a deviation "
                    + "protection needs exactly one of setpoint and setpointPoint");
        }
        if (!deviation && (p.setpoint() != null || p.setpointPoint() != null)) {
            String key = p.setpoint() != null ? "setpoint" : "setpointPoint";
            problems.error(at.key("protections", i, key), "field-not-allowed", name + ": " + key + " applies to "
                    + "condition deviation only");
        }
        if (p.setpointPoint() != null && !points.containsKey(p.setpointPoint())) {
            unknownReference(at.value("protections", i, "setpointPoint"), name, "point", p.setpointPoint(),
                    List.copyOf(points.keySet()));
        } else if (p.setpointPoint() != null) {
            text(points.get(p.setpointPoint()), at.value("protections", i, "setpointPoint"),
                    name + " takes its setpoint from");
        }
        if (p.condition() != Condition.RATE && at.isWritten("protections", i, "rateWindow")) {
            problems.error(at.key("protections", i, "rateWindow"), "field-not-allowed", name + ": rateWindow "
                    + "applies to condition rate only");
        }
        if (p.condition() != Condition.HIGH && p.condition() != Condition.LOW && p.condition() != Condition.ACTIVE) {
            for (String key : List.of("warning", "alarm", "trip")) {
                Double level = key.equals("warning") ? p.warning() : key.equals("alarm") ? p.alarm() : p.trip();
                if (level != null && level <= 0) {
                    problems.error(at.value("protections", i, key), "out-of-range", name + ": " + key + " "
                            + PointRules.num(level) + " must be above 0 for condition "
                            + p.condition().name().toLowerCase(Locale.ROOT));
                }
            }
        }
    }

    private void active(ProtectionConfig p, int i, String name, PointInfo point) {
        if (p.alarm() != null || p.trip() != null || p.warning() != null) {
            String key = p.warning() != null ? "warning" : p.alarm() != null ? "alarm" : "trip";
            problems.error(at.key("protections", i, key), "limits-on-active", name + " is an active condition and "
                    + "has no limits: remove warning/alarm/trip and set severity: warning, alarm or trip");
        }
        if (point != null && !point.digital()) {
            problems.error(at.value("protections", i, "point"), "not-digital", name + " watches '" + point.id()
                    + "', which is not digital: condition active needs a GPIO input or a bool point");
        }
    }

    /**
     * The levels of a protection: at least one, in the order they act (warning first, trip last). Returns
     * false when none is given.
     */
    private boolean levels(ProtectionConfig p, int i, String name) {
        String cond = p.condition().name().toLowerCase(Locale.ROOT);
        if (p.warning() == null && p.alarm() == null && p.trip() == null) {
            problems.error(at.value("protections", i, "condition"), "missing-limit", name + ": a " + cond
                    + " protection needs a warning, an alarm or a trip level");
            return false;
        }
        boolean low = p.condition() == Condition.LOW;
        if (p.alarm() != null && p.trip() != null && (low ? p.alarm() <= p.trip() : p.alarm() >= p.trip())) {
            problems.error(at.value("protections", i, "alarm"), "alarm-beyond-trip", name + ": alarm "
                    + PointRules.num(p.alarm()) + " is " + (low ? "at or below" : "at or above") + " the trip "
                    + PointRules.num(p.trip()) + "; the alarm must come first");
        }
        Double next = p.alarm() != null ? p.alarm() : p.trip();
        if (p.warning() != null && next != null && (low ? p.warning() <= next : p.warning() >= next)) {
            problems.error(at.value("protections", i, "warning"), "warning-beyond-alarm", name + ": warning "
                    + PointRules.num(p.warning()) + " is " + (low ? "at or below" : "at or above") + " the "
                    + (p.alarm() != null ? "alarm " : "trip ") + PointRules.num(next) + "; the warning must come first");
        }
        return true;
    }

    private void limits(ProtectionConfig p, int i, String name, PointInfo point) {
        String cond = p.condition().name().toLowerCase(Locale.ROOT);
        levels(p, i, name);
        if (at.isWritten("protections", i, "severity")) {
            problems.warning(at.key("protections", i, "severity"), "severity-ignored", name + ": severity applies "
                    + "to active conditions only; a " + cond + " protection warns at 'warning', alarms at 'alarm' and "
                    + "trips at 'trip'");
        }
        if (point == null) {
            return;
        }
        if (point.digital()) {
            problems.error(at.value("protections", i, "point"), "not-analog", name + " watches '" + point.id()
                    + "', which is digital: use condition: active");
            return;
        }
        if (p.condition() != Condition.HIGH && p.condition() != Condition.LOW) {
            return; // deviation and rate levels are differences, not values of the point
        }
        for (String key : List.of("warning", "alarm", "trip")) {
            Double limit = key.equals("warning") ? p.warning() : key.equals("alarm") ? p.alarm() : p.trip();
            if (limit == null) {
                continue;
            }
            boolean unreachable = p.condition() == Condition.HIGH ? point.max() != null && limit > point.max()
                    : point.min() != null && limit < point.min();
            if (unreachable) {
                problems.warning(at.value("protections", i, key), "limit-outside-range", name + ": " + key + " "
                        + PointRules.num(limit) + " is outside the valid range of '" + point.id() + "' ("
                        + (p.condition() == Condition.HIGH ? "max " + PointRules.num(point.max())
                        : "min " + PointRules.num(point.min())) + "); it is reached only as bad data");
            }
        }
    }

    /** Why a protection can latch a trip, or null when it cannot. */
    private static String tripReason(ProtectionConfig p) {
        if (p.condition() == Condition.ACTIVE && p.severity() == ProtectionConfig.Severity.TRIP) {
            return "severity trip";
        }
        if (p.condition() != Condition.ACTIVE && p.trip() != null) {
            return "trip limit";
        }
        if (p.onBadData() == ProtectionConfig.BadDataAction.TRIP) {
            return "onBadData: trip";
        }
        return null;
    }

    private void lowAboveHigh(List<ProtectionConfig> list) {
        for (int i = 0; i < list.size(); i++) {
            ProtectionConfig low = list.get(i);
            if (low.condition() != Condition.LOW || (low.alarm() == null && low.trip() == null)) {
                continue;
            }
            // Compare with the lowest high limit on the same point: one report per low protection.
            ProtectionConfig lowestHigh = null;
            double highLimit = Double.POSITIVE_INFINITY;
            for (ProtectionConfig high : list) {
                if (high.condition() == Condition.HIGH && high.point().equals(low.point())) {
                    double limit = Math.min(high.alarm() != null ? high.alarm() : Double.POSITIVE_INFINITY,
                            high.trip() != null ? high.trip() : Double.POSITIVE_INFINITY);
                    if (limit < highLimit) {
                        highLimit = limit;
                        lowestHigh = high;
                    }
                }
            }
            String lowKey = maxKey(low);
            double lowLimit = lowKey.equals("alarm") ? low.alarm() : low.trip();
            if (lowestHigh != null && lowLimit >= highLimit) {
                problems.error(at.value("protections", i, lowKey), "low-above-high", "low " + lowKey + " "
                        + PointRules.num(lowLimit) + " of protection '" + low.id() + "' is not below the high "
                        + "limit " + PointRules.num(highLimit) + " of protection '" + lowestHigh.id() + "' on '"
                        + low.point() + "'");
            }
        }
    }

    /** The key of the highest limit of a low protection (the one that acts first). */
    private static String maxKey(ProtectionConfig low) {
        if (low.alarm() == null) {
            return "trip";
        }
        if (low.trip() == null) {
            return "alarm";
        }
        return low.alarm() >= low.trip() ? "alarm" : "trip";
    }

    // ------------------------------------------------------------------- voting, effects, permissives, ...

    private void votingGroups(Map<String, PointInfo> points) {
        List<VotingGroupConfig> groups = config.votingGroups();
        unique(groups, VotingGroupConfig::id, "voting group", i -> at.value("votingGroups", i, "id"));
        for (int i = 0; i < groups.size(); i++) {
            VotingGroupConfig g = groups.get(i);
            String name = "voting group '" + g.id() + "'";
            if (points.containsKey(g.id())) {
                problems.error(at.value("votingGroups", i, "id"), "duplicate-id", name + " has the id of a point; "
                        + "protections name groups and points alike, so ids must differ");
                continue;
            }
            if (g.vote() != null && g.points().size() != g.vote().channels()) {
                problems.error(at.value("votingGroups", i, "points"), "vote-channels", name + " votes "
                        + (g.vote() == VotingGroupConfig.Vote.ONE_OUT_OF_TWO ? "1oo2" : "2oo3")
                        + " and needs " + g.vote().channels() + " points, not " + g.points().size());
            }
            String unit = null;
            for (int k = 0; k < g.points().size(); k++) {
                String id = g.points().get(k);
                PointInfo pi = points.get(id);
                if (pi == null) {
                    unknownReference(at.value("votingGroups", i, "points", k), name, "point", id,
                            List.copyOf(points.keySet()));
                } else if (text(pi, at.value("votingGroups", i, "points", k), name + " votes on")) {
                    continue; // no unit to compare
                } else if (pi.digital()) {
                    problems.error(at.value("votingGroups", i, "points", k), "not-analog", name + ": channel '" + id
                            + "' is digital; voting groups vote on measured values");
                } else if (unit != null && !unit.equals(pi.unit())) {
                    problems.error(at.value("votingGroups", i, "points", k), "unit-mismatch", name + ": channel '" + id
                            + "' is in " + pi.unit() + ", the others in " + unit);
                } else {
                    unit = pi.unit();
                }
            }
            if (g.points().stream().distinct().count() != g.points().size()) {
                problems.error(at.value("votingGroups", i, "points"), "duplicate-id", name + " lists a channel twice");
            }
        }
        // Groups join the point namespace: protections and permissives name them like points.
        for (VotingGroupConfig g : groups) {
            PointInfo first = g.points().isEmpty() ? null : points.get(g.points().get(0));
            points.putIfAbsent(g.id(), new PointInfo(g.id(), false, first != null ? first.min() : null,
                    first != null ? first.max() : null, first != null ? first.unit() : "", false, true, false));
        }
    }

    private void effects(Map<String, PointInfo> points) {
        List<EffectConfig> effects = config.effects();
        unique(effects, EffectConfig::id, "effect", i -> at.value("effects", i, "id"));
        List<String> outputs = config.gpio().outputs().stream().map(GpioConfig.Output::id).toList();
        for (int i = 0; i < effects.size(); i++) {
            EffectConfig e = effects.get(i);
            String name = "effect '" + e.id() + "'";
            int kinds = (e.deenergize().isEmpty() ? 0 : 1) + (e.energize().isEmpty() ? 0 : 1)
                    + (e.write() == null ? 0 : 1) + (e.derateKw() == null ? 0 : 1);
            if (kinds != 1) {
                problems.error(at.value("effects", i, "id"), "effect-action", name + " must do exactly one thing "
                        + "(deenergize, energize, write or derateKw); it does " + kinds);
            }
            for (String key : List.of("deenergize", "energize")) {
                List<String> refs = key.equals("deenergize") ? e.deenergize() : e.energize();
                for (int k = 0; k < refs.size(); k++) {
                    if (!outputs.contains(refs.get(k))) {
                        unknownReference(at.value("effects", i, key, k), name, "GPIO output", refs.get(k), outputs);
                    }
                }
            }
            if (e.write() != null) {
                writable(points, e.write().point(), at.value("effects", i, "write", "point"), name);
                if (e.write().confirmPoint() != null) {
                    if (!points.containsKey(e.write().confirmPoint())) {
                        unknownReference(at.value("effects", i, "write", "confirmPoint"), name, "point",
                                e.write().confirmPoint(), List.copyOf(points.keySet()));
                    } else {
                        text(points.get(e.write().confirmPoint()), at.value("effects", i, "write", "confirmPoint"),
                                name + " is confirmed by");
                    }
                    if (e.write().confirmValue() == null) {
                        problems.error(at.key("effects", i, "write", "confirmPoint"), "missing-required", name
                                + ": confirmPoint needs confirmValue");
                    }
                }
            }
        }
    }

    private void writable(Map<String, PointInfo> points, String id, Loc loc, String who) {
        PointInfo pi = points.get(id);
        if (pi == null) {
            unknownReference(loc, who, "point", id, List.copyOf(points.keySet()));
        } else if (text(pi, loc, who + " writes")) {
            return;
        } else if (!pi.writable()) {
            problems.error(loc, "not-writable", who + " writes '" + id + "', which is not a holding register or a "
                    + "coil");
        }
    }

    private void permissives(Map<String, PointInfo> points) {
        List<PermissiveConfig> list = config.permissives();
        unique(list, PermissiveConfig::id, "permissive", i -> at.value("permissives", i, "id"));
        List<String> gateable = new ArrayList<>(config.gpio().outputs().stream()
                .map(GpioConfig.Output::id).toList());
        config.effects().stream().filter(e -> e.write() != null).map(EffectConfig::id)
                .forEach(gateable::add);
        for (int i = 0; i < list.size(); i++) {
            PermissiveConfig p = list.get(i);
            String name = "permissive '" + p.id() + "'";
            PointInfo pi = points.get(p.point());
            if (pi == null) {
                unknownReference(at.value("permissives", i, "point"), name, "point", p.point(),
                        List.copyOf(points.keySet()));
            } else if (!text(pi, at.value("permissives", i, "point"), name + " proves")) {
                if (pi.digital() && (p.min() != null || p.max() != null)) {
                    problems.error(at.value("permissives", i, "point"), "not-analog", name + ": '" + p.point()
                            + "' is digital: use active: true or false");
                } else if (!pi.digital() && p.active() != null) {
                    problems.error(at.key("permissives", i, "active"), "not-digital", name + ": '" + p.point()
                            + "' is analog: use min and/or max");
                }
            }
            if (p.min() == null && p.max() == null && p.active() == null) {
                problems.error(at.value("permissives", i, "id"), "missing-limit", name + " needs min, max or active");
            }
            if (p.min() != null && p.max() != null && p.min() >= p.max()) {
                problems.error(at.value("permissives", i, "min"), "low-above-high", name + ": min "
                        + PointRules.num(p.min()) + " is not below max " + PointRules.num(p.max()));
            }
            if (p.gates().isEmpty()) {
                problems.error(at.key("permissives", i, "gates"), "missing-required", name + " gates nothing");
            }
            for (int k = 0; k < p.gates().size(); k++) {
                if (!gateable.contains(p.gates().get(k))) {
                    unknownReference(at.value("permissives", i, "gates", k), name, "GPIO output or write effect",
                            p.gates().get(k), gateable);
                }
            }
        }
    }

    private void loadShedding(Map<String, PointInfo> points) {
        LoadSheddingConfig ls = config.loadShedding();
        if (ls == null) {
            return;
        }
        String name = "loadShedding";
        analogPoint(points, ls.powerPoint(), at.value("loadShedding", "powerPoint"), name);
        if (ls.cooling() != null) {
            analogPoint(points, ls.cooling().flowPoint(), at.value("loadShedding", "cooling", "flowPoint"), name);
        }
        List<String> outputs = config.gpio().outputs().stream().map(GpioConfig.Output::id).toList();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ls.racks().size(); i++) {
            LoadSheddingConfig.Rack r = ls.racks().get(i);
            if (!outputs.contains(r.output())) {
                unknownReference(at.value("loadShedding", "racks", i, "output"), name, "GPIO output", r.output(), outputs);
            } else if (!seen.add(r.output())) {
                problems.error(at.value("loadShedding", "racks", i, "output"), "duplicate-id", name + " lists output '"
                        + r.output() + "' twice");
            }
            analogPoint(points, r.powerPoint(), at.value("loadShedding", "racks", i, "powerPoint"), name);
        }
        if (ls.racks().isEmpty()) {
            problems.error(at.key("loadShedding", "racks"), "missing-required", "loadShedding lists no racks to shed");
        }
    }

    private void analogPoint(Map<String, PointInfo> points, String id, Loc loc, String who) {
        PointInfo pi = points.get(id);
        if (pi == null) {
            unknownReference(loc, who, "point", id, List.copyOf(points.keySet()));
        } else if (text(pi, loc, who + " reads")) {
            return;
        } else if (pi.digital()) {
            problems.error(loc, "not-analog", who + ": '" + id + "' is digital; a measured value is needed");
        }
    }

    private void setpoints(Map<String, PointInfo> points) {
        List<SetpointConfig> list = config.setpoints();
        unique(list, SetpointConfig::point, "setpoint", i -> at.value("setpoints", i, "point"));
        for (int i = 0; i < list.size(); i++) {
            SetpointConfig sp = list.get(i);
            writable(points, sp.point(), at.value("setpoints", i, "point"), "setpoint");
            if (sp.min() != null && sp.max() != null && sp.min() >= sp.max()) {
                problems.error(at.value("setpoints", i, "min"), "low-above-high", "setpoint '" + sp.point() + "': min "
                        + PointRules.num(sp.min()) + " is not below max " + PointRules.num(sp.max()));
            }
        }
    }

    /**
     * An output is either a run permissive (energize-to-run: protections, effects or load shedding de-energize
     * it) or an indicator (effects energize it), never both: one pin cannot follow two opposite rules.
     */
    private void outputRoles() {
        Set<String> deenergized = new HashSet<>();
        config.protections().forEach(p -> deenergized.addAll(p.deenergize()));
        config.effects().forEach(e -> deenergized.addAll(e.deenergize()));
        if (config.loadShedding() != null) {
            config.loadShedding().racks().forEach(r -> deenergized.add(r.output()));
        }
        for (int i = 0; i < config.effects().size(); i++) {
            List<String> energize = config.effects().get(i).energize();
            for (int k = 0; k < energize.size(); k++) {
                if (deenergized.contains(energize.get(k))) {
                    problems.error(at.value("effects", i, "energize", k), "output-role", "output '" + energize.get(k)
                            + "' is energized by effect '" + config.effects().get(i).id() + "' but de-energized as a "
                            + "run permissive elsewhere; an output is one or the other");
                }
            }
        }
    }

    // ----------------------------------------------------------------------------- safety, authorization

    private void safety() {
        String reset = config.safety().localResetInput();
        if (reset != null) {
            List<String> inputs = config.gpio().inputs().stream().map(GpioConfig.Input::id).toList();
            if (!inputs.contains(reset)) {
                unknownReference(at.value("safety", "localResetInput"), "safety.localResetInput", "GPIO input", reset,
                        inputs);
            }
        }
    }

    private void authorization() {
        YNode section = at.node("authorization");
        if (!(section instanceof YMap map) || map.entries().isEmpty()) {
            Loc where = section != null ? at.key("authorization") : new Loc(file, 1, 1);
            problems.warning(where, "deny-all", "no authorization section: all commands will be refused (deny-all)");
            return;
        }
        AuthorizationConfig a = config.authorization();
        Map<String, List<String>> classes = new LinkedHashMap<>();
        classes.put("view", a.view());
        classes.put("operate", a.operate());
        classes.put("engineer", a.engineer());
        classes.put("safetyReset", a.safetyReset());
        classes.forEach((name, ids) -> {
            if (map.entry(name) != null && ids.isEmpty()) {
                problems.error(at.value("authorization", name), "no-identities", "command class '" + name + "' lists "
                        + "no identities: name who may use it, or remove the key to refuse it to everyone");
            }
        });
    }

    // ----------------------------------------------------------------------------------------------- mqtt

    private void mqtt() {
        MqttConfig m = config.mqtt();
        String root = config.topicRoot();
        if (root.length() > Names.TOPIC_ROOT_MAX) {
            Loc where = at.isWritten("mqtt", "topicRoot") ? at.value("mqtt", "topicRoot") : at.value("pod", "id");
            problems.error(where, "name-too-long", "mqtt.topicRoot with {site} and {pod} filled in is "
                    + root.length() + " characters long: at most " + Names.TOPIC_ROOT_MAX
                    + ", so that command topics stay within 256 bytes");
        }
        for (int i = 0; i < m.brokers().size(); i++) {
            String uri = m.brokers().get(i);
            int port = Integer.parseInt(uri.substring(uri.lastIndexOf(':') + 1));
            if (port < 1 || port > 65535) {
                problems.error(at.value("mqtt", "brokers", i), "bad-broker-uri", "broker port " + port + " of '" + uri
                        + "' must be between 1 and 65535");
            }
            if (uri.startsWith("ssl://") && (m.tls() == null || m.tls().caFile() == null)) {
                problems.error(at.value("mqtt", "brokers", i), "tls-required", "broker '" + uri + "' uses ssl:// "
                        + "and needs mqtt.tls.caFile to verify the broker");
            }
        }
        if (m.tls() != null && (m.tls().certFile() == null) != (m.tls().keyFile() == null)) {
            problems.error(at.key("mqtt", "tls"), "tls-incomplete", "mqtt.tls needs certFile and keyFile together "
                    + "(a client certificate and its key)");
        }
        secretFile(m.credentialsFile(), "mqtt.credentialsFile", at.value("mqtt", "credentialsFile"), true);
        if (m.tls() != null) {
            secretFile(m.tls().keyFile(), "mqtt.tls.keyFile", at.value("mqtt", "tls", "keyFile"), true);
            secretFile(m.tls().caFile(), "mqtt.tls.caFile", at.value("mqtt", "tls", "caFile"), false);
            secretFile(m.tls().certFile(), "mqtt.tls.certFile", at.value("mqtt", "tls", "certFile"), false);
        }
    }

    // -------------------------------------------------------------------------------------------- console

    private void console() {
        ConsoleConfig c = config.console();
        int port = c.listenPort();
        if (port < 1 || port > 65535) {
            problems.error(at.value("console", "listen"), "bad-listen", "console port " + port + " of '" + c.listen()
                    + "' must be between 1 and 65535");
        } else if (!isLoopback(c.listenHost())) {
            problems.warning(at.value("console", "listen"), "console-exposed", "the console is served over plain "
                    + "HTTP on " + c.listen() + ": anyone on the network could alter the page an operator types a "
                    + "broker password into; keep 127.0.0.1 and serve it through a TLS web server (docs/console.md)");
        }
        String url = c.brokerUrl();
        if (url == null) {
            return;
        }
        String authority = url.substring(url.indexOf("://") + 3).split("/", 2)[0];
        int urlPort = Integer.parseInt(authority.substring(authority.lastIndexOf(':') + 1));
        String host = authority.substring(0, authority.lastIndexOf(':')).replace("[", "").replace("]", "");
        if (urlPort < 1 || urlPort > 65535) {
            problems.error(at.value("console", "brokerUrl"), "bad-broker-uri", "broker port " + urlPort + " of '"
                    + url + "' must be between 1 and 65535");
        } else if (url.startsWith("ws://") && !isLoopback(host)) {
            problems.warning(at.value("console", "brokerUrl"), "console-plain-ws", "'" + url + "' is not encrypted: "
                    + "operators' broker passwords would cross the network in clear; use wss://");
        }
    }

    // -------------------------------------------------------------------------------------------- metrics

    private void metrics() {
        MetricsConfig m = config.metrics();
        if (m == null) {
            return;
        }
        Loc listen = at.value("metrics", "listen"); // the section itself when the address is the default
        if (m.port() < 1 || m.port() > 65535) {
            problems.error(listen, "bad-listen", "metrics.listen port " + m.port() + " must be between 1 and 65535");
        }
        if (!isLoopback(m.host()) && (m.credentialsFile() == null || m.tls() == null)) {
            problems.warning(listen, "metrics-exposed", "metrics.listen '" + m.listen() + "' is reachable from the "
                    + "network " + (m.credentialsFile() == null ? "without authentication" : "with passwords in clear")
                    + ": set metrics.credentialsFile and metrics.tls, or listen on 127.0.0.1");
        }
        secretFile(m.credentialsFile(), "metrics.credentialsFile", at.value("metrics", "credentialsFile"), true);
        if (m.tls() != null) {
            secretFile(m.tls().keyFile(), "metrics.tls.keyFile", at.value("metrics", "tls", "keyFile"), true);
            secretFile(m.tls().certFile(), "metrics.tls.certFile", at.value("metrics", "tls", "certFile"), false);
            secretFile(m.tls().clientCaFile(), "metrics.tls.clientCaFile", at.value("metrics", "tls", "clientCaFile"),
                    false);
        }
    }

    /** Loopback by its literal spelling: validation never resolves names. */
    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1")
                || host.matches("127(\\.[0-9]{1,3}){3}");
    }

    /**
     * Checks a file the link will read. Secrets (credentials, private key) must not be readable or writable by
     * group or others; public material (CA, certificate) must not be writable by them, or anyone could swap the
     * CA the broker is verified with.
     */
    private void secretFile(String name, String key, Loc loc, boolean secret) {
        if (name == null) {
            return;
        }
        Path path = resolve(baseDir, name);
        if (!Files.isRegularFile(path)) {
            problems.warning(loc, "file-missing", key + " '" + path + "' "
                    + (Files.exists(path) ? "is not a regular file" : "does not exist"));
            return;
        }
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system (or a dangling link): nothing we can check.
            return;
        }
        Set<PosixFilePermission> bad = EnumSet.noneOf(PosixFilePermission.class);
        bad.addAll(perms);
        bad.retainAll(secret ? GROUP_OR_OTHERS_RW : GROUP_OR_OTHERS_W);
        if (!bad.isEmpty()) {
            String mode = PosixFilePermissions.toString(perms);
            if (secret) {
                problems.warning(loc, "secret-readable", key + " '" + path + "' is accessible by group or others ("
                        + mode + "): chmod 600 it");
            } else {
                problems.warning(loc, "file-writable", key + " '" + path + "' is writable by group or others (" + mode
                        + "): chmod 644 it");
            }
        }
    }

    /** A file name of the configuration, resolved against its directory. */
    public static Path resolve(Path baseDir, String name) {
        Path p = Path.of(name);
        return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
    }

    // ---------------------------------------------------------------------------------------------- util

    private <T> void unique(List<T> items, Function<T, String> id, String kind, Function<Integer, Loc> loc) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Integer first = seen.putIfAbsent(id.apply(items.get(i)), i);
            if (first != null) {
                problems.error(loc.apply(i), "duplicate-id", kind + " id '" + id.apply(items.get(i))
                        + "' is used twice (first at line " + loc.apply(first).line() + ")");
            }
        }
    }

    /**
     * A string point (a serial number, a firmware version) is text for people: it is published, never a value
     * the safety engine, a permissive, a vote, an effect or a setpoint could judge or write. Reports and returns
     * true for such a point.
     */
    private boolean text(PointInfo pi, Loc loc, String what) {
        if (pi == null || !pi.text()) {
            return false;
        }
        problems.error(loc, "text-point", what + " '" + pi.id() + "', which is text (type string): text points are "
                + "published for people and never act; use a numeric or bool point");
        return true;
    }

    private void unknownReference(Loc loc, String who, String kind, String name, List<String> known) {
        String hint = Suggest.closest(name, known).map(g -> "; did you mean '" + g + "'?")
                .orElse(known.isEmpty() ? "; there are none" : known.size() <= 12
                        ? "; known: " + String.join(", ", known) : "");
        problems.error(loc, "unknown-reference", who + " refers to " + kind + " '" + name + "', which does not exist"
                + hint);
    }
}
