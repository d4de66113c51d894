package io.podctl.controller.safety;

import static io.podctl.controller.safety.PartBench.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.safety.ProtectionSpec.BadData;
import io.podctl.controller.safety.ProtectionSpec.Kind;
import io.podctl.controller.safety.SafetyEvent.Type;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Effects acting on a protection's alarm level or latched trip, writes waiting for permissives, derates. */
class EffectsTest {
    private static final long HOUR = 3_600 * S;
    private static final int TEMP = 0;
    private static final int FLOW = 1;
    private static final int BEACON = 0;
    private static final int PUMP = 1;
    private static final int DERATE = 2;
    private static final int DROP = 3;

    private final PartBench bench = new PartBench("temp", "flow");
    private final Protections protections = PartBench.protections(2,
            ProtectionSpec.builder("temp-high", "temp", TEMP).kind(Kind.HIGH).levels(Double.NaN, 35, 40)
                    .onAlarm(BEACON, DERATE).onTrip(PUMP, DROP).build(),
            ProtectionSpec.builder("temp-warm", "temp", TEMP).kind(Kind.HIGH).levels(Double.NaN, 30, Double.NaN)
                    .onBadData(BadData.ALARM).onAlarm(BEACON).build());
    private final ProtectionEvaluator evaluator = new ProtectionEvaluator(protections, new VotingGroup[0]);
    private final AlarmBook alarms = new AlarmBook(protections, bench.outbox);
    private final TripLatches latches = new TripLatches(protections, bench.outbox, -1);
    private final Permissives permissives = new Permissives(List.of(new PermissiveSpec("flow-ok", "", "flow", FLOW,
            -1, 100, Double.NaN, -1, 0, new int[] {}, new int[] {PUMP})), new VotingGroup[0], bench.outbox);
    private final Effects effects = new Effects(List.of(
            new EffectSpec("beacon", "beacon on", EffectSpec.Kind.ENERGIZE, new int[] {1}, null, Double.NaN),
            new EffectSpec("pump-start", "start pump 2", EffectSpec.Kind.WRITE, new int[] {},
                    new EffectSpec.WriteSpec("cdu.pump2", 1, S, null), Double.NaN),
            new EffectSpec("derate", "half power", EffectSpec.Kind.DERATE, new int[] {}, null, 50_000),
            new EffectSpec("drop", "racks off", EffectSpec.Kind.DEENERGIZE, new int[] {0}, null, Double.NaN)),
            new Effects.Causes(protections, evaluator, alarms, latches), permissives, bench.outbox);

    @BeforeEach
    void start() {
        evaluator.start(bench.now);
    }

    private void cycle() {
        bench.snapshot();
        for (int i = 0; i < protections.count(); i++) {
            if (alarms.inService(i)) {
                evaluator.judge(i, bench.snap, bench.now);
            }
        }
        permissives.update(bench.snap, bench.now, bench.wall());
        effects.update(bench.wall());
    }

    private List<WriteIntent> writes() {
        List<WriteIntent> out = new ArrayList<>();
        bench.outbox.drainWrites(out);
        return out;
    }

    @Test
    void anOnAlarmEffectActsWhileTheAlarmLevelIsActiveAndAnOnTripEffectWhileTheTripIsLatched() {
        bench.set(TEMP, 36).set(FLOW, 200);
        cycle();
        assertEquals(List.of("beacon", "derate"), effects.active());
        assertTrue(effects.energizes(1));
        assertEquals(50_000, effects.derate(80_000));
        assertEquals(40_000, effects.derate(40_000), "the lower limit wins");
        bench.set(TEMP, 41);
        cycle();
        latches.latch(0, "temp 41", bench.wall());
        bench.set(TEMP, 20);
        cycle();
        assertEquals(List.of("pump-start", "drop"), effects.active(), "the trip stays latched; the alarm cleared");
        assertTrue(effects.deenergizes(0));
        assertFalse(effects.deenergizes(1));
        assertFalse(effects.energizes(1));
    }

    @Test
    void aWriteEffectAsksOnceWhenItStartsAndWaitsForItsPermissive() {
        bench.set(TEMP, 20).set(FLOW, 50);
        cycle();
        latches.latch(0, "temp 41", bench.wall());
        bench.events();
        cycle();
        assertTrue(writes().isEmpty(), "flow-ok is not proven");
        List<SafetyEvent> events = bench.events();
        assertEquals(List.of(Type.EFFECT_STARTED, Type.EFFECT_WAITING, Type.EFFECT_STARTED),
                events.stream().map(SafetyEvent::type).toList(), "pump-start starts and waits, then drop starts");
        assertEquals("pump-start waits for its permissive: flow-ok", events.get(1).message());
        cycle();
        assertTrue(bench.events().isEmpty(), "waiting is told once");
        bench.set(FLOW, 200);
        cycle();
        List<WriteIntent> w = writes();
        assertEquals(1, w.size());
        assertEquals("pump-start", w.get(0).source());
        cycle();
        assertTrue(writes().isEmpty(), "one write per start of the effect");
    }

    @Test
    void aProtectionOutOfServiceCausesNoEffect() {
        bench.set(TEMP, 31).set(FLOW, 200);
        cycle();
        assertEquals(List.of("beacon"), effects.active());
        alarms.outOfService("temp-warm", "sensor swap", 60 * S, HOUR, "eng", bench.now, bench.wall());
        cycle();
        assertTrue(effects.active().isEmpty());
    }
}
