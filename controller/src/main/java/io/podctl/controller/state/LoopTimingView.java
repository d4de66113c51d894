package io.podctl.controller.state;

/**
 * Loop timing figures, all in microseconds, since start-up.
 *
 * @param periodMicros       configured period
 * @param cycles             cycles run
 * @param overruns           cycles that ended after the next deadline
 * @param lastCycleMicros    duration of the last cycle
 * @param p99CycleMicros     99th percentile cycle duration
 * @param maxCycleMicros     longest cycle
 * @param p99LatenessMicros  99th percentile of how late a cycle started after its deadline (jitter)
 * @param maxLatenessMicros  latest start
 * @param slowestPhase       the phase that took longest in the longest cycle
 */
public record LoopTimingView(long periodMicros, long cycles, long overruns, long lastCycleMicros,
                             long p99CycleMicros, long maxCycleMicros, long p99LatenessMicros,
                             long maxLatenessMicros, String slowestPhase) {
}
