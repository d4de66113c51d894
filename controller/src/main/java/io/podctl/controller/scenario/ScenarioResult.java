package io.podctl.controller.scenario;

import java.util.List;
import java.util.Map;

/**
 * What one scenario run gave: each step's outcome, and the timeline the report plots.
 *
 * @param name       the scenario's line
 * @param file       its file
 * @param steps      every step run, in order (a failed step ends the run: the steps after it are not run)
 * @param error      why the run could not go on (a step failed or the pod could not start), or null
 * @param startNanos the scenario's time zero, monotonic
 * @param endNanos   when it ended, monotonic
 * @param timeline   what the observer recorded
 * @param bands      injected faults, for the plot's shaded bands
 */
public record ScenarioResult(String name, String file, List<StepResult> steps, String error, long startNanos,
                             long endNanos, Timeline timeline, List<Band> bands) {

    /** Whether every step passed. */
    public boolean passed() {
        return error == null;
    }

    /**
     * One step's outcome.
     *
     * @param index     1-based
     * @param label     what it did or expected
     * @param passed    whether it passed
     * @param detail    what was measured, or why it failed
     * @param atNanos   when it started, monotonic
     * @param latencyMs for expectations: the measured time from the last action step, or NaN
     * @param boundMs   for expectations with a bound: the bound, or NaN
     */
    public record StepResult(int index, String label, boolean passed, String detail, long atNanos, double latencyMs,
                             double boundMs) {
    }

    /**
     * A fault active from {@code fromNanos} to {@code toNanos} (the end of the run when never cleared).
     *
     * @param label     what was injected
     * @param fromNanos start, monotonic
     * @param toNanos   end, monotonic
     */
    public record Band(String label, long fromNanos, long toNanos) {
    }

    /**
     * The observed series: point values and qualities, output pins, alarms and trips.
     *
     * @param points  per plotted point id, its samples
     * @param outputs output pin changes
     * @param alarms  per alarm id, its state changes
     */
    public record Timeline(Map<String, List<Sample>> points, List<PinChange> outputs,
                           Map<String, List<Sample>> alarms) {
    }

    /**
     * A sample: a value (NaN when not GOOD) or an alarm state (1 active, 0 not) at a time.
     *
     * @param nanos monotonic
     * @param value the value
     */
    public record Sample(long nanos, double value) {
    }

    /**
     * An output pin's level from {@code nanos} on.
     *
     * @param nanos  when the sampler saw it, monotonic
     * @param output output id
     * @param on     energized (high)
     */
    public record PinChange(long nanos, String output, boolean on) {
    }
}
