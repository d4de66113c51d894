package io.podctl.controller.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.safety.EffectSpec;
import io.podctl.controller.safety.EngineSpec;
import io.podctl.controller.safety.LoadShedder;
import io.podctl.controller.safety.SafetyEngine;
import io.podctl.controller.state.PowerLimit;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the scheduler is told limits the pod: budget, cooling from this cycle's flow, derate effects. */
class PowerLimitsTest {
    private final SampleBoard board = new SampleBoard(List.of(
            new PointDescriptor("meter.totalPower", "W", Duration.ofSeconds(1), false),
            new PointDescriptor("cdu.flow", "L/min", Duration.ofSeconds(1), false),
            new PointDescriptor("pdu1.inletPower", "W", Duration.ofSeconds(1), false)));
    private final SafetyEngine engine = new SafetyEngine(new EngineSpec(List.of(), List.of(),
            List.of(new EffectSpec("derate.cooling", "carry 200 kW", EffectSpec.Kind.DERATE, new int[0], null, 200_000)),
            List.of(), List.of("rack1.power"), -1, 0, 0, 1, 1, 1,
            new EngineSpec.LoadShedSpec(new LoadShedder.Spec(List.of("rack1.power"), 360_000, 10_000, 1, 1, 20),
                    0, 1, new int[] {0}, new int[] {2})));

    @Test
    void theBudgetAndTheCoolingOfThisCycleLimitThePod() {
        board.publish(1, 300, Quality.GOOD, 0, 0);
        List<PowerLimit> limits = PowerLimits.of(engine, snapshot());
        assertEquals(List.of(PowerLimit.SITE_BUDGET, PowerLimit.COOLING), limits.stream().map(PowerLimit::source).toList());
        assertEquals(360_000, limits.get(0).limitW(), 1e-6);
        assertEquals(LoadShedder.coolingCapacityW(300, 20), limits.get(1).limitW(), 1e-6);
        assertTrue(limits.get(1).description().contains("cdu.flow 300.0 L/min"), limits.get(1).description());
        assertEquals(360_000, PowerLimits.availableW(limits), 1e-6, "no derate effect acts: the budget is lowest");
    }

    @Test
    void aCoolingFigureWithoutGoodFlowDataIsListedAsUnknownNotDropped() {
        board.publish(1, 300, Quality.COMM_FAIL, 0, 0);
        List<PowerLimit> limits = PowerLimits.of(engine, snapshot());
        PowerLimit cooling = limits.get(1);
        assertFalse(cooling.known());
        assertTrue(cooling.description().contains("COMM_FAIL"), cooling.description());
        assertEquals(360_000, PowerLimits.availableW(limits), 1e-6, "the known limits still count");
    }

    private Snapshot snapshot() {
        Snapshot s = board.newSnapshot();
        board.snapshot(0, s);
        return s;
    }
}
