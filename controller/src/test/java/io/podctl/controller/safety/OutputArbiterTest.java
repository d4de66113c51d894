package io.podctl.controller.safety;

import static io.podctl.controller.safety.PartBench.MS;
import static io.podctl.controller.safety.PartBench.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.commands.ReasonCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Output classification and demand: holds, permissives, start stagger, shedding, maintenance, overrides. */
class OutputArbiterTest {
    private static final long HOUR = 3_600 * S;
    private static final List<String> OUTPUTS = List.of("rack1", "rack2", "rack3", "beacon", "spare");
    private static final int TEMP = 0;
    private static final int FLOW = 1;

    private final PartBench bench = new PartBench("temp", "flow");

    /** One engine's parts wired as the engine wires them, with the start-up trip already reset. */
    private final class Pod {
        final EngineSpec spec;
        final Protections protections;
        final ProtectionEvaluator evaluator;
        final AlarmBook alarms;
        final TripLatches latches;
        final Exemptions exemptions;
        final Permissives permissives;
        final Effects effects;
        final LoadShedHookup shedding;
        final OutputArbiter arbiter;

        /**
         * temp-high de-energizes rack1 and rack2 and energizes the beacon (effect 0) at its alarm level; an effect
         * nothing causes makes rack3 a run permissive, gated by flow-ok; the spare output is nobody's.
         */
        Pod(List<EffectSpec> extraEffects, long staggerNanos, EngineSpec.LoadShedSpec loadShedding) {
            List<EffectSpec> effects = new ArrayList<>(List.of(
                    new EffectSpec("beacon", "", EffectSpec.Kind.ENERGIZE, new int[] {3}, null, Double.NaN),
                    new EffectSpec("hold-rack3", "", EffectSpec.Kind.DEENERGIZE, new int[] {2}, null, Double.NaN)));
            effects.addAll(extraEffects);
            List<ProtectionSpec> ps = List.of(ProtectionSpec.builder("temp-high", "temp", TEMP)
                    .levels(Double.NaN, 35, 40).onAlarm(0).deenergize(0, 1).build());
            List<PermissiveSpec> perms = List.of(new PermissiveSpec("flow-ok", "", "flow", FLOW, -1, 100, Double.NaN,
                    -1, 0, new int[] {2}, new int[] {}));
            spec = new EngineSpec(ps, List.of(), effects, perms, OUTPUTS, -1, 0, staggerNanos, HOUR, HOUR, HOUR,
                    loadShedding);
            protections = new Protections(ps, OUTPUTS.size());
            evaluator = new ProtectionEvaluator(protections, new VotingGroup[0]);
            alarms = new AlarmBook(protections, bench.outbox);
            latches = new TripLatches(protections, bench.outbox, -1);
            latches.judgeBy(PartBench.conditionsCleared(true));
            exemptions = new Exemptions(protections, OUTPUTS, bench.outbox, alarms);
            permissives = new Permissives(perms, new VotingGroup[0], bench.outbox);
            this.effects = new Effects(effects, new Effects.Causes(protections, evaluator, alarms, latches),
                    permissives, bench.outbox);
            shedding = new LoadShedHookup(loadShedding, bench.outbox);
            arbiter = new OutputArbiter(spec, protections,
                    new OutputArbiter.Holds(latches, exemptions, this.effects, permissives, shedding), bench.outbox);
            evaluator.start(bench.now);
            latches.remoteReset(SafetyEngine.STARTUP_TRIP, "test", bench.wall());
        }

        void cycle() {
            bench.snapshot();
            evaluator.judge(0, bench.snap, bench.now);
            permissives.update(bench.snap, bench.now, bench.wall());
            effects.update(bench.wall());
            shedding.update(bench.snap, bench.now, bench.wall());
            arbiter.update(bench.now);
        }

        String demand() {
            StringBuilder b = new StringBuilder();
            for (int o = 0; o < OUTPUTS.size(); o++) {
                b.append(arbiter.demand(o) ? '1' : '0');
            }
            return b.toString();
        }
    }

    @Test
    void runPermissiveOutputsStartOneAtATimeOnceTheirPermissivesAreProven() {
        Pod pod = new Pod(List.of(), 500 * MS, null);
        bench.set(TEMP, 20).set(FLOW, 50);
        pod.cycle();
        assertEquals("10000", pod.demand(), "one start per stagger; rack3 waits for flow; the spare is never ours");
        bench.advance(500);
        pod.cycle();
        assertEquals("11000", pod.demand());
        bench.set(FLOW, 200);
        bench.advance(500);
        pod.cycle();
        assertEquals("11100", pod.demand());
        bench.set(FLOW, 50);
        pod.cycle();
        assertEquals("11100", pod.demand(), "losing a permissive stops nothing that runs");
    }

    @Test
    void aLatchedTripHoldsItsOutputsOffAndAnAlarmEffectEnergizesTheIndicator() {
        Pod pod = new Pod(List.of(), 0, null);
        bench.set(TEMP, 36).set(FLOW, 200);
        pod.cycle();
        assertEquals("11110", pod.demand(), "the beacon follows the alarm level");
        pod.latches.latch(0, "temp 41", bench.wall());
        bench.set(TEMP, 20);
        pod.cycle();
        assertEquals("00100", pod.demand());
        assertTrue(pod.arbiter.heldOff(0));
        assertFalse(pod.arbiter.heldOff(2));
        pod.latches.latchStall("stalled", bench.wall());
        pod.cycle();
        assertEquals("00000", pod.demand(), "the loop-stall trip holds every run permissive output");
        assertFalse(pod.arbiter.heldOff(4), "the spare output is not a run permissive");
    }

    @Test
    void maintenanceHoldsRunPermissiveOutputsOffExceptAnOverrideThatNoTripHolds() {
        Pod pod = new Pod(List.of(), 0, null);
        bench.set(TEMP, 20).set(FLOW, 200);
        pod.cycle();
        assertEquals("11100", pod.demand());
        pod.exemptions.maintenance(true, "pump swap", "eng", bench.wall());
        pod.cycle();
        assertEquals("00000", pod.demand());
        assertEquals(ReasonCode.ACCEPTED, pod.exemptions.override(2, true, pod.arbiter.heldOff(2), 60 * S, HOUR,
                "test", "eng", bench.now, bench.wall()).code());
        pod.exemptions.override(4, true, pod.arbiter.heldOff(4), 60 * S, HOUR, "test", "eng", bench.now, bench.wall());
        pod.cycle();
        assertEquals("00101", pod.demand());
    }

    @Test
    void aShedRackIsHeldOff() {
        Pod pod = new Pod(List.of(), 0, new EngineSpec.LoadShedSpec(new LoadShedder.Spec(List.of("rack2"), 1_000,
                0, 100 * MS, 100 * MS, Double.NaN), TEMP, -1, new int[] {1}, new int[] {TEMP}));
        pod.shedding.restore(Map.of("rack2", 10_000.0));
        bench.set(TEMP, 20).set(FLOW, 200);
        pod.cycle();
        assertEquals("10100", pod.demand());
    }

    @Test
    void anOutputIsEitherARunPermissiveOrAnIndicatorAndEveryIndexIsAnOutput() {
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> new Pod(List.of(
                new EffectSpec("horn", "", EffectSpec.Kind.ENERGIZE, new int[] {0}, null, Double.NaN)), 0, null));
        assertEquals("output rack1 is both a run permissive and an indicator", both.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> new Pod(List.of(
                new EffectSpec("horn", "", EffectSpec.Kind.ENERGIZE, new int[] {7}, null, Double.NaN)), 0, null));
        assertEquals("horn: output index 7 out of range", range.getMessage());
    }
}
