package io.podctl.controller.safety;

import static io.podctl.controller.safety.PartBench.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.commands.ReasonCode;
import io.podctl.controller.safety.ProtectionSpec.BadData;
import io.podctl.controller.safety.SafetyEvent.Type;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ISA-18.2 lifecycle, controller alarms, shelving, out of service, and what the state file keeps of them. */
class AlarmBookTest {
    private static final long HOUR = 3_600 * S;

    private final PartBench bench = new PartBench("temp", "d:leak");
    private final Protections protections = PartBench.protections(1,
            ProtectionSpec.builder("temp-high", "temp", 0).levels(30, 35, Double.NaN).onBadData(BadData.ALARM).build(),
            ProtectionSpec.builder("leak", "leak", 1).active(Severity.TRIP).deenergize(0).build());
    private final AlarmBook book = new AlarmBook(protections, bench.outbox);

    private void condition(int i, Severity severity, String text) {
        if (book.moves(i, severity, true)) {
            book.move(i, severity, text, bench.wall());
        }
    }

    private AlarmView view(String id) {
        return book.views().stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void acknowledgingIsSeparateFromClearing() {
        condition(0, Severity.ALARM, "temp 36");
        assertEquals(AlarmState.ACTIVE_UNACKED, view("temp-high").state());
        assertEquals(List.of(Type.ALARM_RAISED), bench.eventTypes());
        condition(0, Severity.NONE, "temp 20");
        assertEquals(AlarmState.RETURNED_UNACKED, view("temp-high").state());
        assertEquals("temp 36", view("temp-high").message(), "the message is the last active one");
        assertEquals(ReasonCode.ACCEPTED, book.acknowledge(null, "op", bench.wall()));
        assertEquals(AlarmState.NORMAL, view("temp-high").state());
        assertEquals(Severity.NONE, view("temp-high").severity());
        assertEquals(List.of(Type.ALARM_RETURNED, Type.ALARM_ACKNOWLEDGED), bench.eventTypes());

        condition(0, Severity.WARNING, "temp 31");
        book.acknowledge("temp-high", "op", bench.wall());
        condition(0, Severity.NONE, "temp 20");
        assertEquals(AlarmState.NORMAL, view("temp-high").state(), "an acknowledged alarm that clears is normal");
        assertEquals(ReasonCode.INVALID_ARGS, book.acknowledge("nope", "op", bench.wall()));
    }

    @Test
    void aRiseInSeverityIsAnEventAndAnUnchangedConditionIsNot() {
        condition(0, Severity.WARNING, "temp 31");
        assertFalse(book.moves(0, Severity.WARNING, false));
        assertTrue(book.moves(0, Severity.WARNING, true), "a changed detail updates the message");
        condition(0, Severity.ALARM, "temp 36");
        List<SafetyEvent> events = bench.events();
        assertEquals(List.of(Type.ALARM_RAISED, Type.ALARM_RAISED), events.stream().map(SafetyEvent::type).toList());
        assertEquals(Severity.ALARM, events.get(1).severity());
    }

    @Test
    void controllerAlarmsFollowTheProtectionsInTheOrderTheyWereFirstRaised() {
        book.raiseSystem("group.temps", "voting group temps", Severity.ALARM, "degraded", bench.wall());
        book.raiseSystem("controller.state-file", "state file", Severity.ALARM, "unreadable", bench.wall());
        book.raiseSystem("group.temps", "voting group temps", Severity.ALARM, "degraded more", bench.wall());
        assertEquals(List.of("temp-high", "leak", "group.temps", "controller.state-file"),
                book.views().stream().map(AlarmView::id).toList());
        assertEquals("degraded more", view("group.temps").message());
        assertTrue(book.anyActive());
        book.clearSystem("group.temps", bench.wall());
        book.clearSystem("controller.state-file", bench.wall());
        book.clearSystem("never-raised", bench.wall());
        assertEquals(AlarmState.RETURNED_UNACKED, view("group.temps").state());
        assertFalse(book.anyActive());
    }

    @Test
    void aShelvedAlarmIsNotAnnunciatedUntilItsShelvingExpires() {
        condition(0, Severity.ALARM, "temp 36");
        assertEquals(ReasonCode.INVALID_ARGS, book.shelve("temp-high", " ", 60 * S, HOUR, "op", bench.now,
                bench.wall()).code());
        assertEquals(ReasonCode.INVALID_ARGS, book.shelve("temp-high", "noisy", 0, HOUR, "op", bench.now,
                bench.wall()).code());
        assertEquals(ReasonCode.OUT_OF_RANGE, book.shelve("temp-high", "noisy", 2 * HOUR, HOUR, "op", bench.now,
                bench.wall()).code());
        assertEquals(ReasonCode.INVALID_ARGS, book.shelve("nope", "noisy", 60 * S, HOUR, "op", bench.now,
                bench.wall()).code());
        bench.events();
        assertEquals(ReasonCode.ACCEPTED, book.shelve("temp-high", "noisy", 60 * S, HOUR, "op", bench.now,
                bench.wall()).code());
        assertFalse(book.anyActive(), "shelved: active but not annunciated");
        assertTrue(view("temp-high").suppression().startsWith("shelved until "));
        bench.advance(59_000);
        book.expire(0, bench.now, bench.wall());
        assertFalse(book.anyActive());
        bench.advance(1_000);
        book.expire(0, bench.now, bench.wall());
        assertTrue(book.anyActive());
        assertEquals(List.of(Type.SHELVED, Type.UNSHELVED), bench.eventTypes());
        assertEquals(ReasonCode.INVALID_ARGS, book.unshelve("temp-high", "op", bench.wall()).code());
    }

    @Test
    void onlyAnAlarmThatCannotTripIsTakenOutOfServiceAndItsActiveAlarmReturns() {
        condition(0, Severity.ALARM, "temp 36");
        assertEquals(ReasonCode.INVALID_ARGS, book.outOfService("leak", "wet test", 60 * S, HOUR, "eng", bench.now,
                bench.wall()).code(), "a protection that trips is bypassed, not taken out of service");
        bench.events();
        assertEquals(ReasonCode.ACCEPTED, book.outOfService("temp-high", "sensor swap", 60 * S, HOUR, "eng",
                bench.now, bench.wall()).code());
        assertFalse(book.inService(0));
        assertTrue(book.inService(1));
        List<SafetyEvent> events = bench.events();
        assertEquals(List.of(Type.ALARM_RETURNED, Type.OUT_OF_SERVICE), events.stream().map(SafetyEvent::type).toList());
        assertEquals("condition cleared (out of service)", events.get(0).message());
        assertEquals(ReasonCode.ACCEPTED, book.returnToService("temp-high", "eng", bench.wall()).code());
        assertTrue(book.inService(0));
        assertEquals(ReasonCode.INVALID_ARGS, book.returnToService("temp-high", "eng", bench.wall()).code());
    }

    @Test
    void theStateFileKeepsStatesAndUnexpiredExemptionsAndARestartRestoresThem() {
        condition(0, Severity.ALARM, "temp 36");
        book.acknowledge("temp-high", "op", bench.wall());
        book.shelve("temp-high", "noisy", 60 * S, HOUR, "op", bench.now, bench.wall());
        SafetyMemory memory = new SafetyMemory(List.of(), book.memory(), book.shelvedMemory(),
                book.outOfServiceMemory(), List.of(), "", Map.of());
        assertEquals(1, memory.alarms().size());
        assertEquals(AlarmState.ACTIVE_ACKED, memory.alarms().get(0).state());

        PartBench later = new PartBench("temp", "d:leak");
        later.now = bench.now + 3_600 * S; // another boot: the monotonic clock means nothing across it
        AlarmBook restored = new AlarmBook(protections, later.outbox);
        restored.restore(memory, later.now, bench.wall() + 30_000);
        AlarmView a = restored.views().get(0);
        assertEquals(AlarmState.ACTIVE_ACKED, a.state());
        assertEquals("temp 36", a.message());
        assertFalse(a.annunciated(), "30 s of the shelving are left");
        assertTrue(later.events().isEmpty(), "restoring is not an event");
        restored.expire(0, later.now + 30 * S, bench.wall() + 60_000);
        assertTrue(restored.views().get(0).annunciated());

        AlarmBook afterExpiry = new AlarmBook(protections, later.outbox);
        afterExpiry.restore(memory, later.now, bench.wall() + 61_000);
        assertTrue(afterExpiry.views().get(0).annunciated(), "an expired shelving is dropped");
    }
}
