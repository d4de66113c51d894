package io.podctl.controller.safety;

import io.podctl.sensors.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * The declared effects (the columns of the cause-and-effect matrix): an effect acts while a protection in
 * service that names it has its alarm level (or trip) active ({@code onAlarm}), or its trip latched
 * ({@code onTrip}). De-energize and energize effects are read by the output arbitration; a write effect asks
 * for its write once when it starts, as soon as its permissives are proven; derate effects limit the power
 * the pod announces. A write whose confirming point did not follow in time is watched from then on: equipment
 * that follows late (a pump that starts after the deadline, or once a technician has freed it) is seen.
 *
 * <p>Not thread-safe; loop thread; evaluating allocates only when an effect starts, ends or waits.
 */
final class Effects {
    private final EffectSpec[] specs;
    private final Protections protections;
    private final ProtectionEvaluator evaluator;
    private final AlarmBook alarms;
    private final TripLatches latches;
    private final Permissives permissives;
    private final EngineOutbox outbox;
    private final boolean[] active;
    private final boolean[] writePending;
    private final boolean[] writeWaitingReported;
    private final boolean[] awaitingConfirmation;

    /**
     * What starts and ends an effect: the protections naming it, judged by the evaluator, with their alarms and
     * their latched trips.
     */
    record Causes(Protections protections, ProtectionEvaluator evaluator, AlarmBook alarms, TripLatches latches) {
    }

    /**
     * @param specs       the declared effects, by index (the index the permissives use)
     * @param causes      what makes each effect act
     * @param permissives what a write effect waits for
     * @param outbox      where the effects' events and writes go
     */
    Effects(List<EffectSpec> specs, Causes causes, Permissives permissives, EngineOutbox outbox) {
        this.specs = specs.toArray(EffectSpec[]::new);
        this.protections = causes.protections();
        this.evaluator = causes.evaluator();
        this.alarms = causes.alarms();
        this.latches = causes.latches();
        this.permissives = permissives;
        this.outbox = outbox;
        this.active = new boolean[this.specs.length];
        this.writePending = new boolean[this.specs.length];
        this.writeWaitingReported = new boolean[this.specs.length];
        this.awaitingConfirmation = new boolean[this.specs.length];
    }

    /** Starts and ends effects from the protections' state; asks for the writes that are due. */
    void update(long wallMillis) {
        for (int e = 0; e < specs.length; e++) {
            EffectSpec fx = specs[e];
            boolean acting = caused(e);
            if (acting != active[e]) {
                active[e] = acting;
                outbox.changed();
                outbox.event(acting ? SafetyEvent.Type.EFFECT_STARTED : SafetyEvent.Type.EFFECT_ENDED, fx.id(),
                        Severity.NONE, fx.id() + (acting ? " started: " : " ended: ") + fx.description(), wallMillis);
                writePending[e] = acting && fx.kind() == EffectSpec.Kind.WRITE;
                writeWaitingReported[e] = false;
            }
            if (writePending[e]) {
                if (permissives.effectPermitted(e)) {
                    outbox.write(new WriteIntent(fx.id(), fx.write()));
                    writePending[e] = false;
                } else if (!writeWaitingReported[e]) {
                    writeWaitingReported[e] = true;
                    outbox.event(SafetyEvent.Type.EFFECT_WAITING, fx.id(), Severity.ALARM, fx.id()
                            + " waits for its permissive: " + permissives.blocking(e), wallMillis);
                }
            }
        }
    }

    /**
     * Records the outcome of write effect {@code id}'s last command: a command not followed has its confirming
     * point (if it has one) watched until {@link #confirmedLate} sees it follow or a later command is followed.
     */
    void writeOutcome(String id, boolean followed) {
        for (int e = 0; e < specs.length; e++) {
            if (specs[e].id().equals(id)) {
                awaitingConfirmation[e] = !followed && specs[e].write() != null && specs[e].write().confirm() != null;
            }
        }
    }

    /**
     * The next watched effect whose confirming point now reads GOOD within its tolerance of the commanded
     * value, no longer watched from now; -1 if none. Allocates nothing.
     */
    int confirmedLate(Snapshot snap) {
        for (int e = 0; e < specs.length; e++) {
            if (awaitingConfirmation[e]) {
                EffectSpec.Confirmation c = specs[e].write().confirm();
                if (c.index() >= 0 && snap.isGood(c.index()) && c.confirmedBy(snap.goodValue(c.index()))) {
                    awaitingConfirmation[e] = false;
                    return e;
                }
            }
        }
        return -1;
    }

    /** The id of effect {@code e}. */
    String id(int e) {
        return specs[e].id();
    }

    private boolean caused(int e) {
        for (int i = 0; i < protections.count(); i++) {
            if (!alarms.inService(i)) {
                continue;
            }
            ProtectionSpec s = protections.get(i);
            if (evaluator.alarmLevelActive(i) && s.actsOnAlarm(e) || latches.latched(i) && s.actsOnTrip(e)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an acting effect holds output {@code o} de-energized. */
    boolean deenergizes(int o) {
        for (int e = 0; e < specs.length; e++) {
            if (active[e] && specs[e].deenergizes(o)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an acting effect energizes output {@code o}. */
    boolean energizes(int o) {
        for (int e = 0; e < specs.length; e++) {
            if (active[e] && specs[e].energizes(o)) {
                return true;
            }
        }
        return false;
    }

    /** The lower of {@code powerW} and every acting derate effect's limit, W. */
    double derate(double powerW) {
        double w = powerW;
        for (int e = 0; e < specs.length; e++) {
            if (active[e] && specs[e].kind() == EffectSpec.Kind.DERATE) {
                w = Math.min(w, specs[e].derateW());
            }
        }
        return w;
    }

    /** Ids of the effects acting now. */
    List<String> active() {
        List<String> out = new ArrayList<>();
        for (int e = 0; e < specs.length; e++) {
            if (active[e]) {
                out.add(specs[e].id());
            }
        }
        return out;
    }
}
