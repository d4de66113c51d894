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
    /** The thread each publication of {@link #seen} ran on, in the same order. */
    private final LinkedBlockingQueue<String> threads = new LinkedBlockingQueue<>();
    private PointTelemetry telemetry;

    private PointTelemetry start(Clock clock, Duration scan) {
        telemetry = new PointTelemetry(board, List.of(), (s, i, all) -> {
            threads.add(Thread.currentThread().getName());
            seen.add(new Seen(i, s.lastValue(i), s.quality(i), all));
        }, clock, scan);
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
        threads.clear();
    }

    /** Waits until the telemetry thread sleeps (no pass running), so that a batch's pass runs on its writer. */
    private static void awaitTelemetryIdle() {
        await().atMost(Duration.ofSeconds(30)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("point-telemetry") && t.getState() == Thread.State.TIMED_WAITING));
    }

    @Test
    void aPollersBatchIsPublishedOnThePollersThreadBeforeItGoesOn() throws Exception {
        start(Clock.system(), Duration.ofHours(1));
        drainStart();
        awaitTelemetryIdle();
        List<Seen> during = new ArrayList<>();
        Thread poller = Thread.ofPlatform().name("poll-test").start(() -> {
            long now = System.nanoTime();
            board.update(0, 4.0, Quality.GOOD, now, 0);
            board.update(1, 5.0, Quality.COMM_FAIL, now, 0);
            board.batchChanged();
            seen.drainTo(during); // already published when batchChanged returns
        });
        poller.join(30_000);
        assertEquals(List.of(new Seen(0, 4.0, Quality.GOOD, false), new Seen(1, 5.0, Quality.COMM_FAIL, false)),
                during);
        assertEquals(List.of("poll-test", "poll-test"), List.copyOf(threads));
    }

    @Test
    void batchesOfSeveralPollersLoseNothingAndKeepEachPointsOrder() throws Exception {
        start(Clock.system(), Duration.ofHours(1));
        drainStart();
        int last = 3000;
        List<Thread> pollers = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            int index = p;
            pollers.add(Thread.ofPlatform().name("poll-" + p).start(() -> {
                for (int v = 1; v <= last; v++) {
                    if (board.update(index, v, Quality.GOOD, System.nanoTime(), 0)) {
                        board.batchChanged();
                    }
                }
            }));
        }
        for (Thread t : pollers) {
            t.join(30_000);
        }
        List<List<Double>> published = List.of(new ArrayList<>(), new ArrayList<>());
        while (published.get(0).isEmpty() || published.get(0).getLast() != last
                || published.get(1).isEmpty() || published.get(1).getLast() != last) {
            Seen s = next();
            published.get(s.index()).add(s.value());
        }
        for (List<Double> values : published) {
            for (int i = 1; i < values.size(); i++) {
                assertTrue(values.get(i) > values.get(i - 1), "out of order at " + i + ": " + values);
            }
        }
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
