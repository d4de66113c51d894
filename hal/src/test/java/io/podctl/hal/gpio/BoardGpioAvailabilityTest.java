package io.podctl.hal.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether the board's GPIO can be used is told before Pi4J starts, in words that name what is missing. */
class BoardGpioAvailabilityTest {
    @TempDir
    Path dev;

    @Test
    void withoutAGpioCharacterDeviceTheBoardGpioIsUnavailable() throws Exception {
        Files.createFile(dev.resolve("ttyUSB0"));
        String why = Pi4jGpio.whyUnavailable(dev).orElseThrow();
        assertTrue(why.contains("no GPIO on this machine") && why.contains("gpiochip*"), why);
    }

    @Test
    void aChipThisUserMayOpenIsEnough() throws Exception {
        Files.createFile(dev.resolve("gpiochip0"));
        assertEquals(Optional.empty(), Pi4jGpio.whyUnavailable(dev));
    }

    /** This machine (a build host) has no GPIO: the board platform refuses at once, before Pi4J. */
    @Test
    void theBoardPlatformOnAMachineWithoutGpioSaysSo() {
        assumeTrue(Pi4jGpio.whyUnavailable(Pi4jGpio.DEVICES).isPresent(), "this machine has GPIO: nothing to refuse");
        GpioUnavailableException e = assertThrows(GpioUnavailableException.class, Pi4jGpio::board);
        assertTrue(e.getMessage().startsWith("no GPIO"), e.getMessage());
    }
}
