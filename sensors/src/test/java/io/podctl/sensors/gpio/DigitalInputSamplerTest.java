package io.podctl.sensors.gpio;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.podctl.hal.Clock;
import io.podctl.hal.ManualClock;
import io.podctl.hal.gpio.DigitalIn;
import io.podctl.hal.gpio.GpioException;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DigitalInputSamplerTest {

    /** A pin whose level and failure the test sets. */
    static final class TestPin implements DigitalIn {
        volatile boolean high;
        volatile boolean broken;

        @Override
        public String id() {
            return "test";
        }

        @Override
        public boolean readLevel() {
            if (broken) {
                throw new GpioException("provider failed");
            }
            return high;
        }

        @Override
        public void close() {
        }
    }

    private final SampleBoard board = new SampleBoard(List.of(
            new PointDescriptor("leak", "", Duration.ofMillis(500), true),
            new PointDescriptor("door", "", Duration.ofMillis(500), true)));
    private final Snapshot snap = board.newSnapshot();

    private Snapshot snapshot(long now) {
        board.snapshot(now, snap);
        return snap;
    }

    @Test
    void samplesDebouncesAndReportsProviderFailuresOnItsOwnThread() {
        TestPin leak = new TestPin();
        leak.high = true; // active-low leak cable: high = dry
        TestPin door = new TestPin();
        Clock clock = Clock.system();
        try (DigitalInputSampler sampler = new DigitalInputSampler(List.of(
                new DigitalChannel("leak", leak, true, Duration.ofMillis(20)),
                new DigitalChannel("door", door, false, Duration.ofMillis(20))), board, clock, Duration.ofMillis(5))) {
            sampler.start();
            await().atMost(Duration.ofSeconds(2)).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("gpio-sampler")));

            await().atMost(Duration.ofSeconds(2)).until(() -> snapshot(clock.nanoTime()).isGood(0)
                    && snap.goodValue(0) == 0.0 && snap.isGood(1) && snap.goodValue(1) == 0.0);

            leak.high = false;
            await().atMost(Duration.ofSeconds(2)).until(() -> snapshot(clock.nanoTime()).goodValue(0) == 1.0);

            // No change, yet the sample keeps being refreshed so it never turns stale.
            long first = snapshot(clock.nanoTime()).sampledAtNanos(0);
            await().atMost(Duration.ofSeconds(1)).until(() -> snapshot(clock.nanoTime()).sampledAtNanos(0) > first);
            assertEquals(Quality.GOOD, snap.quality(0));

            leak.broken = true;
            await().atMost(Duration.ofSeconds(2)).until(() -> snapshot(clock.nanoTime()).quality(0) == Quality.COMM_FAIL);
            assertEquals(Quality.GOOD, snap.quality(1));
            leak.broken = false;
            await().atMost(Duration.ofSeconds(2)).until(() -> snapshot(clock.nanoTime()).isGood(0));
        }
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("gpio-sampler") && t.isAlive()));
    }

    @Test
    void chatteringInputTurnsInvalid() {
        ManualClock clock = new ManualClock();
        TestPin pin = new TestPin();
        DigitalInputSampler sampler = new DigitalInputSampler(
                List.of(new DigitalChannel("leak", pin, false, Duration.ofMillis(5))), board, clock,
                Duration.ofMillis(5), 3, Duration.ofSeconds(1));
        // Before the first level has held for the debounce time the point has no data.
        sampler.sampleAll(clock.nanoTime());
        assertEquals(Quality.NO_DATA, snapshot(clock.nanoTime()).quality(0));
        sampler.sampleAll(clock.advance(Duration.ofMillis(5)));
        assertEquals(Quality.GOOD, snapshot(clock.nanoTime()).quality(0));

        // Four accepted changes within a second: more than the limit of 3.
        for (int i = 0; i < 4; i++) {
            pin.high = !pin.high;
            sampler.sampleAll(clock.advance(Duration.ofMillis(5)));
            sampler.sampleAll(clock.advance(Duration.ofMillis(5)));
        }
        assertEquals(Quality.INVALID, snapshot(clock.nanoTime()).quality(0));

        // Quiet for a second: stable again.
        for (int i = 0; i < 210; i++) {
            sampler.sampleAll(clock.advance(Duration.ofMillis(5)));
        }
        assertEquals(Quality.GOOD, snapshot(clock.nanoTime()).quality(0));
    }

    @Test
    void aChangeOfAnUrgentInputWakesWhoAskedOnceAPassAndOtherInputsDoNot() {
        ManualClock clock = new ManualClock();
        TestPin leak = new TestPin();
        leak.high = true;
        TestPin door = new TestPin();
        DigitalInputSampler sampler = new DigitalInputSampler(List.of(
                new DigitalChannel("leak", leak, true, Duration.ofMillis(10)),
                new DigitalChannel("door", door, false, Duration.ofMillis(10))), board, clock, Duration.ofMillis(5));
        AtomicInteger wakes = new AtomicInteger();
        sampler.wakeOnChange(Set.of("leak"), wakes::incrementAndGet);

        sampler.sampleAll(clock.nanoTime());
        assertEquals(1, wakes.get(), "the first sample (NO_DATA) is a change of quality");
        sampler.sampleAll(clock.advance(Duration.ofMillis(10)));
        assertEquals(2, wakes.get(), "GOOD and dry");
        door.high = true;
        sampler.sampleAll(clock.advance(Duration.ofMillis(5)));
        sampler.sampleAll(clock.advance(Duration.ofMillis(10)));
        assertEquals(2, wakes.get(), "the door is not urgent");

        leak.high = false;
        sampler.sampleAll(clock.advance(Duration.ofMillis(5)));
        assertEquals(2, wakes.get(), "not before the debounce time");
        sampler.sampleAll(clock.advance(Duration.ofMillis(10)));
        assertEquals(3, wakes.get(), "the accepted leak");
        assertEquals(1.0, snapshot(clock.nanoTime()).goodValue(0), "published before the wake");
        sampler.sampleAll(clock.advance(Duration.ofMillis(200)));
        assertEquals(3, wakes.get(), "a refresh without a change wakes no one");

        assertThrows(IllegalArgumentException.class, () -> sampler.wakeOnChange(Set.of("smoke"), () -> { }));
    }

    @Test
    void unknownPointIsAConstructionError() {
        assertThrows(IllegalArgumentException.class, () -> new DigitalInputSampler(
                List.of(new DigitalChannel("smoke", new TestPin(), false, Duration.ZERO)), board, Clock.system(),
                Duration.ofMillis(5)));
    }
}
