package io.podctl.controller.events;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stamps events with a strictly increasing sequence number. The first number is chosen at start-up so that
 * it is larger than any number used before a restart (see {@link #startingAfter}).
 *
 * <p>Threading: thread-safe (events come from the loop thread and from the command intake).
 */
public final class EventSequencer {
    private final AtomicLong next;

    /** Numbers start at {@code first}. */
    public EventSequencer(long first) {
        this.next = new AtomicLong(first);
    }

    /**
     * A sequencer whose numbers exceed both {@code lastPersisted} and a floor derived from the wall clock
     * ({@code epochMillis × 1000}), so that numbers keep increasing across restarts even when the last number
     * was not persisted (up to 1000 events per millisecond of downtime).
     */
    public static EventSequencer startingAfter(long lastPersisted, Instant now) {
        long clockFloor = now.toEpochMilli() * 1000L;
        return new EventSequencer(Math.max(lastPersisted, clockFloor) + 1);
    }

    /** A new event with the next number. */
    public PodEvent next(Instant time, String type, String source, String severity, String message,
                         Map<String, String> details) {
        return new PodEvent(next.getAndIncrement(), time, type, source, severity, message, details);
    }

    /** The number the next event will get. */
    public long peek() {
        return next.get();
    }
}
