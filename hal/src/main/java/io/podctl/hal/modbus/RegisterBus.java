package io.podctl.hal.modbus;

/**
 * One Modbus connection or serial line: a TCP connection to a device or gateway, or an RS-485 line with
 * several units on it.
 *
 * <p>Threading: every method blocks the calling thread for at most the bus's transaction deadline (plus the
 * connect timeout when a connection must be opened), so it must be called from a poller thread, never from
 * the control loop. Implementations are thread-safe and serialize transactions: one at a time per bus.
 *
 * <p>Each call is exactly one attempt. Retries belong to the poller; a bus never retries on its own, and
 * reports every failure as a {@link BusReply.Failure} rather than throwing. Reconnection after a broken
 * connection happens on the next call, subject to the bus's reconnect backoff.
 */
public interface RegisterBus extends AutoCloseable {

    /**
     * Reads {@code count} items from {@code table} starting at 0-based wire address {@code address}.
     *
     * @return {@link BusReply.Registers} for register tables, {@link BusReply.Bits} for bit tables, or a
     *     {@link BusReply.Failure}
     */
    BusReply read(int unitId, RegisterTable table, int address, int count);

    /**
     * Writes holding registers: FC06 for a single register, FC16 for several.
     *
     * @param words 16-bit values (0..65535), already encoded in the device's word and byte order
     */
    BusReply writeRegisters(int unitId, int address, int[] words);

    /** Writes coils: FC05 for a single coil, FC15 for several. */
    BusReply writeCoils(int unitId, int address, boolean[] values);

    /** Cumulative counters since the bus was created. Thread-safe; allocates a new snapshot. */
    BusCounters counters();

    /** Where this bus goes, for logs and diagnostics, e.g. {@code tcp://10.0.0.5:502}. */
    String describe();

    /** Closes the connection or line; further calls fail with {@link BusReply.FailureKind#CONNECT_FAILED}. */
    @Override
    void close();
}
