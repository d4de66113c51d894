package io.podctl.sensors.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.hal.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DebouncerTest {
    private static final long MS = 1_000_000L;

    /**
     * Each row feeds "time_ms:level" samples (level 1 = active) to a debouncer with a chatter limit of 3 changes
     * per 1000 ms, on a manual clock, and states what it must conclude after the last sample.
     */
    @ParameterizedTest(name = "debounce {0} ms: {1} -> level={2} active={3} unstable={4}")
    @CsvSource(delimiter = '|', textBlock = """
        # debounce | samples                                   | hasLevel | active | unstable
        20 | 0:1                                                | false | false | false
        20 | 0:1 19:1                                           | false | false | false
        20 | 0:1 20:1                                           | true  | true  | false
        20 | 0:1 10:0 25:0 30:1 45:1                            | false | false | false
        20 | 0:0 20:0 30:1 40:0 50:1 60:1 70:1                  | true  | true  | false
        20 | 0:0 20:0 30:1 40:0 50:1 60:1 69:1                  | true  | false | false
        20 | 0:1 20:1 25:0 30:1 45:0 50:1 60:1                  | true  | true  | false
        20 | 0:1 20:1 25:0 44:0 45:0                            | true  | false | false
        0  | 0:1                                                | true  | true  | false
        0  | 0:0 10:1 20:0 30:1                                 | true  | true  | false
        0  | 0:0 10:1 20:0 30:1 40:0                            | true  | false | true
        0  | 0:0 10:1 20:0 30:1 40:0 1009:0                     | true  | false | true
        0  | 0:0 10:1 20:0 30:1 40:0 1010:0                     | true  | false | false
        5  | 0:0 5:0 10:1 15:1 20:0 25:0 30:1 35:1 40:0 45:0    | true  | false | true
        5  | 0:0 5:0 10:1 12:0 14:1 16:0 18:1 20:0 22:1 24:0    | true  | false | false
        """)
    void debouncesAndDetectsChatter(long debounceMs, String samples, boolean hasLevel, boolean active, boolean unstable) {
        ManualClock clock = new ManualClock();
        Debouncer d = new Debouncer(debounceMs * MS, 3, 1000 * MS);
        for (String s : samples.trim().split("\\s+")) {
            String[] tv = s.split(":");
            clock.advanceTo(Long.parseLong(tv[0]) * MS);
            d.sample(tv[1].equals("1"), clock.nanoTime());
        }
        assertEquals(hasLevel, d.hasLevel(), "hasLevel");
        if (hasLevel) {
            assertEquals(active, d.active(), "active");
        }
        assertEquals(unstable, d.unstable(), "unstable");
    }

    @Test
    void afterResetTheLevelMustBeConfirmedAgain() {
        ManualClock clock = new ManualClock();
        Debouncer d = new Debouncer(20 * MS, 3, 1000 * MS);
        d.sample(true, clock.nanoTime());
        d.sample(true, clock.advance(Duration.ofMillis(20)));
        assertTrue(d.hasLevel());
        d.reset();
        assertFalse(d.hasLevel());
        d.sample(true, clock.advance(Duration.ofMillis(5)));
        assertFalse(d.hasLevel());
        d.sample(true, clock.advance(Duration.ofMillis(20)));
        assertTrue(d.hasLevel());
        assertTrue(d.active());
    }
}
