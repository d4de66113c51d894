package io.podctl.hal.modbus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
    private static final long MS = 1_000_000L;

    /** A generator that always returns {@code u} from nextDouble(). */
    private static RandomGenerator fixed(double u) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return u;
            }
        };
    }

    @ParameterizedTest(name = "failure {0} with u={1}: {2} ms")
    @CsvSource({
        "1, 0.5, 100", "2, 0.5, 200", "3, 0.5, 400", "6, 0.5, 3200", "7, 0.5, 5000", "40, 0.5, 5000",
        "1, 0.0, 80", "1, 1.0, 120", "7, 0.0, 4000", "7, 1.0, 6000"})
    void delayDoublesFromTheMinimumToTheCapWithTwentyPercentJitter(int failures, double u, long expectedMs) {
        Backoff b = new Backoff(100 * MS, 5000 * MS, fixed(u));
        long delay = 0;
        for (int i = 0; i < failures; i++) {
            delay = b.failed(0);
        }
        assertEquals(expectedMs * MS, delay);
    }

    @Test
    void refusesAttemptsUntilTheDelayHasPassedAndResetsOnSuccess() {
        Backoff b = new Backoff(100 * MS, 5000 * MS, fixed(0.5));
        assertTrue(b.mayAttempt(0));
        b.failed(1_000 * MS);
        assertFalse(b.mayAttempt(1_099 * MS));
        assertEquals(1 * MS, b.remainingNanos(1_099 * MS));
        assertTrue(b.mayAttempt(1_100 * MS));
        b.succeeded();
        assertEquals(100 * MS, b.failed(2_000 * MS));
    }
}
