package io.podctl.controller.safety;

/** How serious an active alarm is. */
public enum Severity {
    /** Nothing active. */
    NONE,
    /** Lowest priority: annunciated, acts on nothing. */
    WARNING,
    /** Attention needed; outputs unaffected unless effects are declared. */
    ALARM,
    /** A latching trip that de-energizes outputs. */
    TRIP
}
