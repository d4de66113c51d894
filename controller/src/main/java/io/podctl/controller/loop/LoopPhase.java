package io.podctl.controller.loop;

/** The named phases of one control cycle, timed separately. */
public enum LoopPhase {
    /** Snapshot of the sample board. */
    INPUTS,
    /** Commands taken from the inbox and executed. */
    COMMANDS,
    /** Safety engine evaluation. */
    SAFETY,
    /** Outputs driven, supervisor and watchdog fed. */
    OUTPUTS,
    /** Events, state and points handed to observers. */
    PUBLISH
}
