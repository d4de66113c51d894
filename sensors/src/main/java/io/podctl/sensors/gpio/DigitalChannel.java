package io.podctl.sensors.gpio;

import io.podctl.hal.gpio.DigitalIn;
import java.time.Duration;
import java.util.Objects;

/**
 * One GPIO input sampled onto the board.
 *
 * @param pointId   point id on the {@link io.podctl.sensors.SampleBoard}
 * @param input     the pin
 * @param activeLow true when a low level means "active" (e.g. a normally-closed loop to ground that opens on
 *                  alarm reads high when broken: wire it so that the broken state is the alarm state)
 * @param debounce  how long a new level must hold before it is accepted; ≥ 0
 */
public record DigitalChannel(String pointId, DigitalIn input, boolean activeLow, Duration debounce) {
    public DigitalChannel {
        Objects.requireNonNull(pointId, "pointId");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(debounce, "debounce");
        if (debounce.isNegative()) {
            throw new IllegalArgumentException(pointId + ": negative debounce");
        }
    }
}
