package io.podctl.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One outbox for every part: events in the order they happened, writes, the change counter. */
class EngineOutboxTest {
    @Test
    void eventsAndWritesAreDrainedInOrderAndOnlyOnce() {
        EngineOutbox outbox = new EngineOutbox();
        outbox.event(SafetyEvent.Type.TRIP_LATCHED, "leak", Severity.TRIP, "leak active", 1);
        outbox.event(SafetyEvent.Type.ALARM_RAISED, "leak", Severity.TRIP, "leak active", 1);
        WriteIntent w = new WriteIntent("pump", new EffectSpec.WriteSpec("cdu.pump2", 1, 1_000, null));
        outbox.write(w);
        List<SafetyEvent> events = new ArrayList<>(List.of(new SafetyEvent(SafetyEvent.Type.LOAD_SHED, "r", Severity.ALARM,
                "already there", 0)));
        outbox.drainEvents(events);
        assertEquals(List.of(SafetyEvent.Type.LOAD_SHED, SafetyEvent.Type.TRIP_LATCHED, SafetyEvent.Type.ALARM_RAISED),
                events.stream().map(SafetyEvent::type).toList(), "appended after what the sink held");
        List<WriteIntent> writes = new ArrayList<>();
        outbox.drainWrites(writes);
        assertEquals(List.of(w), writes);
        events.clear();
        writes.clear();
        outbox.drainEvents(events);
        outbox.drainWrites(writes);
        assertTrue(events.isEmpty());
        assertTrue(writes.isEmpty());
    }

    @Test
    void theChangeCounterOnlyMovesWhenToldTo() {
        EngineOutbox outbox = new EngineOutbox();
        outbox.event(SafetyEvent.Type.EFFECT_WAITING, "pump", Severity.ALARM, "waits", 1);
        assertEquals(0, outbox.changeCount(), "an event alone is not a visible change");
        outbox.changed();
        outbox.changed();
        assertEquals(2, outbox.changeCount());
    }
}
