package io.podctl.hal.gpio;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class Pi4jGpioTest {

    /**
     * On a Raspberry Pi the gpiod platform provisions a pin; anywhere else the provider's failure must
     * arrive as a GpioException, not as a Pi4J exception or a linkage error that escapes the HAL.
     */
    @Test
    void boardPlatformProvisionsOrFailsWithAGpioException() {
        try (GpioPlatform board = Pi4jGpio.board()) {
            assertEquals("pi4j gpiod", board.describe());
            DigitalOut out = board.output(new OutputPinSpec("probe", 21, false));
            assertFalse(out.readBackEnergized());
        } catch (GpioException expectedOffBoard) {
            // The HAL's own exception (GpioUnavailableException on a machine without GPIO), never a Pi4J one.
            assertEquals(GpioException.class.getPackageName(), expectedOffBoard.getClass().getPackageName());
        }
    }
}
