package io.podctl.controller.loop;

import io.podctl.controller.commands.Command;
import io.podctl.controller.commands.CommandInbox;
import io.podctl.controller.commands.CommandReply;
import io.podctl.controller.commands.CommandRequest;
import io.podctl.controller.commands.ReasonCode;
import io.podctl.controller.commands.CommandAudit;
import io.podctl.controller.events.EventLog;
import io.podctl.controller.outputs.ActuatorPort;
import io.podctl.controller.outputs.OutputBank;
import io.podctl.controller.outputs.OutputFeedback;
import io.podctl.controller.outputs.OutputReadBack;
import io.podctl.controller.safety.AlarmState;
import io.podctl.controller.safety.AlarmView;
import io.podctl.controller.safety.CommandResult;
import io.podctl.controller.safety.EffectSpec;
import io.podctl.controller.safety.WriteIntent;
import io.podctl.controller.safety.ResetResult;
import io.podctl.controller.safety.SafetyEngine;
import io.podctl.controller.safety.SafetyEvent;
import io.podctl.controller.safety.Severity;
import io.podctl.controller.safety.TripView;
import io.podctl.controller.state.OutputView;
import io.podctl.controller.state.PodMode;
import io.podctl.controller.state.PodObserver;
import io.podctl.controller.state.PodStateView;
import io.podctl.controller.state.PowerLimit;
import io.podctl.hal.Clock;
import io.podctl.hal.clock.ClockSync;
import io.podctl.sensors.DeviceHealth;
import io.podctl.sensors.DeviceStatus;
import io.podctl.sensors.DeviceStatusBoard;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One control cycle as a function of time: {@link #step(long)} takes one consistent snapshot of every point,
 * executes waiting commands, evaluates the protections, drives the outputs, feeds the supervisor and the
 * watchdog, and hands events and state to the observers. It never blocks on I/O: inputs come from the
 * sample board, commands from a bounded inbox, and observers only copy and hand off.
 *
 * <p>It is wired from what it reads ({@link LoopInputs}), the engine it consults, what it drives
 * ({@link LoopOutputs}) and what it reports to ({@link LoopReporting}).
 *
 * <p>It also watches itself and its pins: a cycle that ends after the next deadline is an overrun, reported as
 * an event and the alarm {@code controller.loop} ({@link LoopOverruns}); a pin whose read-back does not follow
 * its command raises {@code output.<id>.readback} ({@link OutputReadBack}).
 *
 * <p>Threading: every method except {@link #failSafe} is called on the loop thread only. Production runs it
 * from {@link LoopRunner} on absolute deadlines; tests call {@link #step} with a manual clock.
 */
public final class ControlLoop {
    private static final Logger log = LoggerFactory.getLogger(ControlLoop.class);

    private final SampleBoard board;
    private final Snapshot snapshot;
    private final DeviceStatusBoard devices;
    private final SafetyEngine engine;
    private final OutputBank outputs;
    /** The supervisor, the watchdog, device writes and output feedback (the pins are {@link #outputs}). */
    private final LoopOutputs drives;
    private final CommandInbox inbox;
    private final EventLog events;
    private final PodObserver observer;
    private final Clock clock;
    private final LoopStats stats;
    private volatile long stateIntervalNanos;

    private final OutputFeedback.Alarms feedbackAlarms;
    private final OutputReadBack readBack;
    private final LoopOverruns overruns;
    private final ClockAlarm clockAlarm = new ClockAlarm();
    private volatile Supplier<ClockSync> clockStatus;
    private boolean clockChanged;
    /** Controller alarm changes handed over by other threads, applied after the engine's evaluation. */
    private final ArrayBlockingQueue<Consumer<SafetyEngine>> alarmChanges = new ArrayBlockingQueue<>(64);
    private boolean evaluatedOnce;
    private final SuspectValueAlarms suspectAlarms;
    private final Map<String, SetpointBounds> setpoints;
    private final ArrayBlockingQueue<ActuatorPort.WriteOutcome> writeOutcomes = new ArrayBlockingQueue<>(256);
    private final List<WriteIntent> writeBatch = new ArrayList<>();
    private final List<CommandRequest> commandBatch = new ArrayList<>();
    private boolean shutdown;
    private final ArrayBlockingQueue<Runnable> betweenCycles = new ArrayBlockingQueue<>(8);
    private volatile Runnable reloadRequester = () -> {
    };
    private final List<SafetyEvent> safetyEvents = new ArrayList<>();
    private final Map<String, DeviceHealth> lastHealth = new HashMap<>();
    private long lastEngineChange = -1;
    private long lastDeviceChange = -1;
    private long lastStateNanos;
    private boolean stateEverPublished;
    private PodMode mode = PodMode.STARTING;
    private String modeReason = "starting";
    private volatile PodStateView lastState;

    /**
     * @param inputs    what the loop reads: points, devices, commands, time
     * @param engine    the safety engine, touched by the loop thread alone
     * @param drives    what the loop drives: pins, supervisor, watchdog, device writes
     * @param reporting what the loop reports to: events, observers, its own timing
     */
    public ControlLoop(LoopInputs inputs, SafetyEngine engine, LoopOutputs drives, LoopReporting reporting) {
        this.board = inputs.board();
        this.snapshot = board.newSnapshot();
        this.devices = inputs.devices();
        for (DeviceStatus d : devices.all()) {
            lastHealth.put(d.deviceId(), d.health());
        }
        this.inbox = inputs.inbox();
        this.clock = inputs.clock();
        this.engine = engine;
        this.outputs = drives.outputs();
        this.drives = drives;
        this.setpoints = new HashMap<>();
        for (SetpointBounds b : drives.setpoints()) {
            this.setpoints.put(b.pointId(), b);
        }
        this.events = reporting.events();
        this.observer = reporting.observer();
        this.stats = reporting.stats();
        this.stateIntervalNanos = reporting.stateInterval().toNanos();
        this.suspectAlarms = new SuspectValueAlarms(devices.suspects(), engine);
        this.feedbackAlarms = new OutputFeedback.Alarms() {
            @Override
            public void raise(String id, String description, String message) {
                engine.raiseSystemAlarm(id, description, Severity.ALARM, message);
            }

            @Override
            public void clear(String id) {
                engine.clearSystemAlarm(id);
            }
        };
        this.readBack = new OutputReadBack(outputs);
        this.overruns = new LoopOverruns(stats, events, engine);
    }

    /**
     * Runs one cycle for the deadline {@code nowNanos} (monotonic). Loop thread.
     */
    public void step(long nowNanos) {
        // Milliseconds, not an Instant: a cycle creates one only when it stamps an event, a reply or the state,
        // so that a steady cycle allocates nothing.
        long wallMillis = clock.wallMillis();
        long t0 = clock.nanoTime();

        board.snapshot(nowNanos, snapshot);
        long t1 = clock.nanoTime();
        stats.phase(LoopPhase.INPUTS, t1 - t0);

        Runnable task;
        while ((task = betweenCycles.poll()) != null) {
            task.run(); // e.g. a reloaded configuration: applied atomically between two cycles
        }
        if (drives.supervisor().takeExpiry()) {
            engine.latchLoopStall("outputs were forced safe: the loop did not feed them in time", wallMillis);
        }
        // The engine stamps what a command changes (an acknowledgement, a shelving's expiry) with the wall time
        // of its last evaluation: before the first one there is none, so commands wait for the second cycle.
        if (evaluatedOnce && inbox.drainTo(commandBatch) > 0) {
            for (CommandRequest request : commandBatch) {
                execute(request, Instant.ofEpochMilli(wallMillis));
            }
            commandBatch.clear();
        }
        long t2 = clock.nanoTime();
        stats.phase(LoopPhase.COMMANDS, t2 - t1);

        engine.evaluate(snapshot, nowNanos, wallMillis);
        evaluatedOnce = true;
        Consumer<SafetyEngine> change;
        while ((change = alarmChanges.poll()) != null) {
            change.accept(engine); // stamped with this cycle's wall time, also in the first cycle after start
        }
        Supplier<ClockSync> clockReading = clockStatus;
        if (clockReading != null && clockAlarm.update(clockReading.get(), engine)) {
            clockChanged = true;
        }
        handleWrites(wallMillis);
        long t3 = clock.nanoTime();
        stats.phase(LoopPhase.SAFETY, t3 - t2);

        for (int o = 0; o < outputs.size(); o++) {
            outputs.apply(o, engine.outputDemand(o));
        }
        drives.feedback().check(snapshot, outputs, nowNanos, feedbackAlarms);
        readBack.check(nowNanos, feedbackAlarms);
        drives.supervisor().feed(nowNanos);
        drives.watchdog().feed();
        long t4 = clock.nanoTime();
        stats.phase(LoopPhase.OUTPUTS, t4 - t3);

        publish(nowNanos, wallMillis);
        long t5 = clock.nanoTime();
        stats.phase(LoopPhase.PUBLISH, t5 - t4);
        stats.cycle(t5 - t0);
        overruns.afterCycle(nowNanos, t5, wallMillis);
    }

    private void execute(CommandRequest request, Instant wall) {
        String by = request.identity();
        CommandResult result = switch (request.command()) {
            case Command.Ack ack -> {
                ReasonCode code = engine.acknowledge(ack.alarmId(), by);
                yield new CommandResult(code, code == ReasonCode.ACCEPTED
                        ? "acknowledged " + (ack.alarmId() == null ? "all alarms" : ack.alarmId())
                        : "no alarm named '" + ack.alarmId() + "'");
            }
            case Command.Reset reset -> {
                ResetResult r = engine.remoteReset(reset.tripId(), by);
                yield new CommandResult(r.code(), r.message());
            }
            case Command.Rebirth rebirth -> {
                observer.onRebirth();
                lastEngineChange = -1; // force a fresh state and alarm publication
                yield new CommandResult(ReasonCode.ACCEPTED, "republishing every retained topic");
            }
            case Command.Shelve c -> engine.shelve(c.alarmId(), c.reason(), c.duration().toNanos(), by);
            case Command.Unshelve c -> engine.unshelve(c.alarmId(), by);
            case Command.Mode c -> engine.maintenance(c.maintenance(), c.reason(), by);
            case Command.Bypass c -> engine.bypass(c.protectionId(), c.reason(), c.duration().toNanos(), by);
            case Command.RemoveBypass c -> engine.removeBypass(c.protectionId(), by);
            case Command.OutOfService c -> engine.outOfService(c.alarmId(), c.reason(), c.duration().toNanos(), by);
            case Command.ReturnToService c -> engine.returnToService(c.alarmId(), by);
            case Command.OverrideOutput c -> engine.override(c.outputId(), c.energized(), c.duration().toNanos(),
                    c.reason(), by);
            case Command.Setpoint c -> setpoint(c, by);
            case Command.Reload c -> {
                reloadRequester.run();
                yield new CommandResult(ReasonCode.ACCEPTED, "reload requested by " + by
                        + "; the outcome follows as a CONFIG event");
            }
        };
        String message = clockAlarm.doubtful() ? result.message() + " (the pod's clock is not synchronized: the"
                + " command's expiry was checked against it)" : result.message();
        CommandReply reply = new CommandReply(request.id(), request.name(), by, result.code(), message, wall);
        observer.onReply(reply);
        CommandAudit.record(events, reply);
    }

    private CommandResult setpoint(Command.Setpoint c, String by) {
        SetpointBounds b = setpoints.get(c.pointId());
        if (b == null) {
            return new CommandResult(ReasonCode.INVALID_ARGS, "'" + c.pointId() + "' is not a configured setpoint"
                    + (setpoints.isEmpty() ? "" : "; setpoints: " + String.join(", ", setpoints.keySet())));
        }
        if (c.value() < b.min() || c.value() > b.max()) {
            return new CommandResult(ReasonCode.OUT_OF_RANGE, c.pointId() + " must be within [" + b.min() + ", "
                    + b.max() + "]; " + c.value() + " refused, nothing written");
        }
        WriteIntent intent = new WriteIntent("setpoint",
                new EffectSpec.WriteSpec(c.pointId(), c.value(), 5_000_000_000L, null));
        if (!drives.actuators().submit(intent, this::writeDone)) {
            return new CommandResult(ReasonCode.BUSY, "the write of " + c.pointId() + " could not be queued");
        }
        return new CommandResult(ReasonCode.ACCEPTED, "writing " + c.pointId() + " = " + c.value() + " (by " + by
                + "); the read-back result follows as an event");
    }

    private void handleWrites(long wallMillis) {
        engine.drainWrites(writeBatch);
        for (WriteIntent w : writeBatch) {
            if (!drives.actuators().submit(w, this::writeDone)) {
                engine.writeOutcome(w.source(), false, "the write of " + w.write().pointId() + " could not be queued");
            }
        }
        writeBatch.clear();
        ActuatorPort.WriteOutcome o;
        while ((o = writeOutcomes.poll()) != null) {
            if (!o.source().equals("setpoint")) {
                engine.writeOutcome(o.source(), o.ok(), o.detail());
            }
            events.append(Instant.ofEpochMilli(wallMillis), "WRITE", o.pointId(), o.ok() ? "info" : "alarm",
                    o.source() + ": " + o.pointId() + (o.ok() ? " written and verified: " : " not followed: ")
                            + o.detail(), Map.of("source", o.source(), "ok", Boolean.toString(o.ok())));
        }
    }

    /** Called on an I/O thread when a write completes: hands the outcome to the loop. */
    private void writeDone(ActuatorPort.WriteOutcome outcome) {
        if (!writeOutcomes.offer(outcome)) {
            log.error("write outcome dropped (queue full): {}", outcome);
        }
    }

    private void publish(long nowNanos, long wallMillis) {
        engine.drainEvents(safetyEvents);
        for (SafetyEvent e : safetyEvents) {
            events.append(Instant.ofEpochMilli(e.wallMillis()), e.type().name(), e.id(),
                    e.severity() == Severity.NONE ? "info" : e.severity().name().toLowerCase(Locale.ROOT), e.message(),
                    Map.of());
        }
        boolean alarmsChanged = !safetyEvents.isEmpty();
        safetyEvents.clear();

        boolean devicesChanged = false;
        long deviceChange = devices.changeCount();
        if (deviceChange != lastDeviceChange) {
            lastDeviceChange = deviceChange;
            devicesChanged = true;
            for (DeviceStatus d : devices.all()) {
                DeviceHealth before = lastHealth.put(d.deviceId(), d.health());
                if (before != d.health()) {
                    events.append(Instant.ofEpochMilli(wallMillis), "DEVICE", d.deviceId(),
                            d.health() == DeviceHealth.ONLINE ? "info" : "alarm",
                            d.deviceId() + " " + before + " -> " + d.health() + ": " + d.reason(), Map.of());
                }
                configMismatchAlarm(d);
            }
        }
        suspectAlarms.update();

        PodMode newMode = computeMode();
        if (newMode != mode) {
            events.append(Instant.ofEpochMilli(wallMillis), "MODE", "pod", newMode == PodMode.TRIPPED ? "trip" : "info",
                    mode + " -> " + newMode + ": " + modeReason, Map.of("from", mode.name(), "to", newMode.name()));
            log.info("mode {} -> {}: {}", mode, newMode, modeReason);
            mode = newMode;
            engine.noteModeChange(nowNanos);
        }

        observer.onSnapshot(snapshot);

        long engineChange = engine.changeCount();
        boolean changed = engineChange != lastEngineChange || devicesChanged || clockChanged;
        if (engineChange != lastEngineChange || alarmsChanged) {
            observer.onAlarms(engine.alarms());
            observer.onSafetyMemory(engine.memory());
        }
        if (changed || !stateEverPublished || nowNanos - lastStateNanos >= stateIntervalNanos) {
            lastEngineChange = engineChange;
            lastStateNanos = nowNanos;
            stateEverPublished = true;
            clockChanged = false;
            PodStateView state = buildState(Instant.ofEpochMilli(wallMillis));
            lastState = state;
            observer.onState(state);
        }
    }

    /**
     * A device that answers "illegal function/address/value" (exceptions 01–03) for some points does not have
     * the register map the configuration says: those points are INVALID, and no retry will fix it, so people
     * must. An alarm (not just a device event) makes sure someone acknowledges it. It clears when a poll
     * succeeds without a mapping error; an off-line device keeps it as it was.
     */
    private void configMismatchAlarm(DeviceStatus d) {
        String id = configMismatchAlarmId(d.deviceId());
        if (d.configMismatch()) {
            engine.raiseSystemAlarm(id, "register map of device " + d.deviceId(), Severity.ALARM, d.deviceId() + ": "
                    + d.reason() + "; the points there are INVALID until the configuration matches the device");
        } else if (d.health() != DeviceHealth.OFFLINE && d.health() != DeviceHealth.UNKNOWN) {
            engine.clearSystemAlarm(id);
        }
    }

    /** The alarm id raised while device {@code deviceId} rejects configured registers as a mapping error. */
    public static String configMismatchAlarmId(String deviceId) {
        return "device." + deviceId + ".config-mismatch";
    }

    private PodMode computeMode() {
        if (shutdown) {
            modeReason = "stopping: outputs safe";
            return PodMode.SHUTDOWN;
        }
        if (!engine.maintenanceReason().isEmpty()) {
            modeReason = "maintenance: " + engine.maintenanceReason();
            return PodMode.MAINTENANCE;
        }
        if (engine.isStarting()) {
            modeReason = engine.safetyInputsGood() ? "waiting for a reset" : "waiting for every safety input";
            return PodMode.STARTING;
        }
        if (engine.anyTripLatched()) {
            List<String> latchedIds = new ArrayList<>();
            for (TripView t : engine.latchedTrips()) {
                latchedIds.add(t.id());
            }
            modeReason = "tripped: " + String.join(", ", latchedIds);
            return PodMode.TRIPPED;
        }
        if (engine.anyAlarmActive()) {
            modeReason = "alarm active";
            return PodMode.DEGRADED;
        }
        if (!engine.shedRacks().isEmpty()) {
            modeReason = "load shed: " + String.join(", ", engine.shedRacks());
            return PodMode.DEGRADED;
        }
        if (!engine.bypasses().isEmpty()) {
            modeReason = "trip bypassed: " + engine.bypasses().get(0).target();
            return PodMode.DEGRADED;
        }
        for (DeviceStatus d : devices.all()) {
            if (d.health() != DeviceHealth.ONLINE) {
                modeReason = "device " + d.deviceId() + " " + d.health();
                return PodMode.DEGRADED;
            }
        }
        modeReason = "all protections clear";
        return PodMode.RUNNING;
    }

    private PodStateView buildState(Instant wall) {
        List<AlarmView> active = new ArrayList<>();
        for (AlarmView a : engine.alarms()) {
            if (a.state() != AlarmState.NORMAL) {
                active.add(a);
            }
        }
        List<OutputView> outs = new ArrayList<>(outputs.size());
        for (int o = 0; o < outputs.size(); o++) {
            outs.add(new OutputView(outputs.ids().get(o), outputs.commanded(o), outputs.readBack(o)));
        }
        List<PowerLimit> limits = PowerLimits.of(engine, snapshot);
        return new PodStateView(mode, modeReason, wall, engine.safetyInputsGood(), engine.latchedTrips(), active,
                outs, devices.all(), stats.view(), engine.maintenanceReason(), engine.bypasses(), engine.overrides(),
                engine.provenPermissives(), engine.activeEffects(), PowerLimits.availableW(limits), engine.shedRacks(),
                limits, clockAlarm.judged());
    }

    /**
     * Puts every output in its safe state and latches the loop-stall trip after an unexpected failure of
     * {@link #step}. Called by the runner on the loop thread.
     */
    public void failSafe(Throwable cause) {
        outputs.forceSafe();
        try {
            engine.latchLoopStall("control loop failed: " + cause, clock.now().toEpochMilli());
        } catch (RuntimeException e) {
            log.error("could not latch the loop-stall trip", e);
        }
    }

    /**
     * Publishes the final state with mode SHUTDOWN after the runner stopped. Called once by the composition
     * root on the stopping thread (the loop thread is no longer running).
     */
    public void publishShutdown(long nowNanos) {
        shutdown = true;
        Instant wall = clock.now();
        PodMode before = mode;
        mode = computeMode();
        events.append(wall, "MODE", "pod", "info", before + " -> " + mode + ": " + modeReason,
                Map.of("from", before.name(), "to", mode.name()));
        PodStateView state = buildState(wall);
        lastState = state;
        observer.onState(state);
    }

    /**
     * Runs {@code task} on the loop thread at the start of the next cycle, before anything else: the way to
     * change the loop's world atomically between two cycles. Any thread; false when too many are waiting.
     */
    public boolean runBetweenCycles(Runnable task) {
        return betweenCycles.offer(task);
    }

    /**
     * Hands a change of the engine's controller alarms ({@link SafetyEngine#raiseSystemAlarm},
     * {@link SafetyEngine#clearSystemAlarm}) to the loop thread, which alone touches the engine. It is applied
     * right after the next evaluation, so that the alarm and its events carry that cycle's wall time — also for a
     * change handed over before the loop started (the state file at start-up). Any thread; false when too many
     * are waiting.
     */
    public boolean changeControllerAlarm(Consumer<SafetyEngine> change) {
        return alarmChanges.offer(change);
    }

    /**
     * Where the loop reads, once per cycle, whether the wall clock is synchronized (the latest reading of a watch
     * that runs on its own thread): shown in the state, and the alarm {@code controller.clock} while it is not.
     * Call before the loop starts.
     */
    public void watchClock(Supplier<ClockSync> latest) {
        this.clockStatus = latest;
    }

    /** What the {@code reload} command calls (it must only hand off). */
    public void setReloadRequester(Runnable requester) {
        this.reloadRequester = requester;
    }

    /** The state is handed on at least this often; loop thread (between cycles). */
    public void setStateInterval(Duration interval) {
        this.stateIntervalNanos = interval.toNanos();
    }

    /** Appends an event; loop thread. */
    public void event(String type, String source, String severity, String message) {
        events.append(clock.now(), type, source, severity, message, Map.of());
    }

    /** The mode after the last cycle. */
    public PodMode mode() {
        return mode;
    }

    /** The state last handed to observers, or null before the first cycle. Any thread. */
    public PodStateView lastState() {
        return lastState;
    }

    /** The safety engine (for tests and the composition root). */
    public SafetyEngine engine() {
        return engine;
    }
}
