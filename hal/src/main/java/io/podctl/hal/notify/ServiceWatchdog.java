package io.podctl.hal.notify;

import io.podctl.hal.Clock;
import io.podctl.hal.watchdog.Watchdog;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link Watchdog} that feeds another one (the board's hardware watchdog, or the software one) and, from the same
 * feed, pings the service manager's watchdog ({@code WATCHDOG=1}) at most once per {@code pingInterval}. The control
 * loop feeds it at the end of a cycle that has driven the outputs, so the pings stop as soon as the loop stalls or a
 * cycle overruns past the interval: there is no other thread that could keep a stuck controller looking healthy.
 *
 * <p>Threading: {@link #feed()} on the loop thread (a clock read and, once per interval, one non-blocking
 * {@code sendto}); {@link #close()} from the shutdown path.
 */
public final class ServiceWatchdog implements Watchdog {
    private final Watchdog inner;
    private final ServiceNotifier notifier;
    private final Clock clock;
    private final long intervalNanos;
    private long lastPingNanos;
    private boolean pinged;
    private long pings;

    /**
     * @param inner        the watchdog fed as before
     * @param notifier     where {@code WATCHDOG=1} goes
     * @param pingInterval the shortest time between two pings (half the manager's timeout)
     * @param clock        the monotonic clock
     */
    public ServiceWatchdog(Watchdog inner, ServiceNotifier notifier, Duration pingInterval, Clock clock) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("pingInterval must be positive: " + pingInterval);
        }
        this.intervalNanos = pingInterval.toNanos();
    }

    /**
     * {@code inner} with the manager's watchdog beside it when the manager watches this process (the ping interval is
     * half its timeout, as systemd advises), else {@code inner} itself.
     */
    public static Watchdog around(Watchdog inner, ServiceNotifier notifier, Clock clock) {
        return notifier.watchdogTimeout().<Watchdog>map(t -> new ServiceWatchdog(inner, notifier, t.dividedBy(2),
                clock)).orElse(inner);
    }

    @Override
    public void feed() {
        inner.feed();
        long now = clock.nanoTime();
        if (!pinged || now - lastPingNanos >= intervalNanos) {
            notifier.watchdog();
            lastPingNanos = now;
            pinged = true;
            pings++;
        }
    }

    /** Pings sent so far. Loop thread. */
    public long pings() {
        return pings;
    }

    @Override
    public Duration timeout() {
        return inner.timeout();
    }

    @Override
    public void close() {
        inner.close();
    }
}
