package io.podctl.controller.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.hal.Clock;
import io.podctl.hal.ManualClock;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Point telemetry follows the board: no control loop runs in these tests. */
class PointTelemetryTest {
    /** What the sink saw: point index, value, quality, whether part of a full re-publication. */
    private record Seen(int index, double value, Quality quality, boolean all) {
    }

    private final SampleBoard board = new SampleBoard(List.of(
            new PointDescriptor("a", "degC", Duration.ofSeconds(5), false),
            new PointDescriptor("b", "kPa", Duration.ofSeconds(5), false)));
    private final LinkedBlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private PointTelemetry telemetry;

    private PointTelemetry start(Clock clock, Duration scan) {
        telemetry = new PointTelemetry(board, List.of(), (s, i, all) ->
                seen.add(new Seen(i, s.lastValue(i), s.quality(i), all)), clock, scan);
        telemetry.start();
        return telemetry;
    }

    @AfterEach
    void stop() {
        if (telemetry != null) {
            telemetry.close();
        }
    }

    private Seen next() throws InterruptedException {
        Seen s = seen.poll(30, TimeUnit.SECONDS);
        assertTrue(s != null, "nothing published within 30 s");
        return s;
    }

    /** Drains the first pass (every point NO_DATA, then whatever arrived). */
    private void drainStart() {
        await().atMost(Duration.ofSeconds(30)).until(() -> telemetry.passes() > 0);
        seen.clear();
    }

    @Test
    void aChangePublishesWithoutWaitingForTheScanInterval() throws InterruptedException {
        start(Clock.system(), Duration.ofHours(1)); // only a change can wake it in time
        drainStart();
        long before = telemetry.passes();
        board.publish(0, 21.5, Quality.GOOD, System.nanoTime(), 0);
        Seen s = next();
        assertEquals(new Seen(0, 21.5, Quality.GOOD, false), s);
        // the pass is counted once it has finished, after its publications
        await().atMost(Duration.ofSeconds(30)).until(() -> telemetry.passes() > before);
    }

    @Test
    void anUnchangedSampleDoesNotPublishAgain() throws InterruptedException {
        start(Clock.system(), Duration.ofHours(1));
        drainStart();
        board.publish(0, 1.0, Quality.GOOD, System.nanoTime(), 0);
        assertEquals(1.0, next().value());
        board.publish(0, 1.0, Quality.GOOD, System.nanoTime(), 0); // same value: no signal, nothing due
        board.publish(1, 7.0, Quality.GOOD, System.nanoTime(), 0);
        Seen s = next();
        assertEquals(1, s.index(), "only point b changed");
        assertTrue(seen.isEmpty());
    }

    @Test
    void valuesOfOnePointLeaveInTheOrderTheyWereRead() throws InterruptedException {
        start(Clock.system(), Duration.ofHours(1));
        drainStart();
        List<Double> published = new ArrayList<>();
        for (int v = 1; v <= 2000; v++) {
            board.publish(0, v, Quality.GOOD, System.nanoTime(), 0);
        }
        do {
            published.add(next().value());
        } while (published.getLast() != 2000.0);
        for (int i = 1; i < published.size(); i++) {
            assertTrue(published.get(i) > published.get(i - 1), "out of order at " + i + ": " + published);
        }
    }

    @Test
    void republishAllSendsEveryPointAsAFullSet() throws InterruptedException {
        start(Clock.system(), Duration.ofHours(1));
        drainStart();
        telemetry.republishAll();
        Seen a = next();
        Seen b = next();
        assertEquals(List.of(0, 1), List.of(a.index(), b.index()));
        assertTrue(a.all() && b.all());
    }

    @Test
    void aSampleGoingStaleIsPublishedByTheScanWithoutAnyWrite() throws InterruptedException {
        ManualClock clock = new ManualClock();
        start(clock, Duration.ofMillis(20));
        drainStart();
        board.publish(0, 3.0, Quality.GOOD, clock.nanoTime(), 0);
        assertEquals(Quality.GOOD, next().quality());
        clock.advance(Duration.ofSeconds(6)); // beyond the 5 s staleness limit; no poller writes
        Seen s = next();
        assertEquals(new Seen(0, 3.0, Quality.STALE, false), s);
    }
}
