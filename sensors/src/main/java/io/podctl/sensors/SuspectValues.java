package io.podctl.sensors;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Readings a poller decoded but does not believe: a float that no instrument of its unit produces, a counter
 * that went backwards. The sample itself is published as bad data (not GOOD); this board says why, so that the
 * loop can raise an alarm people see, and it keeps saying so until the poller clears it.
 *
 * <p>Bounded: at most one entry per point and kind. A poller raises an entry when the condition starts (or its
 * text changes) and clears it when the condition ends, never once per sample. Readers notice changes through
 * {@link #changeCount()} without comparing.
 *
 * <p>Threading: thread-safe; {@link #raise} and {@link #clear} from poller threads, reads from any thread.
 */
public final class SuspectValues {
    /** What is wrong with a reading. */
    public enum Kind {
        /** A float reading that cannot be a measurement: a register pair off by one, or the wrong word order. */
        IMPLAUSIBLE("implausible"),
        /** A counter below the highest value accepted: a device that restarted and serves zeros, or a reset. */
        COUNTER_BACKWARDS("counter");

        private final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }

        /** The last segment of the alarm raised for it: {@code point.<id>.implausible}, {@code point.<id>.counter}. */
        public String suffix() {
            return suffix;
        }
    }

    /**
     * One suspect reading.
     *
     * @param pointId the point
     * @param kind    what is wrong
     * @param detail  what was read and what it probably means, for people
     */
    public record Suspect(String pointId, Kind kind, String detail) {
        public Suspect {
            Objects.requireNonNull(pointId, "pointId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(detail, "detail");
        }
    }

    private record Key(String pointId, Kind kind) {
    }

    private final Map<Key, Suspect> current = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();

    /** Records (or updates) a suspect reading; counts a change when it is new or its text differs. */
    public void raise(Suspect suspect) {
        Suspect before = current.put(new Key(suspect.pointId(), suspect.kind()), suspect);
        if (!suspect.equals(before)) {
            changes.incrementAndGet();
        }
    }

    /** The reading of {@code pointId} is no longer suspect of {@code kind}; counts a change if it was. */
    public void clear(String pointId, Kind kind) {
        if (current.remove(new Key(pointId, kind)) != null) {
            changes.incrementAndGet();
        }
    }

    /** Every current suspect, by point id then kind. */
    public List<Suspect> all() {
        return current.values().stream()
                .sorted(Comparator.comparing(Suspect::pointId).thenComparing(Suspect::kind)).toList();
    }

    /** Increments whenever a suspect is raised, changed or cleared. */
    public long changeCount() {
        return changes.get();
    }
}
