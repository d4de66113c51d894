package io.podctl.hal.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.podctl.hal.ManualClock;
import io.podctl.hal.watchdog.Watchdog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** WATCHDOG=1 goes out only from feeds, at most once per interval; the inner watchdog is fed every time. */
class ServiceWatchdogTest {
    private final ManualClock clock = new ManualClock();
    private final List<String> sent = new ArrayList<>();
    private int innerFeeds;
    private final Watchdog inner = new Watchdog() {
        @Override
        public void feed() {
            innerFeeds++;
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(15);
        }

        @Override
        public void close() {
        }
    };

    private ServiceNotifier manager(Duration timeout) {
        return new ServiceNotifier() {
            @Override
            public void send(String assignments) {
                sent.add(assignments);
            }

            @Override
            public Optional<Duration> watchdogTimeout() {
                return Optional.ofNullable(timeout);
            }

            @Override
            public String describe() {
                return "test";
            }
        };
    }

    @Test
    void pingsAtHalfTheManagersTimeoutWhileFed() {
        Watchdog w = ServiceWatchdog.around(inner, manager(Duration.ofSeconds(2)), clock);
        for (int cycle = 0; cycle < 30; cycle++) { // 3 s of 100 ms cycles
            w.feed();
            clock.advance(Duration.ofMillis(100));
        }
        assertEquals(30, innerFeeds);
        assertEquals(List.of("WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1"), sent); // at 0, 1 s and 2 s
        assertEquals(Duration.ofSeconds(15), w.timeout());
    }

    @Test
    void aLoopThatStopsFeedingStopsThePings() {
        Watchdog w = ServiceWatchdog.around(inner, manager(Duration.ofSeconds(2)), clock);
        w.feed();
        clock.advance(Duration.ofSeconds(10)); // stalled: nobody feeds, nothing is sent
        assertEquals(1, sent.size());
        w.feed();
        assertEquals(2, sent.size());
    }

    @Test
    void withoutAManagerWatchdogTheInnerOneIsUsedAsIs() {
        assertSame(inner, ServiceWatchdog.around(inner, manager(null), clock));
    }
}
