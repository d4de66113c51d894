package io.podctl.hal.clock;

import java.util.Objects;

/**
 * Whether the wall clock is synchronized to a time source (NTP, PTP, GPS), as the kernel judges it. Immutable.
 *
 * @param state      synchronized, unsynchronized, or unknown (the state could not be read)
 * @param source     where the answer comes from, e.g. {@code adjtimex} or {@code simulated}
 * @param maxErrorMs the kernel's bound on the clock's error, ms (it grows while no time source corrects the
 *                   clock); NaN when unknown
 * @param estErrorMs the kernel's estimate of the clock's error, ms; NaN when unknown
 * @param detail     what was read, or why nothing could be, for people
 */
public record ClockSync(State state, String source, double maxErrorMs, double estErrorMs, String detail) {

    /** How far the clock can be trusted. */
    public enum State {
        /** A time source disciplines the clock. */
        SYNCHRONIZED,
        /** Nothing disciplines the clock (no NTP server reached, or never set): its error has no bound. */
        UNSYNCHRONIZED,
        /** The state could not be read. */
        UNKNOWN
    }

    public ClockSync {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(detail, "detail");
    }

    /** Nothing could be read from {@code source}, because of {@code why}. */
    public static ClockSync unknown(String source, String why) {
        return new ClockSync(State.UNKNOWN, source, Double.NaN, Double.NaN, why);
    }

    /** Whether the clock is known to be synchronized. */
    public boolean isSynchronized() {
        return state == State.SYNCHRONIZED;
    }
}
