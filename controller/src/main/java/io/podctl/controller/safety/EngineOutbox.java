package io.podctl.controller.safety;

import java.util.ArrayList;
import java.util.List;

/**
 * What the engine's parts have to tell the loop since it last asked: the events in the order they happened,
 * the device writes to perform, and a change counter that moves whenever anything visible changes (the loop
 * publishes the state when it moves). Shared by every part of one engine, so that one evaluation's events keep
 * the order in which the parts produced them. Not thread-safe; loop thread. Draining allocates nothing.
 */
final class EngineOutbox {
    private final List<SafetyEvent> events = new ArrayList<>();
    private final List<WriteIntent> writes = new ArrayList<>();
    private long changeCount;

    /** Records an event (wall-clock time in epoch ms). */
    void event(SafetyEvent.Type type, String id, Severity severity, String message, long wallMillis) {
        events.add(new SafetyEvent(type, id, severity, message, wallMillis));
    }

    /** Asks for a device write. */
    void write(WriteIntent write) {
        writes.add(write);
    }

    /** Notes that something visible changed. */
    void changed() {
        changeCount++;
    }

    long changeCount() {
        return changeCount;
    }

    /** Moves the events into {@code sink}, oldest first. */
    void drainEvents(List<SafetyEvent> sink) {
        moveAll(events, sink);
    }

    /** Moves the writes into {@code sink}, oldest first. */
    void drainWrites(List<WriteIntent> sink) {
        moveAll(writes, sink);
    }

    private static <T> void moveAll(List<T> from, List<T> sink) {
        // Index by index: addAll would copy the list into a new array on every cycle, even an empty one.
        for (int i = 0; i < from.size(); i++) {
            sink.add(from.get(i));
        }
        from.clear();
    }
}
