package io.podctl.hal.watchdog;

import io.podctl.hal.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoftwareWatchdogTest {
    private final ManualClock clock = new ManualClock();
    private final AtomicInteger expiries = new AtomicInteger();

    private SoftwareWatchdog watchdog(Duration timeout) {
        return new SoftwareWatchdog(timeout, expiries::incrementAndGet, clock);
    }

    @Test
    void aWatchdogFedWithinItsTimeoutDoesNotExpire() {
        SoftwareWatchdog dog = watchdog(Duration.ofMillis(100));
        for (int i = 0; i < 50; i++) {
            clock.advance(Duration.ofMillis(99));
            assertFalse(dog.checkNow());
            dog.feed();
        }
        assertEquals(0, expiries.get());
    }

    @Test
    void aWatchdogNotFedForItsTimeoutRunsTheActionExactlyOnce() {
        SoftwareWatchdog dog = watchdog(Duration.ofMillis(100));
        clock.advance(Duration.ofMillis(99));
        assertFalse(dog.checkNow());
        clock.advance(Duration.ofMillis(1));
        assertTrue(dog.checkNow());
        clock.advance(Duration.ofSeconds(5));
        assertTrue(dog.checkNow());
        assertEquals(1, expiries.get());
        assertTrue(dog.isExpired());
    }

    @Test
    void expiryLatchesAndALateFeedDoesNotRearmIt() {
        SoftwareWatchdog dog = watchdog(Duration.ofMillis(100));
        clock.advance(Duration.ofMillis(150));
        dog.checkNow();
        dog.feed();
        assertTrue(dog.checkNow());
        assertEquals(1, expiries.get());
    }

    @Test
    void aClosedWatchdogNeverExpires() {
        SoftwareWatchdog dog = watchdog(Duration.ofMillis(100));
        dog.close();
        clock.advance(Duration.ofSeconds(10));
        assertFalse(dog.checkNow());
        assertEquals(0, expiries.get());
    }

    @Test
    void aFailingActionIsLoggedAndStillCountsAsExpired() {
        SoftwareWatchdog dog = new SoftwareWatchdog(Duration.ofMillis(10), () -> {
            throw new IllegalStateException("relay driver gone");
        }, clock);
        clock.advance(Duration.ofMillis(10));
        assertTrue(dog.checkNow());
        assertTrue(dog.isExpired());
    }

    @Test
    void timeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> watchdog(Duration.ZERO));
    }

    @Test
    void theCheckerThreadRunsTheActionWhenFeedingStops() {
        try (SoftwareWatchdog dog = watchdog(Duration.ofMillis(200)).start()) {
            dog.feed();
            clock.advance(Duration.ofMillis(199));
            dog.feed();
            clock.advance(Duration.ofMillis(250));
            await().atMost(Duration.ofSeconds(2)).until(dog::isExpired);
            assertEquals(1, expiries.get());
        }
    }
}
