package io.podctl.config.internal;

import io.podctl.config.Durations;
import io.podctl.config.AuthorizationConfig;
import io.podctl.config.BusConfig;
import io.podctl.config.DataType;
import io.podctl.config.DeviceConfig;
import io.podctl.config.GpioConfig;
import io.podctl.config.MqttConfig;
import io.podctl.config.PodConfig;
import io.podctl.config.PointConfig;
import io.podctl.config.ProtectionConfig;
import io.podctl.config.ProtectionConfig.Condition;
import io.podctl.config.internal.YNode.YMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** What a protection may watch. */
    private record PointInfo(String id, boolean digital, Double min, Double max, String unit) {
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
        protections(points);
        safety();
        authorization();
        mqtt();
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
            PointRules.check(d.points(), d.forbidden(), "device '" + d.id() + "'",
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
        }
        for (int i = 0; i < g.outputs().size(); i++) {
            GpioConfig.Output out = g.outputs().get(i);
            gpioId(ids, out.id(), at.value("gpio", "outputs", i, "id"));
            pin(pins, pinLocs, out.pin(), "output '" + out.id() + "'", at.value("gpio", "outputs", i, "pin"));
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
                PointInfo info = new PointInfo(id, pc.type() == DataType.BOOL, pc.min(), pc.max(), pc.unit());
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
        for (int i = 0; i < list.size(); i++) {
            ProtectionConfig p = list.get(i);
            String name = "protection '" + p.id() + "'";
            PointInfo point = points.get(p.point());
            if (point == null) {
                unknownReference(at.value("protections", i, "point"), name, "point", p.point(),
                        List.copyOf(points.keySet()));
            }
            if (p.condition() == Condition.ACTIVE) {
                active(p, i, name, point);
            } else {
                limits(p, i, name, point);
            }
            for (int k = 0; k < p.deenergize().size(); k++) {
                if (!outputs.contains(p.deenergize().get(k))) {
                    unknownReference(at.value("protections", i, "deenergize", k), name, "GPIO output",
                            p.deenergize().get(k), outputs);
                }
            }
            String tripReason = tripReason(p);
            if (tripReason != null && p.deenergize().isEmpty()) {
                problems.warning(at.value("protections", i, "id"), "no-deenergize", name + " can trip (" + tripReason
                        + ") but de-energizes nothing: list outputs in deenergize"
                        + (p.condition() != Condition.ACTIVE && p.trip() == null ? ", or set onBadData: alarm" : ""));
            }
            if (p.reset() == ProtectionConfig.ResetMode.LOCAL && config.safety().localResetInput() == null) {
                problems.error(at.value("protections", i, "reset"), "missing-local-reset", name + " is reset locally "
                        + "but safety.localResetInput names no reset input");
            }
        }
        lowAboveHigh(list);
    }

    private void active(ProtectionConfig p, int i, String name, PointInfo point) {
        if (p.alarm() != null || p.trip() != null) {
            String key = p.alarm() != null ? "alarm" : "trip";
            problems.error(at.key("protections", i, key), "limits-on-active", name + " is an active condition and "
                    + "has no limits: remove alarm/trip and set severity: alarm or trip");
        }
        if (point != null && !point.digital()) {
            problems.error(at.value("protections", i, "point"), "not-digital", name + " watches '" + point.id()
                    + "', which is not digital: condition active needs a GPIO input or a bool point");
        }
    }

    private void limits(ProtectionConfig p, int i, String name, PointInfo point) {
        String cond = p.condition() == Condition.HIGH ? "high" : "low";
        if (p.alarm() == null && p.trip() == null) {
            problems.error(at.value("protections", i, "condition"), "missing-limit", name + ": a " + cond
                    + " protection needs an alarm or a trip limit (or both)");
        }
        if (p.alarm() != null && p.trip() != null) {
            boolean beyond = p.condition() == Condition.HIGH ? p.alarm() >= p.trip() : p.alarm() <= p.trip();
            if (beyond) {
                problems.error(at.value("protections", i, "alarm"), "alarm-beyond-trip", name + ": alarm "
                        + PointRules.num(p.alarm()) + " is " + (p.condition() == Condition.HIGH ? "at or above" :
                        "at or below") + " the trip " + PointRules.num(p.trip()) + "; the alarm must come first");
            }
        }
        if (at.isWritten("protections", i, "severity")) {
            problems.warning(at.key("protections", i, "severity"), "severity-ignored", name + ": severity applies "
                    + "to active conditions only; a " + cond + " protection alarms at 'alarm' and trips at 'trip'");
        }
        if (point == null) {
            return;
        }
        if (point.digital()) {
            problems.error(at.value("protections", i, "point"), "not-analog", name + " watches '" + point.id()
                    + "', which is digital: use condition: active");
            return;
        }
        for (String key : List.of("alarm", "trip")) {
            Double limit = key.equals("alarm") ? p.alarm() : p.trip();
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

    private void unknownReference(Loc loc, String who, String kind, String name, List<String> known) {
        String hint = Suggest.closest(name, known).map(g -> "; did you mean '" + g + "'?")
                .orElse(known.isEmpty() ? "; there are none" : known.size() <= 12
                        ? "; known: " + String.join(", ", known) : "");
        problems.error(loc, "unknown-reference", who + " refers to " + kind + " '" + name + "', which does not exist"
                + hint);
    }
}
