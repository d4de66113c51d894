package io.podctl.controller.safety;

import static io.podctl.controller.safety.PartBench.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.safety.SafetyEvent.Type;
import io.podctl.sensors.Quality;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Start conditions: proven after their proving time, lost at once, gating outputs and write effects. */
class PermissivesTest {
    private static final int FLOW = 0;
    private static final int LEVEL = 1;

    private final PartBench bench = new PartBench("flow", "level");
    private final Permissives permissives = new Permissives(List.of(
            new PermissiveSpec("flow-proven", "", "flow", FLOW, -1, 200, Double.NaN, -1, 2 * S, new int[] {0},
                    new int[] {}),
            new PermissiveSpec("level-ok", "", "level", LEVEL, -1, 50, 95, -1, 0, new int[] {0, 1},
                    new int[] {0})), new VotingGroup[0], bench.outbox);

    private void update() {
        permissives.update(bench.snapshot(), bench.now, bench.wall());
    }

    @Test
    void aPermissiveIsProvenAfterItsProvingTimeAndGatesWhatItNames() {
        bench.set(FLOW, 330).set(LEVEL, 80);
        update();
        assertEquals(List.of("level-ok"), permissives.proven(), "no proving time for the level");
        assertFalse(permissives.outputPermitted(0));
        assertTrue(permissives.effectPermitted(0), "the flow permissive gates no effect");
        assertTrue(permissives.outputPermitted(2), "an output no permissive names");
        bench.advance(2_000);
        update();
        assertEquals(List.of("flow-proven", "level-ok"), permissives.proven());
        assertTrue(permissives.outputPermitted(0));
        List<SafetyEvent> events = bench.events();
        assertEquals(List.of(Type.PERMISSIVE_PROVEN, Type.PERMISSIVE_PROVEN),
                events.stream().map(SafetyEvent::type).toList());
        assertEquals("flow-proven proven (flow)", events.get(1).message());
    }

    @Test
    void aPermissiveIsLostAtOnceOnABadSampleOrAValueOutsideItsRange() {
        bench.set(FLOW, 330).set(LEVEL, 80);
        update();
        bench.set(LEVEL, 96);
        update();
        assertFalse(permissives.effectPermitted(0));
        assertEquals("level-ok", permissives.blocking(0));
        bench.set(LEVEL, 80);
        update();
        bench.bad(LEVEL, Quality.COMM_FAIL);
        update();
        assertTrue(permissives.proven().isEmpty());
        assertEquals(List.of(Type.PERMISSIVE_PROVEN, Type.PERMISSIVE_LOST, Type.PERMISSIVE_PROVEN,
                Type.PERMISSIVE_LOST), bench.eventTypes());
    }

    @Test
    void aPermissiveOnAVotingGroupIsJudgedOnItsRepresentativeValue() {
        PartBench b = new PartBench("f1", "f2");
        VotingGroup g = new VotingGroup(new GroupSpec("flows", "", new int[] {0, 1}, new String[] {"f1", "f2"}, 1,
                50, 30 * S));
        Permissives p = new Permissives(List.of(new PermissiveSpec("flow", "", "flows", -1, 0, 200, Double.NaN, -1,
                0, new int[] {0}, new int[] {})), new VotingGroup[] {g}, b.outbox);
        b.set(0, 250).set(1, 190);
        g.update(b.snapshot(), b.now);
        p.update(b.snap, b.now, b.wall());
        assertTrue(p.outputPermitted(0), "the median 220 satisfies it");
        b.bad(0, Quality.COMM_FAIL).bad(1, Quality.COMM_FAIL);
        g.update(b.snapshot(), b.now);
        p.update(b.snap, b.now, b.wall());
        assertFalse(p.outputPermitted(0), "no usable channel");
    }
}
