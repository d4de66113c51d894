package io.podctl.controller.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podctl.config.LoopConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The service watchdog that fits a loop: twice its stall bound, which is the stall timeout or three periods. */
class ServiceWatchdogFitTest {

    @Test
    void theDefaultLoopWantsTwoSecondsAsTheShippedUnitSets() {
        assertEquals(Duration.ofSeconds(1), ServiceWatchdogFit.stallBound(LoopConfig.DEFAULT));
        assertEquals(Duration.ofSeconds(2), ServiceWatchdogFit.recommended(LoopConfig.DEFAULT));
    }

    @Test
    void aSlowLoopsBoundIsThreePeriods() {
        LoopConfig slow = new LoopConfig(Duration.ofSeconds(1), null, Duration.ofMillis(500));
        assertEquals(Duration.ofSeconds(3), ServiceWatchdogFit.stallBound(slow));
        assertEquals(Duration.ofSeconds(6), ServiceWatchdogFit.recommended(slow));
    }

    @Test
    void aLongerStallTimeoutWantsALongerWatchdog() {
        LoopConfig lenient = new LoopConfig(Duration.ofMillis(100), null, Duration.ofSeconds(2));
        assertEquals(Duration.ofSeconds(4), ServiceWatchdogFit.recommended(lenient));
    }
}
