package io.podctl.config;

import io.podctl.config.schema.Doc;
import io.podctl.config.schema.DurationRange;
import java.time.Duration;

/**
 * Control loop timing.
 *
 * @param period              safety loop period (default 100 ms; must also work at 10 ms)
 * @param overrunLogInterval  overruns are reported (a log line, a LOOP_OVERRUN event) at most once per interval,
 *                            and the controller.loop alarm clears after an interval without one (default 10 s)
 * @param stallTimeout        the outputs are forced safe, and the loop-stall trip latched, when the loop has not
 *                            fed them for this long (default 1 s: long enough that a scheduling hiccup of a few
 *                            hundred milliseconds does not cut rack power, well inside the 2 s bound for losing a
 *                            safety input)
 */
@Doc("Control loop timing.")
public record LoopConfig(
        @Doc("Safety loop period, 10ms..10s (default 100ms).")
        @DurationRange(positive = true, min = "10ms", max = "10s") Duration period,
        @Doc("Loop overruns are reported (log line and LOOP_OVERRUN event) at most once per interval, and the "
                + "controller.loop alarm clears after an interval without one (default 10s).")
        @DurationRange(positive = true) Duration overrunLogInterval,
        @Doc("Outputs are forced safe (and the loop-stall trip latched) when the loop has not fed them for this "
                + "long, 300ms..2s (default 1s; at least three periods).")
        @DurationRange(positive = true, min = "300ms", max = "2s") Duration stallTimeout) {
    /** 100 ms period, overruns reported at most every 10 s. */
    public static final LoopConfig DEFAULT = new LoopConfig(null, null, null);

    public LoopConfig {
        period = period != null ? period : Duration.ofMillis(100);
        overrunLogInterval = overrunLogInterval != null ? overrunLogInterval : Duration.ofSeconds(10);
        stallTimeout = stallTimeout != null ? stallTimeout : Duration.ofSeconds(1);
    }
}
