package io.podctl.controller.safety;

import java.util.List;

/**
 * Decides, output by output, whether it may be energized, from what the other parts hold:
 * <ul>
 *   <li>a <b>run permissive</b> output (one a protection, a de-energize effect or load shedding switches off)
 *       is energized only while no latched trip (start-up and loop stall included), acting effect,
 *       maintenance or shed holds it off; it <em>starts</em> only with its permissives proven, one start per
 *       start stagger;</li>
 *   <li>an <b>indicator</b> (energized by an effect) follows its effects;</li>
 *   <li>any other output stays de-energized;</li>
 *   <li>an override in maintenance wins over all of this, except that a latched trip or an acting
 *       de-energize effect still holds the output off.</li>
 * </ul>
 * Not thread-safe; loop thread; allocates nothing after construction.
 */
final class OutputArbiter {
    private final int outputCount;
    private final boolean[] runPermissive;
    private final boolean[] indicator;
    private final boolean[] demand;
    private final long startStaggerNanos;
    private long lastStartNanos;
    private boolean anyStarted; // monotonic time may start anywhere: no sentinel value is safe to subtract
    private final Protections protections;
    private final TripLatches latches;
    private final Exemptions exemptions;
    private final Effects effects;
    private final Permissives permissives;
    private final LoadShedHookup shedding;
    private final EngineOutbox outbox;

    /**
     * The parts whose state can hold an output off, start it, or force it.
     *
     * @param latches     latched trips (start-up and loop stall included)
     * @param exemptions  maintenance and output overrides
     * @param effects     acting de-energize and energize effects
     * @param permissives start conditions, proven or not
     * @param shedding    racks shed by load shedding
     */
    record Holds(TripLatches latches, Exemptions exemptions, Effects effects, Permissives permissives,
                 LoadShedHookup shedding) {
    }

    /**
     * Classifies the outputs of {@code spec}.
     *
     * @throws IllegalArgumentException for an output index out of range, or an output that is both a run
     *                                  permissive and an indicator
     */
    OutputArbiter(EngineSpec spec, Protections protections, Holds holds, EngineOutbox outbox) {
        List<String> ids = spec.outputIds();
        this.outputCount = ids.size();
        this.runPermissive = new boolean[outputCount];
        this.indicator = new boolean[outputCount];
        this.demand = new boolean[outputCount];
        this.startStaggerNanos = spec.startStaggerNanos();
        this.protections = protections;
        this.latches = holds.latches();
        this.exemptions = holds.exemptions();
        this.effects = holds.effects();
        this.permissives = holds.permissives();
        this.shedding = holds.shedding();
        this.outbox = outbox;
        for (int i = 0; i < protections.count(); i++) {
            for (int o : protections.get(i).outputIndexes()) {
                runPermissive[o] = true;
            }
        }
        for (EffectSpec e : spec.effects()) {
            for (int o : e.outputs()) {
                Protections.checkOutput(e.id(), o, outputCount);
                if (e.kind() == EffectSpec.Kind.DEENERGIZE) {
                    runPermissive[o] = true;
                } else if (e.kind() == EffectSpec.Kind.ENERGIZE) {
                    indicator[o] = true;
                }
            }
        }
        for (int o : shedding.rackOutputs()) {
            Protections.checkOutput("loadShedding", o, outputCount);
            runPermissive[o] = true;
        }
        for (int o = 0; o < outputCount; o++) {
            if (runPermissive[o] && indicator[o]) {
                throw new IllegalArgumentException("output " + ids.get(o) + " is both a run permissive and an indicator");
            }
        }
    }

    /** Recomputes every output's demand at {@code now} (ns); a changed demand is a visible change. */
    void update(long now) {
        for (int o = 0; o < outputCount; o++) {
            boolean energize;
            if (indicator[o]) {
                energize = effects.energizes(o);
            } else if (runPermissive[o]) {
                energize = !latches.startupLatched() && !latches.stallLatched() && !exemptions.inMaintenance()
                        && !heldOff(o) && !shedding.sheds(o);
                if (energize && !demand[o]) {
                    // Starting: permissives proven, and one run permissive output per start stagger.
                    energize = permissives.outputPermitted(o)
                            && (!anyStarted || now - lastStartNanos >= startStaggerNanos);
                    if (energize) {
                        lastStartNanos = now;
                        anyStarted = true;
                    }
                }
            } else {
                energize = false;
            }
            if (exemptions.overridden(o)) {
                // Maintenance only: a technician's test of one output. A latched trip still wins.
                energize = exemptions.overrideEnergizes(o) && !heldOff(o);
            }
            if (demand[o] != energize) {
                demand[o] = energize;
                outbox.changed();
            }
        }
    }

    /**
     * Whether a latched trip (the start-up and loop-stall trips too, for run permissive outputs) or an acting
     * de-energize effect holds output {@code o} off.
     */
    boolean heldOff(int o) {
        if (runPermissive[o] && (latches.startupLatched() || latches.stallLatched())) {
            return true;
        }
        for (int i = 0; i < protections.count(); i++) {
            if (latches.latched(i) && protections.get(i).deenergizes(o)) {
                return true;
            }
        }
        return effects.deenergizes(o);
    }

    /** Whether output {@code o} may be energized, as of the last {@link #update}. */
    boolean demand(int o) {
        return demand[o];
    }
}
