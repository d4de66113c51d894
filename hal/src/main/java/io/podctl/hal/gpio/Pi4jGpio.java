package io.podctl.hal.gpio;

import io.podctl.hal.gpio.internal.Pi4jGpioPlatform;

/**
 * Factories for {@link GpioPlatform}s over Pi4J 3. Each call builds its own Pi4J context with an explicit
 * provider (never Pi4J's auto-detection). The simulated platform, over Pi4J's mock provider, is
 * {@code io.podctl.hal.sim.MockGpioPlatform#create()}.
 */
public final class Pi4jGpio {
    private Pi4jGpio() {
    }

    /**
     * The GPIO of a Raspberry Pi through the Linux GPIO character device (Pi4J's gpiod provider). Pins are
     * BCM numbers. Call once per process: the gpiod plugin keeps one process-wide chip handle.
     *
     * @throws GpioException when the gpiod provider cannot start (not a Pi, no access to /dev/gpiochip*)
     */
    public static GpioPlatform board() {
        return Pi4jGpioPlatform.gpiod();
    }
}
