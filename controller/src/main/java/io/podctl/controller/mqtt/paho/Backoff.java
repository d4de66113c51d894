package io.podctl.controller.mqtt.paho;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential from {@code min} to {@code max}, each delay spread by ±20 % so that a fleet of
 * pods does not reconnect in lockstep after a broker restart, and never above {@code max}.
 *
 * <p>Not thread-safe; used by the link's supervisor thread only.
 */
final class Backoff {

    static final double JITTER = 0.2;

    private final long minNanos;
    private final long maxNanos;
    private final RandomGenerator random;
    private long currentNanos;

    Backoff(Duration min, Duration max, RandomGenerator random) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 < min <= max: " + min + ", " + max);
        }
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
        this.currentNanos = minNanos;
    }

    /** The delay before the next attempt, in nanoseconds; the one after it will be twice as long (up to the cap). */
    long nextDelayNanos() {
        long base = currentNanos;
        currentNanos = base > maxNanos / 2 ? maxNanos : base * 2;
        double factor = 1.0 - JITTER + 2 * JITTER * random.nextDouble();
        return Math.min(maxNanos, (long) (base * factor));
    }

    /** After a successful connection the next failure starts again from {@code min}. */
    void reset() {
        currentNanos = minNanos;
    }
}
