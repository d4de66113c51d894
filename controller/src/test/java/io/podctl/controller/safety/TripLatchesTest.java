package io.podctl.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.commands.ReasonCode;
import io.podctl.controller.safety.SafetyEvent.Type;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Latching, first out, and the reset rules: remote all-or-nothing, local on a rising edge, start-up. */
class TripLatchesTest {
    private static final int TEMP = 0;
    private static final int ESTOP = 1;
    private static final int RESET = 2;
    private static final String STARTUP = SafetyEngine.STARTUP_TRIP;
    private static final String STALL = SafetyEngine.LOOP_STALL_TRIP;

    private final PartBench bench = new PartBench("temp", "d:estop", "d:reset");
    private final Protections protections = PartBench.protections(1,
            ProtectionSpec.builder("temp-high", "temp", TEMP).levels(Double.NaN, Double.NaN, 40).deenergize(0).build(),
            ProtectionSpec.builder("estop", "estop", ESTOP).active(Severity.TRIP).localReset(true).deenergize(0)
                    .build());
    private final boolean[] conditionActive = new boolean[2];
    private boolean startupResettable = true;
    private TripLatches latches;

    @BeforeEach
    void setUp() {
        latches = new TripLatches(protections, bench.outbox, RESET);
        latches.judgeBy(new TripLatches.Conditions() {
            @Override
            public boolean conditionActive(int i) {
                return conditionActive[i];
            }

            @Override
            public String condition(int i) {
                return "still there";
            }

            @Override
            public boolean startupResettable() {
                return startupResettable;
            }
        });
    }

    private List<String> ids() {
        return latches.views().stream().map(TripView::id).toList();
    }

    @Test
    void theFirstTripOfACascadeIsFirstOutAndTheStartupTripIsNotPartOfACascade() {
        assertTrue(latches.startupLatched());
        latches.latch(0, "temp 41", bench.wall());
        latches.latch(1, "estop active", bench.wall());
        List<SafetyEvent> events = bench.events();
        assertEquals("temp 41 (first out)", events.get(0).message());
        assertEquals("estop active", events.get(1).message());
        List<TripView> trips = latches.views();
        assertEquals(List.of(STARTUP, "temp-high", "estop"), trips.stream().map(TripView::id).toList());
        assertTrue(trips.get(1).firstOut());
        assertFalse(trips.get(2).firstOut());
        assertTrue(trips.get(2).localResetOnly());
    }

    @Test
    void aRemoteResetIsAllOrNothingAndALocalOnlyTripRefusesItFirst() {
        latches.latch(0, "temp 41", bench.wall());
        latches.latch(1, "estop active", bench.wall());
        conditionActive[0] = true;
        ResetResult r = latches.remoteReset(null, "op", bench.wall());
        assertEquals(ReasonCode.LOCAL_RESET_REQUIRED, r.code());
        assertEquals("reset at the pod with the local reset button: estop", r.message());
        r = latches.remoteReset("temp-high", "op", bench.wall());
        assertEquals(ReasonCode.CONDITION_ACTIVE, r.code());
        assertEquals("condition still present: temp-high (still there)", r.message());
        conditionActive[0] = false;
        r = latches.remoteReset("temp-high", "op", bench.wall());
        assertEquals(ReasonCode.ACCEPTED, r.code());
        assertEquals(List.of("temp-high"), r.reset());
        assertEquals(List.of(STARTUP, "estop"), ids());
        assertEquals(ReasonCode.INVALID_ARGS, latches.remoteReset("nope", "op", bench.wall()).code());
        assertEquals("nothing latched", latches.remoteReset(STALL, "op", bench.wall()).message());
    }

    @Test
    void theStartupTripWaitsForItsInputsAndLatchesAgainAfterMaintenance() {
        startupResettable = false;
        ResetResult r = latches.remoteReset(STARTUP, "op", bench.wall());
        assertEquals(ReasonCode.CONDITION_ACTIVE, r.code());
        assertTrue(latches.views().get(0).conditionActive());
        startupResettable = true;
        assertEquals(ReasonCode.ACCEPTED, latches.remoteReset(null, "op", bench.wall()).code());
        assertFalse(latches.startupLatched());
        bench.events();
        latches.relatchStartup(bench.wall());
        assertTrue(latches.startupLatched());
        assertTrue(bench.events().isEmpty(), "the mode change tells people; the latch is not an event of its own");
    }

    @Test
    void theLocalButtonResetsOnItsRisingEdgeWhatHasClearedAndAButtonHeldAtStartIsNoEdge() {
        latches.latch(0, "temp 41", bench.wall());
        latches.latch(1, "estop active", bench.wall());
        latches.latchStall("loop stalled", bench.wall());
        conditionActive[0] = true;
        bench.set(RESET, 1);
        latches.localReset(bench.snapshot(), bench.wall());
        assertEquals(List.of(STARTUP, STALL, "temp-high", "estop"), ids(), "held since start: not an edge");
        bench.events();
        bench.set(RESET, 0);
        latches.localReset(bench.snapshot(), bench.wall());
        bench.set(RESET, 1);
        latches.localReset(bench.snapshot(), bench.wall());
        assertEquals(List.of("temp-high"), ids(), "the edge resets the E-stop, the stall and start-up");
        assertEquals(List.of(Type.TRIP_RESET, Type.TRIP_RESET, Type.TRIP_RESET), bench.eventTypes());
        latches.localReset(bench.snapshot(), bench.wall());
        conditionActive[0] = false;
        latches.localReset(bench.snapshot(), bench.wall());
        assertEquals(List.of("temp-high"), ids(), "a held button is one edge");
    }

    @Test
    void theLoopStallTripLatchesOnceAndTheStateFileKeepsEveryTripButStartup() {
        assertTrue(latches.latchStall("outputs forced safe", bench.wall()));
        assertFalse(latches.latchStall("again", bench.wall()));
        latches.latch(0, "temp 41", bench.wall());
        List<TripView> memory = latches.memory();
        assertEquals(List.of(STALL, "temp-high"), memory.stream().map(TripView::id).toList());
        assertFalse(memory.get(1).firstOut(), "the stall was latched before it");

        TripLatches restored = new TripLatches(protections, new EngineOutbox(), RESET);
        restored.judgeBy(PartBench.conditionsCleared(false));
        List<TripView> withUnknown = List.of(memory.get(0), memory.get(1),
                new TripView("removed-protection", "old", 0, false, false, false));
        assertEquals(List.of(STALL, "temp-high"), restored.restore(withUnknown));
        assertTrue(restored.stallLatched());
        assertTrue(restored.latched(0));
        assertTrue(restored.startupLatched(), "start-up latches at every start");
    }
}
