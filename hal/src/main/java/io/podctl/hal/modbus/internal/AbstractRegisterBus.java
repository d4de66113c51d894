package io.podctl.hal.modbus.internal;

import io.podctl.hal.Clock;
import io.podctl.hal.modbus.BusCounters;
import io.podctl.hal.modbus.BusReply;
import io.podctl.hal.modbus.BusReply.Failure;
import io.podctl.hal.modbus.BusReply.FailureKind;
import io.podctl.hal.modbus.RegisterBus;
import io.podctl.hal.modbus.RegisterTable;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What TCP and RTU buses share: one transaction at a time under a fair lock, one attempt per call, lazy
 * (re)connection with {@link Backoff}, and counting.
 *
 * <p>Threading: the public methods may be called from any thread; they serialize on the bus lock, so a
 * caller may wait for another caller's transaction (itself bounded by the deadline) before its own starts.
 * The transport hooks run with the lock held. {@link #close()} may be called from any thread, also while a
 * transaction is in progress: it closes the transport underneath it, which unblocks the reader.
 */
public abstract class AbstractRegisterBus implements RegisterBus {
    private static final Logger LOG = LoggerFactory.getLogger(AbstractRegisterBus.class);

    /** Time source for deadlines, latency and backoff. */
    protected final Clock clock;
    /** Longest time one transaction may take once connected, in nanoseconds. */
    protected final long deadlineNanos;
    /** Counters; write only with the lock held. */
    final BusStats stats = new BusStats();
    private final Backoff backoff;
    private final ReentrantLock lock = new ReentrantLock(true);
    private volatile boolean closed;
    private boolean open;
    private String lastConnectError = "";

    protected AbstractRegisterBus(Clock clock, long deadlineNanos, Backoff backoff) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.deadlineNanos = deadlineNanos;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    @Override
    public final BusReply read(int unitId, RegisterTable table, int address, int count) {
        Objects.requireNonNull(table, "table");
        return execute(unitId, Pdu.read(table, address, count));
    }

    @Override
    public final BusReply writeRegisters(int unitId, int address, int[] words) {
        return execute(unitId, Pdu.writeRegisters(address, words));
    }

    @Override
    public final BusReply writeCoils(int unitId, int address, boolean[] values) {
        return execute(unitId, Pdu.writeCoils(address, values));
    }

    @Override
    public final BusCounters counters() {
        return stats.snapshot();
    }

    private BusReply execute(int unitId, Pdu pdu) {
        checkUnitId(unitId);
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Failure.of(FailureKind.INTERRUPTED, "interrupted waiting for " + describe());
        }
        try {
            if (closed) {
                return Failure.of(FailureKind.CONNECT_FAILED, describe() + " is closed");
            }
            if (Thread.currentThread().isInterrupted()) {
                return Failure.of(FailureKind.INTERRUPTED, "interrupted before " + pdu);
            }
            stats.requests++;
            if (!open) {
                long now = clock.nanoTime();
                if (!backoff.mayAttempt(now)) {
                    // Same text as the failed attempt, so that a status built from it does not flicker per call.
                    return Failure.of(FailureKind.CONNECT_FAILED, lastConnectError);
                }
                String error = openTransport();
                if (error != null) {
                    lastConnectError = describe() + ": " + error + " (reconnect backoff)";
                    stats.connectFailures++;
                    long delay = backoff.failed(clock.nanoTime());
                    if (backoff.failures() == 1) {
                        LOG.warn("{}: cannot connect ({}), retrying with backoff", describe(), error);
                    } else {
                        LOG.debug("{}: cannot connect ({}), next attempt in {} ms", describe(), error, delay / 1_000_000);
                    }
                    return Failure.of(FailureKind.CONNECT_FAILED, lastConnectError);
                }
                if (closed) {
                    closeTransport();
                    return Failure.of(FailureKind.CONNECT_FAILED, describe() + " is closed");
                }
                open = true;
                stats.connects++;
                if (backoff.failures() > 0) {
                    LOG.info("{}: connected after {} failed attempts", describe(), backoff.failures());
                }
                backoff.succeeded();
            }
            long start = clock.nanoTime();
            BusReply reply = transact(unitId, pdu, start + deadlineNanos);
            if (reply instanceof Failure f) {
                switch (f.kind()) {
                    case EXCEPTION_RESPONSE -> {
                        stats.exceptionReplies++;
                        stats.lastLatencyNanos = clock.nanoTime() - start;
                    }
                    case TIMEOUT -> stats.timeouts++;
                    default -> {
                    }
                }
            } else {
                stats.replies++;
                stats.lastLatencyNanos = clock.nanoTime() - start;
            }
            return reply;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops the connection so that the next call reconnects; called by subclasses with the lock held after a
     * timeout or a broken stream, because a late reply or the rest of a half-read frame would otherwise be
     * mistaken for the answer to the next request (see j2mod issue #83 / PR #108 for how a half-open
     * socket otherwise blocks a reader).
     */
    protected final void dropConnection() {
        open = false;
        closeTransport();
    }

    /** Counts a discarded frame (garbage, wrong transaction or unit id, bad length or CRC). */
    protected final void countDiscarded() {
        stats.discarded++;
    }

    /** Counts an RTU frame with a bad CRC; also counted as discarded. */
    protected final void countCrcError() {
        stats.crcErrors++;
        stats.discarded++;
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Close underneath a transaction in progress so its blocked read returns now, not at the deadline.
        closeTransport();
        lock.lock();
        try {
            open = false;
            closeTransport();
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #close()} was called. */
    protected final boolean isClosed() {
        return closed;
    }

    /** Validates a unit id for this kind of bus; throws {@link IllegalArgumentException}. */
    protected abstract void checkUnitId(int unitId);

    /** Opens the connection or port; returns {@code null} on success or why it failed. Lock held. */
    protected abstract String openTransport();

    /**
     * Sends {@code pdu} to {@code unitId} and waits for the matching reply until {@code deadline}
     * (monotonic nanoseconds). Exactly one request is sent. Lock held.
     */
    protected abstract BusReply transact(int unitId, Pdu pdu, long deadline);

    /** Closes the connection or port; idempotent; may be called without the lock by {@link #close()}. */
    protected abstract void closeTransport();

    @Override
    public String toString() {
        return describe();
    }
}
