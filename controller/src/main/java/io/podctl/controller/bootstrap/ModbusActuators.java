package io.podctl.controller.bootstrap;

import io.podctl.controller.outputs.ActuatorPort;
import io.podctl.controller.safety.EffectSpec;
import io.podctl.controller.safety.WriteIntent;
import io.podctl.sensors.modbus.BusPoller;
import io.podctl.sensors.modbus.ModbusPointSpec;
import io.podctl.sensors.modbus.WriteRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Device writes through the poller of the point's bus: the write is queued on that bus's thread (one bus, one
 * thread, so writes and polls never interleave on the wire), acknowledged, and verified by reading back the
 * written register — or a confirming point of the same device, such as a pump's running bit.
 *
 * <p>Threading: {@link #register} at start-up; {@link #submit} from the loop thread, never blocking; outcomes
 * are delivered on the bus thread.
 */
final class ModbusActuators implements ActuatorPort {
    private record Target(BusPoller poller, String deviceId, ModbusPointSpec spec) {
    }

    private final Map<String, Target> points = new ConcurrentHashMap<>();

    /** Makes every point of {@code deviceId} writable through {@code poller} (read-only tables are refused later). */
    void register(BusPoller poller, String deviceId, Iterable<ModbusPointSpec> specs) {
        for (ModbusPointSpec s : specs) {
            points.put(s.pointId(), new Target(poller, deviceId, s));
        }
    }

    @Override
    public boolean canWrite(String pointId) {
        Target t = points.get(pointId);
        return t != null && t.spec().table().isWritable();
    }

    @Override
    public boolean submit(WriteIntent intent, Consumer<ActuatorPort.WriteOutcome> onDone) {
        EffectSpec.WriteSpec w = intent.write();
        Target t = points.get(w.pointId());
        if (t == null || !t.spec().table().isWritable()) {
            return false;
        }
        Duration within = Duration.ofNanos(w.withinNanos());
        WriteRequest request;
        try {
            request = WriteRequest.verifiedByEcho(t.deviceId(), t.spec(), w.value(), within);
            if (w.confirm() != null) {
                Target confirm = points.get(w.confirm().pointId());
                if (confirm == null || confirm.poller() != t.poller() || !confirm.deviceId().equals(t.deviceId())) {
                    return false; // a confirmation must come from the same device, read on the same bus thread
                }
                request = request.verifiedBy(confirm.spec(), w.confirm().value(), w.confirm().tolerance());
            }
        } catch (IllegalArgumentException e) {
            return false;
        }
        t.poller().submitWrite(request, o -> onDone.accept(new ActuatorPort.WriteOutcome(
                intent.source(), w.pointId(), o.confirmed(), o.status() + ": " + o.detail())));
        return true;
    }
}
