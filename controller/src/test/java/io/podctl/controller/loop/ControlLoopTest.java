package io.podctl.controller.loop;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.commands.Command;
import io.podctl.controller.commands.CommandInbox;
import io.podctl.controller.commands.CommandReply;
import io.podctl.controller.commands.CommandRequest;
import io.podctl.controller.commands.ReasonCode;
import io.podctl.controller.events.EventLog;
import io.podctl.controller.events.EventSequencer;
import io.podctl.controller.events.PodEvent;
import io.podctl.controller.outputs.OutputBank;
import io.podctl.controller.outputs.OutputFeedback;
import io.podctl.controller.outputs.OutputReadBack;
import io.podctl.controller.outputs.OutputSupervisor;
import io.podctl.controller.safety.AlarmState;
import io.podctl.controller.safety.AlarmView;
import io.podctl.controller.safety.EngineSpec;
import io.podctl.controller.safety.ProtectionSpec;
import io.podctl.controller.safety.SafetyEngine;
import io.podctl.controller.safety.Severity;
import io.podctl.controller.state.PodMode;
import io.podctl.controller.state.PodObserver;
import io.podctl.controller.state.PodObservers;
import io.podctl.controller.testing.CountingWatchdog;
import io.podctl.controller.testing.MemoryOut;
import io.podctl.controller.testing.RecordingObserver;
import io.podctl.hal.ManualClock;
import io.podctl.hal.clock.ClockSync;
import io.podctl.hal.sim.SimulatedClockSync;
import io.podctl.sensors.DeviceHealth;
import io.podctl.sensors.DeviceStatus;
import io.podctl.sensors.DeviceStatusBoard;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import io.podctl.sensors.SuspectValues;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The loop as a function of time: a manual clock, in-memory outputs, no threads, no sleeping. */
class ControlLoopTest {
    private static final Duration PERIOD = Duration.ofMillis(100);

    private final ManualClock clock = new ManualClock();
    private SampleBoard board;
    private MemoryOut rack;
    private CountingWatchdog watchdog;
    private OutputSupervisor supervisor;
    private CommandInbox inbox;
    private RecordingObserver recorder;
    private PodObservers observers;
    private LoopStats stats;
    private ControlLoop loop;
    private final DeviceStatusBoard devices = new DeviceStatusBoard(List.of("cdu"), 0);

    @BeforeEach
    void setUp() {
        board = new SampleBoard(List.of(
                new PointDescriptor("leak.rack1", "", Duration.ofSeconds(1), true),
                new PointDescriptor("cdu.flow", "L/min", Duration.ofSeconds(1), false)));
        ProtectionSpec leak = ProtectionSpec.builder("leak-rack1", "leak.rack1", 0)
                .active(Severity.TRIP).deenergize(0).build();
        SafetyEngine engine = new SafetyEngine(EngineSpec.of(List.of(leak),
                List.of("rack1.power"), -1, 0));
        rack = new MemoryOut("rack1.power");
        OutputBank outputs = new OutputBank(List.of(rack));
        watchdog = new CountingWatchdog();
        supervisor = new OutputSupervisor(outputs, clock, PERIOD.multipliedBy(3));
        inbox = new CommandInbox(16, 8);
        recorder = new RecordingObserver();
        observers = new PodObservers().add(recorder);
        EventLog events = new EventLog(new EventSequencer(1), observers::onEvent);
        stats = new LoopStats(PERIOD.toNanos(), Duration.ofSeconds(10).toNanos());
        loop = new ControlLoop(new LoopInputs(board, devices, inbox, clock), engine,
                new LoopOutputs(outputs, supervisor, watchdog),
                new LoopReporting(events, observers, stats, Duration.ofSeconds(5)));
    }

    private void sample(int point, double value) {
        board.publish(point, value, Quality.GOOD, clock.nanoTime(), 0);
    }

    private void cycle() {
        loop.step(clock.nanoTime());
        clock.advance(PERIOD);
    }

    private CommandReply command(String id, Command c) {
        int before = recorder.replies.size();
        inbox.offer(new CommandRequest(id, c instanceof Command.Reset ? "reset" : "ack", c, "operator",
                clock.nanoTime()));
        cycle();
        assertEquals(before + 1, recorder.replies.size(), "exactly one reply per command");
        return recorder.replies.get(recorder.replies.size() - 1);
    }

    private void startRunning() {
        devices.update(new DeviceStatus("cdu", DeviceHealth.ONLINE, "ok", 1, 0, 0, 0, 0));
        sample(0, 0);
        sample(1, 330);
        cycle();
        assertEquals(PodMode.STARTING, loop.mode());
        assertFalse(rack.energized());
        assertEquals(ReasonCode.ACCEPTED, command("c0", new Command.Reset(null)).code());
        sample(0, 0);
        cycle();
        assertTrue(rack.energized());
        assertEquals(PodMode.RUNNING, loop.mode());
    }

    @Test
    void outputsFollowTheEngineAndTheWatchdogIsFedEveryCycle() {
        startRunning();
        int feeds = watchdog.feeds();
        sample(0, 1);
        cycle();
        assertFalse(rack.energized(), "a leak de-energizes the rack in the cycle that sees it");
        assertEquals(PodMode.TRIPPED, loop.mode());
        assertEquals(feeds + 1, watchdog.feeds());
    }

    @Test
    void aResetIsRefusedWhileTheConditionPersistsAndAcceptedAfterwards() {
        startRunning();
        sample(0, 1);
        cycle();
        CommandReply refused = command("c1", new Command.Reset(null));
        assertEquals(ReasonCode.CONDITION_ACTIVE, refused.code());
        assertFalse(refused.ok());
        assertFalse(rack.energized());

        sample(0, 0);
        cycle();
        assertFalse(rack.energized(), "clearing the condition does not reset the trip");
        CommandReply accepted = command("c2", new Command.Reset(null));
        assertEquals(ReasonCode.ACCEPTED, accepted.code(), accepted.message());
        sample(0, 0);
        cycle();
        assertTrue(rack.energized());
    }

    @Test
    void everyEventCarriesAStrictlyIncreasingSequenceNumber() {
        startRunning();
        sample(0, 1);
        cycle();
        command("c1", new Command.Reset(null));
        sample(0, 0);
        cycle();
        command("c2", new Command.Reset(null));
        assertTrue(recorder.events.size() >= 6, recorder.events.toString());
        for (int i = 1; i < recorder.events.size(); i++) {
            assertEquals(recorder.events.get(i - 1).seq() + 1, recorder.events.get(i).seq());
        }
        assertTrue(recorder.events.stream().anyMatch(e -> e.type().equals("TRIP_LATCHED")));
        assertTrue(recorder.events.stream().anyMatch(e -> e.type().equals("COMMAND")
                && e.details().get("code").equals("CONDITION_ACTIVE")), "commands are audited");
        assertTrue(recorder.events.stream().anyMatch(e -> e.type().equals("MODE")));
    }

    @Test
    void stateIsHandedOnOnChangeAndAtLeastEveryInterval() {
        startRunning();
        int before = recorder.states.size();
        long lastStateAt = recorder.states.get(before - 1).time().toEpochMilli();
        while (clock.now().toEpochMilli() - lastStateAt < 5000) {
            sample(0, 0);
            sample(1, 330);
            cycle();
        }
        assertEquals(before, recorder.states.size(), "nothing changed for less than 5 s: no new state");
        sample(0, 0);
        sample(1, 330);
        cycle();
        assertEquals(before + 1, recorder.states.size(), "refreshed 5 s after the last one");
        sample(0, 1);
        cycle();
        assertEquals(before + 2, recorder.states.size(), "a trip is a change: published at once");
    }

    @Test
    void aDeviceRejectingConfiguredRegistersRaisesAConfigMismatchAlarmUntilItsMapMatches() {
        startRunning();
        String alarm = ControlLoop.configMismatchAlarmId("cdu");
        devices.update(new DeviceStatus("cdu", DeviceHealth.DEGRADED,
                "config mismatch: exception 02 at input 0x0034..0x0035 (wire 52..53)", 2, 1, 0, 0, 0));
        sample(0, 0);
        cycle();
        cycle();
        assertTrue(loop.lastState().alarms().stream().anyMatch(a -> a.id().equals(alarm) && a.state().isActive()
                && a.message().contains("exception 02 at input 0x0034..0x0035 (wire 52..53)")),
                loop.lastState().alarms().toString());
        assertTrue(rack.energized(), "a mapping error is for people to fix: it trips nothing by itself");

        devices.update(new DeviceStatus("cdu", DeviceHealth.OFFLINE, "timeout after 300 ms", 3, 2, 0, 0, 0));
        sample(0, 0);
        cycle();
        cycle();
        assertTrue(loop.lastState().alarms().stream().anyMatch(a -> a.id().equals(alarm) && a.state().isActive()),
                "off-line says nothing about the map: the alarm stays");

        devices.update(new DeviceStatus("cdu", DeviceHealth.ONLINE, "ok", 4, 2, 0, 0, 0));
        sample(0, 0);
        cycle();
        cycle();
        assertTrue(loop.lastState().alarms().stream().noneMatch(a -> a.id().equals(alarm) && a.state().isActive()),
                loop.lastState().alarms().toString());
    }

    /** A reading the poller does not believe raises an alarm naming it while it lasts, and nothing else. */
    @Test
    void aSuspectReadingRaisesAnAlarmNamingThePointUntilThePollerClearsIt() {
        startRunning();
        devices.suspects().raise(new SuspectValues.Suspect("cdu.flow", SuspectValues.Kind.IMPLAUSIBLE,
                "cdu.flow read 2.3522E-41 (L/min), a subnormal float"));
        devices.suspects().raise(new SuspectValues.Suspect("cdu.energy", SuspectValues.Kind.COUNTER_BACKWARDS,
                "cdu.energy went backwards from 1000.5 to 0.0 kWh"));
        sample(0, 0);
        cycle();
        cycle();
        List<AlarmView> alarms = loop.lastState().alarms();
        assertTrue(alarms.stream().anyMatch(a -> a.id().equals("point.cdu.flow.implausible") && a.state().isActive()
                && a.severity() == Severity.ALARM && a.message().contains("2.3522E-41")), alarms.toString());
        assertTrue(alarms.stream().anyMatch(a -> a.id().equals("point.cdu.energy.counter") && a.state().isActive()
                && a.severity() == Severity.WARNING), alarms.toString());
        assertTrue(rack.energized(), "the alarm tells people; the bad sample is its protections' business");

        devices.suspects().clear("cdu.flow", SuspectValues.Kind.IMPLAUSIBLE);
        sample(0, 0);
        cycle();
        cycle();
        alarms = loop.lastState().alarms();
        assertTrue(alarms.stream().noneMatch(a -> a.id().equals("point.cdu.flow.implausible") && a.state().isActive()),
                alarms.toString());
        assertTrue(alarms.stream().anyMatch(a -> a.id().equals("point.cdu.energy.counter") && a.state().isActive()));
    }

    /** With an hour between deadlines, only the extra cycle asked for by wake() can act on the leak. */
    @Test
    void aWokenRunnerActsOnATripInputBetweenTwoDeadlines() {
        startRunning();
        LoopStats runnerStats = new LoopStats(Duration.ofHours(1).toNanos(), Duration.ofSeconds(10).toNanos());
        LoopRunner runner = new LoopRunner(loop, clock, Duration.ofHours(1), runnerStats);
        try {
            runner.start(); // its first deadline is now; the next one an hour away on this manual clock
            await("the runner's first cycle").atMost(Duration.ofSeconds(5))
                    .until(() -> loop.lastState() != null && loop.lastState().time() != null && rack.energized());
            sample(0, 1);
            runner.wake();
            await("the leak acted on at once").atMost(Duration.ofSeconds(5)).until(() -> !rack.energized());
            await().atMost(Duration.ofSeconds(5)).until(() -> runnerStats.extraCycles() >= 1);
        } finally {
            runner.close();
        }
    }

    @Test
    void whenTheSupervisorForcedTheOutputsSafeTheLoopLatchesTheStallTrip() {
        startRunning();
        clock.advance(Duration.ofMillis(400));
        assertTrue(supervisor.check(clock.nanoTime()));
        assertFalse(rack.energized(), "the supervisor de-energized the rack");
        sample(0, 0);
        sample(1, 330);
        cycle();
        assertFalse(rack.energized(), "the loop does not re-energize after a stall");
        assertTrue(loop.lastState().trips().stream().anyMatch(t -> t.id().equals(SafetyEngine.LOOP_STALL_TRIP)));
    }

    @Test
    void aFailedCycleForcesOutputsSafeAndLatches() {
        startRunning();
        loop.failSafe(new IllegalStateException("boom"));
        assertFalse(rack.energized());
        sample(0, 0);
        sample(1, 330);
        cycle();
        assertFalse(rack.energized());
        assertEquals(PodMode.TRIPPED, loop.mode());
    }

    /**
     * A publish phase that blocks on purpose: the observer takes 250 ms of the manual clock, so the cycle ends
     * two deadlines late. The first overrun is reported at once (event and alarm, naming the phase); more
     * overruns within the report interval (10 s here) are only counted, then reported together; the alarm
     * clears after a whole interval without one.
     */
    @Test
    void anOverrunIsAnEventAndAnAlarmNamingTheSlowestPhaseAtALimitedRate() {
        startRunning();
        SlowObserver slow = new SlowObserver(clock);
        observers.add(slow);
        slow.takes = Duration.ofMillis(250);
        healthyCycle();
        assertEquals(2, stats.overruns(), "a 250 ms cycle misses two 100 ms deadlines");
        List<PodEvent> reports = overrunEvents();
        assertEquals(1, reports.size(), recorder.events.toString());
        PodEvent first = reports.get(0);
        assertEquals("PUBLISH", first.details().get("slowestPhase"), first.toString());
        assertEquals("250.0", first.details().get("slowestPhaseMs"), first.toString());
        assertEquals("2", first.details().get("missed"), first.toString());
        assertTrue(first.message().contains("slowest phase PUBLISH (250.0 ms)"), first.message());
        healthyCycle();
        assertTrue(alarmActive(LoopOverruns.ALARM_ID), loop.lastState().alarms().toString());
        assertEquals(PodMode.DEGRADED, loop.mode(), "an overrunning loop acts late: the pod is degraded");
        assertTrue(recorder.events.stream().anyMatch(e -> e.type().equals("ALARM_RAISED")
                && e.source().equals(LoopOverruns.ALARM_ID)), "the alarm is an event with a seq too");

        for (int i = 0; i < 20; i++) { // 20 more overruns within the 10 s interval: counted, not reported
            healthyCycle();
        }
        assertEquals(1, overrunEvents().size(), "rate-limited: one report per interval");
        assertEquals(2 + 2 + 40, stats.overruns());
        slow.takes = Duration.ZERO;
        while (clock.now().toEpochMilli() - first.time().toEpochMilli() < 10_500) {
            healthyCycle();
        }
        slow.takes = Duration.ofMillis(120);
        healthyCycle();
        assertEquals(2, overrunEvents().size(), "the next overrun after the interval is reported");
        assertEquals("43", overrunEvents().get(1).details().get("missed"), "with the count since the last report");

        slow.takes = Duration.ZERO;
        long sinceLast = clock.nanoTime();
        while (clock.nanoTime() - sinceLast < Duration.ofSeconds(10).toNanos()) {
            healthyCycle();
            assertTrue(alarmActive(LoopOverruns.ALARM_ID) || clock.nanoTime() - sinceLast >= 9_900_000_000L,
                    "the alarm holds for a whole interval without an overrun");
        }
        healthyCycle();
        assertFalse(alarmActive(LoopOverruns.ALARM_ID), loop.lastState().alarms().toString());
        assertEquals(PodMode.RUNNING, loop.mode(), loop.lastState().alarms().toString());
        assertTrue(loop.lastState().alarms().stream().anyMatch(a -> a.id().equals(LoopOverruns.ALARM_ID)
                && a.state() == AlarmState.RETURNED_UNACKED), "waits for an acknowledgement");
    }

    /** The first cycles of a start are often slow; with every output held off by the start-up trip, no alarm. */
    @Test
    void anOverrunWhileStartingIsReportedWithoutAnAlarm() {
        SlowObserver slow = new SlowObserver(clock);
        observers.add(slow);
        slow.takes = Duration.ofMillis(150);
        healthyCycle();
        healthyCycle();
        assertEquals(PodMode.STARTING, loop.mode());
        assertEquals(1, overrunEvents().size(), recorder.events.toString());
        assertFalse(loop.engine().alarms().stream().anyMatch(a -> a.id().equals(LoopOverruns.ALARM_ID)),
                "no alarm while the start-up trip holds the outputs off");
    }

    /** A rack pin stuck at its energized level after a trip: the loop raises its read-back alarm. */
    @Test
    void aPinThatDoesNotFollowItsCommandRaisesItsReadBackAlarm() {
        startRunning();
        String alarm = OutputReadBack.alarmId("rack1.power");
        rack.stickAt(true);
        sample(0, 1); // leak: the rack is commanded de-energized, the line stays up
        cycle();
        assertFalse(rack.energized(), "commanded de-energized");
        assertFalse(alarmActive(alarm), "a disagreement shorter than the bound is not yet an alarm");
        for (int i = 0; i < 3; i++) {
            sample(0, 1);
            cycle();
        }
        cycle();
        var raised = loop.lastState().alarms().stream().filter(a -> a.id().equals(alarm)).findFirst().orElseThrow();
        assertTrue(raised.state().isActive());
        assertTrue(raised.message().contains("commanded de-energized but its pin reads back energized"),
                raised.message());
        assertTrue(recorder.events.stream().anyMatch(e -> e.type().equals("ALARM_RAISED") && e.source().equals(alarm)
                && e.severity().equals("alarm")), recorder.events.toString());
        assertFalse(alarmActive(OutputFeedback.alarmId("rack1.power")), "the pin, not the contactor's feedback");

        rack.stickAt(null);
        sample(0, 1);
        cycle();
        cycle();
        assertFalse(alarmActive(alarm), "clears once the pin follows again");
    }

    /**
     * What other threads hand over before the loop runs (the state-file alarm at start-up) is applied after the
     * first evaluation, with that cycle's wall time, never the epoch.
     */
    @Test
    void controllerAlarmsHandedOverBeforeTheFirstCycleCarryItsWallTime() {
        assertTrue(loop.changeControllerAlarm(e -> e.raiseSystemAlarm("controller.state-file", "safety state file",
                Severity.ALARM, "no state file")));
        assertTrue(loop.changeControllerAlarm(e -> e.clearSystemAlarm("controller.state-file")));
        inbox.offer(new CommandRequest("early", "ack", new Command.Ack(null), "operator", clock.nanoTime()));
        long start = clock.now().toEpochMilli();
        sample(0, 0);
        cycle();
        cycle();
        assertTrue(recorder.events.stream().anyMatch(e -> e.source().equals("controller.state-file")));
        assertTrue(recorder.replies.stream().anyMatch(r -> r.id().equals("early")), "a command before the first cycle"
                + " is executed in the second");
        for (PodEvent e : recorder.events) {
            assertTrue(e.time().toEpochMilli() >= start, "stamped with the real wall time: " + e);
        }
        loop.lastState().alarms().forEach(a -> assertTrue(a.sinceWallMillis() >= start, a.toString()));
    }

    /** A cycle on fresh, healthy inputs. */
    private void healthyCycle() {
        sample(0, 0);
        sample(1, 330);
        cycle();
    }

    /** The clock watch's reading reaches the state each cycle; an unsynchronized clock is an alarm until it is. */
    @Test
    void anUnsynchronizedClockIsInTheStateAndAnAlarmUntilItIsSynchronizedAgain() {
        SimulatedClockSync probe = new SimulatedClockSync();
        ClockSync[] latest = {probe.read()};
        loop.watchClock(() -> latest[0]);
        startRunning();
        assertTrue(loop.lastState().clock().isSynchronized());
        assertFalse(alarmActive(ClockAlarm.ALARM_ID));

        probe.setSynchronized(false);
        latest[0] = probe.read();
        healthyCycle();
        healthyCycle();
        assertEquals(ClockSync.State.UNSYNCHRONIZED, loop.lastState().clock().state());
        var alarm = loop.lastState().alarms().stream().filter(a -> a.id().equals(ClockAlarm.ALARM_ID)).findFirst()
                .orElseThrow();
        assertEquals(Severity.WARNING, alarm.severity());
        assertTrue(alarm.message().contains("reset and engineer commands are refused"), alarm.message());
        assertTrue(rack.energized(), "the protections do not use the wall clock: nothing trips");
        CommandReply ack = command("c5", new Command.Ack(null));
        assertEquals(ReasonCode.ACCEPTED, ack.code());
        assertTrue(ack.message().contains("clock is not synchronized"), "the reply says what it was checked against: "
                + ack.message());

        probe.setSynchronized(true);
        latest[0] = probe.read();
        healthyCycle();
        healthyCycle();
        assertTrue(loop.lastState().clock().isSynchronized());
        assertFalse(alarmActive(ClockAlarm.ALARM_ID));
    }

    private List<PodEvent> overrunEvents() {
        return recorder.events.stream().filter(e -> e.type().equals("LOOP_OVERRUN")).toList();
    }

    private boolean alarmActive(String id) {
        return loop.engine().alarms().stream().anyMatch(a -> a.id().equals(id) && a.state().isActive());
    }

    /** An observer whose every snapshot takes {@link #takes} of the manual clock (a phase that blocks). */
    static final class SlowObserver implements PodObserver {
        private final ManualClock clock;
        Duration takes = Duration.ZERO;

        SlowObserver(ManualClock clock) {
            this.clock = clock;
        }

        @Override
        public void onSnapshot(Snapshot snapshot) {
            clock.advance(takes);
        }
    }
}
