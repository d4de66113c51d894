package io.podctl.controller.clock;

import io.podctl.hal.clock.ClockSync;
import io.podctl.hal.clock.ClockSyncProbe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches whether the pod's wall clock is synchronized, off the control loop: the probe is read once at start and
 * then every {@link #PERIOD} on this class's own daemon thread {@code clock-sync}; the loop reads the latest
 * reading each cycle ({@link #latest()}), and listeners (the command intake) are told when the state changes.
 * The clock matters because command expiry is the only wall-clock comparison the controller makes.
 *
 * <p>Threading: {@link #latest()} from any thread (a volatile read); listeners are called on the watch's thread
 * (on the starting thread for the first reading) and must only hand off.
 */
public final class ClockWatch implements AutoCloseable {
    /** How often the synchronization state is read: it changes over minutes, not cycles. */
    public static final Duration PERIOD = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(ClockWatch.class);

    private final ClockSyncProbe probe;
    private final Duration period;
    private final List<Consumer<ClockSync>> listeners = new CopyOnWriteArrayList<>();
    private volatile ClockSync latest;
    private ScheduledExecutorService thread;

    /** Reads {@code probe} every {@code period}. */
    public ClockWatch(ClockSyncProbe probe, Duration period) {
        this.probe = probe;
        this.period = period;
    }

    /** Tells {@code listener} each reading whose state differs from the one before (and the first). */
    public ClockWatch onChange(Consumer<ClockSync> listener) {
        listeners.add(listener);
        return this;
    }

    /** Reads once now, on the calling thread, then every period on the watch's thread. */
    public synchronized ClockWatch start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        check();
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "clock-sync");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::check, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
        return this;
    }

    /** The latest reading, or null before {@link #start()}. Any thread. */
    public ClockSync latest() {
        return latest;
    }

    private void check() {
        ClockSync before = latest;
        ClockSync now = probe.read();
        latest = now;
        if (before == null || before.state() != now.state()) {
            if (now.isSynchronized()) {
                log.info("wall clock: {}", now.detail());
            } else {
                log.warn("wall clock: {}", now.detail());
            }
            for (Consumer<ClockSync> l : listeners) {
                l.accept(now);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }
}
