package io.podctl.controller.mqtt;

import io.podctl.controller.commands.CommandReply;
import io.podctl.controller.safety.AlarmView;
import io.podctl.controller.state.PodObserver;
import io.podctl.controller.state.PodStateView;
import io.podctl.sensors.Snapshot;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every publishing profile shares between the loop and its publisher thread: the bounded hand-off slots
 * for state, alarms, the snapshot and command replies, and the thread that drains them. A profile only says
 * what one publishing pass does ({@link #publishPending()}) and how it handles events and rebirths.
 *
 * <p>Threading: {@link #onState}, {@link #onAlarms}, {@link #onSnapshot} and {@link #onReply} are called by the
 * loop thread (replies also by the MQTT thread); they copy into a slot, wake the publisher thread and return.
 * {@link #publishPending()} runs on the publisher's own daemon thread, named by the profile, at the latest
 * every {@value #IDLE_WAKE_MS} ms and soon after every wake-up; the {@code take…}/{@link #pollReply()} methods
 * belong to that thread. Overflow policy: the latest state, alarms and snapshot replace older ones (only the
 * newest matters); replies go to a bounded queue and are counted ({@link #repliesDropped()}) when it is full.
 */
public abstract class HandOffPublisher implements Publisher {
    /** Longest the publisher thread sleeps without a wake-up, in milliseconds. */
    private static final long IDLE_WAKE_MS = 200;
    /** How long {@link #close()} waits for the publisher thread, in milliseconds. */
    private static final long JOIN_MS = 2000;

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String threadName;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicReference<PodStateView> pendingState = new AtomicReference<>();
    private final AtomicReference<List<AlarmView>> pendingAlarms = new AtomicReference<>();
    private final ArrayBlockingQueue<CommandReply> replies;
    private final AtomicLong repliesDropped = new AtomicLong();
    private final Object snapshotLock = new Object();
    private Snapshot pendingSnapshot;
    private boolean snapshotFresh;
    private Snapshot workSnapshot; // publisher thread only

    private volatile boolean running;
    private Thread thread;

    /**
     * @param threadName    name of the publisher thread
     * @param replyCapacity bound of the command-reply hand-off queue
     */
    protected HandOffPublisher(String threadName, int replyCapacity) {
        this.threadName = threadName;
        this.replies = new ArrayBlockingQueue<>(replyCapacity);
    }

    /** Starts the publishing thread; a second call does nothing. */
    @Override
    public final synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
        afterStart();
    }

    /** Called by {@link #start()} once the publisher thread runs; does nothing here. */
    protected void afterStart() {
    }

    // ---- PodObserver: loop thread, hand-off only ----

    @Override
    public final void onState(PodStateView state) {
        pendingState.set(state);
        wake.release();
    }

    @Override
    public final void onAlarms(List<AlarmView> alarms) {
        pendingAlarms.set(alarms);
        wake.release();
    }

    @Override
    public final void onReply(CommandReply reply) {
        if (!replies.offer(reply)) {
            repliesDropped.incrementAndGet();
        }
        wake.release();
    }

    @Override
    public final void onSnapshot(Snapshot snapshot) {
        synchronized (snapshotLock) {
            if (pendingSnapshot == null) {
                pendingSnapshot = snapshot.copy();
            } else {
                pendingSnapshot.copyFrom(snapshot);
            }
            snapshotFresh = true;
        }
        wake.release();
    }

    /** Makes the publisher thread run a pass soon. Any thread; never blocks. */
    protected final void wake() {
        wake.release();
    }

    // ---- publisher thread ----

    /**
     * One publishing pass: take what was handed off and publish it. Called on the publisher thread, and once
     * more by {@link #afterStop()} where a profile chooses to.
     */
    protected abstract void publishPending();

    /** The newest state handed off since the last call, or null. */
    protected final PodStateView takeState() {
        return pendingState.getAndSet(null);
    }

    /** The newest alarm list handed off since the last call, or null. */
    protected final List<AlarmView> takeAlarms() {
        return pendingAlarms.getAndSet(null);
    }

    /** The oldest reply not yet taken, or null. */
    protected final CommandReply pollReply() {
        return replies.poll();
    }

    /**
     * The newest snapshot, copied into a snapshot owned by the publisher thread (the same instance on every
     * call, overwritten): when one arrived since the last take, or, with {@code evenIfUnchanged}, whenever one
     * ever arrived. Null otherwise.
     */
    protected final Snapshot takeSnapshot(boolean evenIfUnchanged) {
        synchronized (snapshotLock) {
            if (pendingSnapshot == null || (!snapshotFresh && !evenIfUnchanged)) {
                return null;
            }
            if (workSnapshot == null) {
                workSnapshot = pendingSnapshot.copy();
            } else {
                workSnapshot.copyFrom(pendingSnapshot);
            }
            snapshotFresh = false;
        }
        return workSnapshot;
    }

    /** Replies dropped because the hand-off queue was full. Any thread. */
    protected final long repliesDropped() {
        return repliesDropped.get();
    }

    private void run() {
        while (running) {
            try {
                wake.tryAcquire(IDLE_WAKE_MS, TimeUnit.MILLISECONDS);
                wake.drainPermits();
                publishPending();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("publishing failed; continuing", e);
            }
        }
    }

    /**
     * Stops the publishing thread (waiting up to {@value #JOIN_MS} ms for it), then calls {@link #afterStop()}.
     * Does not close the link.
     */
    @Override
    public final synchronized void close() {
        if (thread == null) {
            return;
        }
        running = false;
        wake.release();
        try {
            thread.join(JOIN_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        afterStop();
        thread = null;
    }

    /** Called by {@link #close()} on the closing thread once the publisher thread ended; does nothing here. */
    protected void afterStop() {
    }
}
