package io.podctl.hal.modbus.internal;

import io.podctl.hal.modbus.BusCounters;

/**
 * Mutable counters of one bus. Written only by the thread that holds the bus's lock (single writer), read by
 * any thread through {@link #snapshot()}; the fields are volatile so a reader never waits for a transaction.
 */
final class BusStats {
    volatile long requests;
    volatile long replies;
    volatile long timeouts;
    volatile long exceptionReplies;
    volatile long discarded;
    volatile long crcErrors;
    volatile long connects;
    volatile long connectFailures;
    volatile long lastLatencyNanos;

    BusCounters snapshot() {
        return new BusCounters(requests, replies, timeouts, exceptionReplies, discarded, crcErrors, connects,
                connectFailures, lastLatencyNanos);
    }
}
