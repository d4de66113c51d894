package io.podctl.controller.scenario;

import io.podctl.hal.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The system clock whose wall time can be stepped by a scenario ({@code clock: {wallJump: -2h}}), as an NTP step
 * or an operator's {@code date -s} would; the monotonic clock is the system's, untouched.
 *
 * <p>Threading: thread-safe; the shift is volatile.
 */
final class ShiftedClock implements Clock {
    private volatile long shiftMillis;

    /** Steps the wall clock by {@code d} (negative: back). */
    void jump(Duration d) {
        shiftMillis += d.toMillis();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.ofEpochMilli(wallMillis());
    }

    @Override
    public long wallMillis() {
        return System.currentTimeMillis() + shiftMillis;
    }
}
