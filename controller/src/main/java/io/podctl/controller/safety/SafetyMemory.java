package io.podctl.controller.safety;

import java.util.List;
import java.util.Map;

/**
 * What the safety engine must remember across a restart: latched trips, alarm states (an acknowledged alarm
 * stays acknowledged), shelving, out-of-service and bypass expiries, maintenance mode, and shed racks.
 * Expiries are kept on the wall clock, the only clock that survives a restart. Immutable.
 *
 * @param trips        latched trips (the start-up trip is never remembered: it is latched at every start)
 * @param alarms       every alarm that is not NORMAL
 * @param shelved      shelved alarms
 * @param outOfService alarms out of service
 * @param bypasses     bypassed trips
 * @param maintenance  whether the pod is in maintenance, and why (empty when not)
 * @param shed         shed racks and what they drew, W
 */
public record SafetyMemory(List<TripView> trips, List<AlarmMemory> alarms, List<ExemptionMemory> shelved,
                           List<ExemptionMemory> outOfService, List<ExemptionMemory> bypasses, String maintenance,
                           Map<String, Double> shed) {
    public SafetyMemory {
        trips = List.copyOf(trips);
        alarms = List.copyOf(alarms);
        shelved = List.copyOf(shelved);
        outOfService = List.copyOf(outOfService);
        bypasses = List.copyOf(bypasses);
        shed = Map.copyOf(shed);
    }

    /** Nothing to remember. */
    public static SafetyMemory empty() {
        return new SafetyMemory(List.of(), List.of(), List.of(), List.of(), List.of(), "", Map.of());
    }

    /**
     * One alarm's state.
     *
     * @param id              alarm id
     * @param state           ISA state
     * @param severity        severity
     * @param message         last message
     * @param sinceWallMillis when it entered the state
     */
    public record AlarmMemory(String id, AlarmState state, Severity severity, String message, long sinceWallMillis) {
    }

    /**
     * One exemption.
     *
     * @param target          alarm, protection or output id
     * @param reason          why
     * @param by              who
     * @param untilWallMillis expiry, epoch ms
     */
    public record ExemptionMemory(String target, String reason, String by, long untilWallMillis) {
    }
}
