package io.podctl.controller.safety;

import io.podctl.controller.commands.ReasonCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What people may exempt from the protections, always for a limited time and with a reason: bypassed trips
 * (with the alarm that warns before a bypass ends), maintenance, and output overrides in maintenance. Also the
 * rules every exemption follows (reason and expiry mandatory, a maximum duration), shared with shelving and
 * out of service in the {@link AlarmBook}.
 *
 * <p>Not thread-safe; loop thread. Expiry checks allocate only when something expires.
 */
final class Exemptions {
    /** A bypass raises its expiry alarm this long before it ends (or at once, for short ones). */
    static final long BYPASS_WARNING_NANOS = 300_000_000_000L;

    private final Protections protections;
    private final List<String> outputIds;
    private final EngineOutbox outbox;
    private final AlarmBook alarms;
    private final Exemption[] bypasses;
    private final boolean[] bypassWarned;
    private final Exemption[] overrides;
    private final boolean[] overrideEnergize;
    private String maintenance = "";

    Exemptions(Protections protections, List<String> outputIds, EngineOutbox outbox, AlarmBook alarms) {
        this.protections = protections;
        this.outputIds = List.copyOf(outputIds);
        this.outbox = outbox;
        this.alarms = alarms;
        this.bypasses = new Exemption[protections.count()];
        this.bypassWarned = new boolean[protections.count()];
        this.overrides = new Exemption[outputIds.size()];
        this.overrideEnergize = new boolean[outputIds.size()];
    }

    // ------------------------------------------------------------------------------------------ the rules

    /** Why a request for an exemption is refused, or null when it may be granted. */
    static CommandResult refusal(String reason, long durationNanos, long maxNanos, String what) {
        if (reason == null || reason.isBlank()) {
            return CommandResult.refuse(ReasonCode.INVALID_ARGS, what + " needs a reason");
        }
        if (durationNanos <= 0) {
            return CommandResult.refuse(ReasonCode.INVALID_ARGS, what + " needs an expiry");
        }
        if (durationNanos > maxNanos) {
            return CommandResult.refuse(ReasonCode.OUT_OF_RANGE, what + " may last at most " + maxNanos / 60_000_000_000L
                    + " min");
        }
        return null;
    }

    /** An exemption granted at {@code nowNanos} / {@code wallMillis} for {@code durationNanos}. */
    static Exemption grant(String target, String reason, String by, long durationNanos, long nowNanos,
                           long wallMillis) {
        return new Exemption(target, reason, by, nowNanos + durationNanos, wallMillis + durationNanos / 1_000_000);
    }

    /** A remembered exemption with its remaining wall-clock time, on the monotonic clock of this run. */
    static Exemption restored(SafetyMemory.ExemptionMemory e, long nowNanos, long nowWallMillis) {
        long remaining = (e.untilWallMillis() - nowWallMillis) * 1_000_000L;
        return new Exemption(e.target(), e.reason(), e.by(), nowNanos + remaining, e.untilWallMillis());
    }

    static SafetyMemory.ExemptionMemory memoryOf(Exemption e) {
        return new SafetyMemory.ExemptionMemory(e.target(), e.reason(), e.by(), e.untilWallMillis());
    }

    // -------------------------------------------------------------------------------------------- bypasses

    /** Whether protection {@code i}'s trip is bypassed. */
    boolean bypassed(int i) {
        return bypasses[i] != null;
    }

    CommandResult bypass(String protectionId, String reason, long durationNanos, long maxNanos, String by,
                         long nowNanos, long wallMillis) {
        int i = protections.indexOf(protectionId);
        if (i < 0) {
            return CommandResult.refuse(ReasonCode.INVALID_ARGS, "no protection named '" + protectionId + "'");
        }
        if (!protections.get(i).bypassable()) {
            return CommandResult.refuse(ReasonCode.FORBIDDEN, protectionId + " is not bypassable");
        }
        CommandResult bad = refusal(reason, durationNanos, maxNanos, "a bypass");
        if (bad != null) {
            return bad;
        }
        bypasses[i] = grant(protectionId, reason, by, durationNanos, nowNanos, wallMillis);
        bypassWarned[i] = false;
        Instant until = Instant.ofEpochMilli(bypasses[i].untilWallMillis());
        outbox.changed();
        outbox.event(SafetyEvent.Type.BYPASSED, protectionId, Severity.ALARM, protectionId + " bypassed by " + by
                + " until " + until + ": " + reason, wallMillis);
        return CommandResult.ok(protectionId + " bypassed until " + until);
    }

    CommandResult removeBypass(String protectionId, String by, long wallMillis) {
        int i = protections.indexOf(protectionId);
        if (i < 0 || bypasses[i] == null) {
            return CommandResult.refuse(ReasonCode.INVALID_ARGS, "'" + protectionId + "' is not bypassed");
        }
        bypasses[i] = null;
        bypassWarned[i] = false;
        alarms.clearSystem(bypassAlarmId(protectionId), wallMillis);
        outbox.changed();
        outbox.event(SafetyEvent.Type.BYPASS_REMOVED, protectionId, Severity.NONE, "bypass of " + protectionId
                + " removed by " + by, wallMillis);
        return CommandResult.ok("bypass of " + protectionId + " removed");
    }

    /** Ends protection {@code i}'s bypass if it expired at {@code now} (ns), or warns that it soon will. */
    void expireBypass(int i, long now, long wallMillis) {
        Exemption b = bypasses[i];
        if (b == null) {
            return;
        }
        String id = protections.id(i);
        long left = b.untilNanos() - now;
        if (b.expired(now)) {
            bypasses[i] = null;
            bypassWarned[i] = false;
            alarms.clearSystem(bypassAlarmId(id), wallMillis);
            outbox.changed();
            outbox.event(SafetyEvent.Type.BYPASS_REMOVED, id, Severity.ALARM, "bypass of " + id
                    + " expired; the trip is armed again", wallMillis);
        } else if (!bypassWarned[i] && left <= BYPASS_WARNING_NANOS) {
            bypassWarned[i] = true;
            alarms.raiseSystem(bypassAlarmId(id), "bypass of " + id, Severity.WARNING, "bypass of " + id
                    + " expires in " + Math.max(1, left / 60_000_000_000L) + " min (set by " + b.by() + ": "
                    + b.reason() + ")", wallMillis);
        }
    }

    private static String bypassAlarmId(String protectionId) {
        return "bypass." + protectionId;
    }

    /** Active bypasses. Allocates. */
    List<Exemption> bypasses() {
        List<Exemption> out = new ArrayList<>();
        for (Exemption b : bypasses) {
            if (b != null) {
                out.add(b);
            }
        }
        return out;
    }

    List<SafetyMemory.ExemptionMemory> bypassMemory() {
        List<SafetyMemory.ExemptionMemory> out = new ArrayList<>();
        for (Exemption b : bypasses) {
            if (b != null) {
                out.add(memoryOf(b));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------ maintenance, overrides

    boolean inMaintenance() {
        return !maintenance.isEmpty();
    }

    /** Why the pod is in maintenance, empty when it is not. */
    String maintenanceReason() {
        return maintenance;
    }

    /**
     * Enters ({@code on}) or leaves maintenance; an unchanged mode is answered and nothing happens. Leaving it
     * is followed by the start-up trip (the caller latches it).
     */
    CommandResult maintenance(boolean on, String reason, String by, long wallMillis) {
        if (on) {
            if (reason == null || reason.isBlank()) {
                return CommandResult.refuse(ReasonCode.INVALID_ARGS, "maintenance needs a reason");
            }
            if (inMaintenance()) {
                return CommandResult.ok("already in maintenance");
            }
            maintenance = reason + " (" + by + ")";
            outbox.event(SafetyEvent.Type.MAINTENANCE_ON, "pod", Severity.NONE,
                    "maintenance started by " + by + ": " + reason, wallMillis);
        } else {
            if (!inMaintenance()) {
                return CommandResult.ok("not in maintenance");
            }
            maintenance = "";
            outbox.event(SafetyEvent.Type.MAINTENANCE_OFF, "pod", Severity.NONE,
                    "maintenance ended by " + by + "; outputs restart after a reset", wallMillis);
        }
        outbox.changed();
        return CommandResult.ok(on ? "maintenance on" : "maintenance off; reset to restart");
    }

    /**
     * Overrides output {@code o} in maintenance; {@code heldOff} says whether a trip or an effect holds it off,
     * which refuses energizing it.
     */
    CommandResult override(int o, boolean energize, boolean heldOff, long durationNanos, long maxNanos,
                           String reason, String by, long nowNanos, long wallMillis) {
        String outputId = outputIds.get(o);
        if (!inMaintenance()) {
            return CommandResult.refuse(ReasonCode.CONDITION_ACTIVE, "outputs may be overridden in maintenance only");
        }
        CommandResult bad = refusal(reason, durationNanos, maxNanos, "an override");
        if (bad != null) {
            return bad;
        }
        if (energize && heldOff) {
            return CommandResult.refuse(ReasonCode.CONDITION_ACTIVE, outputId + " is held off by a trip or an effect");
        }
        overrides[o] = grant(outputId, reason, by, durationNanos, nowNanos, wallMillis);
        overrideEnergize[o] = energize;
        Instant until = Instant.ofEpochMilli(overrides[o].untilWallMillis());
        String forced = energize ? "energized" : "de-energized";
        outbox.changed();
        outbox.event(SafetyEvent.Type.OVERRIDE_SET, outputId, Severity.WARNING, outputId + " forced " + forced
                + " by " + by + " until " + until + ": " + reason, wallMillis);
        return CommandResult.ok(outputId + " " + forced + " until " + until);
    }

    /** Ends every override that expired at {@code now} (ns), and all of them outside maintenance. */
    void expireOverrides(long now, long wallMillis) {
        for (int o = 0; o < overrides.length; o++) {
            if (overrides[o] != null && (overrides[o].expired(now) || !inMaintenance())) {
                overrides[o] = null;
                outbox.changed();
                outbox.event(SafetyEvent.Type.OVERRIDE_ENDED, outputIds.get(o), Severity.NONE,
                        "override of " + outputIds.get(o) + " ended", wallMillis);
            }
        }
    }

    /** Whether output {@code o} is overridden. */
    boolean overridden(int o) {
        return overrides[o] != null;
    }

    /** Whether the override of output {@code o} energizes it. */
    boolean overrideEnergizes(int o) {
        return overrideEnergize[o];
    }

    /** Active overrides, with the forced state ("energized: "/"de-energized: ") before the reason. Allocates. */
    List<Exemption> overrides() {
        List<Exemption> out = new ArrayList<>();
        for (int o = 0; o < overrides.length; o++) {
            if (overrides[o] != null) {
                Exemption e = overrides[o];
                out.add(new Exemption(e.target(), (overrideEnergize[o] ? "energized: " : "de-energized: ")
                        + e.reason(), e.by(), e.untilNanos(), e.untilWallMillis()));
            }
        }
        return out;
    }

    /** Restores bypasses (of protections still bypassable, not expired) and maintenance from before a restart. */
    void restore(SafetyMemory memory, long nowNanos, long nowWallMillis) {
        for (SafetyMemory.ExemptionMemory e : memory.bypasses()) {
            int i = protections.indexOf(e.target());
            if (i >= 0 && protections.get(i).bypassable() && e.untilWallMillis() > nowWallMillis) {
                bypasses[i] = restored(e, nowNanos, nowWallMillis);
            }
        }
        maintenance = memory.maintenance();
    }
}
