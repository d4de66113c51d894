package io.podctl.sensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextBoardTest {
    private static final long S = 1_000_000_000L;
    private final TextBoard board = new TextBoard(List.of(
            new PointDescriptor("cdu.serial", "", Duration.ofSeconds(180), false),
            new PointDescriptor("cdu.firmware", "", Duration.ofSeconds(180), false)));

    @Test
    void aReadingIsKeptWholeAndTurnsStaleByMonotonicAge() {
        assertEquals(TextSample.NO_DATA, board.read(0, 0));
        board.publish(0, "SN-0042", Quality.GOOD, 10 * S, 1_700_000_000_000L);

        assertEquals(new TextSample("SN-0042", Quality.GOOD, 10 * S, 1_700_000_000_000L, true), board.read(0, 190 * S));
        TextSample stale = board.read(0, 191 * S);
        assertEquals(Quality.STALE, stale.quality());
        assertNull(stale.text(), "stale text is not shown as current");
    }

    @Test
    void badQualityCarriesNoText() {
        board.publish(1, "garbage", Quality.INVALID, S, 0);

        assertNull(board.read(1, S).text());
        assertEquals(Quality.INVALID, board.read(1, S).quality());
    }

    @Test
    void onlyChangesOfTextOrQualityAreCounted() {
        board.publish(0, "SN-0042", Quality.GOOD, S, 0);
        long after = board.changeCount();
        board.publish(0, "SN-0042", Quality.GOOD, 2 * S, 0);
        assertEquals(after, board.changeCount(), "the same text read again");
        board.publish(0, "SN-0043", Quality.GOOD, 3 * S, 0);
        board.publish(0, null, Quality.COMM_FAIL, 4 * S, 0);
        assertEquals(after + 2, board.changeCount());
    }

    @Test
    void idsAreUniqueAndKnown() {
        assertEquals(1, board.requireIndex("cdu.firmware"));
        assertThrows(IllegalArgumentException.class, () -> board.requireIndex("cdu.model"));
        PointDescriptor d = new PointDescriptor("x", "", Duration.ofSeconds(1), false);
        assertThrows(IllegalArgumentException.class, () -> new TextBoard(List.of(d, d)));
    }
}
