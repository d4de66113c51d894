package io.podctl.controller.safety;

import io.podctl.controller.commands.ReasonCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every alarm of the pod and its ISA-18.2 lifecycle: one alarm per protection, then the controller's own
 * alarms (voting groups, bypass expiry, the state file, effects not followed, ...) in the order they were first
 * raised. Acknowledging is separate from clearing; shelving hides an alarm from annunciation for a limited time
 * (it still acts); out of service stops an alarm-only protection from being evaluated at all.
 *
 * <p>Not thread-safe; loop thread. Moving an alarm allocates only when it changes; iteration is by index.
 */
final class AlarmBook {
    private final Protections protections;
    private final EngineOutbox outbox;
    private final AlarmRecord[] records; // per protection
    private final Map<String, AlarmRecord> system = new HashMap<>();
    private final List<String> systemIds = new ArrayList<>(); // first-raised order
    private final List<AlarmRecord> systemRecords = new ArrayList<>();
    private final Map<String, String> systemDescriptions = new HashMap<>();

    AlarmBook(Protections protections, EngineOutbox outbox) {
        this.protections = protections;
        this.outbox = outbox;
        this.records = new AlarmRecord[protections.count()];
        for (int i = 0; i < records.length; i++) {
            records[i] = new AlarmRecord();
        }
    }

    // ------------------------------------------------------------------------------------------- lifecycle

    /** Whether protection {@code i} is evaluated (not out of service). */
    boolean inService(int i) {
        return records[i].outOfService == null;
    }

    /** The message of protection {@code i}'s alarm (its last active one). */
    String message(int i) {
        return records[i].message;
    }

    /**
     * Whether protection {@code i}'s alarm would move for {@code severity}: a new state, another severity, or
     * (while active) a changed detail. The caller then builds the text and calls {@link #move}.
     */
    boolean moves(int i, Severity severity, boolean detailChanged) {
        return moves(records[i], severity, detailChanged);
    }

    /** Moves protection {@code i}'s alarm to {@code severity} with {@code text}; records events. */
    void move(int i, Severity severity, String text, long wallMillis) {
        move(records[i], protections.id(i), severity, text, wallMillis);
    }

    private static boolean moves(AlarmRecord r, Severity severity, boolean detailChanged) {
        boolean active = severity != Severity.NONE;
        return r.state.onCondition(active) != r.state || active && (severity != r.severity || detailChanged);
    }

    private void move(AlarmRecord r, String id, Severity severity, String text, long wallMillis) {
        boolean active = severity != Severity.NONE;
        AlarmState before = r.state;
        AlarmState after = before.onCondition(active);
        boolean rose = active && severity.compareTo(r.severity) > 0;
        if (active) {
            r.severity = severity;
            r.message = text;
        }
        if (after != before) {
            r.sinceWallMillis = wallMillis;
        }
        r.state = after;
        outbox.changed();
        if (after != before || rose) {
            SafetyEvent.Type type = switch (after) {
                case ACTIVE_UNACKED, ACTIVE_ACKED -> SafetyEvent.Type.ALARM_RAISED;
                case RETURNED_UNACKED -> SafetyEvent.Type.ALARM_RETURNED;
                case NORMAL -> SafetyEvent.Type.ALARM_NORMAL;
            };
            outbox.event(type, id, r.severity, after.isActive() ? r.message : "condition cleared (" + text + ")",
                    wallMillis);
            if (after == AlarmState.NORMAL) {
                r.severity = Severity.NONE;
            }
        }
    }

    /** Raises (or updates) controller alarm {@code id}. */
    void raiseSystem(String id, String description, Severity severity, String message, long wallMillis) {
        AlarmRecord r = system.get(id);
        if (r == null) {
            r = new AlarmRecord();
            system.put(id, r);
            systemIds.add(id);
            systemRecords.add(r);
        }
        systemDescriptions.put(id, description);
        boolean changed = !message.equals(r.message);
        if (moves(r, severity, changed)) {
            move(r, id, severity, message, wallMillis);
        }
    }

    /** Clears controller alarm {@code id}'s condition (an unacknowledged one still waits for its ack). */
    void clearSystem(String id, long wallMillis) {
        AlarmRecord r = system.get(id);
        if (r != null && r.state.isActive()) {
            move(r, id, Severity.NONE, r.message, wallMillis);
        }
    }

    /** Acknowledges {@code alarmId}, or every unacknowledged alarm when it is null. */
    ReasonCode acknowledge(String alarmId, String by, long wallMillis) {
        if (alarmId != null && record(alarmId) == null) {
            return ReasonCode.INVALID_ARGS;
        }
        int n = records.length + systemRecords.size();
        for (int k = 0; k < n; k++) {
            String id = idAt(k);
            AlarmRecord r = recordAt(k);
            if ((alarmId == null || id.equals(alarmId)) && r.state.isUnacknowledged()) {
                AlarmState after = r.state.onAcknowledge();
                r.state = after;
                r.sinceWallMillis = wallMillis;
                outbox.changed();
                outbox.event(SafetyEvent.Type.ALARM_ACKNOWLEDGED, id, r.severity, "acknowledged by " + by, wallMillis);
                if (after == AlarmState.NORMAL) {
                    r.severity = Severity.NONE;
                }
            }
        }
        return ReasonCode.ACCEPTED;
    }

    // ------------------------------------------------------------------------- shelving and out of service

    /** Shelves {@code alarmId} for {@code durationNanos} (at most {@code maxNanos}) from {@code nowNanos}. */
    CommandResult shelve(String alarmId, String reason, long durationNanos, long maxNanos, String by, long nowNanos,
                         long wallMillis) {
        AlarmRecord r = record(alarmId);
        if (r == null) {
            return CommandResult.refuse(ReasonCode.INVALID_ARGS, "no alarm named '" + alarmId + "'");
        }
        CommandResult bad = Exemptions.refusal(reason, durationNanos, maxNanos, "shelving");
        if (bad != null) {
            return bad;
        }
        r.shelved = Exemptions.grant(alarmId, reason, by, durationNanos, nowNanos, wallMillis);
        Instant until = Instant.ofEpochMilli(r.shelved.untilWallMillis());
        outbox.changed();
        outbox.event(SafetyEvent.Type.SHELVED, alarmId, r.severity, alarmId + " shelved by " + by + " until " + until
                + ": " + reason, wallMillis);
        return CommandResult.ok("shelved " + alarmId + " until " + until);
    }

    CommandResult unshelve(String alarmId, String by, long wallMillis) {
        AlarmRecord r = record(alarmId);
        if (r == null || r.shelved == null) {
            return CommandResult.refuse(ReasonCode.INVALID_ARGS, "'" + alarmId + "' is not shelved");
        }
        r.shelved = null;
        outbox.changed();
        outbox.event(SafetyEvent.Type.UNSHELVED, alarmId, r.severity, alarmId + " unshelved by " + by, wallMillis);
        return CommandResult.ok("unshelved " + alarmId);
    }

    /**
     * Takes alarm-only protection {@code alarmId} out of service; the caller then forgets its level timing.
     * A protection that can trip is refused (it may be bypassed instead).
     */
    CommandResult outOfService(String alarmId, String reason, long durationNanos, long maxNanos, String by,
                               long nowNanos, long wallMillis) {
        int i = protections.indexOf(alarmId);
        if (i < 0) {
            return CommandResult.refuse(ReasonCode.INVALID_ARGS, "no protection named '" + alarmId + "'");
        }
        if (protections.get(i).latches()) {
            return CommandResult.refuse(ReasonCode.INVALID_ARGS, alarmId + " can trip: it cannot be taken out of "
                    + "service; bypass it if it is bypassable");
        }
        CommandResult bad = Exemptions.refusal(reason, durationNanos, maxNanos, "out of service");
        if (bad != null) {
            return bad;
        }
        AlarmRecord r = records[i];
        r.outOfService = Exemptions.grant(alarmId, reason, by, durationNanos, nowNanos, wallMillis);
        if (moves(r, Severity.NONE, true)) {
            move(r, alarmId, Severity.NONE, "out of service", wallMillis);
        }
        outbox.changed();
        outbox.event(SafetyEvent.Type.OUT_OF_SERVICE, alarmId, Severity.NONE, alarmId + " out of service by " + by
                + ": " + reason, wallMillis);
        return CommandResult.ok(alarmId + " out of service");
    }

    CommandResult returnToService(String alarmId, String by, long wallMillis) {
        int i = protections.indexOf(alarmId);
        if (i < 0 || records[i].outOfService == null) {
            return CommandResult.refuse(ReasonCode.INVALID_ARGS, "'" + alarmId + "' is not out of service");
        }
        records[i].outOfService = null;
        outbox.changed();
        outbox.event(SafetyEvent.Type.RETURNED_TO_SERVICE, alarmId, Severity.NONE, alarmId
                + " returned to service by " + by, wallMillis);
        return CommandResult.ok(alarmId + " back in service");
    }

    /** Ends protection {@code i}'s shelving, then its out of service, where they expired at {@code now} (ns). */
    void expire(int i, long now, long wallMillis) {
        AlarmRecord r = records[i];
        String id = protections.id(i);
        if (r.shelved != null && r.shelved.expired(now)) {
            r.shelved = null;
            outbox.changed();
            outbox.event(SafetyEvent.Type.UNSHELVED, id, r.severity, id + " shelving expired", wallMillis);
        }
        if (r.outOfService != null && r.outOfService.expired(now)) {
            r.outOfService = null;
            outbox.changed();
            outbox.event(SafetyEvent.Type.RETURNED_TO_SERVICE, id, Severity.NONE, id + " back in service (expiry)",
                    wallMillis);
        }
    }

    /** Ends the shelving of controller alarms where it expired at {@code now} (ns). */
    void expireSystemShelving(long now, long wallMillis) {
        for (int k = 0; k < systemRecords.size(); k++) {
            AlarmRecord r = systemRecords.get(k);
            if (r.shelved != null && r.shelved.expired(now)) {
                String id = systemIds.get(k);
                r.shelved = null;
                outbox.changed();
                outbox.event(SafetyEvent.Type.UNSHELVED, id, r.severity, id + " shelving expired", wallMillis);
            }
        }
    }

    // ------------------------------------------------------------------------------------- views, memory

    /** Whether some annunciated alarm (not shelved, not out of service) is active. */
    boolean anyActive() {
        int n = records.length + systemRecords.size();
        for (int k = 0; k < n; k++) {
            AlarmRecord r = recordAt(k);
            if (r.state.isActive() && r.annunciated()) {
                return true;
            }
        }
        return false;
    }

    /** Every alarm, protections first. Allocates. */
    List<AlarmView> views() {
        List<AlarmView> out = new ArrayList<>(records.length + systemRecords.size());
        for (int i = 0; i < records.length; i++) {
            ProtectionSpec s = protections.get(i);
            out.add(view(s.id(), s.description(), s.pointId(), records[i]));
        }
        for (int k = 0; k < systemRecords.size(); k++) {
            String id = systemIds.get(k);
            out.add(view(id, systemDescriptions.getOrDefault(id, ""), "", systemRecords.get(k)));
        }
        return out;
    }

    private static AlarmView view(String id, String description, String point, AlarmRecord r) {
        String suppression = r.outOfService != null ? AlarmView.OUT_OF_SERVICE + suppressedUntil(r.outOfService)
                : r.shelved != null ? AlarmView.SHELVED + suppressedUntil(r.shelved) : "";
        return new AlarmView(id, description, point, r.state, r.severity, r.message, r.sinceWallMillis, suppression,
                r.shelved, r.outOfService);
    }

    private static String suppressedUntil(Exemption e) {
        return Instant.ofEpochMilli(e.untilWallMillis()) + " (" + e.by() + ": " + e.reason() + ")";
    }

    /** Every alarm that is not NORMAL, for the state file. */
    List<SafetyMemory.AlarmMemory> memory() {
        List<SafetyMemory.AlarmMemory> out = new ArrayList<>();
        int n = records.length + systemRecords.size();
        for (int k = 0; k < n; k++) {
            AlarmRecord r = recordAt(k);
            if (r.state != AlarmState.NORMAL) {
                out.add(new SafetyMemory.AlarmMemory(idAt(k), r.state, r.severity, r.message, r.sinceWallMillis));
            }
        }
        return out;
    }

    /** Every shelved alarm, for the state file. */
    List<SafetyMemory.ExemptionMemory> shelvedMemory() {
        List<SafetyMemory.ExemptionMemory> out = new ArrayList<>();
        int n = records.length + systemRecords.size();
        for (int k = 0; k < n; k++) {
            if (recordAt(k).shelved != null) {
                out.add(Exemptions.memoryOf(recordAt(k).shelved));
            }
        }
        return out;
    }

    /** Every protection out of service, for the state file. */
    List<SafetyMemory.ExemptionMemory> outOfServiceMemory() {
        List<SafetyMemory.ExemptionMemory> out = new ArrayList<>();
        for (AlarmRecord r : records) {
            if (r.outOfService != null) {
                out.add(Exemptions.memoryOf(r.outOfService));
            }
        }
        return out;
    }

    /**
     * Restores alarm states, shelving and out of service from before a restart, at {@code nowNanos} and
     * {@code nowWallMillis}; expired exemptions are dropped. Controller alarms are restored only if raised
     * already.
     */
    void restore(SafetyMemory memory, long nowNanos, long nowWallMillis) {
        for (SafetyMemory.AlarmMemory a : memory.alarms()) {
            AlarmRecord r = record(a.id());
            if (r != null) {
                r.state = a.state();
                r.severity = a.severity();
                r.message = a.message();
                r.sinceWallMillis = a.sinceWallMillis();
            }
        }
        for (SafetyMemory.ExemptionMemory e : memory.shelved()) {
            AlarmRecord r = record(e.target());
            if (r != null && e.untilWallMillis() > nowWallMillis) {
                r.shelved = Exemptions.restored(e, nowNanos, nowWallMillis);
            }
        }
        for (SafetyMemory.ExemptionMemory e : memory.outOfService()) {
            int i = protections.indexOf(e.target());
            if (i >= 0 && e.untilWallMillis() > nowWallMillis) {
                records[i].outOfService = Exemptions.restored(e, nowNanos, nowWallMillis);
            }
        }
    }

    private AlarmRecord record(String id) {
        int i = protections.indexOf(id);
        return i >= 0 ? records[i] : system.get(id);
    }

    /** The k-th alarm: protections first, then controller alarms. */
    private AlarmRecord recordAt(int k) {
        return k < records.length ? records[k] : systemRecords.get(k - records.length);
    }

    private String idAt(int k) {
        return k < records.length ? protections.id(k) : systemIds.get(k - records.length);
    }
}
