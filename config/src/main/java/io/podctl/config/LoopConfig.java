package io.podctl.config;

import java.time.Duration;

/**
 * Control loop timing.
 *
 * @param period              safety loop period (default 100 ms; must also work at 10 ms)
 * @param overrunLogInterval  at most one overrun log line per interval (default 10 s)
 */
public record LoopConfig(Duration period, Duration overrunLogInterval) {
    /** 100 ms period, overruns logged at most every 10 s. */
    public static final LoopConfig DEFAULT = new LoopConfig(null, null);

    public LoopConfig {
        period = period != null ? period : Duration.ofMillis(100);
        overrunLogInterval = overrunLogInterval != null ? overrunLogInterval : Duration.ofSeconds(10);
    }
}
