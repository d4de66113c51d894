package io.podctl.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rate of change over a sliding window, in unit per minute, fed once per 1-second cycle. */
class RateTrackerTest {
    private static final long S = 1_000_000_000L;
    private static final long WINDOW = 60 * S;

    private final RateTracker tracker = new RateTracker(WINDOW, 62);

    @Test
    void noRateUntilTheHistoryCoversNinetyPercentOfTheWindow() {
        for (int t = 0; t < 54; t++) {
            assertTrue(Double.isNaN(tracker.add(t * S, t)), "second " + t);
        }
        assertEquals(60.0, tracker.add(54 * S, 54), 1e-9, "54 s of history, rising 1 unit/s");
    }

    @Test
    void measuresOverTheWindowOnlyAndShowsAFallAsNegative() {
        for (int t = 0; t <= 60; t++) {
            tracker.add(t * S, 100);
        }
        assertEquals(0.0, tracker.add(61 * S, 100), 1e-9);
        // From here the value falls 2 units a second; the window still holds flat samples at first.
        double rate = Double.NaN;
        for (int t = 62; t <= 130; t++) {
            rate = tracker.add(t * S, 100 - 2.0 * (t - 61));
        }
        assertEquals(-120.0, rate, 1e-9, "only the last 60 s count once the flat samples left the window");
    }

    @Test
    void resetForgetsTheHistorySoNoRateSpansAGap() {
        for (int t = 0; t <= 60; t++) {
            tracker.add(t * S, t);
        }
        tracker.reset();
        assertTrue(Double.isNaN(tracker.add(61 * S, 1000)), "one sample after a reset has no rate");
        for (int t = 62; t < 115; t++) {
            assertTrue(Double.isNaN(tracker.add(t * S, 1000)));
        }
        assertEquals(0.0, tracker.add(115 * S, 1000), 1e-9, "a new history of 54 s");
    }

    @Test
    void aHistoryOlderThanTheWindowIsNoRate() {
        tracker.add(0, 5);
        assertTrue(Double.isNaN(tracker.add(2 * WINDOW, 5)), "the only older sample lies outside the window");
    }
}
