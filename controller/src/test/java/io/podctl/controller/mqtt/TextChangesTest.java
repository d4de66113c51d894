package io.podctl.controller.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podctl.hal.ManualClock;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.TextBoard;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextChangesTest {
    private final ManualClock clock = new ManualClock();
    private final TextBoard board = new TextBoard(List.of(
            new PointDescriptor("cdu.serialNumber", "", Duration.ofMinutes(3), false),
            new PointDescriptor("cdu.firmwareVersion", "", Duration.ofMinutes(3), false),
            new PointDescriptor("meter.serial", "", Duration.ofMinutes(3), false)));
    private final TextChanges changes = new TextChanges(board, clock);

    private List<String> due(boolean all) {
        return changes.due(all).stream().map(d -> d.point().id() + "=" + d.sample().text() + "/" + d.sample().quality())
                .toList();
    }

    @Test
    void eachPointOnFirstSightThenOnlyWhenItsTextOrQualityChanges() {
        assertEquals(List.of("cdu.serialNumber=null/NO_DATA", "cdu.firmwareVersion=null/NO_DATA",
                "meter.serial=null/NO_DATA"), due(false));
        assertEquals(List.of(), due(false), "nothing changed");

        board.publish(0, "PCDU-0412", Quality.GOOD, clock.nanoTime(), 0);
        assertEquals(List.of("cdu.serialNumber=PCDU-0412/GOOD"), due(false));
        board.publish(0, "PCDU-0412", Quality.GOOD, clock.nanoTime(), 0);
        assertEquals(List.of(), due(false), "the same text read again is not news");

        board.publish(0, null, Quality.COMM_FAIL, clock.nanoTime(), 0);
        assertEquals(List.of("cdu.serialNumber=null/COMM_FAIL"), due(false));
    }

    @Test
    void turningStaleIsAChangeAndARebirthSendsEverything() {
        board.publish(1, "2.4.1", Quality.GOOD, clock.nanoTime(), 0);
        due(false);
        clock.advance(Duration.ofMinutes(3).plusMillis(1));

        assertEquals(List.of("cdu.firmwareVersion=null/STALE"), due(false));
        assertEquals(3, due(true).size());
    }

    @Test
    void aDevicesBirthTakesItsTextAndCountsItAsPublished() {
        board.publish(2, "M-77", Quality.GOOD, clock.nanoTime(), 0);

        assertEquals(List.of("meter.serial"), changes.all(p -> p.id().startsWith("meter.")).stream()
                .map(d -> d.point().id()).toList());
        assertEquals(List.of("cdu.serialNumber", "cdu.firmwareVersion"), changes.due(false).stream()
                .map(d -> d.point().id()).toList());
    }
}
