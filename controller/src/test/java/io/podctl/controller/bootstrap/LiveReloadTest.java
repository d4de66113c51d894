package io.podctl.controller.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.podctl.config.ConfigDiff;
import io.podctl.config.ConfigLoader;
import io.podctl.config.LoadResult;
import io.podctl.config.PodConfig;
import io.podctl.controller.commands.CommandInbox;
import io.podctl.controller.commands.CommandIntake;
import io.podctl.controller.commands.CommandReply;
import io.podctl.controller.commands.ReasonCode;
import io.podctl.controller.events.EventLog;
import io.podctl.controller.events.EventSequencer;
import io.podctl.controller.events.PodEvent;
import io.podctl.controller.loop.ControlLoop;
import io.podctl.controller.loop.LoopInputs;
import io.podctl.controller.loop.LoopOutputs;
import io.podctl.controller.loop.LoopReporting;
import io.podctl.controller.loop.LoopStats;
import io.podctl.controller.commands.InboundMessage;
import io.podctl.controller.outputs.OutputBank;
import io.podctl.controller.outputs.OutputSupervisor;
import io.podctl.controller.safety.AlarmView;
import io.podctl.controller.safety.SafetyEngine;
import io.podctl.controller.safety.Severity;
import io.podctl.controller.state.PodObserver;
import io.podctl.controller.state.PodObservers;
import io.podctl.controller.state.PodStateView;
import io.podctl.controller.testing.CountingWatchdog;
import io.podctl.controller.testing.MemoryOut;
import io.podctl.controller.testing.RecordingObserver;
import io.podctl.hal.ManualClock;
import io.podctl.hal.gpio.DigitalOut;
import io.podctl.sensors.DeviceStatusBoard;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every setting the configuration classifies as live really changes the running controller. For each setting of
 * {@link ConfigDiff#liveSettings()}, a controller started from {@link #BASE}, and one started from the same file
 * and then reloaded with only that setting changed, are probed for the new value's behaviour: the reloaded one must
 * show it, the other must not (so the probe tells the two apart). A setting classified live without a probe here
 * fails the test. The controllers are the production loop, engine, command intake and reload on a manual clock,
 * wired as {@link PodRuntime} wires them, without threads or I/O.
 */
class LiveReloadTest {
    private static final Duration PERIOD = Duration.ofMillis(100);
    private static final String PROTECTION = "temp.high";
    private static final String BASE = """
            pod: {site: lab, id: pod1, description: test pod}
            loop: {period: 100ms, overrunLogInterval: 10s}
            mqtt: {brokers: ["tcp://127.0.0.1:1883"], topicRoot: "podctl/{site}/{pod}", stateInterval: 5s}
            buses:
              - {id: net, tcp: {host: 127.0.0.1, port: 1502}}
            devices:
              - id: cdu
                bus: net
                unitId: 1
                description: coolant distribution unit
                points:
                  - {id: supplyTemp, table: input, address: 0, type: int16, scale: 0.1, unit: degC}
            gpio:
              inputs:
                - {id: leak, pin: 17, description: leak cable}
                - {id: reset.button, pin: 25}
              outputs:
                - {id: rack1.power, pin: 5, description: rack 1 contactor}
            safety: {localResetInput: reset.button}
            protections:
              - id: temp.high
                point: cdu.supplyTemp
                condition: high
                warning: 30
                alarm: 35
                trip: 40
                hysteresis: 1
                delay: 2s
                description: supply too hot
                deenergize: [rack1.power]
              - {id: leak, point: leak, condition: active, deenergize: [rack1.power]}
            authorization:
              operate: [operator]
              safetyReset: [operator]
            persistence: {directory: state}
            logging: {level: info}
            """;

    @TempDir
    Path dir;

    /**
     * How one setting is changed in the file, and what only a controller running the changed value does.
     *
     * @param from          text of {@link #BASE} to replace
     * @param to            its replacement
     * @param showsNewValue drives a running controller and tells whether it behaves as the changed value says
     */
    record Probe(String from, String to, Predicate<Harness> showsNewValue) {
    }

    /** One probe per live setting. */
    private static Map<String, Probe> probes() {
        return Map.ofEntries(
                Map.entry("protections.warning", new Probe("    warning: 30\n", "    warning: 29\n",
                        h -> h.hold(29.5, Duration.ofSeconds(3)).severity(PROTECTION) == Severity.WARNING)),
                Map.entry("protections.alarm", new Probe("    alarm: 35\n", "    alarm: 34\n",
                        h -> h.hold(34.5, Duration.ofSeconds(3)).severity(PROTECTION) == Severity.ALARM)),
                Map.entry("protections.trip", new Probe("    trip: 40\n", "    trip: 39\n",
                        h -> h.hold(39.5, Duration.ofSeconds(3)).tripLatched(PROTECTION))),
                // Back from 36 to 33.5: below alarm - 1, above alarm - 3.
                Map.entry("protections.hysteresis", new Probe("    hysteresis: 1\n", "    hysteresis: 3\n",
                        h -> h.hold(36, Duration.ofSeconds(3)).hold(33.5, Duration.ofSeconds(3))
                                .severity(PROTECTION) == Severity.ALARM)),
                Map.entry("protections.delay", new Probe("    delay: 2s\n", "    delay: 10s\n",
                        h -> !h.hold(36, Duration.ofSeconds(5)).active(PROTECTION))),
                Map.entry("protections.clearDelay", new Probe("    delay: 2s\n", "    delay: 2s\n    clearDelay: 10s\n",
                        h -> h.hold(36, Duration.ofSeconds(3)).hold(20, Duration.ofSeconds(3)).active(PROTECTION))),
                Map.entry("protections.description", new Probe("    description: supply too hot\n",
                        "    description: supply above its limit\n",
                        h -> h.alarm(PROTECTION).description().equals("supply above its limit"))),
                Map.entry("authorization", new Probe("  operate: [operator]\n", "  operate: [operator, alice]\n",
                        h -> h.command("ack", "alice") == ReasonCode.ACCEPTED)),
                Map.entry("mqtt.stateInterval", new Probe("stateInterval: 5s", "stateInterval: 1s",
                        h -> h.statesWhileSteady(Duration.ofMillis(1500)) > 0)),
                Map.entry("loop.overrunLogInterval", new Probe("overrunLogInterval: 10s", "overrunLogInterval: 1s",
                        h -> h.overrunReportsWhileEveryCycleTakes(Duration.ofMillis(150), Duration.ofSeconds(3)) > 1)),
                Map.entry("pod.description", new Probe("description: test pod", "description: hall B row 3",
                        h -> h.running().pod().description().equals("hall B row 3"))),
                Map.entry("devices.description", new Probe("description: coolant distribution unit",
                        "description: CDU 1", h -> h.running().devices().get(0).description().equals("CDU 1"))),
                Map.entry("devices.highAddressesAreWire", new Probe("    unitId: 1\n",
                        "    unitId: 1\n    highAddressesAreWire: true\n",
                        h -> h.running().devices().get(0).highAddressesAreWire())),
                Map.entry("gpio.inputs.description", new Probe("description: leak cable}", "description: leak rope}",
                        h -> h.running().gpio().inputs().get(0).description().equals("leak rope"))),
                Map.entry("gpio.outputs.description", new Probe("description: rack 1 contactor}",
                        "description: rack 1 main contactor}",
                        h -> h.running().gpio().outputs().get(0).description().equals("rack 1 main contactor"))));
    }

    @Test
    void everyLiveSettingHasAWayIntoTheRunningController() {
        assertEquals(ConfigDiff.liveSettings(), LiveReload.TARGETS.keySet(),
                "LiveReload.TARGETS must say where each live setting goes");
    }

    @TestFactory
    Stream<DynamicTest> everyLiveSettingChangesTheRunningController() {
        return ConfigDiff.liveSettings().stream().map(setting -> dynamicTest(setting, () -> {
            Probe probe = probes().get(setting);
            assertNotNull(probe, setting + " is classified live, but no probe here checks that a reload applies it");
            assertTrue(BASE.contains(probe.from()), setting + ": the probe edits the base file");

            Harness unchanged = Harness.start(dir.resolve("unchanged.yaml"), BASE);
            assertFalse(probe.showsNewValue().test(unchanged), setting + ": the probe must tell the values apart");

            Harness reloaded = Harness.start(dir.resolve("reloaded.yaml"), BASE);
            PodEvent outcome = reloaded.reload(BASE.replace(probe.from(), probe.to()));
            assertTrue(outcome.message().startsWith("configuration reloaded"), outcome.message());
            boolean fileOnly = LiveReload.TARGETS.get(setting) == LiveReload.Target.FILE_ONLY;
            assertTrue(outcome.message().contains(fileOnly ? "in the file only, no run-time effect" : "applied "),
                    "the reload reports what it did: " + outcome.message());
            assertTrue(probe.showsNewValue().test(reloaded), setting + " reloaded, but the running controller does"
                    + " not behave as the new value says");
        }));
    }

    @Test
    void aLiveSettingWithoutAWayInIsNotReportedAsApplied() {
        ConfigDiff diff = new ConfigDiff(List.of(new ConfigDiff.Change("loop", null, ConfigDiff.Kind.CHANGED,
                List.of("overrunLogInterval", "someFutureSetting"), ConfigDiff.Effect.HOT)));
        assertEquals(List.of("loop.someFutureSetting"), LiveReload.settingsWithoutTarget(diff));
    }

    @Test
    void aReloadThatAlsoNeedsARestartAppliesNothingAndSaysSo() throws Exception {
        Harness h = Harness.start(dir.resolve("pod.yaml"), BASE);
        PodEvent outcome = h.reload(BASE.replace("    alarm: 35\n", "    alarm: 34\n").replace("pin: 17", "pin: 18"));
        assertTrue(outcome.message().contains("need a restart"), outcome.message());
        h.cycle();
        assertTrue(h.active(LiveReload.ALARM_ID), "controller.config says why");
        assertFalse(h.hold(34.5, Duration.ofSeconds(3)).severity(PROTECTION) == Severity.ALARM,
                "the hot part was not applied either");
    }

    /** A controller as PodRuntime wires it (loop, engine, outputs, intake, reload), stepped by hand. */
    static final class Harness {
        private final ManualClock clock = new ManualClock();
        private final Path file;
        private final SampleBoard board;
        private final int supplyTemp;
        private final ControlLoop loop;
        private final CommandIntake intake;
        private final LiveReload live;
        private final String root;
        private final RecordingObserver recorder = new RecordingObserver();
        private final List<PodEvent> events = recorder.events;
        private final List<CommandReply> replies = recorder.replies;
        private final List<PodStateView> states = recorder.states;
        private Duration eachSnapshotTakes = Duration.ZERO;
        private double value = 25;
        private int commands;

        private Harness(Path file, LoadResult.Valid loaded) {
            this.file = file;
            PodConfig config = loaded.config();
            this.root = config.topicRoot();
            this.board = new SampleBoard(SafetyCompiler.pointDescriptors(config));
            this.supplyTemp = board.requireIndex("cdu.supplyTemp");
            SafetyEngine engine = new SafetyEngine(SafetyCompiler.compile(config, board));
            List<DigitalOut> pins = new ArrayList<>();
            config.gpio().outputs().forEach(o -> pins.add(new MemoryOut(o.id())));
            OutputBank outputs = new OutputBank(pins);
            PodObservers observers = new PodObservers().add(recorder).add(new PodObserver() {
                @Override
                public void onSnapshot(Snapshot snapshot) {
                    clock.advance(eachSnapshotTakes); // a publish phase that takes this long
                }
            });
            EventLog eventLog = new EventLog(new EventSequencer(1), observers::onEvent);
            CommandInbox inbox = new CommandInbox(64, 16);
            this.intake = new CommandIntake(root, PodRuntime.authorization(config), PodRuntime.COMMAND_RATE,
                    new CommandIntake.Outlets(inbox, observers, eventLog), clock);
            LoopStats stats = new LoopStats(config.loop().period().toNanos(), config.loop().overrunLogInterval().toNanos());
            this.loop = new ControlLoop(new LoopInputs(board, new DeviceStatusBoard(List.of("cdu"), 0), inbox, clock),
                    engine, new LoopOutputs(outputs, new OutputSupervisor(outputs, clock, Duration.ofSeconds(1)),
                            new CountingWatchdog()),
                    new LoopReporting(eventLog, observers, stats, config.mqtt().stateInterval()));
            this.live = new LiveReload(file, loaded, new LiveReload.Controller(loop, intake, stats, board, hash -> {
            }, interval -> {
            }));
        }

        static Harness start(Path file, String text) throws Exception {
            Files.writeString(file, text);
            Harness h = new Harness(file, (LoadResult.Valid) new ConfigLoader().load(file));
            h.cycle();
            h.cycle();
            return h;
        }

        /** Rewrites the file, reloads it as SIGHUP would, and returns the CONFIG event that reports the outcome. */
        PodEvent reload(String text) throws Exception {
            Files.writeString(file, text);
            int before = events.size();
            live.reload("test");
            cycle();
            return events.subList(before, events.size()).stream().filter(e -> e.type().equals("CONFIG")).findFirst()
                    .orElseThrow(() -> new AssertionError("no CONFIG event after the reload: " + events));
        }

        void cycle() {
            board.publish(supplyTemp, value, Quality.GOOD, clock.nanoTime(), clock.wallMillis());
            loop.step(clock.nanoTime());
            clock.advance(PERIOD);
        }

        /** Holds the supply temperature at {@code degC} for {@code time}. */
        Harness hold(double degC, Duration time) {
            value = degC;
            long until = clock.nanoTime() + time.toNanos();
            while (clock.nanoTime() < until) {
                cycle();
            }
            return this;
        }

        AlarmView alarm(String id) {
            return loop.engine().alarms().stream().filter(a -> a.id().equals(id)).findFirst()
                    .orElseThrow(() -> new AssertionError("no alarm " + id));
        }

        boolean active(String id) {
            return loop.engine().alarms().stream().anyMatch(a -> a.id().equals(id) && a.state().isActive());
        }

        Severity severity(String id) {
            AlarmView a = alarm(id);
            return a.state().isActive() ? a.severity() : Severity.NONE;
        }

        boolean tripLatched(String id) {
            return loop.engine().latchedTrips().stream().anyMatch(t -> t.id().equals(id));
        }

        /** Sends {@code name} as {@code identity} over the command topic and returns the reply's code. */
        ReasonCode command(String name, String identity) {
            String id = "c" + ++commands;
            String now = clock.now().toString();
            String later = clock.now().plusSeconds(4).toString();
            intake.onMessage(new InboundMessage(root + "/cmd/" + name + "/" + identity, ("{\"id\":\"" + id
                    + "\",\"issuedAt\":\"" + now + "\",\"expiresAt\":\"" + later + "\"}").getBytes(StandardCharsets.UTF_8),
                    1, false));
            cycle();
            return replies.stream().filter(r -> r.id().equals(id)).findFirst()
                    .orElseThrow(() -> new AssertionError("no reply to " + id)).code();
        }

        /** States handed on while nothing changes for {@code time}. */
        int statesWhileSteady(Duration time) {
            int before = states.size();
            hold(value, time);
            return states.size() - before;
        }

        /** LOOP_OVERRUN events while every cycle takes {@code each} for {@code time}. */
        long overrunReportsWhileEveryCycleTakes(Duration each, Duration time) {
            int before = events.size();
            eachSnapshotTakes = each;
            hold(value, time);
            eachSnapshotTakes = Duration.ZERO;
            return events.subList(before, events.size()).stream().filter(e -> e.type().equals("LOOP_OVERRUN")).count();
        }

        /** The configuration the controller runs now. */
        PodConfig running() {
            return live.current().config();
        }
    }
}
