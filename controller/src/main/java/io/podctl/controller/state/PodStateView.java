package io.podctl.controller.state;

import io.podctl.controller.safety.AlarmView;
import io.podctl.controller.safety.TripView;
import io.podctl.sensors.DeviceStatus;
import java.time.Instant;
import java.util.List;

/**
 * The whole visible state of the pod at one cycle, as published on {@code {root}/state} and shown by the
 * status view. Immutable; built by the loop thread when something changes, then handed to other threads.
 *
 * @param mode              operating mode
 * @param modeReason        why the pod is in this mode
 * @param time              wall-clock time of the cycle
 * @param safetyInputsGood  whether every safety input is GOOD
 * @param trips             latched trips
 * @param alarms            alarms that are not NORMAL
 * @param outputs           every output
 * @param devices           every device's health
 * @param loop              loop timing
 */
public record PodStateView(PodMode mode, String modeReason, Instant time, boolean safetyInputsGood,
                           List<TripView> trips, List<AlarmView> alarms, List<OutputView> outputs,
                           List<DeviceStatus> devices, LoopTimingView loop) {
    public PodStateView {
        trips = List.copyOf(trips);
        alarms = List.copyOf(alarms);
        outputs = List.copyOf(outputs);
        devices = List.copyOf(devices);
    }
}
