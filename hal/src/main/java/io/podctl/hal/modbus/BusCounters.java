package io.podctl.hal.modbus;

/**
 * Cumulative counters of one bus since it was created; an immutable snapshot.
 *
 * @param requests         transactions attempted
 * @param replies          normal responses received
 * @param timeouts         transactions that hit the deadline
 * @param exceptionReplies exception responses received
 * @param discarded        frames discarded: garbage, wrong transaction or unit id, CRC errors, bad length
 * @param crcErrors        RTU frames with a bad CRC (also counted in {@code discarded})
 * @param connects         successful (re)connections
 * @param connectFailures  failed connection attempts
 * @param lastLatencyNanos duration of the last completed transaction in nanoseconds
 */
public record BusCounters(long requests, long replies, long timeouts, long exceptionReplies, long discarded,
                          long crcErrors, long connects, long connectFailures, long lastLatencyNanos) {

    /** All zero. */
    public static final BusCounters ZERO = new BusCounters(0, 0, 0, 0, 0, 0, 0, 0, 0);
}
