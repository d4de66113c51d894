package io.podctl.controller.safety;

import static io.podctl.controller.safety.PartBench.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.commands.ReasonCode;
import io.podctl.controller.safety.SafetyEvent.Type;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bypasses and their expiry warning, maintenance, overrides, and the rules every exemption follows. */
class ExemptionsTest {
    private static final long MIN = 60 * S;
    private static final long HOUR = 60 * MIN;

    private final PartBench bench = new PartBench("temp", "d:estop");
    private final Protections protections = PartBench.protections(2,
            ProtectionSpec.builder("temp-high", "temp", 0).levels(Double.NaN, Double.NaN, 40).bypassable(true)
                    .deenergize(0).build(),
            ProtectionSpec.builder("estop", "estop", 1).active(Severity.TRIP).localReset(true).deenergize(0, 1)
                    .build());
    private final AlarmBook alarms = new AlarmBook(protections, bench.outbox);
    private final Exemptions exemptions = new Exemptions(protections, List.of("rack1", "rack2"), bench.outbox, alarms);

    private AlarmView alarm(String id) {
        return alarms.views().stream().filter(a -> a.id().equals(id)).findFirst().orElse(null);
    }

    @Test
    void everyExemptionNeedsAReasonAndAnExpiryWithinItsMaximum() {
        assertEquals("shelving needs a reason", Exemptions.refusal(null, MIN, HOUR, "shelving").message());
        assertEquals(ReasonCode.INVALID_ARGS, Exemptions.refusal("  ", MIN, HOUR, "shelving").code());
        assertEquals("a bypass needs an expiry", Exemptions.refusal("why", 0, HOUR, "a bypass").message());
        CommandResult tooLong = Exemptions.refusal("why", HOUR + 1, HOUR, "a bypass");
        assertEquals(ReasonCode.OUT_OF_RANGE, tooLong.code());
        assertEquals("a bypass may last at most 60 min", tooLong.message());
        assertNull(Exemptions.refusal("why", HOUR, HOUR, "a bypass"));
    }

    @Test
    void onlyABypassableProtectionIsBypassedAndTheBypassWarnsFiveMinutesBeforeItEnds() {
        assertEquals(ReasonCode.FORBIDDEN, exemptions.bypass("estop", "test", MIN, HOUR, "eng", bench.now,
                bench.wall()).code());
        assertEquals(ReasonCode.INVALID_ARGS, exemptions.bypass("nope", "test", MIN, HOUR, "eng", bench.now,
                bench.wall()).code());
        assertEquals(ReasonCode.ACCEPTED, exemptions.bypass("temp-high", "sensor swap", 10 * MIN, HOUR, "eng",
                bench.now, bench.wall()).code());
        assertTrue(exemptions.bypassed(0));
        assertEquals(List.of(Type.BYPASSED), bench.eventTypes());
        bench.now += 5 * MIN - S;
        exemptions.expireBypass(0, bench.now, bench.wall());
        assertNull(alarm("bypass.temp-high"), "more than five minutes left");
        bench.now += S;
        exemptions.expireBypass(0, bench.now, bench.wall());
        assertEquals("bypass of temp-high expires in 5 min (set by eng: sensor swap)",
                alarm("bypass.temp-high").message());
        bench.events();
        bench.now += 5 * MIN;
        exemptions.expireBypass(0, bench.now, bench.wall());
        assertFalse(exemptions.bypassed(0));
        assertFalse(alarm("bypass.temp-high").state().isActive());
        List<SafetyEvent> events = bench.events();
        assertEquals(List.of(Type.ALARM_RETURNED, Type.BYPASS_REMOVED), events.stream().map(SafetyEvent::type).toList());
        assertEquals("bypass of temp-high expired; the trip is armed again", events.get(1).message());
        assertEquals(ReasonCode.INVALID_ARGS, exemptions.removeBypass("temp-high", "eng", bench.wall()).code());
    }

    @Test
    void outputsAreOverriddenInMaintenanceOnlyAndNeverEnergizedAgainstAHold() {
        assertEquals(ReasonCode.CONDITION_ACTIVE, exemptions.override(0, true, false, MIN, HOUR, "test", "eng",
                bench.now, bench.wall()).code());
        assertEquals(ReasonCode.INVALID_ARGS, exemptions.maintenance(true, " ", "eng", bench.wall()).code());
        assertEquals(ReasonCode.ACCEPTED, exemptions.maintenance(true, "pump swap", "eng", bench.wall()).code());
        assertEquals("pump swap (eng)", exemptions.maintenanceReason());
        assertEquals("already in maintenance", exemptions.maintenance(true, "again", "eng", bench.wall()).message());
        assertEquals(ReasonCode.CONDITION_ACTIVE, exemptions.override(0, true, true, MIN, HOUR, "test", "eng",
                bench.now, bench.wall()).code(), "held off by a trip or an effect");
        assertEquals(ReasonCode.ACCEPTED, exemptions.override(1, true, false, MIN, HOUR, "test", "eng",
                bench.now, bench.wall()).code());
        assertTrue(exemptions.overridden(1));
        assertTrue(exemptions.overrideEnergizes(1));
        assertEquals("energized: test", exemptions.overrides().get(0).reason());
        bench.events();
        exemptions.maintenance(false, null, "eng", bench.wall());
        exemptions.expireOverrides(bench.now, bench.wall());
        assertFalse(exemptions.overridden(1), "leaving maintenance ends every override");
        assertEquals(List.of(Type.MAINTENANCE_OFF, Type.OVERRIDE_ENDED), bench.eventTypes());
    }

    @Test
    void anOverrideEndsAtItsExpiry() {
        exemptions.maintenance(true, "pump swap", "eng", bench.wall());
        exemptions.override(0, false, true, MIN, HOUR, "test", "eng", bench.now, bench.wall());
        exemptions.expireOverrides(bench.now + MIN - 1, bench.wall());
        assertTrue(exemptions.overridden(0));
        exemptions.expireOverrides(bench.now + MIN, bench.wall());
        assertFalse(exemptions.overridden(0));
    }

    @Test
    void aRestartKeepsUnexpiredBypassesOfProtectionsStillBypassableAndMaintenance() {
        exemptions.bypass("temp-high", "sensor swap", 10 * MIN, HOUR, "eng", bench.now, bench.wall());
        SafetyMemory.ExemptionMemory kept = exemptions.bypassMemory().get(0);
        SafetyMemory.ExemptionMemory estop = new SafetyMemory.ExemptionMemory("estop", "forged", "x",
                kept.untilWallMillis());
        SafetyMemory memory = new SafetyMemory(List.of(), List.of(), List.of(), List.of(), List.of(kept, estop),
                "pump swap (eng)", Map.of());

        Exemptions restored = new Exemptions(protections, List.of("rack1", "rack2"), new EngineOutbox(), alarms);
        restored.restore(memory, 0, bench.wall() + 9 * 60_000);
        assertEquals(List.of("temp-high"), restored.bypasses().stream().map(Exemption::target).toList());
        assertEquals(MIN, restored.bypasses().get(0).untilNanos(), "one minute left on this boot's clock");
        assertTrue(restored.inMaintenance());

        Exemptions late = new Exemptions(protections, List.of("rack1", "rack2"), new EngineOutbox(), alarms);
        late.restore(memory, 0, bench.wall() + 10 * 60_000);
        assertTrue(late.bypasses().isEmpty(), "expired while the controller was down");
    }
}
