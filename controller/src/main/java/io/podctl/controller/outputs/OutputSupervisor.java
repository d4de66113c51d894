package io.podctl.controller.outputs;

import io.podctl.hal.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * De-energizes every output when the control loop stops feeding it in time, as a motor-safety timer does:
 * a loop that is stuck (deadlock, endless GC, exception storm) must not leave racks powered on old data.
 * The hardware watchdog is the next layer below, for a dead process or board.
 *
 * <p>Threading: {@link #feed} is called by the loop thread each cycle (lock-free); the check runs on its own
 * daemon thread {@code output-supervisor}. After it has fired, {@link #takeExpiry()} tells the loop once so it
 * can latch the loop-stall trip.
 */
public final class OutputSupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutputSupervisor.class);

    private final OutputBank outputs;
    private final Clock clock;
    private final long timeoutNanos;
    private final AtomicLong lastFeed = new AtomicLong();
    private final AtomicBoolean fired = new AtomicBoolean();
    private final AtomicBoolean expiredUnreported = new AtomicBoolean();
    private volatile boolean running;
    private Thread thread;

    /**
     * @param timeout how long after the last feed the outputs are forced safe (e.g. 3 loop periods)
     */
    public OutputSupervisor(OutputBank outputs, Clock clock, Duration timeout) {
        this.outputs = outputs;
        this.clock = clock;
        this.timeoutNanos = timeout.toNanos();
        this.lastFeed.set(clock.nanoTime());
    }

    /** Restarts the countdown; loop thread. */
    public void feed(long nowNanos) {
        lastFeed.set(nowNanos);
        fired.set(false);
    }

    /**
     * One check at {@code nowNanos}: forces outputs safe when the feed is overdue. Returns true when it fired
     * now. Called by the supervisor thread, or directly by tests with a manual clock.
     */
    public boolean check(long nowNanos) {
        long overdue = nowNanos - lastFeed.get() - timeoutNanos;
        if (overdue > 0 && fired.compareAndSet(false, true)) {
            outputs.forceSafe();
            expiredUnreported.set(true);
            log.error("control loop did not feed the outputs for {} ms: all outputs forced de-energized",
                    (nowNanos - lastFeed.get()) / 1_000_000);
            return true;
        }
        return false;
    }

    /** True once after the supervisor fired; the loop then latches the loop-stall trip. */
    public boolean takeExpiry() {
        return expiredUnreported.getAndSet(false);
    }

    /** Starts the checking thread (period: a quarter of the timeout). */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        long periodNanos = Math.max(1_000_000, timeoutNanos / 4);
        thread = new Thread(() -> {
            long next = clock.nanoTime();
            while (running) {
                next += periodNanos;
                long wait;
                while (running && (wait = next - clock.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                check(clock.nanoTime());
            }
        }, "output-supervisor");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
            thread = null;
        }
    }
}
