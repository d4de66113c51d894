package io.podctl.controller.cli;

import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGHUP ({@code kill -HUP <pid>}, {@code systemctl reload podctl}) into calls of a reload callback on a
 * dedicated thread, so that the JVM's signal thread only hands off and the callback may block (re-reading and
 * validating a file) without delaying other signals.
 *
 * <p>Signals coalesce: while the callback runs, any number of further SIGHUPs cause exactly one more call after it
 * returns (a file edited several times is read once more, at its latest state); the hand-off queue holds one
 * pending request and drops the rest (they are counted in {@link #received()}). An exception from the callback is
 * logged and the watcher keeps running.
 *
 * <p>Threading: the signal handler runs on the JVM's signal thread and only offers to a one-slot queue; the
 * callback runs on the watcher's daemon thread {@value #THREAD_NAME}. {@link #close()} may be called from any
 * thread.
 */
public final class SighupWatcher implements AutoCloseable {
    /** Name of the thread the callback runs on. */
    public static final String THREAD_NAME = "podctl-sighup";

    private static final Logger LOG = LoggerFactory.getLogger(SighupWatcher.class);
    private static final Signal HUP = new Signal("HUP");
    private static final Object REQUEST = new Object();

    private final Runnable onHangup;
    private final BlockingQueue<Object> pending = new ArrayBlockingQueue<>(1);
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread worker;
    private SignalHandler previous;

    private SighupWatcher(Runnable onHangup) {
        this.onHangup = Objects.requireNonNull(onHangup, "onHangup");
        this.worker = new Thread(this::work, THREAD_NAME);
        this.worker.setDaemon(true);
    }

    /**
     * Installs the SIGHUP handler and starts the watcher thread.
     *
     * @param onHangup called on the watcher thread once per (coalesced) SIGHUP, e.g. a request to reload the
     *                 configuration; it should report its own failures as status
     * @return the running watcher; close it to restore the previous handler
     * @throws IllegalArgumentException when the platform has no SIGHUP or the JVM reserves it (e.g. with
     *                                  {@code -Xrs})
     */
    public static SighupWatcher install(Runnable onHangup) {
        SighupWatcher w = new SighupWatcher(onHangup);
        w.previous = Signal.handle(HUP, sig -> w.hangup());
        w.worker.start();
        return w;
    }

    /** A started watcher without a signal handler: {@link #hangup()} is called directly (tests). */
    static SighupWatcher unattached(Runnable onHangup) {
        SighupWatcher w = new SighupWatcher(onHangup);
        w.worker.start();
        return w;
    }

    /** What the signal handler does: count, and ask for one call unless one is already waiting. */
    void hangup() {
        received.incrementAndGet();
        // A full queue already holds a request that will see the latest file: dropping this one loses nothing.
        pending.offer(REQUEST);
    }

    private void work() {
        while (!closed.get()) {
            try {
                pending.take();
            } catch (InterruptedException e) {
                // close() interrupts; the loop condition decides.
                continue;
            }
            if (closed.get()) {
                return;
            }
            calls.incrementAndGet();
            try {
                onHangup.run();
            } catch (RuntimeException e) {
                LOG.error("SIGHUP handling failed; waiting for the next SIGHUP", e);
            }
        }
    }

    /** SIGHUPs received since installation (including coalesced ones). */
    public long received() {
        return received.get();
    }

    /** Times the callback has been started. */
    public long calls() {
        return calls.get();
    }

    /**
     * Restores the previous SIGHUP handler and stops the watcher thread, waiting up to {@code timeout} for a
     * callback in progress to return.
     *
     * @return true when the thread has ended within the deadline
     */
    public boolean close(long timeout, TimeUnit unit) throws InterruptedException {
        if (closed.compareAndSet(false, true)) {
            if (previous != null) {
                Signal.handle(HUP, previous);
            }
            worker.interrupt();
        }
        worker.join(unit.toMillis(timeout));
        return !worker.isAlive();
    }

    /** {@link #close(long, TimeUnit)} with a 2 s deadline; an interrupt is passed on. */
    @Override
    public void close() {
        try {
            if (!close(2, TimeUnit.SECONDS)) {
                LOG.warn("the SIGHUP callback did not return within 2 s of closing");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
