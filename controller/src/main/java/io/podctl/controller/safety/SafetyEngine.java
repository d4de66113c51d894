package io.podctl.controller.safety;

import io.podctl.controller.commands.ReasonCode;
import io.podctl.sensors.Quality;
import io.podctl.sensors.Snapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The protections of the pod as a function of (snapshot, time, engine state): limits with delay and
 * hysteresis, the ISA-18.2 alarm lifecycle, latching trips with authorized edge-triggered resets, and the
 * resulting output permissions.
 *
 * <p>Rules the engine enforces by construction:
 * <ul>
 *   <li>A trip latches; only a reset clears it, and only when the condition behind it has cleared (with
 *       hysteresis). Trips marked local-only (E-stop) are reset by a rising edge of the local reset input,
 *       never by {@link #remoteReset}.</li>
 *   <li>A non-GOOD sample of a watched point acts as its protection's fail-safe action, at once (no delay):
 *       the value is never used. {@link Quality#NO_DATA} before the first sample is covered by the start-up
 *       latch instead.</li>
 *   <li>The engine starts with the {@value #STARTUP_TRIP} trip latched: outputs stay de-energized until every
 *       safety input has delivered a GOOD sample <em>and</em> someone resets, so nothing restarts on its own
 *       after a power-up or a process restart.</li>
 *   <li>An output is energized only when no latched trip de-energizes it. Outputs that no protection
 *       de-energizes are not run permissives and stay de-energized.</li>
 * </ul>
 *
 * <p>Threading: not thread-safe; owned by the control loop thread. {@link #evaluate} allocates only when
 * something changes (events, messages).
 */
public final class SafetyEngine {
    /** Id of the trip latched at start-up until the first reset with every safety input GOOD. */
    public static final String STARTUP_TRIP = "startup";
    /** Id of the trip latched when the loop stopped feeding the outputs in time. */
    public static final String LOOP_STALL_TRIP = "controller.loop-stall";

    private final ProtectionSpec[] specs;
    private final int outputCount;
    private final boolean[] permissive;
    private final int[] safetyInputs;
    private final int localResetIndex;
    private final long settleNanos;

    private final LimitMonitor[] alarmMonitors;
    private final LimitMonitor[] tripMonitors;
    private final AlarmState[] alarmStates;
    private final Severity[] severities;
    private final String[] alarmMessages;
    private final long[] alarmSince;
    private final boolean[] latched;
    private final boolean[] firstOut;
    private final long[] latchedAt;
    private final String[] latchCause;
    private final boolean[] badData;

    private boolean startupLatched = true;
    private long startupLatchedAt;
    private String startupCause = "controller started: waiting for every safety input and a reset";
    private boolean stallLatched;
    private long stallLatchedAt;
    private String stallCause = "";
    private boolean safetyInputsGood;
    private boolean localResetWasActive = true; // a button held at start-up is not an edge
    private long startNanos = Long.MIN_VALUE;
    private long lastNanos;
    private long lastWallMillis;

    private final boolean[] outputDemand;
    private final List<SafetyEvent> events = new ArrayList<>();
    private long changeCount;

    /**
     * @param specs            the protections, in evaluation (and display) order
     * @param outputCount      number of outputs in the output bank
     * @param localResetIndex  board index of the local reset input, or -1 for none
     * @param inputSettleNanos minimum time after the first evaluation before the start-up latch may be reset
     */
    public SafetyEngine(List<ProtectionSpec> specs, int outputCount, int localResetIndex, long inputSettleNanos) {
        this.specs = specs.toArray(ProtectionSpec[]::new);
        this.outputCount = outputCount;
        this.localResetIndex = localResetIndex;
        this.settleNanos = inputSettleNanos;
        int n = this.specs.length;
        this.permissive = new boolean[outputCount];
        Set<Integer> inputs = new LinkedHashSet<>();
        for (ProtectionSpec s : this.specs) {
            for (int o : s.outputIndexes()) {
                if (o < 0 || o >= outputCount) {
                    throw new IllegalArgumentException(s.id() + ": output index " + o + " out of range");
                }
                permissive[o] = true;
            }
            if (s.onBadData() == ProtectionSpec.BadData.TRIP) {
                inputs.add(s.pointIndex()); // a safety input: its loss trips, so start-up waits for it
            }
        }
        this.safetyInputs = inputs.stream().mapToInt(Integer::intValue).toArray();
        this.alarmMonitors = new LimitMonitor[n];
        this.tripMonitors = new LimitMonitor[n];
        for (int i = 0; i < n; i++) {
            alarmMonitors[i] = new LimitMonitor();
            tripMonitors[i] = new LimitMonitor();
        }
        this.alarmStates = new AlarmState[n];
        java.util.Arrays.fill(alarmStates, AlarmState.NORMAL);
        this.severities = new Severity[n];
        java.util.Arrays.fill(severities, Severity.NONE);
        this.alarmMessages = new String[n];
        java.util.Arrays.fill(alarmMessages, "");
        this.alarmSince = new long[n];
        this.latched = new boolean[n];
        this.firstOut = new boolean[n];
        this.latchedAt = new long[n];
        this.latchCause = new String[n];
        java.util.Arrays.fill(latchCause, "");
        this.badData = new boolean[n];
        this.outputDemand = new boolean[outputCount];
    }

    /**
     * Restores trips that were latched before a restart (from the persisted state). Call before the first
     * {@link #evaluate}. Unknown ids are ignored by the caller's choice; this returns the ids it restored.
     */
    public List<String> restoreLatched(Collection<TripView> persisted) {
        List<String> restored = new ArrayList<>();
        for (TripView t : persisted) {
            if (LOOP_STALL_TRIP.equals(t.id())) {
                stallLatched = true;
                stallLatchedAt = t.latchedWallMillis();
                stallCause = t.cause();
                restored.add(t.id());
                continue;
            }
            int i = indexOf(t.id());
            if (i >= 0) {
                latched[i] = true;
                latchedAt[i] = t.latchedWallMillis();
                latchCause[i] = t.cause();
                firstOut[i] = t.firstOut();
                severities[i] = Severity.TRIP;
                restored.add(t.id());
            }
        }
        if (!restored.isEmpty()) {
            changeCount++;
        }
        return restored;
    }

    /**
     * Evaluates every protection against {@code snap} at monotonic time {@code nowNanos}, updates alarms,
     * latches and output demands, and records events (read them with {@link #drainEvents}). Called once per
     * loop cycle on the loop thread.
     *
     * @param wallMillis wall-clock time for event timestamps, epoch ms
     */
    public void evaluate(Snapshot snap, long nowNanos, long wallMillis) {
        lastWallMillis = wallMillis;
        lastNanos = nowNanos;
        if (startNanos == Long.MIN_VALUE) {
            startNanos = nowNanos;
            startupLatchedAt = wallMillis;
        }
        for (int i = 0; i < specs.length; i++) {
            evaluateProtection(i, snap, nowNanos, wallMillis);
        }
        safetyInputsGood = allSafetyInputsGood(snap);
        evaluateLocalReset(snap, wallMillis);
        computeOutputs();
    }

    private void evaluateProtection(int i, Snapshot snap, long nowNanos, long wallMillis) {
        ProtectionSpec s = specs[i];
        Quality q = snap.quality(s.pointIndex());
        boolean alarmRaw;
        boolean tripRaw;
        boolean bad = q != Quality.GOOD && q != Quality.NO_DATA
                || q == Quality.GOOD && !Double.isFinite(snap.goodValue(s.pointIndex()));
        long delay = s.delayNanos();
        if (q == Quality.NO_DATA) {
            alarmRaw = false;
            tripRaw = false;
        } else if (bad) {
            delay = 0; // fail-safe actions do not wait: the data that would justify waiting is missing
            switch (s.onBadData()) {
                case TRIP -> {
                    tripRaw = s.canTrip();
                    alarmRaw = !tripRaw || s.hasAlarmLevel();
                }
                case ALARM -> {
                    tripRaw = false;
                    alarmRaw = true;
                }
                default -> {
                    tripRaw = false;
                    alarmRaw = false;
                }
            }
        } else {
            double v = snap.goodValue(s.pointIndex());
            alarmRaw = s.hasAlarmLevel() && beyond(s, v, s.kind() == ProtectionSpec.Kind.ACTIVE ? 0.5 : s.alarmLimit(),
                    alarmMonitors[i].active);
            tripRaw = s.canTrip() && beyond(s, v, s.kind() == ProtectionSpec.Kind.ACTIVE ? 0.5 : s.tripLimit(),
                    tripMonitors[i].active);
        }
        boolean badChanged = bad != badData[i];
        badData[i] = bad;
        boolean alarmChanged = alarmMonitors[i].update(alarmRaw, nowNanos, delay);
        boolean tripChanged = tripMonitors[i].update(tripRaw, nowNanos, delay);

        if (tripMonitors[i].active && !latched[i]) {
            boolean anyOtherLatched = anyProtectionLatched();
            latched[i] = true;
            firstOut[i] = !anyOtherLatched;
            latchedAt[i] = wallMillis;
            latchCause[i] = describe(s, snap, q, true);
            changeCount++;
            events.add(new SafetyEvent(SafetyEvent.Type.TRIP_LATCHED, s.id(), Severity.TRIP,
                    latchCause[i] + (firstOut[i] ? " (first out)" : ""), wallMillis));
        }

        boolean conditionActive = alarmMonitors[i].active || tripMonitors[i].active;
        Severity severity = tripMonitors[i].active ? Severity.TRIP
                : alarmMonitors[i].active ? Severity.ALARM : Severity.NONE;
        AlarmState before = alarmStates[i];
        AlarmState after = before.onCondition(conditionActive);
        boolean severityRose = conditionActive && severity.compareTo(severities[i]) > 0;
        if (after != before || severityRose || (conditionActive && (badChanged || alarmChanged || tripChanged))) {
            if (conditionActive) {
                severities[i] = severity;
                alarmMessages[i] = describe(s, snap, q, severity == Severity.TRIP);
            }
            if (after != before) {
                alarmSince[i] = wallMillis;
            }
            alarmStates[i] = after;
            changeCount++;
            if (after != before || severityRose) {
                SafetyEvent.Type type = switch (after) {
                    case ACTIVE_UNACKED, ACTIVE_ACKED -> SafetyEvent.Type.ALARM_RAISED;
                    case RETURNED_UNACKED -> SafetyEvent.Type.ALARM_RETURNED;
                    case NORMAL -> SafetyEvent.Type.ALARM_NORMAL;
                };
                String msg = after.isActive() ? alarmMessages[i] : "condition cleared: " + describe(s, snap, q, false);
                events.add(new SafetyEvent(type, s.id(), severities[i], msg, wallMillis));
            }
        }
    }

    /** Whether {@code v} lies beyond {@code limit}; once active, it must come back by the hysteresis to clear. */
    private static boolean beyond(ProtectionSpec s, double v, double limit, boolean active) {
        double h = active ? s.hysteresis() : 0.0;
        return switch (s.kind()) {
            case HIGH -> v >= limit - h;
            case LOW -> v <= limit + h;
            case ACTIVE -> v >= limit;
        };
    }

    private static String describe(ProtectionSpec s, Snapshot snap, Quality q, boolean trip) {
        if (q != Quality.GOOD) {
            return s.pointId() + " " + q + " (fail-safe: " + s.onBadData().name().toLowerCase(Locale.ROOT) + ")";
        }
        double v = snap.goodValue(s.pointIndex());
        String unit = snap.descriptor(s.pointIndex()).unit();
        if (s.kind() == ProtectionSpec.Kind.ACTIVE) {
            return s.pointId() + (v >= 0.5 ? " active" : " inactive");
        }
        double limit = trip ? s.tripLimit() : s.alarmLimit();
        String cmp = s.kind() == ProtectionSpec.Kind.HIGH ? ">=" : "<=";
        return String.format(Locale.ROOT, "%s %.2f %s %s %s limit %.2f", s.pointId(), v, unit, cmp,
                trip ? "trip" : "alarm", limit);
    }

    private boolean allSafetyInputsGood(Snapshot snap) {
        for (int idx : safetyInputs) {
            if (!snap.isGood(idx)) {
                return false;
            }
        }
        return true;
    }

    private void evaluateLocalReset(Snapshot snap, long wallMillis) {
        if (localResetIndex < 0) {
            return;
        }
        boolean active = snap.isGood(localResetIndex) && snap.goodValue(localResetIndex) >= 0.5;
        boolean risingEdge = active && !localResetWasActive;
        localResetWasActive = active;
        if (risingEdge) {
            List<String> done = new ArrayList<>();
            for (int i = 0; i < specs.length; i++) {
                if (latched[i] && !conditionActive(i)) {
                    unlatch(i, "local reset", wallMillis);
                    done.add(specs[i].id());
                }
            }
            if (stallLatched) {
                unlatchStall("local reset", wallMillis);
                done.add(LOOP_STALL_TRIP);
            }
            if (startupLatched && startupResettable()) {
                unlatchStartup("local reset", wallMillis);
                done.add(STARTUP_TRIP);
            }
        }
    }

    private boolean conditionActive(int i) {
        return tripMonitors[i].active || tripMonitors[i].pending;
    }

    private boolean startupResettable() {
        return safetyInputsGood && lastNanos - startNanos >= settleNanos;
    }

    private void computeOutputs() {
        for (int o = 0; o < outputCount; o++) {
            boolean energize = permissive[o] && !startupLatched && !stallLatched;
            if (energize) {
                for (int i = 0; i < specs.length; i++) {
                    if (latched[i] && specs[i].deenergizes(o)) {
                        energize = false;
                        break;
                    }
                }
            }
            if (outputDemand[o] != energize) {
                outputDemand[o] = energize;
                changeCount++;
            }
        }
    }

    /**
     * A reset requested over the network by an authorized identity (authorization is checked by the
     * caller). Edge-triggered by nature: one request, one attempt. Resets {@code tripId}, or every latched
     * trip when it is null, all or nothing: refused with LOCAL_RESET_REQUIRED if any of them is local-only,
     * or CONDITION_ACTIVE if the condition behind any of them is still present.
     */
    public ResetResult remoteReset(String tripId, String by) {
        List<String> targets = new ArrayList<>();
        List<String> local = new ArrayList<>();
        List<String> active = new ArrayList<>();
        if (tripId != null) {
            if (STARTUP_TRIP.equals(tripId)) {
                if (startupLatched) {
                    targets.add(STARTUP_TRIP);
                }
            } else if (LOOP_STALL_TRIP.equals(tripId)) {
                if (stallLatched) {
                    targets.add(LOOP_STALL_TRIP);
                }
            } else {
                int i = indexOf(tripId);
                if (i < 0) {
                    return new ResetResult(ReasonCode.INVALID_ARGS, "no trip named '" + tripId + "'", List.of());
                }
                if (latched[i]) {
                    targets.add(tripId);
                }
            }
        } else {
            for (int i = 0; i < specs.length; i++) {
                if (latched[i]) {
                    targets.add(specs[i].id());
                }
            }
            if (stallLatched) {
                targets.add(LOOP_STALL_TRIP);
            }
            if (startupLatched) {
                targets.add(STARTUP_TRIP);
            }
        }
        if (targets.isEmpty()) {
            return new ResetResult(ReasonCode.ACCEPTED, "nothing latched", List.of());
        }
        for (String t : targets) {
            int i = indexOf(t);
            if (i >= 0 && specs[i].localResetOnly()) {
                local.add(t);
            } else if (i >= 0 && conditionActive(i)) {
                active.add(t + " (" + alarmMessages[i] + ")");
            } else if (STARTUP_TRIP.equals(t) && !startupResettable()) {
                active.add(STARTUP_TRIP + " (safety inputs not all GOOD yet)");
            }
        }
        if (!local.isEmpty()) {
            return new ResetResult(ReasonCode.LOCAL_RESET_REQUIRED,
                    "reset at the pod with the local reset button: " + String.join(", ", local), List.of());
        }
        if (!active.isEmpty()) {
            return new ResetResult(ReasonCode.CONDITION_ACTIVE, "condition still present: " + String.join(", ", active),
                    List.of());
        }
        String reason = "reset by " + by;
        for (String t : targets) {
            if (STARTUP_TRIP.equals(t)) {
                unlatchStartup(reason, lastWallMillis);
            } else if (LOOP_STALL_TRIP.equals(t)) {
                unlatchStall(reason, lastWallMillis);
            } else {
                unlatch(indexOf(t), reason, lastWallMillis);
            }
        }
        computeOutputs();
        return new ResetResult(ReasonCode.ACCEPTED, "reset " + String.join(", ", targets), targets);
    }

    /**
     * Acknowledges {@code alarmId}, or every unacknowledged alarm when it is null.
     *
     * @return ACCEPTED, or INVALID_ARGS for an unknown alarm id
     */
    public ReasonCode acknowledge(String alarmId, String by) {
        if (alarmId != null && indexOf(alarmId) < 0) {
            return ReasonCode.INVALID_ARGS;
        }
        for (int i = 0; i < specs.length; i++) {
            if ((alarmId == null || specs[i].id().equals(alarmId)) && alarmStates[i].isUnacknowledged()) {
                AlarmState after = alarmStates[i].onAcknowledge();
                alarmStates[i] = after;
                alarmSince[i] = lastWallMillis;
                changeCount++;
                events.add(new SafetyEvent(SafetyEvent.Type.ALARM_ACKNOWLEDGED, specs[i].id(), severities[i],
                        "acknowledged by " + by, lastWallMillis));
                if (after == AlarmState.NORMAL) {
                    severities[i] = Severity.NONE;
                }
            }
        }
        return ReasonCode.ACCEPTED;
    }

    /**
     * Latches the controller's own trip: the loop stalled or failed and the outputs were forced safe. It
     * de-energizes every output until reset.
     */
    public void latchLoopStall(String cause, long wallMillis) {
        if (!stallLatched) {
            stallLatched = true;
            stallLatchedAt = wallMillis;
            stallCause = cause;
            changeCount++;
            events.add(new SafetyEvent(SafetyEvent.Type.TRIP_LATCHED, LOOP_STALL_TRIP, Severity.TRIP, cause,
                    wallMillis));
            computeOutputs();
        }
    }

    private void unlatch(int i, String reason, long wallMillis) {
        latched[i] = false;
        firstOut[i] = false;
        changeCount++;
        events.add(new SafetyEvent(SafetyEvent.Type.TRIP_RESET, specs[i].id(), Severity.TRIP,
                specs[i].id() + " reset (" + reason + ")", wallMillis));
    }

    private void unlatchStartup(String reason, long wallMillis) {
        startupLatched = false;
        changeCount++;
        events.add(new SafetyEvent(SafetyEvent.Type.TRIP_RESET, STARTUP_TRIP, Severity.TRIP,
                STARTUP_TRIP + " reset (" + reason + ")", wallMillis));
    }

    private void unlatchStall(String reason, long wallMillis) {
        stallLatched = false;
        changeCount++;
        events.add(new SafetyEvent(SafetyEvent.Type.TRIP_RESET, LOOP_STALL_TRIP, Severity.TRIP,
                LOOP_STALL_TRIP + " reset (" + reason + ")", wallMillis));
    }

    private boolean anyProtectionLatched() {
        for (boolean l : latched) {
            if (l) {
                return true;
            }
        }
        return stallLatched;
    }

    private int indexOf(String id) {
        for (int i = 0; i < specs.length; i++) {
            if (specs[i].id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether output {@code o} may be energized after the last evaluation. */
    public boolean outputDemand(int o) {
        return outputDemand[o];
    }

    /** True while any trip (including start-up and loop stall) is latched. */
    public boolean anyTripLatched() {
        return startupLatched || anyProtectionLatched();
    }

    /** True while the start-up latch holds. */
    public boolean isStarting() {
        return startupLatched;
    }

    /** True when some alarm is active (condition present). */
    public boolean anyAlarmActive() {
        for (AlarmState s : alarmStates) {
            if (s.isActive()) {
                return true;
            }
        }
        return false;
    }

    /** True when every safety input (a point whose bad data trips) was GOOD at the last evaluation. */
    public boolean safetyInputsGood() {
        return safetyInputsGood;
    }

    /** Moves events produced since the last call into {@code sink} and forgets them. */
    public void drainEvents(List<SafetyEvent> sink) {
        sink.addAll(events);
        events.clear();
    }

    /** Increments whenever anything visible (alarms, trips, outputs) changes. */
    public long changeCount() {
        return changeCount;
    }

    /** The protections, in order. */
    public List<ProtectionSpec> protections() {
        return List.of(specs);
    }

    /** Every alarm's state (NORMAL ones included), in protection order. Allocates. */
    public List<AlarmView> alarms() {
        List<AlarmView> out = new ArrayList<>(specs.length);
        for (int i = 0; i < specs.length; i++) {
            ProtectionSpec s = specs[i];
            out.add(new AlarmView(s.id(), s.description(), s.pointId(), alarmStates[i], severities[i],
                    alarmMessages[i], alarmSince[i]));
        }
        return out;
    }

    /** The latched trips, start-up and loop stall first. Allocates. */
    public List<TripView> latchedTrips() {
        List<TripView> out = new ArrayList<>();
        if (startupLatched) {
            out.add(new TripView(STARTUP_TRIP, startupCause, startupLatchedAt, false, false, !startupResettable()));
        }
        if (stallLatched) {
            out.add(new TripView(LOOP_STALL_TRIP, stallCause, stallLatchedAt, false, false, false));
        }
        for (int i = 0; i < specs.length; i++) {
            if (latched[i]) {
                out.add(new TripView(specs[i].id(), latchCause[i], latchedAt[i], firstOut[i],
                        specs[i].localResetOnly(), conditionActive(i)));
            }
        }
        return out;
    }

    /** Condition monitor of one limit: on-delay, no off-delay; hysteresis is applied by the caller. */
    private static final class LimitMonitor {
        boolean active;
        boolean pending;
        long pendingSince;

        /** Returns true when {@code active} changed. */
        boolean update(boolean raw, long now, long delayNanos) {
            boolean before = active;
            if (raw) {
                if (!active) {
                    if (!pending) {
                        pending = true;
                        pendingSince = now;
                    }
                    if (now - pendingSince >= delayNanos) {
                        active = true;
                        pending = false;
                    }
                }
            } else {
                pending = false;
                active = false;
            }
            return before != active;
        }
    }
}
