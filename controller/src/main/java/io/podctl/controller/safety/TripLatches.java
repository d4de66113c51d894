package io.podctl.controller.safety;

import io.podctl.controller.commands.ReasonCode;
import io.podctl.sensors.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * The latched trips and the rules that reset them: one latch per protection (with its cause and whether it was
 * the first out of a cascade), the start-up trip latched at every start, and the loop-stall trip. A remote
 * reset is one attempt, all or nothing: refused while a local-only trip is among its targets or the condition
 * behind one persists; the local reset button resets on its rising edge whatever has cleared.
 *
 * <p>Not thread-safe; loop thread. Checking the reset button allocates nothing.
 */
final class TripLatches {
    /** Id of the trip latched at start-up until a reset with every safety input GOOD. */
    static final String STARTUP_TRIP = "startup";
    /** Id of the trip latched when the loop stopped feeding the outputs in time. */
    static final String LOOP_STALL_TRIP = "controller.loop-stall";
    private static final String STARTUP_CAUSE = "controller started: waiting for every safety input and a reset";

    /** What the reset rules ask of the rest of the engine. */
    interface Conditions {
        /** Whether the condition behind protection {@code i}'s trip persists (and it is not bypassed). */
        boolean conditionActive(int i);

        /** What protection {@code i} sees now, to say why a reset is refused. */
        String condition(int i);

        /** Whether every safety input is GOOD and the settle time has passed since start-up. */
        boolean startupResettable();
    }

    private final Protections protections;
    private final EngineOutbox outbox;
    private final int localResetIndex;
    private Conditions conditions;
    private final boolean[] latched;
    private final boolean[] firstOut;
    private final long[] latchedAt;
    private final String[] latchCause;
    private boolean startupLatched = true;
    private long startupLatchedAt;
    private boolean stallLatched;
    private long stallLatchedAt;
    private String stallCause = "";
    private boolean localResetWasActive = true; // a button held at start-up is not an edge

    /** @param localResetIndex board index of the local reset input, or -1 */
    TripLatches(Protections protections, EngineOutbox outbox, int localResetIndex) {
        this.protections = protections;
        this.outbox = outbox;
        this.localResetIndex = localResetIndex;
        int n = protections.count();
        this.latched = new boolean[n];
        this.firstOut = new boolean[n];
        this.latchedAt = new long[n];
        this.latchCause = new String[n];
        for (int i = 0; i < n; i++) {
            latchCause[i] = "";
        }
    }

    /** Connects the reset rules to the conditions they judge; once, before the first reset. */
    void judgeBy(Conditions c) {
        this.conditions = c;
    }

    // -------------------------------------------------------------------------------------------- latching

    boolean latched(int i) {
        return latched[i];
    }

    boolean startupLatched() {
        return startupLatched;
    }

    boolean stallLatched() {
        return stallLatched;
    }

    /** Whether a protection trip or the loop-stall trip is latched (the start-up trip aside). */
    boolean anyLatched() {
        for (boolean l : latched) {
            if (l) {
                return true;
            }
        }
        return stallLatched;
    }

    /** Latches protection {@code i}'s trip (not latched yet) for {@code cause}; first out if nothing else was. */
    void latch(int i, String cause, long wallMillis) {
        boolean anyOtherLatched = anyLatched();
        latched[i] = true;
        firstOut[i] = !anyOtherLatched;
        latchedAt[i] = wallMillis;
        latchCause[i] = cause;
        outbox.changed();
        outbox.event(SafetyEvent.Type.TRIP_LATCHED, protections.id(i), Severity.TRIP,
                cause + (firstOut[i] ? " (first out)" : ""), wallMillis);
    }

    /** Dates the start-up trip (latched since construction) at the first evaluation. */
    void startupLatchedAt(long wallMillis) {
        startupLatchedAt = wallMillis;
    }

    /** Latches the start-up trip again (leaving maintenance). No event: the mode change says it. */
    void relatchStartup(long wallMillis) {
        startupLatched = true;
        startupLatchedAt = wallMillis;
    }

    /** Latches the loop-stall trip for {@code cause}; returns false when it was latched already. */
    boolean latchStall(String cause, long wallMillis) {
        if (stallLatched) {
            return false;
        }
        stallLatched = true;
        stallLatchedAt = wallMillis;
        stallCause = cause;
        outbox.changed();
        outbox.event(SafetyEvent.Type.TRIP_LATCHED, LOOP_STALL_TRIP, Severity.TRIP, cause, wallMillis);
        return true;
    }

    // ---------------------------------------------------------------------------------------------- resets

    /**
     * On a rising edge of the local reset input in {@code snap}, resets every protection trip whose condition
     * has cleared (local-only ones included), the loop-stall trip, and the start-up trip when it may be.
     */
    void localReset(Snapshot snap, long wallMillis) {
        if (localResetIndex < 0) {
            return;
        }
        boolean active = snap.isGood(localResetIndex) && snap.goodValue(localResetIndex) >= 0.5;
        boolean risingEdge = active && !localResetWasActive;
        localResetWasActive = active;
        if (!risingEdge) {
            return;
        }
        for (int i = 0; i < latched.length; i++) {
            if (latched[i] && !conditions.conditionActive(i)) {
                unlatch(i, "local reset", wallMillis);
            }
        }
        if (stallLatched) {
            unlatchStall("local reset", wallMillis);
        }
        if (startupLatched && conditions.startupResettable()) {
            unlatchStartup("local reset", wallMillis);
        }
    }

    /**
     * A reset over the network: {@code tripId}, or every latched trip when null, all or nothing. Refused with
     * LOCAL_RESET_REQUIRED if a target is local-only, CONDITION_ACTIVE if a target's condition persists, and
     * INVALID_ARGS for an unknown trip.
     */
    ResetResult remoteReset(String tripId, String by, long wallMillis) {
        List<String> targets = new ArrayList<>();
        if (tripId == null) {
            for (int i = 0; i < latched.length; i++) {
                if (latched[i]) {
                    targets.add(protections.id(i));
                }
            }
            if (stallLatched) {
                targets.add(LOOP_STALL_TRIP);
            }
            if (startupLatched) {
                targets.add(STARTUP_TRIP);
            }
        } else if (STARTUP_TRIP.equals(tripId) || LOOP_STALL_TRIP.equals(tripId)) {
            if (STARTUP_TRIP.equals(tripId) ? startupLatched : stallLatched) {
                targets.add(tripId);
            }
        } else {
            int i = protections.indexOf(tripId);
            if (i < 0) {
                return new ResetResult(ReasonCode.INVALID_ARGS, "no trip named '" + tripId + "'", List.of());
            }
            if (latched[i]) {
                targets.add(tripId);
            }
        }
        if (targets.isEmpty()) {
            return new ResetResult(ReasonCode.ACCEPTED, "nothing latched", List.of());
        }
        ResetResult refused = refusal(targets);
        if (refused != null) {
            return refused;
        }
        String reason = "reset by " + by;
        for (String t : targets) {
            if (STARTUP_TRIP.equals(t)) {
                unlatchStartup(reason, wallMillis);
            } else if (LOOP_STALL_TRIP.equals(t)) {
                unlatchStall(reason, wallMillis);
            } else {
                unlatch(protections.indexOf(t), reason, wallMillis);
            }
        }
        return new ResetResult(ReasonCode.ACCEPTED, "reset " + String.join(", ", targets), targets);
    }

    private ResetResult refusal(List<String> targets) {
        List<String> local = new ArrayList<>();
        List<String> active = new ArrayList<>();
        for (String t : targets) {
            int i = protections.indexOf(t);
            if (i >= 0 && protections.get(i).localResetOnly()) {
                local.add(t);
            } else if (i >= 0 && conditions.conditionActive(i)) {
                active.add(t + " (" + conditions.condition(i) + ")");
            } else if (STARTUP_TRIP.equals(t) && !conditions.startupResettable()) {
                active.add(STARTUP_TRIP + " (safety inputs not all GOOD yet)");
            }
        }
        if (!local.isEmpty()) {
            return new ResetResult(ReasonCode.LOCAL_RESET_REQUIRED,
                    "reset at the pod with the local reset button: " + String.join(", ", local), List.of());
        }
        if (!active.isEmpty()) {
            return new ResetResult(ReasonCode.CONDITION_ACTIVE,
                    "condition still present: " + String.join(", ", active), List.of());
        }
        return null;
    }

    private void unlatch(int i, String reason, long wallMillis) {
        latched[i] = false;
        firstOut[i] = false;
        reset(protections.id(i), reason, wallMillis);
    }

    private void unlatchStartup(String reason, long wallMillis) {
        startupLatched = false;
        reset(STARTUP_TRIP, reason, wallMillis);
    }

    private void unlatchStall(String reason, long wallMillis) {
        stallLatched = false;
        reset(LOOP_STALL_TRIP, reason, wallMillis);
    }

    private void reset(String id, String reason, long wallMillis) {
        outbox.changed();
        outbox.event(SafetyEvent.Type.TRIP_RESET, id, Severity.TRIP, id + " reset (" + reason + ")", wallMillis);
    }

    // ------------------------------------------------------------------------------------- views, memory

    /** The latched trips, start-up and loop stall first. Allocates. */
    List<TripView> views() {
        List<TripView> out = new ArrayList<>();
        if (startupLatched) {
            out.add(new TripView(STARTUP_TRIP, STARTUP_CAUSE, startupLatchedAt, false, false,
                    !conditions.startupResettable()));
        }
        out.addAll(memory());
        return out;
    }

    /** The latched trips to remember across a restart: every one but the start-up trip, latched at every start. */
    List<TripView> memory() {
        List<TripView> out = new ArrayList<>();
        if (stallLatched) {
            out.add(new TripView(LOOP_STALL_TRIP, stallCause, stallLatchedAt, false, false, false));
        }
        for (int i = 0; i < latched.length; i++) {
            if (latched[i]) {
                out.add(new TripView(protections.id(i), latchCause[i], latchedAt[i], firstOut[i],
                        protections.get(i).localResetOnly(), conditions.conditionActive(i)));
            }
        }
        return out;
    }

    /** Latches again the trips remembered before a restart; returns the ids restored. */
    List<String> restore(List<TripView> trips) {
        List<String> restored = new ArrayList<>();
        for (TripView t : trips) {
            if (LOOP_STALL_TRIP.equals(t.id())) {
                stallLatched = true;
                stallLatchedAt = t.latchedWallMillis();
                stallCause = t.cause();
                restored.add(t.id());
                continue;
            }
            int i = protections.indexOf(t.id());
            if (i >= 0) {
                latched[i] = true;
                latchedAt[i] = t.latchedWallMillis();
                latchCause[i] = t.cause();
                firstOut[i] = t.firstOut();
                restored.add(t.id());
            }
        }
        return restored;
    }
}
