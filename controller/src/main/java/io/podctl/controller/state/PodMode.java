package io.podctl.controller.state;

/** The pod's operating mode, derived each cycle from the safety engine and device health. */
public enum PodMode {
    /** After start-up, until every safety input is GOOD and the start-up latch is reset. Outputs safe. */
    STARTING,
    /** No trip latched, no alarm active, every device online. */
    RUNNING,
    /** No trip latched, but an alarm is active or a device is not online. */
    DEGRADED,
    /** A trip is latched: its outputs are de-energized until an authorized reset. */
    TRIPPED,
    /** Taken out of production by an engineer: run permissive outputs held off, overrides allowed. */
    MAINTENANCE,
    /** Orderly stop in progress: outputs safe. */
    SHUTDOWN
}
