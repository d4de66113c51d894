package io.podctl.controller.bootstrap;

import io.podctl.config.DeviceConfig;
import io.podctl.config.PointConfig;
import io.podctl.hal.modbus.RegisterTable;
import io.podctl.sensors.modbus.AddressRange;
import io.podctl.sensors.modbus.DevicePlan;
import io.podctl.sensors.modbus.ModbusPointSpec;
import io.podctl.sensors.modbus.PointType;
import io.podctl.sensors.modbus.WordOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns configured devices and points into the sensors layer's {@link DevicePlan}s and
 * {@link ModbusPointSpec}s, for the tools that read devices outside the running controller ({@code podctl
 * probe}) and for decode tests of the shipped profiles. It builds the same specs as the runtime's own
 * planning, strings included (which the runtime leaves to this tool). Stateless and thread-safe.
 */
public final class ModbusPlans {
    private ModbusPlans() {
    }

    /** The spec of one configured point, its id qualified as {@code device.point}, the device's word order applied. */
    public static ModbusPointSpec point(DeviceConfig device, PointConfig p) {
        var order = p.wordOrder() != null ? p.wordOrder() : device.wordOrder(); // the configuration's WordOrder
        return new ModbusPointSpec(device.qualifiedPointId(p), RegisterTable.valueOf(p.table().name()), p.address(),
                PointType.valueOf(p.type().name()), p.bit() != null ? p.bit() : 0,
                p.length() != null ? p.length() : 0, WordOrder.valueOf(order.name()), p.scale(), p.offset(),
                p.min() != null ? p.min() : Double.NEGATIVE_INFINITY,
                p.max() != null ? p.max() : Double.POSITIVE_INFINITY,
                p.frozenAfter() != null ? p.frozenAfter() : 0);
    }

    /** The plan of one device, every point included (strings too). */
    public static DevicePlan plan(DeviceConfig d) {
        List<ModbusPointSpec> points = new ArrayList<>();
        for (PointConfig p : d.points()) {
            points.add(point(d, p));
        }
        List<AddressRange> forbidden = d.forbidden().stream()
                .map(r -> new AddressRange(RegisterTable.valueOf(r.table().name()), r.from(), r.to())).toList();
        return new DevicePlan(d.id(), d.unitId(), d.pollPeriod(), d.pollOffset(), d.retries(), d.maxBlockRegisters(),
                d.maxHole(), forbidden, points);
    }
}
