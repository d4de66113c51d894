package io.podctl.config.properties;

import io.podctl.config.AddressRange;
import io.podctl.config.DataType;
import io.podctl.config.PointConfig;
import io.podctl.config.Table;
import io.podctl.config.properties.YamlTree.Leaf;
import io.podctl.config.properties.YamlTree.TMap;
import io.podctl.config.properties.YamlTree.TSeq;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * Generates random, valid pod configurations as {@link YamlTree}s: buses (TCP and RTU), devices with inline points
 * (no two on one register or bit) or with a shipped profile plus overrides and added points, GPIO inputs and
 * outputs on distinct pins, protections on existing points with consistent limits (alarm before trip, low limits
 * below high limits on the same point), reset inputs, and authorization. Alongside the tree it returns the
 * {@link Facts} mutations need to break exactly one rule.
 */
final class PodGenerator {

    /** A point as the loader will see it, with where it is written in the pod file (null: only in a profile). */
    record PointFact(String device, String id, String table, String type, int address, int size, Integer bit,
                     Double min, Double max, List<Object> path) {
        String qualified() {
            return device + "." + id;
        }

        boolean digital() {
            return type.equals("bool");
        }

        boolean numeric() {
            return !digital() && !type.equals("string");
        }

        boolean bitTable() {
            return table.equals("coil") || table.equals("discrete");
        }

        boolean overlaps(String otherTable, int from, int count) {
            return table.equals(otherTable) && from <= address + size - 1 && address <= from + count - 1;
        }
    }

    /** A forbidden range of a device, in the YAML table name. */
    record RangeFact(String table, int from, int to) {
    }

    record BusFact(int index, String id, Duration timeout, boolean timeoutWritten, boolean tcp) {
        List<Object> path() {
            return List.of("buses", index);
        }
    }

    record DeviceFact(int index, String id, String bus, int unit, Duration poll, boolean pollWritten, String profile,
                      List<PointFact> points, List<RangeFact> forbidden) {
        List<Object> path() {
            return List.of("devices", index);
        }
    }

    record GpioFact(String id, int pin, List<Object> path) {
    }

    record ProtectionFact(int index, String id, String point, String condition, Double alarm, Double trip,
                          boolean localReset) {
        List<Object> path() {
            return List.of("protections", index);
        }
    }

    /** What the generator put where. */
    record Facts(List<BusFact> buses, List<DeviceFact> devices, List<GpioFact> inputs, List<GpioFact> outputs,
                 List<ProtectionFact> protections, String localResetInput, List<String> authorizationClasses) {
        List<PointFact> points() {
            return devices.stream().flatMap(d -> d.points().stream()).toList();
        }

        List<String> analogPoints() {
            return points().stream().filter(PointFact::numeric).map(PointFact::qualified).toList();
        }

        List<String> digitalPoints() {
            List<String> out = new ArrayList<>(points().stream().filter(PointFact::digital).map(PointFact::qualified)
                    .toList());
            inputs.forEach(i -> out.add(i.id()));
            return out;
        }

        Set<Integer> pins() {
            Set<Integer> pins = new HashSet<>();
            inputs.forEach(i -> pins.add(i.pin()));
            outputs.forEach(o -> pins.add(o.pin()));
            return pins;
        }
    }

    /** A generated configuration. */
    record Generated(TMap tree, Facts facts) {
    }

    static final List<String> AUTH_CLASSES = List.of("view", "operate", "engineer", "safetyReset");
    private static final List<String> TABLES = List.of("coil", "discrete", "input", "holding");
    private static final List<String> REGISTER_TYPES = List.of("int16", "uint16", "int32", "uint32", "int64",
            "float32", "float64", "string", "bool");
    private static final List<String> WORD_ORDERS = List.of("ABCD", "CDAB", "BADC", "DCBA");
    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";

    private final RandomGenerator r;
    private final TMap root = new TMap();
    private final List<BusFact> buses = new ArrayList<>();
    private final List<DeviceFact> devices = new ArrayList<>();
    private final List<GpioFact> inputs = new ArrayList<>();
    private final List<GpioFact> outputs = new ArrayList<>();
    private final List<ProtectionFact> protections = new ArrayList<>();
    private final List<String> authClasses = new ArrayList<>();
    private final Map<String, double[]> bands = new HashMap<>();
    private String localReset;

    private PodGenerator(RandomGenerator r) {
        this.r = r;
    }

    /** A valid configuration drawn from {@code random}. */
    static Generated generate(RandomGenerator random) {
        return new PodGenerator(random).build();
    }

    private Generated build() {
        // Top-level sections in a random order: the file's meaning does not depend on it.
        List<Runnable> sections = new ArrayList<>(List.of(this::loop, this::mqtt, this::persistenceAndLogging));
        pod();
        busesAndDevices();
        gpio();
        safety();
        protections();
        authorization();
        sections.forEach(Runnable::run);
        shuffleTopLevel();
        return new Generated(root, new Facts(List.copyOf(buses), List.copyOf(devices), List.copyOf(inputs),
                List.copyOf(outputs), List.copyOf(protections), localReset, List.copyOf(authClasses)));
    }

    private void shuffleTopLevel() {
        List<Map.Entry<String, YamlTree.Node>> entries = new ArrayList<>(root.entries.entrySet());
        for (int i = entries.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            var t = entries.get(i);
            entries.set(i, entries.get(j));
            entries.set(j, t);
        }
        root.entries.clear();
        entries.forEach(e -> root.entries.put(e.getKey(), e.getValue()));
    }

    // ------------------------------------------------------------------------------------------ sections

    private void pod() {
        TMap pod = new TMap().put("site", Leaf.id(simpleId("site"))).put("id", Leaf.id(simpleId("pod")));
        if (chance(0.5)) {
            pod.put("description", Leaf.str("generated pod " + r.nextInt(100)));
        }
        root.put("pod", pod);
    }

    private void loop() {
        if (chance(0.2)) {
            return;
        }
        TMap loop = new TMap().put("period", Leaf.duration(pick("10ms", "20ms", "100ms", "250ms", "1s", "10s"), true,
                "5ms", "11s", "9999us"));
        if (chance(0.4)) {
            loop.put("overrunLogInterval", Leaf.duration(pick("1s", "10s", "1min"), true));
        }
        root.put("loop", loop);
    }

    private void mqtt() {
        if (chance(0.2)) {
            return;
        }
        TMap m = new TMap();
        if (chance(0.7)) {
            TSeq brokers = new TSeq();
            int n = 1 + r.nextInt(2);
            for (int i = 0; i < n; i++) {
                brokers.add(Leaf.str(pick("tcp://broker" + i + ".local:1883", "tcp://10.0.0." + (i + 2) + ":1883",
                        "tcp://[::1]:1883", "tcp://localhost:" + (1024 + r.nextInt(60000)))));
            }
            m.put("brokers", brokers);
        }
        if (chance(0.5)) {
            m.put("topicRoot", chance(0.5) ? Leaf.quoted("podctl/{site}/{pod}") : Leaf.str("fleet/" + simpleId("t")));
        }
        if (chance(0.4)) {
            m.put("keepAlive", Leaf.duration(pick("5s", "10s", "30s"), true));
        }
        if (chance(0.5)) {
            m.put("stateInterval", Leaf.duration(pick("1s", "5s", "500ms"), true));
        }
        if (chance(0.3)) {
            m.put("clientId", Leaf.str("podctl-" + simpleId("c")));
        }
        root.put("mqtt", m);
    }

    private void persistenceAndLogging() {
        if (chance(0.4)) {
            root.put("persistence", new TMap().put("directory", Leaf.str(pick("state", "/var/lib/podctl"))));
        }
        if (chance(0.4)) {
            TMap l = new TMap().put("level", Leaf.enumValue(pick("trace", "debug", "info", "warn", "error")));
            if (chance(0.5)) {
                l.put("directory", Leaf.str("logs"));
            }
            root.put("logging", l);
        }
    }

    private void busesAndDevices() {
        int nBuses = 1 + r.nextInt(3);
        TSeq busSeq = new TSeq();
        for (int i = 0; i < nBuses; i++) {
            boolean tcp = i == 0 || chance(0.6);
            TMap bus = new TMap().put("id", Leaf.id("bus" + i + (chance(0.3) ? "-" + simpleId("x") : "")));
            if (tcp) {
                TMap t = new TMap().put("host", Leaf.str(pick("10.0.0." + (10 + i), "cdu.local", "127.0.0.1")));
                if (chance(0.6)) {
                    t.put("port", Leaf.integer(pick(502, 1502, 15020 + i), "0", "65536"));
                }
                bus.put("tcp", t);
            } else {
                TMap rtu = new TMap().put("port", Leaf.str("/dev/ttyUSB" + i));
                if (chance(0.5)) {
                    rtu.put("baud", new Leaf(pick("9600", "19200", "115200"), YamlTree.Kind.ENUM, false, List.of(),
                            false));
                }
                if (chance(0.4)) {
                    rtu.put("parity", Leaf.enumValue(pick("none", "even", "odd")));
                }
                if (chance(0.3)) {
                    rtu.put("dataBits", new Leaf(pick("7", "8"), YamlTree.Kind.ENUM, false, List.of(), false));
                }
                if (chance(0.3)) {
                    rtu.put("stopBits", new Leaf(pick("1", "2"), YamlTree.Kind.ENUM, false, List.of(), false));
                }
                bus.put("rtu", rtu);
            }
            Duration timeout = Duration.ofMillis(300);
            boolean written = chance(0.6);
            if (written) {
                timeout = Duration.ofMillis(pick(50, 100, 150, 250, 300));
                bus.put("timeout", Leaf.duration(timeout.toMillis() + "ms", true));
            }
            busSeq.add(bus);
            buses.add(new BusFact(i, ((Leaf) bus.get("id")).text(), timeout, written, tcp));
        }
        root.put("buses", busSeq);

        int nDevices = 1 + r.nextInt(4);
        TSeq devSeq = new TSeq();
        Map<String, Set<Integer>> units = new HashMap<>();
        for (int i = 0; i < nDevices; i++) {
            BusFact bus = buses.get(r.nextInt(buses.size()));
            Set<Integer> used = units.computeIfAbsent(bus.id(), k -> new HashSet<>());
            int unit;
            do {
                unit = 1 + r.nextInt(247);
            } while (!used.add(unit));
            String id = "dev" + i + (chance(0.3) ? "_" + simpleId("") : "");
            TMap dev = new TMap().put("id", Leaf.id(id)).put("bus", Leaf.id(bus.id()))
                    .put("unitId", Leaf.integer(unit, "0", "248"));
            Duration poll = Duration.ofSeconds(1);
            boolean pollWritten = chance(0.7);
            if (pollWritten) {
                poll = Duration.ofMillis(pick(500, 1000, 2000, 5000));
                dev.put("pollPeriod", Leaf.duration(poll.toMillis() + "ms", true));
            }
            if (chance(0.3)) {
                dev.put("retries", Leaf.integer(r.nextInt(4), "4", "-1"));
            }
            if (chance(0.3)) {
                dev.put("pollOffset", Leaf.duration(pick("0s", "100ms", "250ms"), false, "-1s"));
            }
            if (chance(0.3)) {
                dev.put("description", Leaf.str("device " + i));
            }
            if (chance(0.2)) {
                dev.put("maxHole", Leaf.integer(r.nextInt(126), "-1", "126"));
            }
            if (chance(0.2)) {
                // Never below the widest point (8 registers), or a point could not be read at all.
                dev.put("maxBlockRegisters", Leaf.integer(8 + r.nextInt(118), "0", "126"));
            }
            if (chance(0.2)) {
                dev.put("wordOrder", Leaf.enumValue(pick(WORD_ORDERS)));
            }
            List<PointFact> points = new ArrayList<>();
            List<RangeFact> forbidden = new ArrayList<>();
            String profile = null;
            if (chance(0.4)) {
                profile = pick(ProfileCatalog.NAMES);
                dev.put("profile", Leaf.id(profile));
                profilePoints(dev, id, profile, points, forbidden);
            } else {
                inlinePoints(dev, id, List.of("devices", i), points, forbidden);
            }
            devSeq.add(dev);
            devices.add(new DeviceFact(i, id, bus.id(), unit, poll, pollWritten, profile, List.copyOf(points),
                    List.copyOf(forbidden)));
        }
        root.put("devices", devSeq);
    }

    private void inlinePoints(TMap dev, String device, List<Object> devPath, List<PointFact> facts,
                              List<RangeFact> forbidden) {
        TSeq seq = new TSeq();
        Map<String, Integer> cursor = new HashMap<>();
        int n = 1 + r.nextInt(6);
        for (int k = 0; k < n; k++) {
            String table = pick(TABLES);
            int address = cursor.computeIfAbsent(table, t -> r.nextInt(50_000));
            String type = table.equals("coil") || table.equals("discrete") ? "bool" : pick(REGISTER_TYPES);
            String id = (chance(0.5) ? "p" + k : pick("temp", "flow", "power", "state", "level") + "." + "v" + k);
            TMap p = new TMap().put("id", Leaf.id(id)).put("table", Leaf.enumValue(table))
                    .put("address", Leaf.integer(address, "-1", "65536")).put("type", Leaf.enumValue(type));
            int size;
            Integer bit = null;
            Double min = null;
            Double max = null;
            if (table.equals("coil") || table.equals("discrete")) {
                size = 1;
            } else if (type.equals("bool")) {
                bit = r.nextInt(16);
                p.put("bit", Leaf.integer(bit, "16", "-1"));
                size = 1;
            } else if (type.equals("string")) {
                size = 1 + r.nextInt(8);
                p.put("length", Leaf.integer(size, "0", "126"));
            } else {
                size = DataType.valueOf(type.toUpperCase(Locale.ROOT)).registers();
                if (chance(0.4)) {
                    p.put("scale", Leaf.number(pick("0.1", "0.01", "10", "-1", "2.5")));
                }
                if (chance(0.3)) {
                    p.put("offset", Leaf.number(pick("0", "-40", "273.15")));
                }
                if (chance(0.4)) {
                    p.put("unit", Leaf.str(pick("degC", "L/min", "bar", "W", "kWh", "%")));
                }
                if (chance(0.5)) {
                    min = (double) (r.nextInt(200) - 100);
                    max = min + 1 + r.nextInt(1000);
                    p.put("min", Leaf.number(num(min))).put("max", Leaf.number(num(max)));
                }
                if (size > 1 && chance(0.2)) {
                    p.put("wordOrder", Leaf.enumValue(pick(WORD_ORDERS)));
                }
            }
            if (chance(0.3)) {
                p.put("description", Leaf.str("point " + k));
            }
            cursor.put(table, address + size + r.nextInt(4));
            seq.add(p);
            facts.add(new PointFact(device, id, table, type, address, size, bit, min, max,
                    YamlTree.path(devPath, "points", k)));
        }
        // Point ids must be unique within the device: rename clashes.
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < facts.size(); k++) {
            PointFact f = facts.get(k);
            if (!seen.add(f.id())) {
                String fresh = f.id() + "x" + k;
                seen.add(fresh);
                ((TMap) seq.items.get(k)).put("id", Leaf.id(fresh));
                facts.set(k, new PointFact(f.device(), fresh, f.table(), f.type(), f.address(), f.size(), f.bit(),
                        f.min(), f.max(), f.path()));
            }
        }
        dev.put("points", seq);
        if (chance(0.3)) {
            // Well past the last point of a table, so that no point is inside it.
            String table = pick(TABLES);
            int from = cursor.getOrDefault(table, r.nextInt(50_000)) + 10 + r.nextInt(10);
            int to = from + r.nextInt(6);
            dev.put("forbidden", new TSeq().add(new TMap().put("table", Leaf.enumValue(table))
                    .put("from", Leaf.integer(from, "-1", "65536")).put("to", Leaf.integer(to, "-1", "65536"))));
            forbidden.add(new RangeFact(table, from, to));
        }
    }

    private void profilePoints(TMap dev, String device, String profile, List<PointFact> facts,
                               List<RangeFact> forbidden) {
        ProfileCatalog.Profile prof = ProfileCatalog.PROFILES.get(profile);
        List<Object> devPath = List.of("devices", devices.size());
        for (PointConfig pc : prof.points()) {
            facts.add(fact(device, pc, null));
        }
        for (AddressRange ar : prof.forbidden()) {
            forbidden.add(new RangeFact(tableName(ar.table()), ar.from(), ar.to()));
        }
        TSeq own = new TSeq();
        if (chance(0.4) && !prof.points().isEmpty()) {
            int index = r.nextInt(prof.points().size());
            PointConfig pc = prof.points().get(index);
            TMap over = new TMap().put("id", Leaf.id(pc.id()));
            switch (r.nextInt(3)) {
                case 0 -> over.put("description", Leaf.str("overridden"));
                case 1 -> over.put("unit", Leaf.str("unit" + r.nextInt(9)));
                default -> {
                    if (pc.type() != DataType.BOOL && pc.type() != DataType.STRING) {
                        over.put("scale", Leaf.number(pick("0.5", "2", "-1")));
                    } else {
                        over.put("description", Leaf.str("overridden"));
                    }
                }
            }
            own.add(over);
            facts.set(index, fact(device, pc, YamlTree.path(devPath, "points", own.items.size() - 1)));
        }
        if (chance(0.4)) {
            String table = pick("input", "holding");
            int end = 0;
            for (PointFact f : facts) {
                if (f.table().equals(table)) {
                    end = Math.max(end, f.address() + f.size());
                }
            }
            for (RangeFact rf : forbidden) {
                if (rf.table().equals(table)) {
                    end = Math.max(end, rf.to() + 1);
                }
            }
            int address = end + r.nextInt(5);
            String type = pick("int16", "uint32", "float32");
            String id = "extra" + r.nextInt(10);
            own.add(new TMap().put("id", Leaf.id(id)).put("table", Leaf.enumValue(table))
                    .put("address", Leaf.integer(address, "-1", "65536")).put("type", Leaf.enumValue(type)));
            facts.add(new PointFact(device, id, table, type, address,
                    DataType.valueOf(type.toUpperCase(Locale.ROOT)).registers(), null, null, null,
                    YamlTree.path(devPath, "points", own.items.size() - 1)));
        }
        if (!own.items.isEmpty()) {
            dev.put("points", own);
        }
    }

    private static PointFact fact(String device, PointConfig pc, List<Object> path) {
        int size = pc.table().isBitTable() ? 1 : pc.type() == DataType.STRING ? pc.length()
                : pc.type().registers();
        return new PointFact(device, pc.id(), tableName(pc.table()), pc.type().name().toLowerCase(Locale.ROOT),
                pc.address(), size, pc.bit(), pc.min(), pc.max(), path);
    }

    static String tableName(Table t) {
        return switch (t) {
            case COIL -> "coil";
            case DISCRETE_INPUT -> "discrete";
            case INPUT_REGISTER -> "input";
            case HOLDING_REGISTER -> "holding";
        };
    }

    private void gpio() {
        List<Integer> pins = new ArrayList<>(IntStream.rangeClosed(0, 27).boxed().toList());
        Collections.shuffle(pins, new Random(r.nextLong()));
        TMap gpio = new TMap();
        TSeq in = new TSeq();
        int nIn = 1 + r.nextInt(4);
        for (int i = 0; i < nIn; i++) {
            String id = pick("leak.r" + i, "door" + i, "estop" + i, "reset.b" + i);
            int pin = pins.remove(0);
            TMap m = new TMap().put("id", Leaf.id(id)).put("pin", Leaf.integer(pin, "28", "-1"));
            String pull = chance(0.4) ? pick("none", "up", "down") : null;
            if (pull != null) {
                m.put("pull", Leaf.enumValue(pull));
            }
            // Without a bias resistor the active level must be given; with one, a declared contact must agree
            // with it (a normally-closed loop is active at the bias level: low with a pull-down).
            boolean activeLow = r.nextBoolean();
            boolean givesActiveLow = "none".equals(pull) || chance(0.4);
            if (givesActiveLow) {
                m.put("activeLow", Leaf.bool(activeLow));
            }
            if (chance(0.3)) {
                boolean normallyClosed = !givesActiveLow || "none".equals(pull) ? r.nextBoolean()
                        : activeLow == "down".equals(pull);
                m.put("contact", Leaf.enumValue(normallyClosed ? "normallyClosed" : "normallyOpen"));
            }
            if (chance(0.4)) {
                m.put("debounce", Leaf.duration(pick("0ms", "5ms", "20ms", "1s"), false, "2s", "-1ms"));
            }
            in.add(m);
            inputs.add(new GpioFact(id, pin, List.of("gpio", "inputs", i)));
        }
        TSeq out = new TSeq();
        int nOut = 1 + r.nextInt(4);
        for (int i = 0; i < nOut; i++) {
            String id = pick("rack" + i + ".power", "beacon" + i, "valve" + i);
            int pin = pins.remove(0);
            TMap m = new TMap().put("id", Leaf.id(id)).put("pin", Leaf.integer(pin, "28", "-1"));
            if (chance(0.3)) {
                m.put("activeLow", Leaf.bool(r.nextBoolean()));
            }
            if (chance(0.3)) {
                m.put("description", Leaf.str("output " + i));
            }
            out.add(m);
            outputs.add(new GpioFact(id, pin, List.of("gpio", "outputs", i)));
        }
        gpio.put("inputs", in).put("outputs", out);
        root.put("gpio", gpio);
    }

    private void safety() {
        TMap s = new TMap();
        if (chance(0.5)) {
            localReset = pick(inputs).id();
            s.put("localResetInput", Leaf.id(localReset));
        }
        if (chance(0.3)) {
            s.put("inputSettleTime", Leaf.duration(pick("0s", "2s", "500ms"), false, "-1s"));
        }
        if (!s.entries.isEmpty()) {
            root.put("safety", s);
        }
    }

    private void protections() {
        List<PointFact> analog = devices.stream().flatMap(d -> d.points().stream()).filter(PointFact::numeric)
                .toList();
        List<String> digital = new ArrayList<>();
        devices.forEach(d -> d.points().stream().filter(PointFact::digital).forEach(p -> digital.add(p.qualified())));
        inputs.forEach(i -> digital.add(i.id()));
        TSeq seq = new TSeq();
        if (!analog.isEmpty()) {
            PointFact a = pick(analog);
            limitProtection(seq, a, "high", true);
            limitProtection(seq, a, "low", chance(0.5));
        }
        activeProtection(seq, pick(digital));
        int extra = r.nextInt(5);
        for (int i = 0; i < extra; i++) {
            if (analog.isEmpty() || chance(0.3)) {
                activeProtection(seq, pick(digital));
            } else {
                limitProtection(seq, pick(analog), chance(0.5) ? "high" : "low", chance(0.5));
            }
        }
        root.put("protections", seq);
    }

    /** A high or low protection whose limits lie on its side of the point's band, so lows stay below highs. */
    private void limitProtection(TSeq seq, PointFact point, String condition, boolean both) {
        double[] band = bands.computeIfAbsent(point.qualified(), k -> {
            if (point.min() != null && point.max() != null) {
                return new double[] {(point.min() + point.max()) / 2, (point.max() - point.min()) / 20};
            }
            return new double[] {r.nextInt(1100) - 100, 1 + r.nextInt(50)};
        });
        double sign = condition.equals("high") ? 1 : -1;
        double first = band[0] + sign * band[1] * (1 + r.nextInt(3));
        double second = first + sign * band[1] * (1 + r.nextInt(3));
        Double alarm = null;
        Double trip = null;
        if (both) {
            alarm = first;
            trip = second;
        } else if (r.nextBoolean()) {
            alarm = first;
        } else {
            trip = first;
        }
        int index = seq.items.size();
        String id = "prot" + index + "." + condition;
        TMap p = new TMap().put("id", Leaf.id(id)).put("point", Leaf.id(point.qualified()))
                .put("condition", Leaf.enumValue(condition));
        if (alarm != null) {
            p.put("alarm", Leaf.number(num(alarm)));
        }
        if (trip != null) {
            p.put("trip", Leaf.number(num(trip)));
        }
        boolean local = commonFields(p);
        seq.add(p);
        protections.add(new ProtectionFact(index, id, point.qualified(), condition, alarm, trip, local));
    }

    private void activeProtection(TSeq seq, String point) {
        int index = seq.items.size();
        String id = "prot" + index + ".active";
        TMap p = new TMap().put("id", Leaf.id(id)).put("point", Leaf.id(point))
                .put("condition", Leaf.enumValue("active"));
        if (chance(0.5)) {
            p.put("severity", Leaf.enumValue(pick("alarm", "trip")));
        }
        boolean local = commonFields(p);
        seq.add(p);
        protections.add(new ProtectionFact(index, id, point, "active", null, null, local));
    }

    /** Optional fields of any protection; true when it is reset locally. */
    private boolean commonFields(TMap p) {
        if (chance(0.4)) {
            p.put("hysteresis", Leaf.number(pick("0", "0.5", "2")));
        }
        if (chance(0.4)) {
            p.put("delay", Leaf.duration(pick("0s", "500ms", "2s"), false, "-1s"));
        }
        if (chance(0.3)) {
            p.put("onBadData", Leaf.enumValue(pick("trip", "alarm", "ignore")));
        }
        boolean local = false;
        if (localReset != null && chance(0.3)) {
            p.put("reset", Leaf.enumValue("local"));
            local = true;
        } else if (chance(0.2)) {
            p.put("reset", Leaf.enumValue("remote"));
        }
        if (chance(0.8)) {
            TSeq de = new TSeq();
            List<GpioFact> shuffled = new ArrayList<>(outputs);
            Collections.shuffle(shuffled, new Random(r.nextLong()));
            int n = 1 + r.nextInt(shuffled.size());
            shuffled.subList(0, n).forEach(o -> de.add(Leaf.id(o.id())));
            p.put("deenergize", de);
        }
        if (chance(0.3)) {
            p.put("description", Leaf.str("protects something"));
        }
        return local;
    }

    private void authorization() {
        if (chance(0.1)) {
            return;
        }
        TMap a = new TMap();
        List<String> identities = List.of("viewer", "operator", "eng-1", "ops_team", "scada");
        for (String c : AUTH_CLASSES) {
            if (chance(0.6) || (c.equals("safetyReset") && a.entries.isEmpty())) {
                TSeq ids = new TSeq();
                List<String> pool = new ArrayList<>(identities);
                Collections.shuffle(pool, new Random(r.nextLong()));
                pool.subList(0, 1 + r.nextInt(3)).forEach(i -> ids.add(Leaf.id(i)));
                a.put(c, ids);
                authClasses.add(c);
            }
        }
        root.put("authorization", a);
    }

    // ------------------------------------------------------------------------------------------- helpers

    private boolean chance(double p) {
        return r.nextDouble() < p;
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[r.nextInt(options.length)];
    }

    private <T> T pick(List<T> options) {
        return options.get(r.nextInt(options.size()));
    }

    private String simpleId(String prefix) {
        StringBuilder sb = new StringBuilder(prefix);
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            sb.append(ID_CHARS.charAt(r.nextInt(ID_CHARS.length())));
        }
        return sb.toString();
    }

    /** A number as the file writes it: exact and without exponent. */
    static String num(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
