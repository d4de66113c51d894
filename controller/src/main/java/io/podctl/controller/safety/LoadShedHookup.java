package io.podctl.controller.safety;

import io.podctl.sensors.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@link LoadShedder} wired to the engine: it feeds the shedder the pod's power, the coolant flow and each
 * rack's power from the snapshot, turns its events into safety events, and tells the output arbitration which
 * rack outputs are shed. Without load shedding configured it sheds nothing and limits no power.
 *
 * <p>Not thread-safe; loop thread; updating allocates only when the shedder reports something.
 */
final class LoadShedHookup {
    private final LoadShedder shedder; // null without load shedding
    private final int powerIndex;
    private final int flowIndex;
    private final int[] rackOutputs;
    private final int[] rackPowerIndexes;
    private final double[] rackPower;
    private final List<LoadShedder.Event> shedEvents = new ArrayList<>();
    private final EngineOutbox outbox;

    /** @param spec load shedding, or null */
    LoadShedHookup(EngineSpec.LoadShedSpec spec, EngineOutbox outbox) {
        this.outbox = outbox;
        if (spec == null) {
            this.shedder = null;
            this.powerIndex = -1;
            this.flowIndex = -1;
            this.rackOutputs = new int[0];
            this.rackPowerIndexes = new int[0];
        } else {
            this.shedder = new LoadShedder(spec.shedder());
            this.powerIndex = spec.powerIndex();
            this.flowIndex = spec.flowIndex();
            this.rackOutputs = spec.rackOutputs(); // copies, once: the spec's accessors clone on every call
            this.rackPowerIndexes = spec.rackPowerIndexes();
        }
        this.rackPower = new double[rackOutputs.length];
    }

    /** The rack outputs, in shed order. */
    int[] rackOutputs() {
        return rackOutputs.clone();
    }

    /** Runs the shedder on {@code snap} at {@code now} (ns); records what it shed or restored. */
    void update(Snapshot snap, long now, long wallMillis) {
        if (shedder == null) {
            return;
        }
        double power = snap.goodValue(powerIndex);
        double flow = flowIndex >= 0 ? snap.goodValue(flowIndex) : Double.NaN;
        for (int r = 0; r < rackPower.length; r++) {
            rackPower[r] = snap.goodValue(rackPowerIndexes[r]);
        }
        int before = shedder.shedCount();
        shedder.update(now, power, flow, rackPower);
        shedder.drainEvents(shedEvents);
        for (int k = 0; k < shedEvents.size(); k++) {
            LoadShedder.Event e = shedEvents.get(k);
            SafetyEvent.Type type = switch (e.type()) {
                case SHED -> SafetyEvent.Type.LOAD_SHED;
                case RESTORED -> SafetyEvent.Type.LOAD_RESTORED;
                default -> SafetyEvent.Type.POWER_DATA;
            };
            outbox.event(type, e.rackId() == null ? "loadShedding" : e.rackId(),
                    e.type() == LoadShedder.Event.Type.SHED ? Severity.ALARM : Severity.NONE, e.message(), wallMillis);
        }
        if (!shedEvents.isEmpty() || before != shedder.shedCount()) {
            outbox.changed();
        }
        shedEvents.clear();
    }

    /** Whether output {@code o} is a rack that is shed now. */
    boolean sheds(int o) {
        if (shedder == null) {
            return false;
        }
        for (int r = 0; r < rackOutputs.length; r++) {
            if (rackOutputs[r] == o && shedder.isShed(r)) {
                return true;
            }
        }
        return false;
    }

    /** The power budget (site feed, cooling), W; +infinity when none applies or it is unknown. */
    double availablePowerW() {
        double w = shedder != null ? shedder.availablePowerW() : Double.POSITIVE_INFINITY;
        return Double.isNaN(w) ? Double.POSITIVE_INFINITY : w;
    }

    /** Ids of the racks shed now. */
    List<String> shedRacks() {
        return shedder == null ? List.of() : List.copyOf(shedder.shedRacks().keySet());
    }

    /** Shed racks and what they drew, W, for the state file. */
    Map<String, Double> memory() {
        return shedder != null ? shedder.shedRacks() : Map.of();
    }

    /** Sheds again the racks shed before a restart. */
    void restore(Map<String, Double> shed) {
        if (shedder != null && !shed.isEmpty()) {
            shedder.restore(shed);
        }
    }
}
