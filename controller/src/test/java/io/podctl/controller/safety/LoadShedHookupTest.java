package io.podctl.controller.safety;

import static io.podctl.controller.safety.PartBench.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.safety.SafetyEvent.Type;
import io.podctl.sensors.Quality;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shedder fed from the snapshot, its events as safety events, its decisions on the rack outputs. */
class LoadShedHookupTest {
    private static final int POWER = 0;
    private static final int RACK1 = 1;
    private static final int RACK2 = 2;

    private final PartBench bench = new PartBench("power", "rack1", "rack2");
    private final LoadShedHookup hookup = new LoadShedHookup(new EngineSpec.LoadShedSpec(
            new LoadShedder.Spec(List.of("rack1", "rack2"), 100_000, 5_000, 500 * MS, 1_000 * MS, Double.NaN),
            POWER, -1, new int[] {3, 1}, new int[] {RACK1, RACK2}), bench.outbox);

    private void update() {
        hookup.update(bench.snapshot(), bench.now, bench.wall());
    }

    @Test
    void anOverloadShedsTheFirstRackAfterTheShedDelayAndItsOutputIsShed() {
        bench.set(POWER, 120_000).set(RACK1, 30_000).set(RACK2, 40_000);
        update();
        long before = bench.outbox.changeCount();
        bench.advance(500);
        update();
        assertTrue(hookup.sheds(3), "rack1 is output 3");
        assertFalse(hookup.sheds(1));
        assertFalse(hookup.sheds(0), "not a rack");
        assertEquals(List.of("rack1"), hookup.shedRacks());
        assertTrue(bench.outbox.changeCount() > before);
        List<SafetyEvent> events = bench.events();
        assertEquals(Type.LOAD_SHED, events.get(events.size() - 1).type());
        assertEquals("rack1", events.get(events.size() - 1).id());
        assertEquals(Severity.ALARM, events.get(events.size() - 1).severity());
        assertEquals(Map.of("rack1", 30_000.0), hookup.memory());
        assertEquals(100_000, hookup.availablePowerW());
    }

    @Test
    void badPowerDataHoldsEverythingAndIsToldOnce() {
        bench.bad(POWER, Quality.COMM_FAIL).set(RACK1, 30_000).set(RACK2, 40_000);
        update();
        update();
        List<SafetyEvent> events = bench.events();
        assertEquals(1, events.size());
        assertEquals(Type.POWER_DATA, events.get(0).type());
        assertEquals("loadShedding", events.get(0).id());
        assertTrue(hookup.shedRacks().isEmpty());
    }

    @Test
    void withoutLoadSheddingNothingIsShedAndNoPowerIsLimited() {
        LoadShedHookup none = new LoadShedHookup(null, bench.outbox);
        none.update(bench.snapshot(), bench.now, bench.wall());
        assertFalse(none.sheds(0));
        assertEquals(Double.POSITIVE_INFINITY, none.availablePowerW());
        assertTrue(none.memory().isEmpty());
        assertEquals(0, none.rackOutputs().length);
        none.restore(Map.of("rack1", 1.0));
        assertTrue(none.shedRacks().isEmpty());
    }

    @Test
    void racksShedBeforeARestartStayShed() {
        hookup.restore(Map.of("rack2", 40_000.0));
        assertTrue(hookup.sheds(1));
        assertEquals(List.of("rack2"), hookup.shedRacks());
        assertTrue(bench.events().isEmpty());
    }
}
