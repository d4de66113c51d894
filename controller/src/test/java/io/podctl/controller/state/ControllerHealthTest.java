package io.podctl.controller.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.hal.ManualClock;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Readiness and liveness, as every probe sees them. */
class ControllerHealthTest {
    private final ManualClock clock = new ManualClock();
    private final SampleBoard board = new SampleBoard(List.of(
            new PointDescriptor("leak.rack1", "", Duration.ofSeconds(1), true),
            new PointDescriptor("cdu.flow", "L/min", Duration.ofSeconds(1), false),
            new PointDescriptor("meter.power", "W", Duration.ofSeconds(1), false)));
    private final Snapshot snapshot = board.newSnapshot();
    // leak.rack1 and cdu.flow are safety inputs; meter.power is not.
    private final ControllerHealth health = new ControllerHealth(clock, new int[] {0, 1},
            List.of("leak.rack1", "cdu.flow", "meter.power"), Duration.ofSeconds(1));

    @Test
    void aSafetyInputWhoseDeviceFailedIsJudgedAndATrippedPodIsReady() {
        board.publish(0, 0, Quality.GOOD, clock.nanoTime(), 1);
        cycle(PodMode.STARTING);
        assertEquals("waiting for safety input cdu.flow (no data yet)", health.readiness().reason());

        board.publish(1, Double.NaN, Quality.COMM_FAIL, clock.nanoTime(), 1); // the CDU did not answer
        cycle(PodMode.TRIPPED);
        assertTrue(health.readiness().ok(), health.readiness().reason());
        assertTrue(health.liveness().ok());
    }

    @Test
    void shuttingDownIsNotReadyAndAStalledLoopIsNeitherAliveNorReady() {
        board.publish(0, 0, Quality.GOOD, clock.nanoTime(), 1);
        board.publish(1, 300, Quality.GOOD, clock.nanoTime(), 1);
        cycle(PodMode.SHUTDOWN);
        assertEquals("shutting down", health.readiness().reason());

        cycle(PodMode.RUNNING);
        assertTrue(health.readiness().ok());
        clock.advance(Duration.ofMillis(1001));
        assertFalse(health.liveness().ok());
        assertFalse(health.readiness().ok());
        assertEquals(1_001_000_000L, health.nanosSinceLastCycle());
    }

    @Test
    void beforeTheFirstCycleNothingIsAlive() {
        assertEquals("no control cycle has run yet", health.liveness().reason());
        assertEquals(-1, health.nanosSinceLastCycle());
    }

    private void cycle(PodMode mode) {
        board.snapshot(clock.nanoTime(), snapshot);
        health.onSnapshot(snapshot);
        health.onState(new PodStateView(mode, "test", Instant.EPOCH, false, List.of(), List.of(), List.of(),
                List.of(), new LoopTimingView(100_000, 1, 0, 1, 1, 1, 1, 1, "INPUTS"), "", List.of(), List.of(),
                List.of(), List.of(), Double.POSITIVE_INFINITY, List.of()));
    }
}
