package io.podctl.controller.safety;

/**
 * The annunciation state of one alarm: its ISA-18.2 state, severity and message, and whether it is shelved
 * (hidden from annunciation for a limited time; it still acts) or out of service (not evaluated at all; for
 * alarms that cannot trip). Not thread-safe; loop thread.
 */
final class AlarmRecord {
    AlarmState state = AlarmState.NORMAL;
    Severity severity = Severity.NONE;
    String message = "";
    long sinceWallMillis;
    Exemption shelved;
    Exemption outOfService;

    /** Whether the alarm is annunciated now (not shelved, not out of service). */
    boolean annunciated() {
        return shelved == null && outOfService == null;
    }
}
