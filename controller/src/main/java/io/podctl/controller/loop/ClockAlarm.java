package io.podctl.controller.loop;

import io.podctl.controller.safety.SafetyEngine;
import io.podctl.controller.safety.Severity;
import io.podctl.hal.clock.ClockSync;

/**
 * The controller alarm {@value #ALARM_ID} (warning), raised while the pod's wall clock is not known to be
 * synchronized, and cleared when it is again. The protections do not depend on the wall clock (they time
 * everything on the monotonic clock), but command expiry does: while the alarm is active, safety-reset and engineer
 * commands are refused ({@code CLOCK_UNSYNCHRONIZED}), so people must know why.
 *
 * <p>Threading: loop thread only.
 */
final class ClockAlarm {
    /** The controller alarm raised while the clock is unsynchronized or its state unknown. */
    static final String ALARM_ID = "controller.clock";

    private ClockSync judged;

    /**
     * Judges the latest reading (the same object until the watch reads again).
     *
     * @return whether it is a new reading, which the published state must show
     */
    boolean update(ClockSync reading, SafetyEngine engine) {
        if (reading == judged) {
            return false;
        }
        ClockSync before = judged;
        judged = reading;
        if (reading == null) {
            return true;
        }
        if (reading.isSynchronized()) {
            engine.clearSystemAlarm(ALARM_ID);
        } else if (before == null || before.state() != reading.state()) {
            engine.raiseSystemAlarm(ALARM_ID, "wall clock synchronization", Severity.WARNING, message(reading));
        }
        return true;
    }

    /** The reading judged last, or null. */
    ClockSync judged() {
        return judged;
    }

    /** Whether the clock is known to be unsynchronized or its state unknown (commands are then flagged). */
    boolean doubtful() {
        return judged != null && !judged.isSynchronized();
    }

    private static String message(ClockSync c) {
        String what = c.state() == ClockSync.State.UNKNOWN ? "it cannot be told whether the pod's clock is synchronized"
                : "the pod's clock is not synchronized to a time source";
        return what + " (" + c.detail() + "): command expiry cannot be checked, so reset and engineer commands are"
                + " refused (CLOCK_UNSYNCHRONIZED) until it is; the protections do not use the wall clock";
    }
}
