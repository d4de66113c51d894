package io.podctl.controller.safety;

import java.util.Objects;

/**
 * Something the safety engine did that people must be told about. Immutable.
 *
 * @param type       what happened
 * @param id         the alarm, trip, effect, output or group it concerns
 * @param severity   severity at the time
 * @param message    human-readable explanation, including the value or quality that caused it
 * @param wallMillis wall-clock time of the evaluation, epoch ms
 */
public record SafetyEvent(Type type, String id, Severity severity, String message, long wallMillis) {

    /** Kinds of safety events. */
    public enum Type {
        ALARM_RAISED, ALARM_RETURNED, ALARM_ACKNOWLEDGED, ALARM_NORMAL,
        TRIP_LATCHED, TRIP_RESET,
        SHELVED, UNSHELVED, OUT_OF_SERVICE, RETURNED_TO_SERVICE,
        BYPASSED, BYPASS_REMOVED,
        OVERRIDE_SET, OVERRIDE_ENDED,
        MAINTENANCE_ON, MAINTENANCE_OFF,
        EFFECT_STARTED, EFFECT_ENDED, EFFECT_WAITING,
        PERMISSIVE_PROVEN, PERMISSIVE_LOST,
        LOAD_SHED, LOAD_RESTORED, POWER_DATA
    }

    public SafetyEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }
}
