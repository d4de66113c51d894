package io.podctl.controller.scenario;

import io.podctl.config.ConfigLoader;
import io.podctl.config.ConfigProblem;
import io.podctl.config.BusConfig;
import io.podctl.config.DeviceConfig;
import io.podctl.config.GpioConfig;
import io.podctl.config.LoadResult;
import io.podctl.config.PodConfig;
import io.podctl.config.PointConfig;
import io.podctl.config.ProtectionConfig;
import io.podctl.config.RecordFile;
import io.podctl.controller.scenario.ScenarioFile.Expect;
import io.podctl.controller.scenario.ScenarioFile.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a scenario file strictly: the structural pass of the pod file's loader (unknown keys, types, enums,
 * durations, every problem with file:line:column), then the scenario's own rules against its pod file: one action
 * per step, and every device, point, input, output and protection it names must exist there.
 *
 * <p>Thread-safe and stateless. Reads files (blocking).
 */
public final class ScenarioLoader {
    private static final RecordFile<ScenarioFile> FORMAT = RecordFile.of(ScenarioFile.class);
    private static final List<String> ALARM_PREFIXES = List.of("group.", "bypass.", "effect.", "output.", "controller.",
            "device.", "point.");
    private static final Set<String> EVENT_TYPES = Set.of("STARTED", "ALARM_RAISED", "ALARM_RETURNED",
            "ALARM_ACKNOWLEDGED", "ALARM_NORMAL", "TRIP_LATCHED", "TRIP_RESET", "MODE", "DEVICE", "COMMAND",
            "STATE_CORRUPT", "JOURNAL_FULL", "SHELVED", "UNSHELVED", "OUT_OF_SERVICE", "RETURNED_TO_SERVICE",
            "BYPASSED", "BYPASS_REMOVED", "OVERRIDE_SET", "OVERRIDE_ENDED", "MAINTENANCE_ON", "MAINTENANCE_OFF",
            "EFFECT_STARTED", "EFFECT_ENDED", "EFFECT_WAITING", "PERMISSIVE_PROVEN", "PERMISSIVE_LOST", "LOAD_SHED",
            "LOAD_RESTORED", "POWER_DATA", "WRITE", "CONFIG", "LOOP_OVERRUN", "CLOCK");

    /**
     * A scenario ready to run.
     *
     * @param file     the scenario file as named
     * @param scenario its content
     * @param pod      its pod's configuration
     * @param podHash  the pod file's SHA-256
     */
    public record Loaded(Path file, ScenarioFile scenario, PodConfig pod, String podHash) {
    }

    /**
     * What a load gave: the scenario, or every problem.
     *
     * @param loaded   the scenario, or null
     * @param problems every problem (warnings too)
     */
    public record Result(Loaded loaded, List<ConfigProblem> problems) {
        /** Whether it can run. */
        public boolean ok() {
            return loaded != null;
        }
    }

    /** The JSON Schema of scenario files (config/schema/scenario.schema.json). */
    public static String jsonSchema() {
        return FORMAT.jsonSchema("podctl HIL scenario");
    }

    /** Loads a scenario file and its pod file. */
    public Result load(Path file) {
        return check(file, FORMAT.load(file));
    }

    /** Loads scenario text (tests); its pod file is resolved against the working directory. */
    public Result parse(String text, String displayName) {
        return check(Path.of(displayName), FORMAT.parse(text, displayName));
    }

    private Result check(Path file, RecordFile.Parsed<ScenarioFile> parsed) {
        if (parsed.value() == null) {
            return new Result(null, parsed.problems());
        }
        ScenarioFile s = parsed.value();
        List<ConfigProblem> more = new ArrayList<>();
        LoadResult podResult;
        if (s.pod() == null) {
            podResult = new ConfigLoader().loadExample("sim-pod.yaml");
        } else {
            Path dir = file.toAbsolutePath().getParent();
            podResult = new ConfigLoader().load(dir == null ? Path.of(s.pod()) : dir.resolve(s.pod()));
        }
        if (!(podResult instanceof LoadResult.Valid valid)) {
            more.add(parsed.problem("pod-invalid", "the pod file cannot be used: " + podResult.problems().stream()
                    .filter(p -> p.severity() == ConfigProblem.Severity.ERROR).findFirst().map(ConfigProblem::toString)
                    .orElse("invalid"), "pod"));
            return new Result(null, parsed.with(more).problems());
        }
        new Rules(valid.config(), parsed, more).run(s);
        RecordFile.Parsed<ScenarioFile> all = parsed.with(more);
        return all.ok() ? new Result(new Loaded(file, s, valid.config(), valid.sha256()), all.problems())
                : new Result(null, all.problems());
    }

    /** The scenario's rules against its pod. */
    private static final class Rules {
        private final PodConfig pod;
        private final RecordFile.Parsed<ScenarioFile> at;
        private final List<ConfigProblem> out;

        Rules(PodConfig pod, RecordFile.Parsed<ScenarioFile> at, List<ConfigProblem> out) {
            this.pod = pod;
            this.at = at;
            this.out = out;
        }

        void run(ScenarioFile s) {
            if (s.steps().isEmpty()) {
                out.add(at.problem("no-steps", "a scenario needs at least one step", "steps"));
            }
            for (int i = 0; i < s.steps().size(); i++) {
                step(s.steps().get(i), i);
            }
            for (int i = 0; i < s.plot().size(); i++) {
                if (!pointExists(s.plot().get(i))) {
                    out.add(at.problem("unknown-point", "no point '" + s.plot().get(i) + "' in the pod file"
                            + hintPoints(), "plot", i));
                }
            }
        }

        private void step(Step st, int i) {
            int kinds = count(st.waitFor(), st.fault(), st.line(), st.gpio(), st.plant(), st.broker(), st.clock(),
                    st.command(), st.expect());
            if (kinds != 1) {
                out.add(at.problem("step-kind", "step " + (i + 1) + " has " + kinds + " of wait, fault, line, gpio,"
                        + " plant, broker, clock, command, expect: write exactly one per step", "steps", i));
                return;
            }
            if (st.fault() != null) {
                fault(st.fault(), i);
            } else if (st.line() != null) {
                line(st.line(), i);
            } else if (st.gpio() != null) {
                gpio(st.gpio(), i);
            } else if (st.plant() != null) {
                plant(st.plant(), i);
            } else if (st.expect() != null) {
                expect(st.expect(), i);
            }
        }

        private void fault(ScenarioFile.Fault f, int i) {
            DeviceConfig d = device(f.device());
            if (d == null) {
                out.add(at.problem("unknown-device", "no device '" + f.device() + "' in the pod file (devices: "
                        + String.join(", ", pod.devices().stream().map(DeviceConfig::id).toList()) + ")",
                        "steps", i, "fault", "device"));
                return;
            }
            switch (f.mode()) {
                case DELAY -> require(f.ms() != null, "delay needs ms", i, "fault");
                case EXCEPTION -> require(f.code() != null, "exception needs code", i, "fault");
                case NAN, WORD_SWAP -> {
                    if (f.point() == null) {
                        require(false, "nan and wordSwap need the point whose registers they affect", i, "fault");
                    } else if (point(d, f.point()) == null) {
                        out.add(at.problem("unknown-point", "device " + d.id() + " has no point '" + f.point() + "'",
                                "steps", i, "fault", "point"));
                    } else if (point(d, f.point()).registers() < 2) {
                        out.add(at.problem("fault-args", f.point() + " is one register: nan and wordSwap act on a"
                                + " register pair (a 32-bit value)", "steps", i, "fault", "point"));
                    }
                }
                case BAD_CRC -> {
                    if (onTcp(d)) {
                        out.add(at.problem("fault-args", "badCrc acts on Modbus RTU only (a TCP frame has no CRC),"
                                + " and " + d.id() + " is on TCP bus " + d.bus(), "steps", i, "fault", "mode"));
                    }
                }
                case REFUSE, WRONG_TID -> {
                    if (!onTcp(d)) {
                        out.add(at.problem("fault-args", LocalPlantControl.word(f.mode()) + " acts on Modbus TCP"
                                + " only (connections, transaction ids), and " + d.id() + " is on RTU bus " + d.bus()
                                + " (a dead unit there is silent)", "steps", i, "fault", "mode"));
                    }
                }
                default -> {
                    // no arguments
                }
            }
        }

        private boolean onTcp(DeviceConfig d) {
            return pod.buses().stream().anyMatch(b -> b.id().equals(d.bus()) && b.isTcp());
        }

        private void line(ScenarioFile.Line l, int i) {
            List<String> rtu = pod.buses().stream().filter(b -> !b.isTcp()).map(BusConfig::id).toList();
            if (!rtu.contains(l.bus())) {
                out.add(at.problem("unknown-bus", "no RTU bus '" + l.bus() + "' in the pod file" + (rtu.isEmpty()
                        ? " (it has none: line steps need a pod file with an RTU bus)"
                        : " (RTU buses: " + String.join(", ", rtu) + ")"), "steps", i, "line", "bus"));
            }
        }

        private void gpio(ScenarioFile.Gpio g, int i) {
            if ((g.input() == null) == (g.output() == null)) {
                out.add(at.problem("step-kind", "gpio names either an input or an output", "steps", i, "gpio"));
                return;
            }
            if (g.input() != null) {
                if (input(g.input()) == null) {
                    out.add(at.problem("unknown-input", "no GPIO input '" + g.input() + "' in the pod file (inputs: "
                            + String.join(", ", inputs().stream().map(GpioConfig.Input::id).toList()) + ")",
                            "steps", i, "gpio", "input"));
                }
                int actions = count(g.level(), g.chatter(), g.wire());
                require(actions == 1, "gpio on an input needs exactly one of level, chatter, wire", i, "gpio");
                require(g.contactor() == null, "contactor goes with output", i, "gpio");
            } else {
                if (output(g.output()) == null) {
                    out.add(at.problem("unknown-output", "no GPIO output '" + g.output() + "' in the pod file",
                            "steps", i, "gpio", "output"));
                }
                require(g.contactor() != null, "gpio on an output needs contactor", i, "gpio");
            }
        }

        private void plant(ScenarioFile.Plant p, int i) {
            int kinds = count(p.pump(), p.facilityWater(), p.rack(), p.sensor());
            require(kinds == 1, "plant needs exactly one of pump, facilityWater, rack, sensor", i, "plant");
            require(p.pump() == null || p.action() != null, "pump needs action", i, "plant");
            require(p.rack() == null || p.loadKw() != null, "rack needs loadKw", i, "plant");
            require(p.sensor() == null || count(p.sensorFault(), p.drift(), p.repair()) == 1,
                    "sensor needs exactly one of sensorFault, drift, repair", i, "plant");
        }

        private void expect(Expect e, int i) {
            int conditions = count(e.trip(), e.outputs(), e.event(), e.alarm(), e.mode(), e.point(), e.eventsGapFree());
            require(conditions > 0, "expect needs at least one of trip, outputs, event, alarm, mode, point,"
                    + " eventsGapFree", i, "expect");
            if (e.trip() != null && protection(e.trip()) == null) {
                out.add(at.problem("unknown-protection", "no protection '" + e.trip() + "' in the pod file",
                        "steps", i, "expect", "trip"));
            }
            if (e.outputs() != null) {
                List<String> all = new ArrayList<>(e.outputs().on());
                all.addAll(e.outputs().off());
                for (String o : all) {
                    if (output(o) == null) {
                        out.add(at.problem("unknown-output", "no GPIO output '" + o + "' in the pod file (outputs: "
                                + String.join(", ", outputs().stream().map(GpioConfig.Output::id).toList()) + ")",
                                "steps", i, "expect", "outputs"));
                    }
                }
            }
            if (e.event() != null && !EVENT_TYPES.contains(e.event())) {
                out.add(at.problem("unknown-event", "no event type '" + e.event() + "' in the MQTT contract",
                        "steps", i, "expect", "event"));
            }
            require(e.source() == null || e.event() != null, "source goes with event", i, "expect");
            require(e.firstOut() == null || e.trip() != null || e.source() != null, "firstOut goes with trip, or"
                    + " event and source", i, "expect");
            if (e.alarm() != null && protection(e.alarm()) == null
                    && ALARM_PREFIXES.stream().noneMatch(e.alarm()::startsWith)) {
                out.add(at.problem("unknown-alarm", "no alarm '" + e.alarm() + "': a protection id, or one of the"
                        + " controller's own (" + String.join("*, ", ALARM_PREFIXES) + "*)", "steps", i, "expect",
                        "alarm"));
            }
            require(e.alarmState() == null || e.alarm() != null, "alarmState goes with alarm", i, "expect");
            if (e.point() != null && !pointExists(e.point())) {
                out.add(at.problem("unknown-point", "no point '" + e.point() + "' in the pod file" + hintPoints(),
                        "steps", i, "expect", "point"));
            }
            require(e.point() == null || e.quality() != null, "point needs quality", i, "expect");
        }

        private void require(boolean ok, String message, int i, String kind) {
            if (!ok) {
                out.add(at.problem("step-args", message, "steps", i, kind));
            }
        }

        private String hintPoints() {
            return " (points are {device}.{point}, e.g. cdu.supplyTemp, or a GPIO input id)";
        }

        private boolean pointExists(String id) {
            if (input(id) != null) {
                return true;
            }
            int dot = id.indexOf('.');
            DeviceConfig d = dot < 0 ? null : device(id.substring(0, dot));
            return d != null && point(d, id.substring(dot + 1)) != null;
        }

        private DeviceConfig device(String id) {
            return pod.devices().stream().filter(d -> d.id().equals(id)).findFirst().orElse(null);
        }

        private static PointConfig point(DeviceConfig d, String id) {
            return d.points().stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
        }

        private List<GpioConfig.Input> inputs() {
            return pod.gpio() == null ? List.of() : pod.gpio().inputs();
        }

        private List<GpioConfig.Output> outputs() {
            return pod.gpio() == null ? List.of() : pod.gpio().outputs();
        }

        private GpioConfig.Input input(String id) {
            return inputs().stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
        }

        private GpioConfig.Output output(String id) {
            return outputs().stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
        }

        private ProtectionConfig protection(String id) {
            return pod.protections().stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
        }
    }

    private static int count(Object... values) {
        int n = 0;
        for (Object v : values) {
            n += v == null ? 0 : 1;
        }
        return n;
    }
}
