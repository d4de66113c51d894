package io.podctl.hal.sim;

import io.podctl.hal.gpio.GpioPlatform;
import io.podctl.hal.sim.internal.Pi4jMockGpioPlatform;

/**
 * Simulated GPIO: a {@link GpioPlatform} over Pi4J's mock provider, given to the controller, that is also
 * the {@link SimulatedPins} given to the plant. Both act on the same Pi4J mock pins.
 *
 * <p>Threading: as {@link GpioPlatform} and {@link SimulatedPins}.
 */
public interface MockGpioPlatform extends GpioPlatform, SimulatedPins {

    /** A new, independent mock platform with its own Pi4J context (many may exist in one JVM). */
    static MockGpioPlatform create() {
        return new Pi4jMockGpioPlatform();
    }
}
