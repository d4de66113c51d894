package io.podctl.controller.bootstrap;

import io.podctl.config.DataType;
import io.podctl.config.DeviceConfig;
import io.podctl.config.FrozenCheck;
import io.podctl.config.PodConfig;
import io.podctl.config.PointConfig;
import io.podctl.hal.modbus.RegisterTable;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.modbus.AddressRange;
import io.podctl.sensors.modbus.Decimals;
import io.podctl.sensors.modbus.DevicePlan;
import io.podctl.sensors.modbus.ModbusPointSpec;
import io.podctl.sensors.modbus.PointType;
import io.podctl.sensors.modbus.WordOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns configured devices and points into the sensors layer's {@link DevicePlan}s and
 * {@link ModbusPointSpec}s: for the running controller, for {@code podctl probe} (which reads devices outside
 * it, planned the same way) and for decode tests of the shipped profiles. Stateless and thread-safe.
 */
public final class ModbusPlans {
    private ModbusPlans() {
    }

    /**
     * The spec of one configured point, its id qualified as {@code device.point}, the device's word order applied,
     * its address spelled as the file writes it (for messages), with the frozen-value check the point declares
     * ({@code frozenAfter}, or none).
     */
    public static ModbusPointSpec point(DeviceConfig device, PointConfig p) {
        return point(device, p, p.frozenAfter() != null ? p.frozenAfter() : 0);
    }

    /** As {@link #point(DeviceConfig, PointConfig)}, with the pod's frozen-value check ({@link FrozenCheck}). */
    public static ModbusPointSpec point(PodConfig pod, DeviceConfig device, PointConfig p) {
        return point(device, p, FrozenCheck.samples(pod, device, p));
    }

    private static ModbusPointSpec point(DeviceConfig device, PointConfig p, int frozenAfter) {
        var order = p.wordOrder() != null ? p.wordOrder() : device.wordOrder(); // the configuration's WordOrder
        return new ModbusPointSpec(device.qualifiedPointId(p), RegisterTable.valueOf(p.table().name()), p.address(),
                PointType.valueOf(p.type().name()), p.bit() != null ? p.bit() : 0,
                p.length() != null ? p.length() : 0, WordOrder.valueOf(order.name()), p.scale(), p.offset(),
                p.min() != null ? p.min() : Double.NEGATIVE_INFINITY,
                p.max() != null ? p.max() : Double.POSITIVE_INFINITY,
                frozenAfter, p.addressText(), p.decimals() != null ? p.decimals() : Decimals.NONE, p.counter(),
                p.unit());
    }

    /**
     * The text points of the pod ({@code type: string}: serial numbers, firmware versions), for the text board:
     * stale after max(1 s, 3 times the period they are actually read at).
     */
    public static List<PointDescriptor> textPoints(PodConfig config) {
        List<PointDescriptor> out = new ArrayList<>();
        for (DeviceConfig d : config.devices()) {
            Duration staleAfter = null;
            for (PointConfig p : d.points()) {
                if (p.type() == DataType.STRING) {
                    if (staleAfter == null) {
                        staleAfter = PointDescriptor.staleAfterForPollPeriod(plan(d).effectiveTextPeriod());
                    }
                    out.add(new PointDescriptor(d.qualifiedPointId(p), p.unit(), staleAfter, false));
                }
            }
        }
        return out;
    }

    /** The plan of one device, every point included (strings too), each with the check it declares. */
    public static DevicePlan plan(DeviceConfig d) {
        List<ModbusPointSpec> points = new ArrayList<>();
        for (PointConfig p : d.points()) {
            points.add(point(d, p));
        }
        return plan(d, points);
    }

    /** The plan of one device of {@code pod}, every point with the pod's frozen-value check. */
    public static DevicePlan plan(PodConfig pod, DeviceConfig d) {
        List<ModbusPointSpec> points = new ArrayList<>();
        for (PointConfig p : d.points()) {
            points.add(point(pod, d, p));
        }
        return plan(d, points);
    }

    private static DevicePlan plan(DeviceConfig d, List<ModbusPointSpec> points) {
        List<AddressRange> forbidden = d.forbidden().stream()
                .map(r -> new AddressRange(RegisterTable.valueOf(r.table().name()), r.from(), r.to())).toList();
        return new DevicePlan(d.id(), d.unitId(), d.pollPeriod(), d.pollOffset(), d.retries(), d.maxBlockRegisters(),
                d.maxHole(), forbidden, points);
    }
}
