package io.podctl.hal;

import java.time.Instant;

/**
 * The two kinds of time podctl uses, injected everywhere so that tests and the simulator can drive them.
 *
 * <p>Everything that measures an interval (staleness, timeouts, delays, deadlines) uses {@link #nanoTime()},
 * which is monotonic and immune to wall-clock jumps. {@link #now()} is only for timestamps shown to people
 * and written to MQTT payloads. Implementations are thread-safe.
 */
public interface Clock {

    /** Monotonic time in nanoseconds from an arbitrary origin; only differences are meaningful. */
    long nanoTime();

    /** Wall-clock time (UTC) for labelling samples and events; never used to time anything. */
    Instant now();

    /**
     * {@link #now()} in epoch milliseconds. Implementations override it to avoid creating an {@link Instant}
     * where samples are stamped on a hot path.
     */
    default long wallMillis() {
        return now().toEpochMilli();
    }

    /** The platform clock: {@link System#nanoTime()} and {@link Instant#now()}. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
