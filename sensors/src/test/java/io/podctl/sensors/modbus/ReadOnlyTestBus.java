package io.podctl.sensors.modbus;

import io.podctl.hal.modbus.BusCounters;
import io.podctl.hal.modbus.BusReply;
import io.podctl.hal.modbus.RegisterBus;

/**
 * An in-memory bus for poller tests and benchmarks that only read: subclasses answer {@link #read}; writes are
 * refused, the bus has no counters of its own, and closing it does nothing.
 */
abstract class ReadOnlyTestBus implements RegisterBus {
    private final String name;

    ReadOnlyTestBus(String name) {
        this.name = name;
    }

    @Override
    public BusReply writeRegisters(int unitId, int address, int[] words) {
        throw new UnsupportedOperationException("a read-only test bus");
    }

    @Override
    public BusReply writeCoils(int unitId, int address, boolean[] values) {
        throw new UnsupportedOperationException("a read-only test bus");
    }

    @Override
    public BusCounters counters() {
        return BusCounters.ZERO;
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() {
    }
}
