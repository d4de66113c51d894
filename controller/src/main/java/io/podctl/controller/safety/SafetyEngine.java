package io.podctl.controller.safety;

import io.podctl.controller.commands.ReasonCode;
import io.podctl.sensors.Quality;
import io.podctl.sensors.Snapshot;
import java.util.List;

/**
 * The protections of the pod as a function of (snapshot, time, engine state): levels with delays and
 * hysteresis, the ISA-18.2 alarm lifecycle with shelving and out-of-service, latching trips with authorized
 * edge-triggered resets, voting, bypasses, declared effects, permissives, load shedding, and the resulting
 * output demands.
 *
 * <p>Rules the engine enforces by construction:
 * <ul>
 *   <li>A trip latches; only a reset clears it, and only when the condition behind it has cleared (with
 *       hysteresis and off-delay) or the trip is bypassed. Local-only trips (E-stop) are reset by a rising
 *       edge of the local reset input, never by {@link #remoteReset}.</li>
 *   <li>A non-GOOD sample acts as its protection's fail-safe action at once (no on-delay): the value is
 *       never used. {@link Quality#NO_DATA} before the first sample is covered by the start-up trip.</li>
 *   <li>The engine starts with the {@value #STARTUP_TRIP} trip latched: outputs stay de-energized until every
 *       safety input (a point whose bad data trips) has delivered a GOOD sample and someone resets, so nothing
 *       restarts on its own after a power-up or a process restart.</li>
 *   <li>A run permissive output (one that a protection, an effect or load shedding de-energizes) is energized
 *       only when nothing holds it off, and it starts only when its permissives are proven, one output per
 *       start stagger. Indicator outputs (energized by effects) follow their effects. Any other output stays
 *       de-energized.</li>
 *   <li>Inhibits, shelving and bypasses never hide a trip from the state: a bypass stops the trip from
 *       latching, for a limited time, and is always listed.</li>
 * </ul>
 *
 * <p>The engine coordinates parts with one job each, in the order one cycle runs them:
 * {@link VotingGroup}s and the {@link ProtectionEvaluator} judge the inputs; the {@link TripLatches},
 * the {@link AlarmBook} and the {@link Exemptions} keep what follows from that and from people's commands;
 * {@link SafetyInputs} gate the start-up reset; {@link Permissives}, {@link Effects} and the
 * {@link LoadShedHookup} act; the {@link OutputArbiter} decides the outputs. Every part records its events in
 * one {@link EngineOutbox}, so they keep the order in which they happened.
 *
 * <p>Threading: not thread-safe; owned by the control loop thread. {@link #evaluate} allocates only when
 * something changes (events, messages).
 */
public final class SafetyEngine {
    /** Id of the trip latched at start-up until a reset with every safety input GOOD. */
    public static final String STARTUP_TRIP = TripLatches.STARTUP_TRIP;
    /** Id of the trip latched when the loop stopped feeding the outputs in time. */
    public static final String LOOP_STALL_TRIP = TripLatches.LOOP_STALL_TRIP;
    /** Prefix of an effect's controller alarm ({@code effect.pump2.start}): its command was not followed. */
    public static final String EFFECT_ALARM_PREFIX = "effect.";

    private EngineSpec spec;
    private final Protections protections;
    private final VotingGroup[] groups;
    private final EngineOutbox outbox = new EngineOutbox();
    private final ProtectionEvaluator evaluator;
    private final SafetyInputs safetyInputs;
    private final AlarmBook alarms;
    private final Exemptions exemptions;
    private final TripLatches latches;
    private final Permissives permissives;
    private final Effects effects;
    private final LoadShedHookup shedding;
    private final OutputArbiter outputs;
    private long lastNanos;
    private long lastWallMillis;

    /** An engine for {@code spec}, with the start-up trip latched. */
    public SafetyEngine(EngineSpec spec) {
        this.spec = spec;
        this.protections = new Protections(spec.protections(), spec.outputIds().size());
        this.groups = spec.groups().stream().map(VotingGroup::new).toArray(VotingGroup[]::new);
        this.evaluator = new ProtectionEvaluator(protections, groups);
        this.safetyInputs = new SafetyInputs(protections, groups);
        this.alarms = new AlarmBook(protections, outbox);
        this.exemptions = new Exemptions(protections, spec.outputIds(), outbox, alarms);
        this.latches = new TripLatches(protections, outbox, spec.localResetIndex());
        this.permissives = new Permissives(spec.permissives(), groups, outbox);
        this.effects = new Effects(spec.effects(), new Effects.Causes(protections, evaluator, alarms, latches),
                permissives, outbox);
        this.shedding = new LoadShedHookup(spec.loadShedding(), outbox);
        this.outputs = new OutputArbiter(spec, protections,
                new OutputArbiter.Holds(latches, exemptions, effects, permissives, shedding), outbox);
        latches.judgeBy(new TripLatches.Conditions() {
            @Override
            public boolean conditionActive(int i) {
                return SafetyEngine.this.conditionActive(i);
            }

            @Override
            public String condition(int i) {
                return alarms.message(i);
            }

            @Override
            public boolean startupResettable() {
                return SafetyEngine.this.startupResettable();
            }
        });
    }

    /**
     * Whether the condition behind protection {@code i}'s trip persists, or its trip is still active within the
     * off-delay (a bypass makes it not matter). A trip reset inside its off-delay would latch again at the next
     * evaluation: the outputs would pulse on for one cycle.
     */
    private boolean conditionActive(int i) {
        return !exemptions.bypassed(i) && evaluator.tripConditionPresent(i);
    }

    private boolean startupResettable() {
        return safetyInputs.good() && evaluator.sinceStart(lastNanos) >= spec.inputSettleNanos();
    }

    // ------------------------------------------------------------------------------------------ memory

    /**
     * Restores what was remembered before a restart. Call once, before the first {@link #evaluate}.
     * Exemptions whose wall-clock expiry has passed are dropped; the others keep their remaining time.
     *
     * @return ids of the trips restored
     */
    public List<String> restore(SafetyMemory memory, long nowNanos, long nowWallMillis) {
        List<String> restored = latches.restore(memory.trips());
        alarms.restore(memory, nowNanos, nowWallMillis);
        exemptions.restore(memory, nowNanos, nowWallMillis);
        shedding.restore(memory.shed());
        outbox.changed();
        return restored;
    }

    /** What must survive a restart. Allocates; call when {@link #changeCount()} moved. */
    public SafetyMemory memory() {
        return new SafetyMemory(latches.memory(), alarms.memory(), alarms.shelvedMemory(),
                alarms.outOfServiceMemory(), exemptions.bypassMemory(), exemptions.maintenanceReason(),
                shedding.memory());
    }

    // ------------------------------------------------------------------------------------------ evaluate

    /**
     * Evaluates every protection against {@code snap} at monotonic time {@code nowNanos}, updates alarms,
     * latches, effects, permissives, load shedding and output demands, and records events (read them with
     * {@link #drainEvents}) and writes to perform ({@link #drainWrites}). Called once per loop cycle on the
     * loop thread.
     *
     * @param wallMillis wall-clock time for event timestamps, epoch ms
     */
    public void evaluate(Snapshot snap, long nowNanos, long wallMillis) {
        lastWallMillis = wallMillis;
        lastNanos = nowNanos;
        if (!evaluator.started()) {
            evaluator.start(nowNanos);
            latches.startupLatchedAt(wallMillis);
        }
        for (int i = 0; i < protections.count(); i++) {
            exemptions.expireBypass(i, nowNanos, wallMillis);
            alarms.expire(i, nowNanos, wallMillis);
        }
        alarms.expireSystemShelving(nowNanos, wallMillis);
        exemptions.expireOverrides(nowNanos, wallMillis);
        for (VotingGroup g : groups) {
            if (g.update(snap, nowNanos)) {
                groupAlarm(g);
            }
        }
        for (int i = 0; i < protections.count(); i++) {
            if (alarms.inService(i)) {
                judge(i, snap, nowNanos, wallMillis);
            }
        }
        if (safetyInputs.update(snap)) {
            outbox.changed(); // published at once: people wait for this before they reset after a start
        }
        latches.localReset(snap, wallMillis);
        permissives.update(snap, nowNanos, wallMillis);
        effects.update(wallMillis);
        for (int e = effects.confirmedLate(snap); e >= 0; e = effects.confirmedLate(snap)) {
            clearSystemAlarm(EFFECT_ALARM_PREFIX + effects.id(e));
        }
        shedding.update(snap, nowNanos, wallMillis);
        outputs.update(nowNanos);
    }

    private void groupAlarm(VotingGroup g) {
        String reason = g.degradedReason();
        String id = "group." + g.spec.id();
        if (reason.isEmpty()) {
            clearSystemAlarm(id);
        } else {
            raiseSystemAlarm(id, "voting group " + g.spec.id() + " (" + g.spec.architecture() + ")", Severity.ALARM,
                    "voting group " + g.spec.id() + " degraded: " + reason);
        }
    }

    /** One protection: judge its levels, latch its trip unless bypassed, move its alarm (text only if it moves). */
    private void judge(int i, Snapshot snap, long nowNanos, long wallMillis) {
        boolean detailChanged = evaluator.judge(i, snap, nowNanos);
        boolean bypassed = exemptions.bypassed(i);
        if (evaluator.tripActive(i) && !latches.latched(i) && !bypassed) {
            latches.latch(i, evaluator.describe(i, snap, Severity.TRIP), wallMillis);
        }
        Severity severity = evaluator.severity(i);
        if (alarms.moves(i, severity, detailChanged)) {
            String text = evaluator.describe(i, snap, severity);
            alarms.move(i, severity, bypassed && severity == Severity.TRIP ? text + " (trip bypassed)" : text,
                    wallMillis);
        }
    }

    // ------------------------------------------------------------------------------------------ commands

    /**
     * A reset requested over the network by an authorized identity (authorization is checked by the
     * caller). Edge-triggered by nature: one request, one attempt. Resets {@code tripId}, or every latched
     * trip when it is null, all or nothing: refused with LOCAL_RESET_REQUIRED if any of them is local-only,
     * or CONDITION_ACTIVE if the condition behind any of them is still present (and not bypassed).
     */
    public ResetResult remoteReset(String tripId, String by) {
        ResetResult result = latches.remoteReset(tripId, by, lastWallMillis);
        if (!result.reset().isEmpty()) {
            outputs.update(lastNanos);
        }
        return result;
    }

    /**
     * Acknowledges {@code alarmId}, or every unacknowledged alarm when it is null.
     *
     * @return ACCEPTED, or INVALID_ARGS for an unknown alarm id
     */
    public ReasonCode acknowledge(String alarmId, String by) {
        return alarms.acknowledge(alarmId, by, lastWallMillis);
    }

    /**
     * Shelves an alarm: it is not annunciated until {@code durationNanos} from now (or until unshelved); its
     * trip and effects still act. Operate class.
     */
    public CommandResult shelve(String alarmId, String reason, long durationNanos, String by) {
        return alarms.shelve(alarmId, reason, durationNanos, spec.maxShelveNanos(), by, lastNanos, lastWallMillis);
    }

    /** Ends the shelving of an alarm. Operate class. */
    public CommandResult unshelve(String alarmId, String by) {
        return alarms.unshelve(alarmId, by, lastWallMillis);
    }

    /**
     * Takes an alarm-only protection out of service: it is not evaluated (no annunciation, no effects) until
     * the expiry. Protections that can trip are refused: bypass them instead. Engineer class.
     */
    public CommandResult outOfService(String alarmId, String reason, long durationNanos, String by) {
        CommandResult result = alarms.outOfService(alarmId, reason, durationNanos, spec.maxShelveNanos(), by,
                lastNanos, lastWallMillis);
        if (result.code() == ReasonCode.ACCEPTED) {
            evaluator.forget(protections.indexOf(alarmId));
        }
        return result;
    }

    /** Returns an alarm to service. Engineer class. */
    public CommandResult returnToService(String alarmId, String by) {
        return alarms.returnToService(alarmId, by, lastWallMillis);
    }

    /**
     * Bypasses a bypassable protection's trip for a limited time, with a reason: its condition no longer
     * latches, and a latched trip may be reset while the condition persists. Always visible; an alarm warns
     * before it expires. Engineer class.
     */
    public CommandResult bypass(String protectionId, String reason, long durationNanos, String by) {
        return exemptions.bypass(protectionId, reason, durationNanos, spec.maxBypassNanos(), by, lastNanos,
                lastWallMillis);
    }

    /** Removes a bypass. Engineer class. */
    public CommandResult removeBypass(String protectionId, String by) {
        return exemptions.removeBypass(protectionId, by, lastWallMillis);
    }

    /**
     * Enters or leaves maintenance. In maintenance every run permissive output is held de-energized and
     * outputs may be overridden for tests; leaving it latches the start-up trip again, so racks restart only
     * after a reset. Engineer class.
     */
    public CommandResult maintenance(boolean on, String reason, String by) {
        boolean before = exemptions.inMaintenance();
        CommandResult result = exemptions.maintenance(on, reason, by, lastWallMillis);
        if (exemptions.inMaintenance() != before) {
            if (!on) {
                latches.relatchStartup(lastWallMillis);
            }
            outputs.update(lastNanos);
        }
        return result;
    }

    /**
     * Overrides an output in maintenance, for at most the configured time. A latched trip still holds a run
     * permissive output off. Engineer class.
     */
    public CommandResult override(String outputId, boolean energize, long durationNanos, String reason, String by) {
        int o = spec.outputIds().indexOf(outputId);
        if (o < 0) {
            return CommandResult.refuse(ReasonCode.INVALID_ARGS, "no output named '" + outputId + "'");
        }
        CommandResult result = exemptions.override(o, energize, outputs.heldOff(o), durationNanos,
                spec.maxOverrideNanos(), reason, by, lastNanos, lastWallMillis);
        if (result.code() == ReasonCode.ACCEPTED) {
            outputs.update(lastNanos);
        }
        return result;
    }

    /**
     * Latches the controller's own trip: the loop stalled or failed and the outputs were forced safe. It
     * de-energizes every run permissive output until reset.
     */
    public void latchLoopStall(String cause, long wallMillis) {
        if (latches.latchStall(cause, wallMillis)) {
            outputs.update(lastNanos);
        }
    }

    /**
     * Applies a reloaded configuration whose protections differ only in levels, hysteresis, delays and
     * descriptions: the new values take effect from the next evaluation, every latch, alarm state, timer and
     * exemption is kept. Loop thread, between two cycles.
     *
     * @return empty when applied, otherwise why the new spec cannot be applied live (a restart is needed)
     */
    public String replaceLevels(EngineSpec next) {
        String refusal = protections.levelChangeRefusal(next.protections());
        if (!refusal.isEmpty()) {
            return refusal;
        }
        if (next.groups().size() != spec.groups().size() || !next.outputIds().equals(spec.outputIds())
                || next.effects().size() != spec.effects().size()
                || next.permissives().size() != spec.permissives().size()) {
            return "outputs, effects, permissives or voting groups changed";
        }
        protections.replace(next.protections());
        spec = new EngineSpec(next.protections(), spec.groups(), spec.effects(), spec.permissives(), spec.outputIds(),
                spec.localResetIndex(), spec.inputSettleNanos(), spec.startStaggerNanos(), spec.maxBypassNanos(),
                spec.maxShelveNanos(), spec.maxOverrideNanos(), spec.loadShedding());
        outbox.changed();
        return "";
    }

    /** Tells the engine that the pod's mode changed at {@code nowNanos} (inhibits restart). */
    public void noteModeChange(long nowNanos) {
        evaluator.noteModeChange(nowNanos);
    }

    /**
     * Reports the outcome of a write the engine asked for (an effect). A failure raises the effect's alarm; it
     * returns when a later command of the effect is followed, or when its confirming point reads the commanded
     * value after all (the equipment followed late).
     */
    public void writeOutcome(String source, boolean ok, String detail) {
        String id = EFFECT_ALARM_PREFIX + source;
        effects.writeOutcome(source, ok);
        if (ok) {
            clearSystemAlarm(id);
        } else {
            raiseSystemAlarm(id, "effect " + source, Severity.ALARM, "command not followed: " + detail);
        }
    }

    /**
     * Raises (or updates) a controller alarm: voting groups, bypass expiry, the state file, effects not
     * followed, a configuration reload refused. Loop thread.
     */
    public void raiseSystemAlarm(String id, String description, Severity severity, String message) {
        alarms.raiseSystem(id, description, severity, message, lastWallMillis);
    }

    /** Clears a controller alarm's condition (it still needs an acknowledgement if unacknowledged). */
    public void clearSystemAlarm(String id) {
        alarms.clearSystem(id, lastWallMillis);
    }

    // --------------------------------------------------------------------------------------------- views

    /** Whether output {@code o} may be energized after the last evaluation. */
    public boolean outputDemand(int o) {
        return outputs.demand(o);
    }

    /** True while any trip (including start-up and loop stall) is latched. */
    public boolean anyTripLatched() {
        return latches.startupLatched() || latches.anyLatched();
    }

    /** True while the start-up latch holds. */
    public boolean isStarting() {
        return latches.startupLatched();
    }

    /** Why the pod is in maintenance, or empty when it is not. */
    public String maintenanceReason() {
        return exemptions.maintenanceReason();
    }

    /** True when some annunciated alarm (warning or above) is active. */
    public boolean anyAlarmActive() {
        return alarms.anyActive();
    }

    /** True when every safety input was GOOD at the last evaluation. */
    public boolean safetyInputsGood() {
        return safetyInputs.good();
    }

    /** Moves events produced since the last call into {@code sink} and forgets them. */
    public void drainEvents(List<SafetyEvent> sink) {
        outbox.drainEvents(sink);
    }

    /** Moves the writes to perform into {@code sink} and forgets them. */
    public void drainWrites(List<WriteIntent> sink) {
        outbox.drainWrites(sink);
    }

    /** Increments whenever anything visible (alarms, trips, outputs, exemptions) changes. */
    public long changeCount() {
        return outbox.changeCount();
    }

    /** The compiled specification. */
    public EngineSpec spec() {
        return spec;
    }

    /** Every alarm (NORMAL ones included), protections first, then controller alarms. Allocates. */
    public List<AlarmView> alarms() {
        return alarms.views();
    }

    /** The latched trips, start-up and loop stall first. Allocates. */
    public List<TripView> latchedTrips() {
        return latches.views();
    }

    /** Active bypasses. Allocates. */
    public List<Exemption> bypasses() {
        return exemptions.bypasses();
    }

    /** Active output overrides, with the forced state ("energized"/"de-energized") as part of the reason. */
    public List<Exemption> overrides() {
        return exemptions.overrides();
    }

    /** Ids of the permissives proven now. */
    public List<String> provenPermissives() {
        return permissives.proven();
    }

    /** Ids of the effects acting now. */
    public List<String> activeEffects() {
        return effects.active();
    }

    /**
     * The power the pod can carry now, W: the load-shedding budget (site feed, cooling) and every acting
     * derate effect, the lowest wins; +infinity when nothing limits it.
     */
    public double availablePowerW() {
        return effects.derate(shedding.availablePowerW());
    }

    /** Ids of the racks shed now. */
    public List<String> shedRacks() {
        return shedding.shedRacks();
    }
}
