package io.podctl.hal.modbus.internal;

import java.util.random.RandomGenerator;

/**
 * Exponential reconnect backoff with jitter: after the n-th consecutive failure the next attempt is allowed
 * {@code min(max, min * 2^(n-1)) * U(0.8, 1.2)} later, so the cap applies before the ±20 % jitter and a
 * fleet of controllers that lost the same gateway does not reconnect in lock-step.
 *
 * <p>Callers never sleep on it: during the backoff an attempt is refused at once. Not thread-safe; used under
 * its bus's lock. Times are monotonic nanoseconds.
 */
public final class Backoff {
    private final long minNanos;
    private final long maxNanos;
    private final RandomGenerator random;
    private int failures;
    private long nextAttemptNanos;

    /** A backoff from {@code minNanos} doubling up to {@code maxNanos}, drawing jitter from {@code random}. */
    public Backoff(long minNanos, long maxNanos, RandomGenerator random) {
        if (minNanos <= 0 || maxNanos < minNanos) {
            throw new IllegalArgumentException("backoff bounds " + minNanos + ".." + maxNanos);
        }
        this.minNanos = minNanos;
        this.maxNanos = maxNanos;
        this.random = random;
    }

    /** Whether a connection attempt is allowed at {@code nowNanos}. */
    public boolean mayAttempt(long nowNanos) {
        return failures == 0 || nowNanos - nextAttemptNanos >= 0;
    }

    /** Nanoseconds until the next attempt is allowed (0 if allowed now). */
    public long remainingNanos(long nowNanos) {
        return mayAttempt(nowNanos) ? 0 : nextAttemptNanos - nowNanos;
    }

    /** Records a failed attempt at {@code nowNanos}; returns the delay chosen in nanoseconds. */
    public long failed(long nowNanos) {
        int shift = Math.min(failures, 30);
        long base = minNanos << shift;
        if (base <= 0 || base > maxNanos) {
            base = maxNanos;
        }
        failures++;
        long delay = (long) (base * (0.8 + 0.4 * random.nextDouble()));
        nextAttemptNanos = nowNanos + delay;
        return delay;
    }

    /** Records a successful connection: the next failure starts again from the minimum. */
    public void succeeded() {
        failures = 0;
    }

    /** Consecutive failures so far. */
    public int failures() {
        return failures;
    }
}
