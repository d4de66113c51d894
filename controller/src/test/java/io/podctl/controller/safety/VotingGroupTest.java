package io.podctl.controller.safety;

import static io.podctl.controller.safety.PartBench.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.sensors.Quality;
import org.junit.jupiter.api.Test;

/** A voting group's usable channels, exclusion, votes, and the degraded reason it reports on change only. */
class VotingGroupTest {
    private final PartBench bench = new PartBench("c1", "c2", "c3");
    private final VotingGroup group = new VotingGroup(new GroupSpec("temps", "", new int[] {0, 1, 2},
            new String[] {"c1", "c2", "c3"}, 2, 1.0, 30 * S));

    private boolean update() {
        return group.update(bench.snapshot(), bench.now);
    }

    @Test
    void aDisagreeingChannelIsExcludedAfterTheExclusionTimeAndTheReasonIsReportedOnlyWhenItChanges() {
        bench.set(0, 30).set(1, 30.2).set(2, 33);
        assertFalse(update(), "suspect, not yet excluded: healthy");
        assertEquals(3, group.usable());
        bench.advance(30_000);
        assertTrue(update());
        assertEquals("c3 excluded (disagrees by more than 1.00); 2oo3 now trips on 1 more vote of 2",
                group.degradedReason());
        assertEquals(30.1, group.representative(), 1e-9);
        bench.set(1, 30.4);
        assertFalse(update(), "other values, the same reason");
        bench.bad(0, Quality.COMM_FAIL);
        assertTrue(update());
        assertEquals("c1 not GOOD, c3 excluded (disagrees by more than 1.00); 2oo3 now trips on 0 more votes of 1",
                group.degradedReason());
        assertEquals(2, group.badVotes());
    }

    @Test
    void votesCountUsableChannelsBeyondTheBoundAndUnusableOnesWhenBadDataVotes() {
        bench.set(0, 41).set(1, 39).set(2, 38);
        update();
        assertEquals(1, group.votes(true, 40, true));
        assertEquals(2, group.votes(false, 39, true));
        bench.bad(2, Quality.STALE);
        update();
        assertEquals(2, group.votes(true, 40, true), "the stale channel votes to trip");
        assertEquals(1, group.votes(true, 40, false));
    }
}
