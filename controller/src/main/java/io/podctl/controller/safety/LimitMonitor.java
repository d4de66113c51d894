package io.podctl.controller.safety;

/**
 * The time behaviour of one condition: it becomes active after it has been present for the on-delay, and
 * inactive after it has been absent for the off-delay (time to fault versus time to recover). Hysteresis is
 * applied by the caller when it decides whether the condition is present. Not thread-safe; loop thread.
 */
final class LimitMonitor {
    private boolean active;
    private boolean pendingOn;
    private long pendingOnSince;
    private boolean pendingOff;
    private long pendingOffSince;

    /**
     * Feeds the raw condition at {@code now} (ns). Returns true when {@link #active()} changed.
     *
     * @param onDelay  ns the condition must be present before it becomes active
     * @param offDelay ns the condition must be absent before it becomes inactive
     */
    boolean update(boolean present, long now, long onDelay, long offDelay) {
        boolean before = active;
        if (present) {
            pendingOff = false;
            if (!active) {
                if (!pendingOn) {
                    pendingOn = true;
                    pendingOnSince = now;
                }
                if (now - pendingOnSince >= onDelay) {
                    active = true;
                    pendingOn = false;
                }
            }
        } else {
            pendingOn = false;
            if (active) {
                if (!pendingOff) {
                    pendingOff = true;
                    pendingOffSince = now;
                }
                if (now - pendingOffSince >= offDelay) {
                    active = false;
                    pendingOff = false;
                }
            }
        }
        return before != active;
    }

    /** Whether the condition is active (delays elapsed). */
    boolean active() {
        return active;
    }

    /** Whether the condition is present now, active or still waiting for its on-delay. */
    boolean present() {
        return active && !pendingOff || pendingOn;
    }

    /** Forgets everything (e.g. when the protection is taken out of service). */
    void clear() {
        active = false;
        pendingOn = false;
        pendingOff = false;
    }
}
