package io.podctl.controller.safety;

/** How serious an active alarm is. */
public enum Severity {
    /** Nothing active. */
    NONE,
    /** Attention needed; outputs unaffected. */
    ALARM,
    /** A latching trip that de-energizes outputs. */
    TRIP
}
