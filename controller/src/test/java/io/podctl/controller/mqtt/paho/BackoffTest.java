package io.podctl.controller.mqtt.paho;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    /** A generator whose nextDouble() is always {@code value}. */
    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    private static long ms(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    @Test
    void withoutJitterDelaysDoubleFromMinUpToTheCap() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), fixed(0.5));
        long[] expected = {1000, 2000, 4000, 8000, 16000, 30000, 30000};
        for (long e : expected) {
            assertEquals(e, ms(b.nextDelayNanos()));
        }
    }

    @Test
    void jitterSpreadsEachDelayByTwentyPercentButNeverAboveTheCap() {
        Backoff low = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), fixed(0.0));
        Backoff high = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), fixed(0.999_999));
        assertEquals(800, ms(low.nextDelayNanos()));
        assertEquals(1199, ms(high.nextDelayNanos()));
        for (int i = 0; i < 10; i++) {
            low.nextDelayNanos();
            assertTrue(ms(high.nextDelayNanos()) <= 30_000);
        }
        assertEquals(24_000, ms(low.nextDelayNanos()), "at the cap: 30 s - 20 %");
        assertEquals(30_000, ms(high.nextDelayNanos()), "at the cap: clamped, not 36 s");
    }

    @Test
    void aResetStartsAgainFromTheMinimum() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), fixed(0.5));
        b.nextDelayNanos();
        b.nextDelayNanos();
        b.reset();
        assertEquals(100, ms(b.nextDelayNanos()));
    }

    @Test
    void realJitterStaysWithinBounds() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), RandomGenerator.getDefault());
        long base = 1000;
        for (int i = 0; i < 20; i++) {
            long d = ms(b.nextDelayNanos());
            assertTrue(d >= base * 0.8 - 1 && d <= Math.min(30_000, base * 1.2), "delay " + d + " around " + base);
            base = Math.min(30_000, base * 2);
        }
    }

    @Test
    void rejectsAZeroMinimumOrACapBelowIt() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), fixed(0)));
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), fixed(0)));
    }
}
