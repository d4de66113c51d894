package io.podctl.sensors.modbus;

import io.podctl.hal.modbus.RegisterTable;
import java.util.List;
import java.util.Objects;

/**
 * One coalesced read request: {@code count} registers (or bits) of {@code table} from {@code address}, and
 * the points decoded from it. A point's registers start at {@code point.address() - address} in the reply.
 *
 * @param table   register table
 * @param address first 0-based wire address read
 * @param count   registers or bits read
 * @param points  the points inside the block, by address
 */
public record ReadBlock(RegisterTable table, int address, int count, List<ModbusPointSpec> points) {
    public ReadBlock {
        Objects.requireNonNull(table, "table");
        points = List.copyOf(points);
    }

    /** Whether the block holds text ({@link PointType#STRING}) points, which {@link BlockPlanner} never mixes with others. */
    public boolean isText() {
        return !points.isEmpty() && points.get(0).type() == PointType.STRING;
    }

    /** The last address read. */
    public int lastAddress() {
        return address + count - 1;
    }
}
