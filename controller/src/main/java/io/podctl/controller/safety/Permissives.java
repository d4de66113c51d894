package io.podctl.controller.safety;

import io.podctl.sensors.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * The start conditions: each permissive is proven once its point (or voting group) has satisfied it for its
 * proving time, and gates the starts of the outputs and write effects it names. Losing a permissive stops
 * nothing that runs (protections do that). Not thread-safe; loop thread; evaluating allocates only when a
 * permissive is proven or lost.
 */
final class Permissives {
    private final PermissiveSpec[] specs;
    private final VotingGroup[] groups;
    private final EngineOutbox outbox;
    private final LimitMonitor[] monitors;
    private final boolean[] proven;

    Permissives(List<PermissiveSpec> specs, VotingGroup[] groups, EngineOutbox outbox) {
        this.specs = specs.toArray(PermissiveSpec[]::new);
        this.groups = groups;
        this.outbox = outbox;
        this.monitors = new LimitMonitor[this.specs.length];
        for (int p = 0; p < monitors.length; p++) {
            monitors[p] = new LimitMonitor();
        }
        this.proven = new boolean[this.specs.length];
    }

    /** Judges every permissive on {@code snap} at {@code now} (ns); records when one is proven or lost. */
    void update(Snapshot snap, long now, long wallMillis) {
        for (int p = 0; p < specs.length; p++) {
            PermissiveSpec ps = specs[p];
            boolean ok;
            if (ps.groupIndex() >= 0) {
                VotingGroup g = groups[ps.groupIndex()];
                ok = g.usable() > 0 && ps.satisfiedBy(g.representative());
            } else {
                ok = snap.isGood(ps.pointIndex()) && ps.satisfiedBy(snap.goodValue(ps.pointIndex()));
            }
            monitors[p].update(ok, now, ps.provenForNanos(), 0);
            boolean holds = monitors[p].active();
            if (holds != proven[p]) {
                proven[p] = holds;
                outbox.changed();
                outbox.event(holds ? SafetyEvent.Type.PERMISSIVE_PROVEN : SafetyEvent.Type.PERMISSIVE_LOST,
                        ps.id(), Severity.NONE, ps.id() + (holds ? " proven" : " lost") + " (" + ps.pointId()
                                + ")", wallMillis);
            }
        }
    }

    /** Whether every permissive that gates output {@code o} is proven. */
    boolean outputPermitted(int o) {
        for (int p = 0; p < specs.length; p++) {
            if (specs[p].gatesOutput(o) && !proven[p]) {
                return false;
            }
        }
        return true;
    }

    /** Whether every permissive that gates write effect {@code e} is proven. */
    boolean effectPermitted(int e) {
        for (int p = 0; p < specs.length; p++) {
            if (specs[p].gatesEffect(e) && !proven[p]) {
                return false;
            }
        }
        return true;
    }

    /** Ids of the permissives that hold write effect {@code e} back, comma separated. */
    String blocking(int e) {
        List<String> ids = new ArrayList<>();
        for (int p = 0; p < specs.length; p++) {
            if (specs[p].gatesEffect(e) && !proven[p]) {
                ids.add(specs[p].id());
            }
        }
        return String.join(", ", ids);
    }

    /** Ids of the permissives proven now. */
    List<String> proven() {
        List<String> out = new ArrayList<>();
        for (int p = 0; p < specs.length; p++) {
            if (proven[p]) {
                out.add(specs[p].id());
            }
        }
        return out;
    }
}
