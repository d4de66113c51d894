package io.podctl.controller.loop;

import io.podctl.hal.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a {@link ControlLoop} on absolute monotonic deadlines: deadline k is {@code start + k × period},
 * scheduled from the previous deadline, never from "now", so that jitter does not accumulate. When a cycle
 * ends after the next deadline the missed deadlines are skipped (no burst of catch-up cycles on stale data);
 * the loop itself counts and reports that overrun ({@link ControlLoop#step}), since it knows the cycle's phases.
 *
 * <p>{@link #wake} asks for one extra cycle now, between two deadlines: a trip input that changed (a leak, the
 * E-stop) is then acted on at once instead of up to one period later. The regular deadlines are not moved,
 * and an extra cycle never delays a regular one by more than its own duration.
 *
 * <p>An exception thrown by a cycle puts the outputs in their safe state and latches the loop-stall trip;
 * the runner keeps cycling so that the pod stays observable and resettable.
 *
 * <p>Threading: owns the daemon thread {@code control-loop}; {@link #start} and {@link #stop} may be called
 * from any thread.
 */
public final class LoopRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoopRunner.class);

    private final ControlLoop loop;
    private final Clock clock;
    private final long periodNanos;
    private final LoopStats stats;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running;
    private volatile boolean wakeRequested;
    private volatile Thread thread;
    private long failures;

    /** A runner for {@code loop} with the given period. */
    public LoopRunner(ControlLoop loop, Clock clock, Duration period, LoopStats stats) {
        this.loop = loop;
        this.clock = clock;
        this.periodNanos = period.toNanos();
        this.stats = stats;
    }

    /** Starts cycling; the first deadline is now. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        thread = new Thread(this::run, "control-loop");
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long deadline = clock.nanoTime();
        try {
            while (running) {
                long now = clock.nanoTime();
                if (now < deadline) {
                    if (wakeRequested) {
                        wakeRequested = false;
                        stats.extraCycle();
                        cycle(now);
                        continue;
                    }
                    LockSupport.parkNanos(deadline - now);
                    continue; // parkNanos may return early (also on wake); re-check against the clock
                }
                stats.lateness(now - deadline);
                wakeRequested = false; // this cycle sees whatever asked for one
                cycle(deadline);
                deadline += periodNanos;
                long after = clock.nanoTime();
                if (after >= deadline) {
                    deadline += ((after - deadline) / periodNanos + 1) * periodNanos;
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    private void cycle(long nowNanos) {
        try {
            loop.step(nowNanos);
        } catch (RuntimeException | Error e) {
            failures++;
            if (failures <= 10 || failures % 1000 == 0) {
                log.error("control cycle failed ({} failures so far): outputs forced safe", failures, e);
            }
            loop.failSafe(e);
        }
    }

    /**
     * Asks for one extra cycle as soon as the loop thread is free, without moving the regular deadlines. Any
     * thread; never blocks. Requests made before the cycle starts are served by that one cycle.
     */
    public void wake() {
        wakeRequested = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Asks the loop to stop after the current cycle and waits up to {@code timeout} for it. */
    public boolean stop(Duration timeout) throws InterruptedException {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t == null) {
            return true;
        }
        LockSupport.unpark(t);
        return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Cycles that threw so far. */
    public long failures() {
        return failures;
    }

    @Override
    public void close() {
        try {
            stop(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
