package io.podctl.config.properties;

import io.podctl.config.properties.PodGenerator.BusFact;
import io.podctl.config.properties.PodGenerator.DeviceFact;
import io.podctl.config.properties.PodGenerator.Facts;
import io.podctl.config.properties.PodGenerator.GpioFact;
import io.podctl.config.properties.PodGenerator.PointFact;
import io.podctl.config.properties.PodGenerator.ProtectionFact;
import io.podctl.config.properties.YamlTree.Kind;
import io.podctl.config.properties.YamlTree.Leaf;
import io.podctl.config.properties.YamlTree.Node;
import io.podctl.config.properties.YamlTree.TMap;
import io.podctl.config.properties.YamlTree.TSeq;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Single mutations of a valid generated configuration, each breaking exactly one rule. A mutation changes the
 * tree in place and says which rule the loader must name and where (the mutated key or value); it is empty when
 * the configuration has nothing it can break that way (the caller draws another configuration).
 */
final class Mutations {

    /** Where a problem is expected: the value (or mapping) at a path, or the key of that value. */
    record Expect(List<Object> path, boolean key) {
        static Expect value(List<Object> path) {
            return new Expect(path, false);
        }

        static Expect keyOf(List<Object> path) {
            return new Expect(path, true);
        }
    }

    /**
     * One applied mutation.
     *
     * @param what  what was changed, for failure messages
     * @param rule  the rule the loader must name
     * @param at    every location the loader must report it at (and no other)
     */
    record Mutant(String what, String rule, List<Expect> at) {
    }

    /** A way to break a rule. */
    interface Mutation {
        Optional<Mutant> apply(TMap tree, Facts facts, RandomGenerator r);
    }

    private static final Map<String, List<Mutation>> BY_RULE = Map.ofEntries(
            Map.entry("unknown-key", List.of(Mutations::unknownKey)),
            Map.entry("wrong-type", List.of(Mutations::wrongTypeScalar, Mutations::wrongTypeStructure)),
            Map.entry("missing-required", List.of(Mutations::missingRequired)),
            Map.entry("bad-enum", List.of(Mutations::badEnum)),
            Map.entry("out-of-range", List.of(Mutations::outOfRange)),
            Map.entry("bad-duration", List.of(Mutations::badDuration)),
            Map.entry("zero-period", List.of(Mutations::zeroPeriod)),
            Map.entry("negative-hysteresis", List.of(Mutations::negativeHysteresis)),
            Map.entry("duplicate-id", List.of(Mutations::duplicateBus, Mutations::duplicateDevice,
                    Mutations::duplicatePoint, Mutations::duplicateGpio, Mutations::duplicateProtection)),
            Map.entry("unknown-reference", List.of(Mutations::unknownBus, Mutations::unknownPoint,
                    Mutations::unknownOutput, Mutations::unknownResetInput)),
            Map.entry("timeout-exceeds-poll", List.of(Mutations::longTimeout, Mutations::shortPoll)),
            Map.entry("register-overlap", List.of(Mutations::registerOverlap, Mutations::bitOverlap)),
            Map.entry("pin-reused", List.of(Mutations::pinReused)),
            Map.entry("alarm-beyond-trip", List.of(Mutations::alarmBeyondTrip)),
            Map.entry("low-above-high", List.of(Mutations::lowAboveHigh, Mutations::emptyForbiddenRange,
                    Mutations::minAboveMax)),
            Map.entry("not-digital", List.of(Mutations::notDigital)),
            Map.entry("missing-local-reset", List.of(Mutations::missingLocalReset)),
            Map.entry("no-identities", List.of(Mutations::noIdentities)),
            Map.entry("bus-transport", List.of(Mutations::bothTransports, Mutations::noTransport)),
            Map.entry("duplicate-unit", List.of(Mutations::duplicateUnit)),
            Map.entry("zero-scale", List.of(Mutations::zeroScale)),
            Map.entry("not-analog", List.of(Mutations::notAnalog)),
            Map.entry("limits-on-active", List.of(Mutations::limitsOnActive)),
            Map.entry("missing-limit", List.of(Mutations::missingLimit)),
            Map.entry("bit-required", List.of(Mutations::bitRequired)),
            Map.entry("bit-not-allowed", List.of(Mutations::bitNotAllowed)),
            Map.entry("bit-table-type", List.of(Mutations::bitTableType)),
            Map.entry("length-required", List.of(Mutations::lengthRequired)),
            Map.entry("length-not-allowed", List.of(Mutations::lengthNotAllowed)),
            Map.entry("address-overflow", List.of(Mutations::addressOverflow)),
            Map.entry("forbidden-address", List.of(Mutations::forbiddenAddress)),
            Map.entry("invalid-name", List.of(Mutations::invalidName)),
            Map.entry("name-too-long", List.of(Mutations::nameTooLong)),
            Map.entry("bad-topic", List.of(Mutations::badTopic)),
            Map.entry("bad-broker-uri", List.of(Mutations::badBrokerUri)),
            Map.entry("unknown-profile", List.of(Mutations::unknownProfile)),
            Map.entry("tls-required", List.of(Mutations::tlsRequired)),
            Map.entry("tls-incomplete", List.of(Mutations::tlsIncomplete)));

    private Mutations() {
    }

    /** The rules mutations break, sorted. */
    static List<String> rules() {
        return BY_RULE.keySet().stream().sorted().toList();
    }

    /** Applies one of the ways to break {@code rule}, chosen at random among those that apply. */
    static Optional<Mutant> breakRule(String rule, TMap tree, Facts facts, RandomGenerator r) {
        List<Mutation> ways = new ArrayList<>(BY_RULE.get(rule));
        while (!ways.isEmpty()) {
            Mutation m = ways.remove(r.nextInt(ways.size()));
            TMap copy = tree.copy();
            Optional<Mutant> out = m.apply(copy, facts, r);
            if (out.isPresent()) {
                tree.entries.clear();
                tree.entries.putAll(copy.entries);
                return out;
            }
        }
        return Optional.empty();
    }

    // ----------------------------------------------------------------------------------------- structure

    /** Every mapping of the tree with its path. */
    private static List<Map.Entry<List<Object>, TMap>> maps(TMap tree) {
        List<Map.Entry<List<Object>, TMap>> out = new ArrayList<>();
        for (var e : YamlTree.walk(tree)) {
            if (e.getValue() instanceof TMap m) {
                out.add(Map.entry(e.getKey(), m));
            }
        }
        return out;
    }

    private static List<Map.Entry<List<Object>, Leaf>> leaves(TMap tree, Predicate<Leaf> which) {
        List<Map.Entry<List<Object>, Leaf>> out = new ArrayList<>();
        for (var e : YamlTree.walk(tree)) {
            if (e.getValue() instanceof Leaf l && which.test(l)) {
                out.add(Map.entry(e.getKey(), l));
            }
        }
        return out;
    }

    private static Optional<Mutant> unknownKey(TMap tree, Facts f, RandomGenerator r) {
        var target = pick(r, maps(tree));
        String key = "xq" + Long.toString(r.nextLong(1L << 30), 36);
        target.getValue().put(key, Leaf.str("1"));
        return Optional.of(new Mutant("added key " + key + " at " + target.getKey(), "unknown-key",
                List.of(Expect.keyOf(YamlTree.path(target.getKey(), key)))));
    }

    private static Optional<Mutant> wrongTypeScalar(TMap tree, Facts f, RandomGenerator r) {
        var all = leaves(tree, l -> true);
        var target = pick(r, all);
        Leaf l = target.getValue();
        Node replacement = switch (l.kind()) {
            // Text where a number or boolean belongs; everything else gets a mapping where a scalar belongs.
            case INT, NUMBER, BOOL -> Leaf.str("abc");
            default -> new TMap().put("a", Leaf.str("1"));
        };
        if (l.kind() == Kind.ENUM && l.text().matches("[0-9]+")) {
            replacement = Leaf.str("abc"); // baud, dataBits, stopBits are integers
        }
        YamlTree.set(tree, target.getKey(), replacement);
        return Optional.of(new Mutant("wrong type at " + target.getKey(), "wrong-type",
                List.of(Expect.value(target.getKey()))));
    }

    private static Optional<Mutant> wrongTypeStructure(TMap tree, Facts f, RandomGenerator r) {
        List<List<Object>> targets = new ArrayList<>();
        for (var e : YamlTree.walk(tree)) {
            if (e.getValue() instanceof TSeq || (e.getValue() instanceof TMap && !e.getKey().isEmpty())) {
                targets.add(e.getKey());
            }
        }
        List<Object> path = pick(r, targets);
        YamlTree.set(tree, path, Leaf.str("oops"));
        return Optional.of(new Mutant("scalar instead of a collection at " + path, "wrong-type",
                List.of(Expect.value(path))));
    }

    /** Required keys per kind of mapping, found by the path's shape. */
    private static List<String> requiredKeys(List<Object> path, TMap map, Facts f) {
        String shape = shape(path);
        return switch (shape) {
            case "pod" -> List.of("site", "id");
            case "buses[]", "devices[]", "gpio.inputs[]", "gpio.outputs[]" ->
                    shape.startsWith("gpio") ? List.of("id", "pin") : shape.equals("buses[]") ? List.of("id")
                            : List.of("id", "bus");
            case "buses[].tcp" -> List.of("host");
            case "buses[].rtu" -> List.of("port");
            case "devices[].points[]" -> f.devices().get((Integer) path.get(1)).profile() == null
                    ? List.of("id", "table", "address", "type") : List.of();
            case "devices[].forbidden[]" -> List.of("table", "from", "to");
            case "protections[]" -> List.of("id", "point", "condition");
            case "" -> List.of("pod");
            default -> List.of();
        };
    }

    private static String shape(List<Object> path) {
        StringBuilder sb = new StringBuilder();
        for (Object seg : path) {
            if (seg instanceof Integer) {
                sb.append("[]");
            } else {
                sb.append(sb.isEmpty() ? "" : ".").append(seg);
            }
        }
        return sb.toString();
    }

    private static Optional<Mutant> missingRequired(TMap tree, Facts f, RandomGenerator r) {
        List<Map.Entry<List<Object>, String>> targets = new ArrayList<>();
        for (var e : maps(tree)) {
            for (String k : requiredKeys(e.getKey(), e.getValue(), f)) {
                if (e.getValue().entries.containsKey(k)) {
                    targets.add(Map.entry(e.getKey(), k));
                }
            }
        }
        var t = pick(r, targets);
        YamlTree.remove(tree, YamlTree.path(t.getKey(), t.getValue()));
        return Optional.of(new Mutant("removed " + t.getValue() + " from " + t.getKey(), "missing-required",
                List.of(Expect.value(t.getKey()))));
    }

    private static Optional<Mutant> badEnum(TMap tree, Facts f, RandomGenerator r) {
        var targets = leaves(tree, l -> l.kind() == Kind.ENUM);
        if (targets.isEmpty()) {
            return Optional.empty();
        }
        var target = pick(r, targets);
        boolean integer = target.getValue().text().matches("[0-9]+");
        YamlTree.set(tree, target.getKey(), integer ? Leaf.integer(12345) : Leaf.str("bogus"));
        return Optional.of(new Mutant("bad enum at " + target.getKey(), "bad-enum",
                List.of(Expect.value(target.getKey()))));
    }

    private static Optional<Mutant> outOfRange(TMap tree, Facts f, RandomGenerator r) {
        var targets = leaves(tree, l -> !l.outOfRange().isEmpty());
        if (targets.isEmpty()) {
            return Optional.empty();
        }
        var target = pick(r, targets);
        Leaf l = target.getValue();
        String bad = l.outOfRange().get(r.nextInt(l.outOfRange().size()));
        YamlTree.set(tree, target.getKey(), new Leaf(bad, l.kind(), false, List.of(), l.positive()));
        return Optional.of(new Mutant(target.getKey() + " = " + bad, "out-of-range",
                List.of(Expect.value(target.getKey()))));
    }

    private static Optional<Mutant> badDuration(TMap tree, Facts f, RandomGenerator r) {
        var targets = leaves(tree, l -> l.kind() == Kind.DURATION);
        if (targets.isEmpty()) {
            return Optional.empty();
        }
        var target = pick(r, targets);
        String bad = pick(r, List.of("100", "1.5", "10 ms", "fast", "5sec", "1.2.3s", "ms"));
        YamlTree.set(tree, target.getKey(), Leaf.str(bad));
        return Optional.of(new Mutant(target.getKey() + " = " + bad, "bad-duration",
                List.of(Expect.value(target.getKey()))));
    }

    private static Optional<Mutant> zeroPeriod(TMap tree, Facts f, RandomGenerator r) {
        var targets = leaves(tree, l -> l.kind() == Kind.DURATION && l.positive());
        if (targets.isEmpty()) {
            return Optional.empty();
        }
        var target = pick(r, targets);
        String bad = pick(r, List.of("0s", "0ms", "0.0s", "-5s"));
        YamlTree.set(tree, target.getKey(), Leaf.str(bad));
        return Optional.of(new Mutant(target.getKey() + " = " + bad, "zero-period",
                List.of(Expect.value(target.getKey()))));
    }

    private static Optional<Mutant> negativeHysteresis(TMap tree, Facts f, RandomGenerator r) {
        ProtectionFact p = pick(r, f.protections());
        List<Object> path = YamlTree.path(p.path(), "hysteresis");
        String bad = pick(r, List.of("-1", "-0.5", "-100"));
        YamlTree.set(tree, path, Leaf.number(bad));
        return Optional.of(new Mutant(path + " = " + bad, "negative-hysteresis", List.of(Expect.value(path))));
    }

    private static Optional<Mutant> invalidName(TMap tree, Facts f, RandomGenerator r) {
        List<List<Object>> targets = new ArrayList<>(List.of(List.of("pod", "site"), List.of("pod", "id")));
        f.buses().forEach(b -> targets.add(YamlTree.path(b.path(), "id")));
        f.devices().forEach(d -> targets.add(YamlTree.path(d.path(), "id")));
        f.protections().forEach(p -> targets.add(YamlTree.path(p.path(), "id")));
        List<Object> path = pick(r, targets);
        String bad = pick(r, List.of("has space", "slash/ed", "a..b", "plus+"));
        if (path.get(0).equals("protections") && bad.equals("has space")) {
            bad = "trailing.";
        }
        YamlTree.set(tree, path, Leaf.str(bad));
        return Optional.of(new Mutant(path + " = " + bad, "invalid-name", List.of(Expect.value(path))));
    }

    /**
     * An id one character over its bound, a little more, or kilobytes: refused at the id, whose text the message
     * must not repeat whole.
     */
    private static Optional<Mutant> nameTooLong(TMap tree, Facts f, RandomGenerator r) {
        Map<List<Object>, Integer> targets = new LinkedHashMap<>();
        targets.put(List.of("pod", "site"), 32);
        targets.put(List.of("pod", "id"), 32);
        f.buses().forEach(b -> targets.put(YamlTree.path(b.path(), "id"), 32));
        f.devices().forEach(d -> targets.put(YamlTree.path(d.path(), "id"), 32));
        f.devices().stream().filter(d -> d.profile() == null).flatMap(d -> d.points().stream())
                .forEach(p -> targets.put(YamlTree.path(p.path(), "id"), 64));
        f.inputs().forEach(g -> targets.put(YamlTree.path(g.path(), "id"), 64));
        f.outputs().forEach(g -> targets.put(YamlTree.path(g.path(), "id"), 64));
        f.protections().forEach(p -> targets.put(YamlTree.path(p.path(), "id"), 64));
        List<Object> path = pick(r, new ArrayList<>(targets.keySet()));
        int max = targets.get(path);
        int length = switch (r.nextInt(3)) {
            case 0 -> max + 1;
            case 1 -> max + 2 + r.nextInt(200);
            default -> 4096 + r.nextInt(4096);
        };
        StringBuilder bad = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            bad.append((char) ('a' + r.nextInt(26)));
        }
        YamlTree.set(tree, path, Leaf.id(bad.toString()));
        return Optional.of(new Mutant(path + " = " + length + " letters", "name-too-long",
                List.of(Expect.value(path))));
    }

    private static Optional<Mutant> badTopic(TMap tree, Facts f, RandomGenerator r) {
        String bad = pick(r, List.of("a//b", "/podctl", "podctl/", "pod ctl", "podctl/#", "podctl/+/x"));
        List<Object> path = List.of("mqtt", "topicRoot");
        ensureMap(tree, "mqtt");
        YamlTree.set(tree, path, Leaf.str(bad));
        return Optional.of(new Mutant("topicRoot = " + bad, "bad-topic", List.of(Expect.value(path))));
    }

    private static Optional<Mutant> badBrokerUri(TMap tree, Facts f, RandomGenerator r) {
        ensureMap(tree, "mqtt");
        TMap mqtt = (TMap) tree.get("mqtt");
        if (!(mqtt.get("brokers") instanceof TSeq)) {
            mqtt.put("brokers", new TSeq().add(Leaf.str("tcp://broker:1883")));
        }
        TSeq brokers = (TSeq) mqtt.get("brokers");
        int i = r.nextInt(brokers.items.size());
        String bad = pick(r, List.of("http://broker:1883", "tcp://broker", "broker:1883", "tcp://broker:99999",
                "tcp://broker:0", "tcp://bro ker:1883"));
        brokers.items.set(i, Leaf.str(bad));
        List<Object> path = List.of("mqtt", "brokers", i);
        return Optional.of(new Mutant(path + " = " + bad, "bad-broker-uri", List.of(Expect.value(path))));
    }

    private static void ensureMap(TMap tree, String key) {
        if (!(tree.get(key) instanceof TMap)) {
            tree.put(key, new TMap());
        }
    }

    // ------------------------------------------------------------------------------------- duplicate ids

    private static Optional<Mutant> duplicateBus(TMap tree, Facts f, RandomGenerator r) {
        BusFact b = pick(r, f.buses());
        TSeq seq = (TSeq) tree.get("buses");
        // Same id and the same timeout, so that the devices on it are as fine with the copy as with the original.
        seq.add(YamlTree.at(tree, b.path()).copy());
        List<Object> path = List.of("buses", seq.items.size() - 1, "id");
        return Optional.of(new Mutant("bus " + b.id() + " copied", "duplicate-id", List.of(Expect.value(path))));
    }

    private static Optional<Mutant> duplicateDevice(TMap tree, Facts f, RandomGenerator r) {
        DeviceFact d = pick(r, f.devices());
        Set<Integer> used = new HashSet<>();
        f.devices().stream().filter(o -> o.bus().equals(d.bus())).forEach(o -> used.add(o.unit()));
        int unit = 1;
        while (used.contains(unit)) {
            unit++;
        }
        TMap copy = (TMap) YamlTree.at(tree, d.path()).copy();
        copy.put("unitId", Leaf.integer(unit));
        TSeq seq = (TSeq) tree.get("devices");
        seq.add(copy);
        List<Object> path = List.of("devices", seq.items.size() - 1, "id");
        return Optional.of(new Mutant("device " + d.id() + " copied to unit " + unit, "duplicate-id",
                List.of(Expect.value(path))));
    }

    private static Optional<Mutant> duplicatePoint(TMap tree, Facts f, RandomGenerator r) {
        List<DeviceFact> inline = f.devices().stream().filter(d -> d.profile() == null).toList();
        if (inline.isEmpty()) {
            return Optional.empty();
        }
        DeviceFact d = pick(r, inline);
        PointFact p = pick(r, d.points());
        TSeq seq = (TSeq) YamlTree.at(tree, YamlTree.path(d.path(), "points"));
        int address = freeAddress(d, "coil", 1);
        seq.add(new TMap().put("id", Leaf.id(p.id())).put("table", Leaf.enumValue("coil"))
                .put("address", Leaf.integer(address)).put("type", Leaf.enumValue("bool")));
        List<Object> path = YamlTree.path(d.path(), "points", seq.items.size() - 1, "id");
        return Optional.of(new Mutant("point " + p.qualified() + " added twice", "duplicate-id",
                List.of(Expect.value(path))));
    }

    private static Optional<Mutant> duplicateGpio(TMap tree, Facts f, RandomGenerator r) {
        List<GpioFact> all = new ArrayList<>(f.inputs());
        all.addAll(f.outputs());
        GpioFact g = pick(r, all);
        int pin = freePin(f);
        // Inputs are checked before outputs: a new input is the second use of an id only after another input.
        boolean asInput = f.inputs().contains(g) && r.nextBoolean();
        TSeq seq = (TSeq) YamlTree.at(tree, List.of("gpio", asInput ? "inputs" : "outputs"));
        seq.add(new TMap().put("id", Leaf.id(g.id())).put("pin", Leaf.integer(pin)));
        List<Object> path = List.of("gpio", asInput ? "inputs" : "outputs", seq.items.size() - 1, "id");
        return Optional.of(new Mutant("GPIO id " + g.id() + " used again as " + (asInput ? "input" : "output"),
                "duplicate-id", List.of(Expect.value(path))));
    }

    private static Optional<Mutant> duplicateProtection(TMap tree, Facts f, RandomGenerator r) {
        ProtectionFact p = pick(r, f.protections());
        TSeq seq = (TSeq) tree.get("protections");
        seq.add(YamlTree.at(tree, p.path()).copy());
        List<Object> path = List.of("protections", seq.items.size() - 1, "id");
        return Optional.of(new Mutant("protection " + p.id() + " copied", "duplicate-id",
                List.of(Expect.value(path))));
    }

    // -------------------------------------------------------------------------------------- references

    private static Optional<Mutant> unknownBus(TMap tree, Facts f, RandomGenerator r) {
        DeviceFact d = pick(r, f.devices());
        List<Object> path = YamlTree.path(d.path(), "bus");
        YamlTree.set(tree, path, Leaf.id("nobus" + r.nextInt(100)));
        return Optional.of(new Mutant(path + " unknown", "unknown-reference", List.of(Expect.value(path))));
    }

    private static Optional<Mutant> unknownPoint(TMap tree, Facts f, RandomGenerator r) {
        ProtectionFact p = pick(r, f.protections());
        List<Object> path = YamlTree.path(p.path(), "point");
        YamlTree.set(tree, path, Leaf.id(pick(r, List.of("no.such", p.point() + "x", "devX.p0"))));
        return Optional.of(new Mutant(path + " unknown", "unknown-reference", List.of(Expect.value(path))));
    }

    private static Optional<Mutant> unknownOutput(TMap tree, Facts f, RandomGenerator r) {
        List<ProtectionFact> with = f.protections().stream()
                .filter(p -> YamlTree.at(tree, YamlTree.path(p.path(), "deenergize")) != null).toList();
        if (with.isEmpty()) {
            return Optional.empty();
        }
        ProtectionFact p = pick(r, with);
        TSeq de = (TSeq) YamlTree.at(tree, YamlTree.path(p.path(), "deenergize"));
        int k = r.nextInt(de.items.size());
        de.items.set(k, Leaf.id("no.output"));
        List<Object> path = YamlTree.path(p.path(), "deenergize", k);
        return Optional.of(new Mutant(path + " unknown", "unknown-reference", List.of(Expect.value(path))));
    }

    private static Optional<Mutant> unknownResetInput(TMap tree, Facts f, RandomGenerator r) {
        ensureMap(tree, "safety");
        List<Object> path = List.of("safety", "localResetInput");
        YamlTree.set(tree, path, Leaf.id(pick(r, List.of("reset.button", "no.input"))));
        // Another input may happen to be called that; outputs and device points are not inputs.
        if (f.inputs().stream().anyMatch(i -> i.id().equals(((Leaf) YamlTree.at(tree, path)).text()))) {
            return Optional.empty();
        }
        return Optional.of(new Mutant(path + " unknown", "unknown-reference", List.of(Expect.value(path))));
    }

    // ------------------------------------------------------------------------------------------ timing

    private static Optional<Mutant> longTimeout(TMap tree, Facts f, RandomGenerator r) {
        List<BusFact> used = f.buses().stream()
                .filter(b -> f.devices().stream().anyMatch(d -> d.bus().equals(b.id()))).toList();
        BusFact b = pick(r, used);
        Duration longest = f.devices().stream().filter(d -> d.bus().equals(b.id())).map(DeviceFact::poll)
                .max(Duration::compareTo).orElseThrow();
        Duration timeout = longest.plusMillis(r.nextInt(2) * 500L);
        List<Object> path = YamlTree.path(b.path(), "timeout");
        YamlTree.set(tree, path, Leaf.duration(timeout.toMillis() + "ms", true));
        return Optional.of(new Mutant("bus " + b.id() + " timeout " + timeout, "timeout-exceeds-poll",
                List.of(Expect.value(path))));
    }

    private static Optional<Mutant> shortPoll(TMap tree, Facts f, RandomGenerator r) {
        List<DeviceFact> onDefault = f.devices().stream().filter(d -> !bus(f, d).timeoutWritten()).toList();
        if (onDefault.isEmpty()) {
            return Optional.empty();
        }
        DeviceFact d = pick(r, onDefault);
        String poll = pick(r, List.of("300ms", "200ms", "0.3s", "100ms"));
        List<Object> path = YamlTree.path(d.path(), "pollPeriod");
        YamlTree.set(tree, path, Leaf.duration(poll, true));
        return Optional.of(new Mutant(path + " = " + poll, "timeout-exceeds-poll", List.of(Expect.value(path))));
    }

    private static BusFact bus(Facts f, DeviceFact d) {
        return f.buses().stream().filter(b -> b.id().equals(d.bus())).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------------------------------- points

    /** A new point on device {@code d}; the device's points list is created when it has none. */
    private static List<Object> addPoint(TMap tree, DeviceFact d, TMap point) {
        TMap dev = (TMap) YamlTree.at(tree, d.path());
        if (!(dev.get("points") instanceof TSeq)) {
            dev.put("points", new TSeq());
        }
        TSeq seq = (TSeq) dev.get("points");
        seq.add(point);
        return YamlTree.path(d.path(), "points", seq.items.size() - 1);
    }

    private static Optional<Mutant> registerOverlap(TMap tree, Facts f, RandomGenerator r) {
        List<PointFact> numeric = f.points().stream().filter(p -> !p.bitTable() && !p.digital()).toList();
        if (numeric.isEmpty()) {
            return Optional.empty();
        }
        PointFact target = pick(r, numeric);
        DeviceFact d = device(f, target);
        String type = pick(r, List.of("int16", "int32", "float64"));
        int size = type.equals("int16") ? 1 : type.equals("int32") ? 2 : 4;
        int start = Math.max(0, target.address() - size + 1 + r.nextInt(size + target.size() - 1));
        if (start + size > 65536 || inForbidden(d, target.table(), start, size)) {
            return Optional.empty();
        }
        List<Object> path = addPoint(tree, d, new TMap().put("id", Leaf.id("clash")).put("table",
                Leaf.enumValue(target.table())).put("address", Leaf.integer(start)).put("type", Leaf.enumValue(type)));
        return Optional.of(new Mutant(type + " at " + target.table() + " " + start + " over " + target.qualified(),
                "register-overlap", List.of(Expect.value(YamlTree.path(path, "address")))));
    }

    private static Optional<Mutant> bitOverlap(TMap tree, Facts f, RandomGenerator r) {
        List<PointFact> bits = f.points().stream().filter(p -> p.bitTable() || p.bit() != null).toList();
        if (bits.isEmpty()) {
            return Optional.empty();
        }
        PointFact target = pick(r, bits);
        TMap point = new TMap().put("id", Leaf.id("clash")).put("table", Leaf.enumValue(target.table()))
                .put("address", Leaf.integer(target.address())).put("type", Leaf.enumValue("bool"));
        if (target.bit() != null) {
            point.put("bit", Leaf.integer(target.bit()));
        }
        List<Object> path = addPoint(tree, device(f, target), point);
        return Optional.of(new Mutant("bool on the bit of " + target.qualified(), "register-overlap",
                List.of(Expect.value(YamlTree.path(path, "address")))));
    }

    private static Optional<Mutant> zeroScale(TMap tree, Facts f, RandomGenerator r) {
        List<PointFact> written = f.points().stream().filter(p -> p.path() != null).toList();
        if (written.isEmpty()) {
            return Optional.empty();
        }
        PointFact p = pick(r, written);
        List<Object> path = YamlTree.path(p.path(), "scale");
        YamlTree.set(tree, path, Leaf.number(pick(r, List.of("0", "0.0", "-0"))));
        return Optional.of(new Mutant(path + " = 0", "zero-scale", List.of(Expect.value(path))));
    }

    private static Optional<Mutant> minAboveMax(TMap tree, Facts f, RandomGenerator r) {
        List<PointFact> inline = inlinePoints(f, PointFact::numeric);
        if (inline.isEmpty()) {
            return Optional.empty();
        }
        PointFact p = pick(r, inline);
        double max = p.max() != null ? p.max() : 100;
        String min = PodGenerator.num(max + r.nextInt(2) * 5);
        YamlTree.set(tree, YamlTree.path(p.path(), "max"), Leaf.number(PodGenerator.num(max)));
        YamlTree.set(tree, YamlTree.path(p.path(), "min"), Leaf.number(min));
        return Optional.of(new Mutant(p.qualified() + " min " + min + " max " + max, "low-above-high",
                List.of(Expect.value(YamlTree.path(p.path(), "min")))));
    }

    private static Optional<Mutant> emptyForbiddenRange(TMap tree, Facts f, RandomGenerator r) {
        List<DeviceFact> with = f.devices().stream()
                .filter(d -> d.profile() == null && YamlTree.at(tree, YamlTree.path(d.path(), "forbidden")) != null)
                .toList();
        if (with.isEmpty()) {
            return Optional.empty();
        }
        DeviceFact d = pick(r, with);
        List<Object> range = YamlTree.path(d.path(), "forbidden", 0);
        TMap m = (TMap) YamlTree.at(tree, range);
        long from = Long.parseLong(((Leaf) m.get("from")).text());
        if (from == 0) {
            return Optional.empty();
        }
        m.put("to", Leaf.integer(from - 1 - Math.min(r.nextInt(3), from - 1)));
        return Optional.of(new Mutant("forbidden range of " + d.id() + " empty", "low-above-high",
                List.of(Expect.value(range))));
    }

    private static Optional<Mutant> bitRequired(TMap tree, Facts f, RandomGenerator r) {
        List<PointFact> bools = inlinePoints(f, p -> p.bit() != null);
        if (bools.isEmpty()) {
            return Optional.empty();
        }
        PointFact p = pick(r, bools);
        YamlTree.remove(tree, YamlTree.path(p.path(), "bit"));
        return Optional.of(new Mutant(p.qualified() + " without bit", "bit-required", List.of(Expect.value(p.path()))));
    }

    private static Optional<Mutant> bitNotAllowed(TMap tree, Facts f, RandomGenerator r) {
        List<PointFact> targets = inlinePoints(f, p -> p.bit() == null);
        if (targets.isEmpty()) {
            return Optional.empty();
        }
        PointFact p = pick(r, targets);
        List<Object> path = YamlTree.path(p.path(), "bit");
        YamlTree.set(tree, path, Leaf.integer(r.nextInt(16)));
        return Optional.of(new Mutant(path + " added", "bit-not-allowed", List.of(Expect.value(path))));
    }

    private static Optional<Mutant> bitTableType(TMap tree, Facts f, RandomGenerator r) {
        List<PointFact> targets = inlinePoints(f, PointFact::bitTable);
        if (targets.isEmpty()) {
            return Optional.empty();
        }
        PointFact p = pick(r, targets);
        List<Object> path = YamlTree.path(p.path(), "type");
        YamlTree.set(tree, path, Leaf.enumValue(pick(r, List.of("int16", "uint16"))));
        // A protection watching it as a digital point would now also see an analog one.
        if (f.protections().stream().anyMatch(pr -> pr.point().equals(p.qualified()))) {
            return Optional.empty();
        }
        return Optional.of(new Mutant(path + " not bool", "bit-table-type", List.of(Expect.value(path))));
    }

    private static Optional<Mutant> lengthRequired(TMap tree, Facts f, RandomGenerator r) {
        List<PointFact> strings = inlinePoints(f, p -> p.type().equals("string"));
        if (strings.isEmpty()) {
            return Optional.empty();
        }
        PointFact p = pick(r, strings);
        YamlTree.remove(tree, YamlTree.path(p.path(), "length"));
        return Optional.of(new Mutant(p.qualified() + " without length", "length-required",
                List.of(Expect.value(p.path()))));
    }

    private static Optional<Mutant> lengthNotAllowed(TMap tree, Facts f, RandomGenerator r) {
        List<PointFact> targets = inlinePoints(f, p -> !p.type().equals("string"));
        if (targets.isEmpty()) {
            return Optional.empty();
        }
        PointFact p = pick(r, targets);
        List<Object> path = YamlTree.path(p.path(), "length");
        YamlTree.set(tree, path, Leaf.integer(1 + r.nextInt(4)));
        return Optional.of(new Mutant(path + " added", "length-not-allowed", List.of(Expect.value(path))));
    }

    private static Optional<Mutant> addressOverflow(TMap tree, Facts f, RandomGenerator r) {
        DeviceFact d = pick(r, f.devices());
        String table = pick(r, List.of("input", "holding"));
        String type = pick(r, List.of("int32", "float64", "uint32"));
        int size = type.equals("float64") ? 4 : 2;
        int address = 65536 - size + 1 + r.nextInt(size - 1);
        if (inForbidden(d, table, address, 65536 - address) || d.points().stream()
                .anyMatch(p -> p.overlaps(table, address, 65536 - address))) {
            return Optional.empty();
        }
        List<Object> path = addPoint(tree, d, new TMap().put("id", Leaf.id("tail")).put("table",
                Leaf.enumValue(table)).put("address", Leaf.integer(address)).put("type", Leaf.enumValue(type)));
        return Optional.of(new Mutant(type + " at " + address, "address-overflow",
                List.of(Expect.value(YamlTree.path(path, "address")))));
    }

    private static Optional<Mutant> forbiddenAddress(TMap tree, Facts f, RandomGenerator r) {
        List<DeviceFact> inline = f.devices().stream().filter(d -> d.profile() == null && d.forbidden().isEmpty())
                .toList();
        if (inline.isEmpty()) {
            return Optional.empty();
        }
        DeviceFact d = pick(r, inline);
        PointFact p = pick(r, d.points());
        TMap dev = (TMap) YamlTree.at(tree, d.path());
        dev.put("forbidden", new TSeq().add(new TMap().put("table", Leaf.enumValue(p.table()))
                .put("from", Leaf.integer(p.address())).put("to", Leaf.integer(p.address()))));
        List<Expect> at = d.points().stream().filter(o -> o.overlaps(p.table(), p.address(), 1))
                .map(o -> Expect.value(YamlTree.path(o.path(), "address"))).toList();
        return Optional.of(new Mutant(p.table() + " " + p.address() + " forbidden on " + d.id(), "forbidden-address",
                at));
    }

    private static Optional<Mutant> duplicateUnit(TMap tree, Facts f, RandomGenerator r) {
        List<DeviceFact[]> pairs = new ArrayList<>();
        for (DeviceFact a : f.devices()) {
            for (DeviceFact b : f.devices()) {
                if (a.index() < b.index() && a.bus().equals(b.bus())) {
                    pairs.add(new DeviceFact[] {a, b});
                }
            }
        }
        if (pairs.isEmpty()) {
            return Optional.empty();
        }
        DeviceFact[] pair = pick(r, pairs);
        List<Object> path = YamlTree.path(pair[1].path(), "unitId");
        YamlTree.set(tree, path, Leaf.integer(pair[0].unit()));
        return Optional.of(new Mutant(pair[1].id() + " takes unit of " + pair[0].id(), "duplicate-unit",
                List.of(Expect.value(path))));
    }

    private static Optional<Mutant> unknownProfile(TMap tree, Facts f, RandomGenerator r) {
        DeviceFact d = pick(r, f.devices());
        List<Object> path = YamlTree.path(d.path(), "profile");
        String bad = pick(r, List.of("sdm631", "nosuch", "pod_cdu", "630", "true", "sdm-630"));
        // On an inline device this names a profile too: its points would be overrides and additions, fine.
        // Numbers and booleans are names as well (the binder would read them as text).
        YamlTree.set(tree, path, Leaf.id(bad));
        return Optional.of(new Mutant(path + " = " + bad, "unknown-profile", List.of(Expect.value(path))));
    }

    // -------------------------------------------------------------------------------------------- gpio

    private static Optional<Mutant> pinReused(TMap tree, Facts f, RandomGenerator r) {
        List<GpioFact> all = new ArrayList<>(f.inputs());
        all.addAll(f.outputs());
        GpioFact g = pick(r, all);
        // Outputs are checked after inputs, so a new output is always the second user of the pin; a new input
        // is the second only after another input.
        boolean asInput = f.inputs().contains(g) && r.nextBoolean();
        TSeq seq = (TSeq) YamlTree.at(tree, List.of("gpio", asInput ? "inputs" : "outputs"));
        seq.add(new TMap().put("id", Leaf.id("again.p" + g.pin())).put("pin", Leaf.integer(g.pin())));
        List<Object> path = List.of("gpio", asInput ? "inputs" : "outputs", seq.items.size() - 1, "pin");
        return Optional.of(new Mutant("pin " + g.pin() + " of " + g.id() + " used again", "pin-reused",
                List.of(Expect.value(path))));
    }

    // ------------------------------------------------------------------------------------- protections

    private static Optional<Mutant> alarmBeyondTrip(TMap tree, Facts f, RandomGenerator r) {
        List<ProtectionFact> both = f.protections().stream().filter(p -> p.alarm() != null && p.trip() != null)
                .toList();
        if (both.isEmpty()) {
            return Optional.empty();
        }
        ProtectionFact p = pick(r, both);
        double step = Math.abs(p.trip() - p.alarm());
        double alarm = p.condition().equals("high") ? p.trip() + r.nextInt(2) * step : p.trip() - r.nextInt(2) * step;
        List<Object> path = YamlTree.path(p.path(), "alarm");
        YamlTree.set(tree, path, Leaf.number(PodGenerator.num(alarm)));
        return Optional.of(new Mutant(p.id() + " alarm " + alarm + " trip " + p.trip(), "alarm-beyond-trip",
                List.of(Expect.value(path))));
    }

    private static Optional<Mutant> lowAboveHigh(TMap tree, Facts f, RandomGenerator r) {
        List<ProtectionFact[]> pairs = new ArrayList<>();
        for (ProtectionFact low : f.protections()) {
            if (!low.condition().equals("low")) {
                continue;
            }
            f.protections().stream().filter(h -> h.condition().equals("high") && h.point().equals(low.point()))
                    .forEach(h -> pairs.add(new ProtectionFact[] {low, h}));
        }
        if (pairs.isEmpty()) {
            return Optional.empty();
        }
        ProtectionFact low = pick(r, pairs)[0];
        double lowestHigh = f.protections().stream()
                .filter(h -> h.condition().equals("high") && h.point().equals(low.point()))
                .mapToDouble(h -> Math.min(h.alarm() != null ? h.alarm() : Double.POSITIVE_INFINITY,
                        h.trip() != null ? h.trip() : Double.POSITIVE_INFINITY))
                .min().orElseThrow();
        // Raise the low protection's first-acting limit (alarm when it has one) to or past the high limit.
        String key = low.alarm() != null ? "alarm" : "trip";
        double value = lowestHigh + r.nextInt(3);
        List<Object> path = YamlTree.path(low.path(), key);
        YamlTree.set(tree, path, Leaf.number(PodGenerator.num(value)));
        return Optional.of(new Mutant(low.id() + " " + key + " " + value + " vs high " + lowestHigh, "low-above-high",
                List.of(Expect.value(path))));
    }

    private static Optional<Mutant> notDigital(TMap tree, Facts f, RandomGenerator r) {
        List<ProtectionFact> active = f.protections().stream().filter(p -> p.condition().equals("active")).toList();
        if (active.isEmpty() || f.analogPoints().isEmpty()) {
            return Optional.empty();
        }
        ProtectionFact p = pick(r, active);
        List<Object> path = YamlTree.path(p.path(), "point");
        YamlTree.set(tree, path, Leaf.id(pick(r, f.analogPoints())));
        return Optional.of(new Mutant(p.id() + " on an analog point", "not-digital", List.of(Expect.value(path))));
    }

    private static Optional<Mutant> notAnalog(TMap tree, Facts f, RandomGenerator r) {
        List<ProtectionFact> limited = f.protections().stream().filter(p -> !p.condition().equals("active")).toList();
        if (limited.isEmpty()) {
            return Optional.empty();
        }
        ProtectionFact p = pick(r, limited);
        List<Object> path = YamlTree.path(p.path(), "point");
        YamlTree.set(tree, path, Leaf.id(pick(r, f.digitalPoints())));
        return Optional.of(new Mutant(p.id() + " on a digital point", "not-analog", List.of(Expect.value(path))));
    }

    private static Optional<Mutant> limitsOnActive(TMap tree, Facts f, RandomGenerator r) {
        List<ProtectionFact> active = f.protections().stream().filter(p -> p.condition().equals("active")).toList();
        if (active.isEmpty()) {
            return Optional.empty();
        }
        ProtectionFact p = pick(r, active);
        String key = r.nextBoolean() ? "alarm" : "trip";
        List<Object> path = YamlTree.path(p.path(), key);
        YamlTree.set(tree, path, Leaf.number("1"));
        return Optional.of(new Mutant(p.id() + " with " + key, "limits-on-active", List.of(Expect.keyOf(path))));
    }

    private static Optional<Mutant> missingLimit(TMap tree, Facts f, RandomGenerator r) {
        List<ProtectionFact> limited = f.protections().stream().filter(p -> !p.condition().equals("active")).toList();
        if (limited.isEmpty()) {
            return Optional.empty();
        }
        ProtectionFact p = pick(r, limited);
        TMap m = (TMap) YamlTree.at(tree, p.path());
        m.entries.remove("alarm");
        m.entries.remove("trip");
        return Optional.of(new Mutant(p.id() + " without limits", "missing-limit",
                List.of(Expect.value(YamlTree.path(p.path(), "condition")))));
    }

    private static Optional<Mutant> missingLocalReset(TMap tree, Facts f, RandomGenerator r) {
        List<Expect> at = new ArrayList<>();
        if (f.localResetInput() == null) {
            ProtectionFact p = pick(r, f.protections());
            List<Object> path = YamlTree.path(p.path(), "reset");
            YamlTree.set(tree, path, Leaf.enumValue("local"));
            at.add(Expect.value(path));
        } else {
            TMap safety = (TMap) tree.get("safety");
            safety.entries.remove("localResetInput");
            if (safety.entries.isEmpty() && r.nextBoolean()) {
                tree.entries.remove("safety");
            }
            List<ProtectionFact> local = f.protections().stream().filter(ProtectionFact::localReset).toList();
            if (local.isEmpty()) {
                ProtectionFact p = pick(r, f.protections());
                YamlTree.set(tree, YamlTree.path(p.path(), "reset"), Leaf.enumValue("local"));
                local = List.of(p);
            }
            local.forEach(p -> at.add(Expect.value(YamlTree.path(p.path(), "reset"))));
        }
        return Optional.of(new Mutant("reset: local without safety.localResetInput", "missing-local-reset", at));
    }

    private static Optional<Mutant> noIdentities(TMap tree, Facts f, RandomGenerator r) {
        ensureMap(tree, "authorization");
        String c = pick(r, PodGenerator.AUTH_CLASSES);
        List<Object> path = List.of("authorization", c);
        YamlTree.set(tree, path, new TSeq());
        return Optional.of(new Mutant(c + " lists nobody", "no-identities", List.of(Expect.value(path))));
    }

    // ------------------------------------------------------------------------------------------ buses, tls

    private static Optional<Mutant> bothTransports(TMap tree, Facts f, RandomGenerator r) {
        BusFact b = pick(r, f.buses());
        TMap bus = (TMap) YamlTree.at(tree, b.path());
        String missing = b.tcp() ? "rtu" : "tcp";
        bus.put(missing, b.tcp() ? new TMap().put("port", Leaf.str("/dev/ttyS9"))
                : new TMap().put("host", Leaf.str("10.1.1.1")));
        return Optional.of(new Mutant("bus " + b.id() + " with both", "bus-transport",
                List.of(Expect.keyOf(YamlTree.path(b.path(), "rtu")))));
    }

    private static Optional<Mutant> noTransport(TMap tree, Facts f, RandomGenerator r) {
        BusFact b = pick(r, f.buses());
        TMap bus = (TMap) YamlTree.at(tree, b.path());
        bus.entries.remove(b.tcp() ? "tcp" : "rtu");
        return Optional.of(new Mutant("bus " + b.id() + " with neither", "bus-transport",
                List.of(Expect.value(b.path()))));
    }

    private static Optional<Mutant> tlsRequired(TMap tree, Facts f, RandomGenerator r) {
        ensureMap(tree, "mqtt");
        TMap mqtt = (TMap) tree.get("mqtt");
        if (!(mqtt.get("brokers") instanceof TSeq)) {
            mqtt.put("brokers", new TSeq());
        }
        TSeq brokers = (TSeq) mqtt.get("brokers");
        brokers.add(Leaf.str("ssl://broker.example:8883"));
        List<Object> path = List.of("mqtt", "brokers", brokers.items.size() - 1);
        return Optional.of(new Mutant("ssl broker without tls", "tls-required", List.of(Expect.value(path))));
    }

    private static Optional<Mutant> tlsIncomplete(TMap tree, Facts f, RandomGenerator r) {
        ensureMap(tree, "mqtt");
        TMap mqtt = (TMap) tree.get("mqtt");
        // File names that do not exist only warn (file-missing); the pairing is the error.
        mqtt.put("tls", new TMap().put(r.nextBoolean() ? "certFile" : "keyFile", Leaf.str("/nonexistent/pod.pem")));
        return Optional.of(new Mutant("tls with one of certFile/keyFile", "tls-incomplete",
                List.of(Expect.keyOf(List.of("mqtt", "tls")))));
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static DeviceFact device(Facts f, PointFact p) {
        return f.devices().stream().filter(d -> d.id().equals(p.device())).findFirst().orElseThrow();
    }

    private static List<PointFact> inlinePoints(Facts f, Predicate<PointFact> which) {
        return f.devices().stream().filter(d -> d.profile() == null).flatMap(d -> d.points().stream())
                .filter(which).toList();
    }

    private static boolean inForbidden(DeviceFact d, String table, int from, int count) {
        return d.forbidden().stream().anyMatch(rf -> rf.table().equals(table) && from <= rf.to()
                && rf.from() <= from + count - 1);
    }

    private static int freeAddress(DeviceFact d, String table, int size) {
        for (int a = 0; ; a++) {
            int at = a;
            if (!inForbidden(d, table, at, size) && d.points().stream().noneMatch(p -> p.overlaps(table, at, size))) {
                return at;
            }
        }
    }

    private static int freePin(Facts f) {
        Set<Integer> used = f.pins();
        for (int p = 0; p <= 27; p++) {
            if (!used.contains(p)) {
                return p;
            }
        }
        throw new IllegalStateException("no free pin");
    }

    private static <T> T pick(RandomGenerator r, List<T> options) {
        if (options.isEmpty()) {
            throw new IllegalStateException("nothing to pick from");
        }
        return options.get(r.nextInt(options.size()));
    }
}
