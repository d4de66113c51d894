package io.podctl.hal.gpio;

import java.util.Objects;

/**
 * One GPIO input pin as the hardware sees it. Meaning (active-low, debounce, supervision) is applied above
 * the HAL, on the raw level.
 *
 * @param id   a name for logs, unique on the platform
 * @param pin  BCM pin number (Pi4J {@code .address(n)})
 * @param pull bias resistor
 */
public record InputPinSpec(String id, int pin, Pull pull) {
    public InputPinSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pull, "pull");
        if (pin < 0 || pin > 63) {
            throw new IllegalArgumentException("BCM pin out of range: " + pin);
        }
    }
}
