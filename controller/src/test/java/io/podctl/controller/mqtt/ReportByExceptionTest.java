package io.podctl.controller.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ReportByExceptionTest {
    private static final long SECOND = 1_000_000_000L;

    private final SampleBoard board = new SampleBoard(List.of(
            new PointDescriptor("cdu.supplyTemp", "degC", Duration.ofSeconds(100), false)));
    private final Snapshot snap = board.newSnapshot();

    /** Publishes {@code value} with {@code quality} at {@code t} seconds and asks whether it is due. */
    private boolean due(ReportByException rbe, double value, Quality quality, long t) {
        board.publish(0, value, quality, t * SECOND, 0);
        board.snapshot(t * SECOND, snap);
        return rbe.due(snap, 0, false);
    }

    @ParameterizedTest(name = "deadband {0}, {1}% of span {2}: {3} -> {4} published? {5}")
    @CsvSource({
            "0,   0, NaN, 30.0, 30.0, false",
            "0,   0, NaN, 30.0, 30.01, true",
            "0.5, 0, NaN, 30.0, 30.4, false",
            "0.5, 0, NaN, 30.0, 29.5, true",
            "0,   1, 120, 30.0, 31.1, false",
            "0,   1, 120, 30.0, 31.25, true",
            "0,   10, NaN, 30.0, 32.9, false",
            "0,   10, NaN, 30.0, 33.0, true",
            "0.5, 1, 120, 30.0, 30.6, false",
            "0.5, 1, 120, 30.0, 31.3, true"})
    void deadbands(double deadband, double percent, double span, double last, double value, boolean expected) {
        assertEquals(expected, new PublishPolicy("p", deadband, percent, span, Duration.ZERO)
                .exceedsDeadband(last, value));
    }

    @Test
    void firstSightQualityChangesAndMaxSilencePublishWhateverTheDeadband() {
        ReportByException rbe = new ReportByException(List.of(new PublishPolicy("cdu.supplyTemp", 1.0, 0, Double.NaN,
                Duration.ofSeconds(60))));
        assertTrue(due(rbe, 30.0, Quality.GOOD, 1), "first sight");
        assertFalse(due(rbe, 30.5, Quality.GOOD, 2), "within the deadband");
        assertTrue(due(rbe, 31.1, Quality.GOOD, 3), "beyond it");
        assertTrue(due(rbe, 31.1, Quality.COMM_FAIL, 4), "a quality change at once");
        assertFalse(due(rbe, 31.1, Quality.COMM_FAIL, 5));
        assertTrue(due(rbe, 31.2, Quality.GOOD, 6), "back to GOOD at once, even within the deadband");
        assertFalse(due(rbe, 31.2, Quality.GOOD, 65));
        assertTrue(due(rbe, 31.2, Quality.GOOD, 66), "re-sent after 60 s of silence");
        assertFalse(due(rbe, 31.2, Quality.GOOD, 67));
        board.snapshot(68 * SECOND, snap);
        assertTrue(rbe.due(snap, 0, true), "a rebirth publishes regardless");
    }

    @Test
    void pointsWithoutAPolicyPublishEveryChangeOnly() {
        ReportByException rbe = new ReportByException(List.of());
        assertTrue(due(rbe, 1, Quality.GOOD, 1));
        assertFalse(due(rbe, 1, Quality.GOOD, 1000));
        assertTrue(due(rbe, 1.0001, Quality.GOOD, 1001));
    }

    @Test
    void negativeSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PublishPolicy("p", -1, 0, Double.NaN, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new PublishPolicy("p", 0, 0, Double.NaN,
                Duration.ofSeconds(-1)));
    }
}
