package io.podctl.controller.safety;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The on- and off-delays of one condition, with time as plain nanoseconds. */
class LimitMonitorTest {
    private static final long S = 1_000_000_000L;
    private final LimitMonitor monitor = new LimitMonitor();

    @Test
    void becomesActiveOnlyAfterTheConditionWasPresentForTheOnDelay() {
        assertFalse(monitor.update(true, 0, 2 * S, 0));
        assertFalse(monitor.active());
        assertTrue(monitor.present(), "present while waiting for the on-delay");
        assertFalse(monitor.update(true, 2 * S - 1, 2 * S, 0));
        assertTrue(monitor.update(true, 2 * S, 2 * S, 0), "the change is reported once");
        assertTrue(monitor.active());
        assertFalse(monitor.update(true, 3 * S, 2 * S, 0));
    }

    @Test
    void aConditionThatGoesAwayDuringTheOnDelayStartsItsDelayAgain() {
        monitor.update(true, 0, 2 * S, 0);
        monitor.update(false, S, 2 * S, 0);
        assertFalse(monitor.present());
        monitor.update(true, 2 * S, 2 * S, 0);
        assertFalse(monitor.update(true, 3 * S, 2 * S, 0), "the delay counts from the second appearance");
        assertTrue(monitor.update(true, 4 * S, 2 * S, 0));
    }

    @Test
    void becomesInactiveOnlyAfterTheConditionWasAbsentForTheOffDelay() {
        monitor.update(true, 0, 0, 5 * S);
        assertTrue(monitor.active());
        assertFalse(monitor.update(false, S, 0, 5 * S));
        assertTrue(monitor.active(), "still active during the off-delay");
        assertFalse(monitor.present(), "but no longer present");
        assertFalse(monitor.update(true, 2 * S, 0, 5 * S), "a return during the off-delay keeps it active");
        assertTrue(monitor.present());
        monitor.update(false, 3 * S, 0, 5 * S);
        assertFalse(monitor.update(false, 8 * S - 1, 0, 5 * S), "the off-delay counts from the last absence");
        assertTrue(monitor.update(false, 8 * S, 0, 5 * S));
        assertFalse(monitor.active());
    }

    @Test
    void zeroDelaysFollowTheConditionInTheSameCall() {
        assertTrue(monitor.update(true, 10, 0, 0));
        assertTrue(monitor.update(false, 10, 0, 0));
        assertFalse(monitor.active());
    }

    @Test
    void clearForgetsTheStateAndAnyPendingDelay() {
        monitor.update(true, 0, 0, 0);
        monitor.update(false, S, 0, 10 * S);
        monitor.clear();
        assertFalse(monitor.active());
        assertFalse(monitor.present());
        monitor.update(true, 2 * S, 3 * S, 0);
        monitor.clear();
        assertFalse(monitor.update(true, 5 * S, 3 * S, 0), "the on-delay starts again after clear");
        assertTrue(monitor.update(true, 8 * S, 3 * S, 0));
    }
}
