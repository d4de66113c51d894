package io.podctl.sensors.modbus;

import io.podctl.hal.modbus.RegisterTable;
import java.util.Objects;

/**
 * A range of 0-based wire addresses in one table, both ends inclusive; used for the ranges a device forbids
 * reading (reserved registers that answer with an exception, or hang the device).
 *
 * @param table the table
 * @param first first address, 0..65535
 * @param last  last address, {@code first}..65535
 */
public record AddressRange(RegisterTable table, int first, int last) {
    public AddressRange {
        Objects.requireNonNull(table, "table");
        if (first < 0 || last > 0xFFFF || last < first) {
            throw new IllegalArgumentException("address range " + first + ".." + last + " invalid");
        }
    }

    /** Whether this range and {@code [from, to]} of {@code t} share an address. */
    public boolean overlaps(RegisterTable t, int from, int to) {
        return t == table && from <= last && to >= first;
    }
}
