package io.podctl.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClockTest {
    @Test
    void manualWallMillisIsNowInEpochMillisAtEveryStep() {
        ManualClock clock = new ManualClock(-5_000_000_123L, Instant.parse("2026-03-01T12:00:00.000999999Z"));
        for (long step : new long[] {0, 1, 1, 999_999, 1_000_000, 123_456_789, 3_600_000_000_000L}) {
            clock.advance(Duration.ofNanos(step));
            assertEquals(clock.now().toEpochMilli(), clock.wallMillis(), "after " + step + " ns");
        }
    }

    @Test
    void systemWallMillisFollowsTheWallClock() {
        long before = System.currentTimeMillis();
        long wall = Clock.system().wallMillis();
        assertTrue(wall >= before && wall <= System.currentTimeMillis());
    }
}
