package io.podctl.hal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to: for tests and for stepping a simulation deterministically.
 * The wall clock advances together with the monotonic clock from a fixed origin. Thread-safe.
 */
public final class ManualClock implements Clock {
    private final AtomicLong nanos;
    private final Instant wallOrigin;
    private final long nanoOrigin;

    /** A clock at monotonic time {@code startNanos} and wall time {@code wallOrigin}. */
    public ManualClock(long startNanos, Instant wallOrigin) {
        this.nanos = new AtomicLong(startNanos);
        this.nanoOrigin = startNanos;
        this.wallOrigin = wallOrigin;
    }

    /** A clock at monotonic time 0 and wall time 2026-01-01T00:00:00Z. */
    public ManualClock() {
        this(0L, Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public Instant now() {
        return wallOrigin.plusNanos(nanos.get() - nanoOrigin);
    }

    /** {@link #now()} in epoch milliseconds, computed without creating an {@link Instant}. */
    @Override
    public long wallMillis() {
        long originMillis = wallOrigin.toEpochMilli();
        long nanosIntoMilli = wallOrigin.getNano() % 1_000_000;
        return originMillis + Math.floorDiv(nanosIntoMilli + nanos.get() - nanoOrigin, 1_000_000L);
    }

    /** Moves both clocks forward by {@code step}; returns the new monotonic time in nanoseconds. */
    public long advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("a monotonic clock never goes back: " + step);
        }
        return nanos.addAndGet(step.toNanos());
    }

    /** Moves the monotonic clock forward to {@code targetNanos} (no-op if already past it). */
    public long advanceTo(long targetNanos) {
        return nanos.accumulateAndGet(targetNanos, Math::max);
    }
}
