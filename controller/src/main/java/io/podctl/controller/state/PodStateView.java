package io.podctl.controller.state;

import io.podctl.controller.safety.AlarmView;
import io.podctl.controller.safety.Exemption;
import io.podctl.controller.safety.TripView;
import io.podctl.hal.clock.ClockSync;
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
 * @param maintenance       why the pod is in maintenance, empty when it is not
 * @param bypasses          bypassed trips (always visible)
 * @param overrides         forced outputs (maintenance only)
 * @param permissives       proven permissives
 * @param effects           effects acting now
 * @param availablePowerW   power the pod can carry now (the lowest known of {@code powerLimits}), W; +infinity when
 *                          unlimited
 * @param shedRacks         racks shed now
 * @param powerLimits       what limits the power now (site budget, cooling, acting derate effects), and why
 * @param clock             whether the wall clock is synchronized (the latest reading), or null when not watched
 */
public record PodStateView(PodMode mode, String modeReason, Instant time, boolean safetyInputsGood,
                           List<TripView> trips, List<AlarmView> alarms, List<OutputView> outputs,
                           List<DeviceStatus> devices, LoopTimingView loop, String maintenance,
                           List<Exemption> bypasses, List<Exemption> overrides, List<String> permissives,
                           List<String> effects, double availablePowerW, List<String> shedRacks,
                           List<PowerLimit> powerLimits, ClockSync clock) {
    public PodStateView {
        powerLimits = List.copyOf(powerLimits);
        bypasses = List.copyOf(bypasses);
        overrides = List.copyOf(overrides);
        permissives = List.copyOf(permissives);
        effects = List.copyOf(effects);
        shedRacks = List.copyOf(shedRacks);
        trips = List.copyOf(trips);
        alarms = List.copyOf(alarms);
        outputs = List.copyOf(outputs);
        devices = List.copyOf(devices);
    }

    /** A state without the reasons of the power limit and without the clock's state. */
    public PodStateView(PodMode mode, String modeReason, Instant time, boolean safetyInputsGood,
                        List<TripView> trips, List<AlarmView> alarms, List<OutputView> outputs,
                        List<DeviceStatus> devices, LoopTimingView loop, String maintenance,
                        List<Exemption> bypasses, List<Exemption> overrides, List<String> permissives,
                        List<String> effects, double availablePowerW, List<String> shedRacks) {
        this(mode, modeReason, time, safetyInputsGood, trips, alarms, outputs, devices, loop, maintenance, bypasses,
                overrides, permissives, effects, availablePowerW, shedRacks, List.of(), null);
    }
}
