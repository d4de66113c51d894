package io.podctl.hal.sim.internal;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of one connection or serial line, in order: each reply is a list of {@link Chunk}s, each
 * due some time after the reply starts; a reply starts when the previous one has been sent completely (one
 * UART, one socket: a late or dribbled reply delays the ones behind it, and bytes never interleave).
 *
 * <p>An immediate reply with nothing pending is written on the calling thread; anything delayed is written by
 * the emulator's timer ({@link ScheduledExecutorService}), never by a sleeping thread.
 *
 * <p>Delays are real time ({@link System#nanoTime()}, the clock the scheduler itself runs on), not the
 * emulated device's clock: they shape what a master on the other end of a real socket or line sees, and that
 * master measures real time.
 *
 * <p>Bounded: at most {@value #MAX_PENDING} chunks wait in the timer per outbox; a reply that would exceed it is
 * dropped whole and counted (overflow policy: drop the newest, as a device whose transmit buffer is full).
 *
 * <p>Threading: thread-safe; writes to the sink are serialized on this object.
 */
final class Outbox {
    static final int MAX_PENDING = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    /** Where the bytes go. */
    interface Sink {
        /** Writes all of {@code bytes}. */
        void write(byte[] bytes) throws IOException;

        /** Closes the connection (TCP); a no-op where there is none (RTU). */
        void hangup();
    }

    /**
     * Part of a reply.
     *
     * @param delayNanos when to send it, counted from the start of the reply
     * @param bytes      what to send (may be empty)
     * @param hangup     close the connection after sending
     */
    record Chunk(long delayNanos, byte[] bytes, boolean hangup) {
        static Chunk now(byte[] bytes) {
            return new Chunk(0, bytes, false);
        }
    }

    private final Sink sink;
    private final TimerSupplier timer;
    private final String name;
    private long busyUntilNanos = System.nanoTime();
    private int pending;
    private long dropped;
    private boolean closed;

    /** Lazily provides the emulator's timer, so that a server with no delayed replies starts no thread for it. */
    interface TimerSupplier {
        ScheduledExecutorService get();
    }

    private final boolean connection;

    /**
     * @param connection true for a TCP connection, which a failed write ends for good; false for a serial line,
     *                   which stays usable
     */
    Outbox(String name, Sink sink, TimerSupplier timer, boolean connection) {
        this.name = name;
        this.connection = connection;
        this.sink = Objects.requireNonNull(sink, "sink");
        this.timer = Objects.requireNonNull(timer, "timer");
    }

    /** Sends a reply: at once on this thread when possible, otherwise through the timer. */
    synchronized void send(List<Chunk> chunks) {
        if (closed || chunks.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        long start = busyUntilNanos - now > 0 ? busyUntilNanos : now;
        if (start == now && chunks.size() == 1 && chunks.get(0).delayNanos() == 0) {
            deliver(chunks.get(0));
            busyUntilNanos = now;
            return;
        }
        if (pending + chunks.size() > MAX_PENDING) {
            dropped++;
            LOG.debug("{}: {} chunks pending, reply dropped ({} so far)", name, pending, dropped);
            return;
        }
        long last = start;
        for (Chunk c : chunks) {
            long at = start + c.delayNanos();
            last = Math.max(last, at);
            try {
                timer.get().schedule(() -> deliverLater(c), Math.max(0, at - now), TimeUnit.NANOSECONDS);
                pending++;
            } catch (RejectedExecutionException e) {
                // The emulator is closing: nothing more will be sent.
                return;
            }
        }
        busyUntilNanos = last;
    }

    /** Sends nothing more; pending chunks are dropped when they come due. */
    synchronized void close() {
        closed = true;
    }

    private synchronized void deliverLater(Chunk c) {
        pending--;
        if (!closed) {
            deliver(c);
        }
    }

    private void deliver(Chunk c) {
        try {
            if (c.bytes().length > 0) {
                sink.write(c.bytes());
            }
        } catch (IOException e) {
            LOG.debug("{}: write failed: {}", name, e.toString());
            if (connection) {
                closed = true;
                sink.hangup();
            }
            return;
        }
        if (c.hangup()) {
            closed = true;
            sink.hangup();
        }
    }
}
