package io.podctl.controller.mqtt;

import io.podctl.hal.Clock;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Point telemetry that follows the pollers, not the control loop. A pass takes its own snapshot of the
 * {@link SampleBoard}, decides by {@link ReportByException} which points are due and hands each to a
 * {@link Sink} (the topic contract's encoder). A poller that has recorded a whole reading runs a pass itself,
 * on its own thread, right after it ({@link #batchChanged()}, via {@link SampleBoard#onBatchChange}): the value
 * reaches the link without a thread hop, whatever the loop period. A changed sample from any other writer (the
 * GPIO inputs' sampler, which must not be held up) only wakes this publisher's own thread, which runs the pass
 * there. The loop neither publishes points nor waits for a pass, and its safety decisions keep using the
 * snapshot it takes itself.
 *
 * <p>Without changes the thread still runs a pass every {@code scanInterval}, for what no poller reports:
 * samples going STALE and points whose {@code maxSilence} elapsed.
 *
 * <p>Order: passes run one at a time (a lock; a poller that finds a pass running leaves its change to that
 * pass, which then runs once more), so the values of one point leave in the order they were read (the link
 * hands messages over in queue order, FIFO per delivery class). A point sampled twice between two passes is
 * published once, with its newer value (the same conflation the loop's snapshot did, on a far shorter window).
 *
 * <p>Threading: {@link #changed()} runs on writer threads (via {@link SampleBoard#onChange}) and only sets a
 * flag and unparks; {@link #batchChanged()} runs a pass on the calling poller's thread unless one is running,
 * and never waits for one; {@link #republishAll()} may be called from any thread and leaves the pass to the
 * thread {@code point-telemetry}. The {@link Sink} is called by one pass at a time, on that thread or on a
 * poller's. Steady-state passes allocate nothing here (the sink may).
 */
public final class PointTelemetry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PointTelemetry.class);
    /** How long {@link #close()} waits for the thread, in milliseconds. */
    private static final long JOIN_MS = 2000;

    /** Publishes one due point; called on the telemetry thread only. */
    @FunctionalInterface
    public interface Sink {
        /**
         * @param snapshot the pass's snapshot (owned by the telemetry thread, overwritten by the next pass)
         * @param index    the point's index on the board
         * @param all      part of a full re-publication (rebirth, reconnect), not a change
         */
        void publish(Snapshot snapshot, int index, boolean all);
    }

    private final SampleBoard board;
    private final Snapshot snapshot;
    private final ReportByException rbe;
    private final Sink sink;
    private final Clock clock;
    private final long scanNanos;
    private final AtomicBoolean signalled = new AtomicBoolean();
    /** Held for each pass: the snapshot, the report-by-exception state and the sink are one pass's at a time. */
    private final ReentrantLock passLock = new ReentrantLock();
    private final AtomicBoolean all = new AtomicBoolean();
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private volatile boolean running;
    private volatile Thread thread;

    /**
     * @param board        the sample board; this telemetry registers itself as its change listener
     * @param policies     report-by-exception policy per point; points without one publish every change
     * @param sink         encodes and queues one point
     * @param clock        monotonic time for the snapshots (staleness, maxSilence)
     * @param scanInterval longest time between two passes without a change
     */
    public PointTelemetry(SampleBoard board, List<PublishPolicy> policies, Sink sink, Clock clock,
                          Duration scanInterval) {
        if (scanInterval.isNegative() || scanInterval.isZero()) {
            throw new IllegalArgumentException("scanInterval must be positive: " + scanInterval);
        }
        this.board = board;
        this.snapshot = board.newSnapshot();
        this.rbe = new ReportByException(policies);
        this.sink = sink;
        this.clock = clock;
        this.scanNanos = scanInterval.toNanos();
        board.onChange(this::changed);
        board.onBatchChange(this::batchChanged);
    }

    /** Starts the telemetry thread, whose first pass runs at once; a second call does nothing. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        signalled.set(true); // the first pass publishes every point once
        Thread t = Thread.ofPlatform().name("point-telemetry").daemon(true).unstarted(this::run);
        thread = t;
        t.start();
    }

    /** A point changed: run a pass soon. Poller threads; never blocks, allocates nothing. */
    public void changed() {
        if (!signalled.getAndSet(true)) {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /**
     * A poller recorded a reading that changed points: run a pass now on this thread, or, when a pass is running,
     * leave the change to it (it runs once more). Never waits. Before {@link #start()} and after {@link #close()}
     * it only sets the flag, as {@link #changed()} does.
     */
    public void batchChanged() {
        signalled.set(true);
        if (!running) {
            changed();
            return;
        }
        drain(false);
    }

    /**
     * Runs passes while changes are signalled and no other pass runs. The re-check after unlocking closes the
     * window in which another thread signalled, failed to take the lock and left its change to this one.
     *
     * @param own on the telemetry thread, whose passes also carry out a {@link #republishAll()}
     */
    private void drain(boolean own) {
        while (signalled.get() && passLock.tryLock()) {
            try {
                while (running && signalled.getAndSet(false)) {
                    pass(own);
                }
            } catch (RuntimeException e) {
                // A pass on a poller's thread must not stop that poller (its points would go STALE and trip).
                log.error("point telemetry pass failed; continuing", e);
            } finally {
                passLock.unlock();
            }
            if (!running) {
                return;
            }
        }
    }

    /** Publish every point again on the next pass (a rebirth, or a reconnect that may have lost retained ones). */
    public void republishAll() {
        all.set(true);
        changed();
    }

    /** Passes run so far. Any thread. */
    public long passes() {
        return passes.get();
    }

    /** Points handed to the sink so far. Any thread. */
    public long published() {
        return published.get();
    }

    private void run() {
        while (running) {
            if (!signalled.get()) {
                LockSupport.parkNanos(this, scanNanos);
            }
            if (!running) {
                break;
            }
            // A timed pass runs even without a signal (staleness, maxSilence); then any change signalled meanwhile.
            passLock.lock();
            try {
                signalled.set(false);
                pass(true);
            } catch (RuntimeException e) {
                log.error("point telemetry pass failed; continuing", e);
            } finally {
                passLock.unlock();
            }
            drain(true);
        }
    }

    /**
     * One pass over the board: every due point to the sink. Under {@link #passLock}, on the telemetry thread, a
     * poller's, or the closing thread at the end.
     *
     * @param own whether a pending {@link #republishAll()} is carried out here (not on a poller's thread: a full
     *            re-publication is the telemetry thread's work)
     */
    private void pass(boolean own) {
        boolean everything = own && all.getAndSet(false);
        board.snapshot(clock.nanoTime(), snapshot);
        long n = 0;
        for (int i = 0; i < snapshot.size(); i++) {
            if (rbe.due(snapshot, i, everything)) {
                sink.publish(snapshot, i, everything);
                n++;
            }
        }
        passes.incrementAndGet();
        if (n > 0) {
            published.addAndGet(n);
        }
    }

    /**
     * Stops the thread (waiting up to {@value #JOIN_MS} ms), then runs one last pass on the calling thread so
     * that changes seen before the close are not left behind. Does not close the link.
     */
    @Override
    public synchronized void close() {
        Thread t = thread;
        if (t == null) {
            return;
        }
        running = false;
        LockSupport.unpark(t);
        try {
            t.join(JOIN_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!t.isAlive()) {
            passLock.lock(); // a poller's pass may still be running
            try {
                pass(true);
            } catch (RuntimeException e) {
                log.warn("final point telemetry pass failed", e);
            } finally {
                passLock.unlock();
            }
        }
        thread = null;
    }
}
