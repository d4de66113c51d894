package io.podctl.hal.watchdog;

import io.podctl.hal.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A watchdog in software, for simulation and for a second line of defence in the process: when it has not
 * been fed for {@link #timeout()} on the monotonic clock it runs {@code onExpire} once (in the simulated pod:
 * the watchdog relay drops out and every output de-energizes) and logs an error.
 *
 * <p>The countdown starts at construction. Expiry latches: after it, feeding has no effect, as a hardware
 * watchdog that has reset the board cannot be un-reset by a late keepalive.
 *
 * <p>Checking happens in {@link #checkNow()}, which tests call directly with a {@link io.podctl.hal.ManualClock};
 * {@link #start()} runs it on an own daemon thread every {@code min(timeout / 4, 100 ms)} (at least 1 ms),
 * so expiry is detected within timeout + one check period.
 *
 * <p>Threading: {@link #feed()} is lock-free (one volatile write) and called by the loop thread.
 * {@code onExpire} runs on the checker thread (or the caller of {@link #checkNow()}) and must not block for
 * long. {@link #close()} may be called from any thread.
 */
public final class SoftwareWatchdog implements Watchdog {
    private static final Logger log = LoggerFactory.getLogger(SoftwareWatchdog.class);

    private final Duration timeout;
    private final long timeoutNanos;
    private final Runnable onExpire;
    private final Clock clock;
    private volatile long lastFeedNanos;
    private volatile boolean closed;
    private final AtomicBoolean expired = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile Thread checker;

    /**
     * @param timeout  longest interval between feeds, positive
     * @param onExpire the safe-state action, run once on expiry
     * @param clock    the monotonic clock to measure with
     */
    public SoftwareWatchdog(Duration timeout, Runnable onExpire, Clock clock) {
        Objects.requireNonNull(timeout, "timeout");
        this.onExpire = Objects.requireNonNull(onExpire, "onExpire");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.lastFeedNanos = clock.nanoTime();
    }

    /** Starts the daemon checker thread. Returns this; a second call does nothing. */
    public SoftwareWatchdog start() {
        if (!started.compareAndSet(false, true)) {
            return this;
        }
        long periodNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1),
                Math.min(timeoutNanos / 4, TimeUnit.MILLISECONDS.toNanos(100)));
        Thread t = new Thread(() -> runChecks(periodNanos), "podctl-software-watchdog");
        t.setDaemon(true);
        checker = t;
        t.start();
        return this;
    }

    @Override
    public void feed() {
        lastFeedNanos = clock.nanoTime();
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    /**
     * Checks the countdown now; runs {@code onExpire} if it has just run out.
     *
     * @return whether the watchdog has expired (now or earlier)
     */
    public boolean checkNow() {
        if (closed || expired.get()) {
            return expired.get();
        }
        long silentNanos = clock.nanoTime() - lastFeedNanos;
        if (silentNanos < timeoutNanos || !expired.compareAndSet(false, true)) {
            return expired.get();
        }
        log.error("software watchdog expired: not fed for {} ms (timeout {} ms); applying the safe state",
                TimeUnit.NANOSECONDS.toMillis(silentNanos), timeout.toMillis());
        try {
            onExpire.run();
        } catch (RuntimeException e) {
            log.error("software watchdog expiry action failed", e);
        }
        return true;
    }

    /** Whether the watchdog has expired. */
    public boolean isExpired() {
        return expired.get();
    }

    /** Disarms the watchdog and stops its thread (waits up to one second for it). Idempotent. */
    @Override
    public void close() {
        closed = true;
        Thread t = checker;
        if (t != null && t != Thread.currentThread()) {
            LockSupport.unpark(t);
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void runChecks(long periodNanos) {
        while (!closed && !expired.get()) {
            checkNow();
            LockSupport.parkNanos(this, periodNanos);
        }
    }
}
