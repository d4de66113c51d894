package io.podctl.controller.mqtt;

import io.podctl.hal.Clock;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Point telemetry that follows the pollers, not the control loop: a changed sample on the {@link SampleBoard}
 * wakes this publisher's own thread, which takes its own snapshot of the board, decides by
 * {@link ReportByException} which points are due and hands each to a {@link Sink} (the topic contract's
 * encoder). A value therefore reaches MQTT a scheduling hop after the Modbus reply that carried it, whatever
 * the loop period; the loop neither publishes points nor waits for this thread, and its safety decisions keep
 * using the snapshot it takes itself.
 *
 * <p>Without changes the thread still runs a pass every {@code scanInterval}, for what no poller reports:
 * samples going STALE and points whose {@code maxSilence} elapsed.
 *
 * <p>Order: one thread publishes every point, so the values of one point leave in the order they were read
 * (the link's queues are FIFO per delivery class). A point sampled twice between two passes is published once,
 * with its newer value (the same conflation the loop's snapshot did, on a far shorter window).
 *
 * <p>Threading: {@link #changed()} runs on poller threads (via {@link SampleBoard#onChange}) and only sets a
 * flag and unparks; {@link #republishAll()} may be called from any thread; the {@link Sink} is called on the
 * thread {@code point-telemetry} only. Steady-state passes allocate nothing here (the sink may).
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
            if (!signalled.getAndSet(false)) {
                LockSupport.parkNanos(this, scanNanos);
                signalled.set(false);
            }
            if (!running) {
                break;
            }
            try {
                pass();
            } catch (RuntimeException e) {
                log.error("point telemetry pass failed; continuing", e);
            }
        }
    }

    /** One pass over the board: every due point to the sink. Telemetry thread (or the closing thread at the end). */
    private void pass() {
        boolean everything = all.getAndSet(false);
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
            try {
                pass();
            } catch (RuntimeException e) {
                log.warn("final point telemetry pass failed", e);
            }
        }
        thread = null;
    }
}
