package io.podctl.controller.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.testing.MemoryOut;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputFeedbackTest {
    private static final long MS = 1_000_000L;
    private static final String ALARM = "output.rack1.power.feedback";

    private final SampleBoard board = new SampleBoard(List.of(
            new PointDescriptor("rack1.closed", "", Duration.ofSeconds(1), true)));
    private final Snapshot snapshot = board.newSnapshot();
    private final MemoryOut pin = new MemoryOut("rack1.power");
    private final OutputBank outputs = new OutputBank(List.of(pin));
    private final OutputFeedback feedback = new OutputFeedback(List.of(
            new OutputFeedback.Wiring(0, "rack1.power", 0, "rack1.closed", 500 * MS)));
    /** Active alarms: id to message. */
    private final Map<String, String> active = new LinkedHashMap<>();
    private final List<String> log = new ArrayList<>();
    private final OutputFeedback.Alarms alarms = new OutputFeedback.Alarms() {
        @Override
        public void raise(String id, String description, String message) {
            active.put(id, message);
            log.add("raise " + id);
        }

        @Override
        public void clear(String id) {
            active.remove(id);
            log.add("clear " + id);
        }
    };

    /** One cycle at {@code ms}: the loop commands {@code energize}, the contact reads {@code closed}. */
    private void cycle(long ms, boolean energize, double closed, Quality quality) {
        board.publish(0, closed, quality, ms * MS, 0);
        board.snapshot(ms * MS, snapshot);
        outputs.apply(0, energize);
        feedback.check(snapshot, outputs, ms * MS, alarms);
    }

    @Test
    void aContactThatFollowsWithinTheFollowTimeRaisesNothing() {
        cycle(0, false, 0, Quality.GOOD);
        cycle(100, true, 0, Quality.GOOD);   // commanded; the contactor closes 300 ms later
        cycle(400, true, 1, Quality.GOOD);
        cycle(500, false, 1, Quality.GOOD);  // commanded off; opens within 400 ms
        cycle(900, false, 0, Quality.GOOD);
        assertTrue(log.isEmpty(), log.toString());
    }

    @Test
    void aWeldedContactorRaisesTheAlarmAfterTheFollowTimeAndClearsWhenItOpens() {
        cycle(0, true, 1, Quality.GOOD);
        cycle(100, false, 1, Quality.GOOD);
        cycle(599, false, 1, Quality.GOOD);
        assertTrue(active.isEmpty(), "still within the follow time");
        cycle(600, false, 1, Quality.GOOD);
        assertTrue(active.get(ALARM).contains("commanded de-energized but its feedback rack1.closed still reads "
                + "energized after 500 ms"), active.toString());
        cycle(700, false, 1, Quality.GOOD);
        assertEquals(List.of("raise " + ALARM), log, "raised once, not every cycle");
        cycle(800, false, 0, Quality.GOOD);
        assertTrue(active.isEmpty());
    }

    @Test
    void aContactorThatDoesNotCloseRaisesTheAlarm() {
        cycle(0, false, 0, Quality.GOOD);
        cycle(100, true, 0, Quality.GOOD);
        cycle(600, true, 0, Quality.GOOD);
        assertTrue(active.get(ALARM).contains("commanded energized but its feedback rack1.closed still reads "
                + "de-energized"), active.toString());
    }

    @Test
    void theFollowTimeRestartsWithEveryCommandChange() {
        cycle(0, false, 0, Quality.GOOD);
        cycle(100, true, 0, Quality.GOOD);   // disagrees from 100
        cycle(400, false, 0, Quality.GOOD);  // agrees again
        cycle(450, true, 0, Quality.GOOD);   // a new command: its own 500 ms
        cycle(900, true, 0, Quality.GOOD);
        assertTrue(active.isEmpty(), "450 + 500 not yet reached: " + active);
        cycle(950, true, 0, Quality.GOOD);
        assertTrue(active.containsKey(ALARM));
    }

    @Test
    void anUnreadableFeedbackIsAnAlarmToo() {
        cycle(0, false, 0, Quality.GOOD);
        cycle(100, false, 0, Quality.COMM_FAIL);
        cycle(600, false, 0, Quality.COMM_FAIL);
        assertTrue(active.get(ALARM).contains("rack1.closed is COMM_FAIL"), active.toString());
        cycle(700, false, 0, Quality.GOOD);
        assertTrue(active.isEmpty());
    }
}
