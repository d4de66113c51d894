package io.podctl.controller.safety;

import java.util.Objects;

/**
 * A time-limited exemption granted by a person: a shelved alarm, an alarm out of service, a bypassed trip,
 * an output override. Immutable.
 *
 * @param target          what it applies to (alarm, protection or output id)
 * @param reason          why, as given
 * @param by              who granted it
 * @param untilNanos      monotonic expiry
 * @param untilWallMillis the same expiry on the wall clock, for display and persistence
 */
public record Exemption(String target, String reason, String by, long untilNanos, long untilWallMillis) {
    public Exemption {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(by, "by");
    }

    /** Whether it has expired at {@code now} (ns). */
    public boolean expired(long now) {
        return now - untilNanos >= 0;
    }
}
