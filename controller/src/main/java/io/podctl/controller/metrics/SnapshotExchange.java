package io.podctl.controller.metrics;

import io.podctl.sensors.Snapshot;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands the loop's snapshot to scrapes without a lock the loop could wait on: a triple buffer of three snapshots
 * allocated up front. The loop copies into its back buffer and swaps it with the middle one in one atomic
 * exchange; a reader swaps the middle one into its front buffer when a newer one is there. Neither side ever
 * waits for the other, and the loop never allocates.
 *
 * <p>Threading: {@link #publish} on the loop thread only; {@link #latest} by one reader at a time (callers
 * serialize readers among themselves; the loop is never part of that).
 */
final class SnapshotExchange {
    private static final int FRESH = 4;
    private static final int INDEX = 3;

    private final Snapshot[] buffers;
    private final AtomicInteger middle = new AtomicInteger(1);
    private int back = 0; // loop thread
    private int front = 2; // reader
    private volatile boolean published;

    /** Buffers shaped like {@code template} (a snapshot of the same board). */
    SnapshotExchange(Snapshot template) {
        buffers = new Snapshot[] {template.copy(), template.copy(), template.copy()};
    }

    /** Copies {@code snapshot} for readers. Loop thread; no allocation, no lock. */
    void publish(Snapshot snapshot) {
        buffers[back].copyFrom(snapshot);
        back = middle.getAndSet(back | FRESH) & INDEX;
        published = true;
    }

    /**
     * The newest snapshot published, valid until the next call; null before the first one. One reader at a time.
     */
    Snapshot latest() {
        if (!published) {
            return null;
        }
        if ((middle.get() & FRESH) != 0) {
            front = middle.getAndSet(front) & INDEX;
        }
        return buffers[front];
    }
}
