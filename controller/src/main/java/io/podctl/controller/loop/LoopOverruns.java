package io.podctl.controller.loop;

import io.podctl.controller.events.EventLog;
import io.podctl.controller.safety.SafetyEngine;
import io.podctl.controller.safety.Severity;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a loop that misses its deadlines visible to operators, not only to the log. A cycle overruns when it
 * ends after the next deadline (it started late, took too long, or both): the protections then act later than
 * the period promises. Each overrun is counted in {@link LoopStats}; it is reported — a log line, a
 * {@code LOOP_OVERRUN} event (numbered and journaled like every event) naming the cycle's duration and its
 * slowest phase, and the controller alarm {@value #ALARM_ID} (severity warning) — at once for the first one and
 * then at most once per report interval ({@code loop.overrunLogInterval}) with the count since the last report,
 * so that a loop that overruns every cycle does not flood the journal.
 *
 * <p>The alarm clears once a whole report interval passes without an overrun; as every alarm it then waits for
 * an acknowledgement (RETURNED_UNACKED). While the pod is STARTING (the start-up trip holds every run permissive
 * output off) a late cycle endangers nothing, and the first cycles after a start — class loading, the first
 * connections — would raise the alarm at every start: overruns are then counted and reported as events, and
 * raise no alarm.
 *
 * <p>Threading: loop thread only. Nothing is allocated unless a report is due.
 */
final class LoopOverruns {
    /** The controller alarm raised while the loop overruns. */
    static final String ALARM_ID = "controller.loop";

    private static final Logger log = LoggerFactory.getLogger(LoopOverruns.class);

    private final LoopStats stats;
    private final EventLog events;
    private final SafetyEngine engine;
    private boolean everReported;
    private long lastReportNanos;
    private long lastOverrunNanos;
    private long missedSinceReport;
    private boolean alarmRaised;

    LoopOverruns(LoopStats stats, EventLog events, SafetyEngine engine) {
        this.stats = stats;
        this.events = events;
        this.engine = engine;
    }

    /**
     * Judges the cycle just closed in {@link LoopStats}: it ran for the deadline {@code deadlineNanos} (the
     * time an extra cycle was asked for) and ended at {@code endNanos}, both monotonic.
     *
     * @param wallMillis the cycle's wall-clock time in epoch milliseconds, for the event
     */
    void afterCycle(long deadlineNanos, long endNanos, long wallMillis) {
        long period = stats.periodNanos();
        long missed = (endNanos - deadlineNanos) / period;
        long interval = stats.overrunReportIntervalNanos();
        if (missed <= 0) {
            if (alarmRaised && endNanos - lastOverrunNanos >= interval) {
                alarmRaised = false;
                engine.clearSystemAlarm(ALARM_ID);
            }
            return;
        }
        stats.overrun(missed);
        lastOverrunNanos = endNanos;
        missedSinceReport += missed;
        if (everReported && endNanos - lastReportNanos < interval) {
            return;
        }
        everReported = true;
        lastReportNanos = endNanos;
        report(endNanos - deadlineNanos, Instant.ofEpochMilli(wallMillis));
        missedSinceReport = 0;
    }

    private void report(long endedAfterDeadlineNanos, Instant wall) {
        long period = stats.periodNanos();
        long cycle = stats.lastCycleNanos();
        LoopPhase slowest = stats.slowestPhase();
        long slowestNanos = stats.phaseNanos(slowest);
        String message = String.format(Locale.ROOT, "the control loop overran its %s ms period: a cycle took %s ms"
                        + " and ended %s ms after its deadline, slowest phase %s (%s ms); %d deadline(s) missed since"
                        + " the last report", ms(period), ms(cycle), ms(endedAfterDeadlineNanos), slowest,
                ms(slowestNanos), missedSinceReport);
        log.warn(message);
        events.append(wall, "LOOP_OVERRUN", "loop", "warning", message, Map.of(
                "missed", Long.toString(missedSinceReport), "periodMs", ms(period), "cycleMs", ms(cycle),
                "lateMs", ms(endedAfterDeadlineNanos), "slowestPhase", slowest.name(),
                "slowestPhaseMs", ms(slowestNanos)));
        if (!engine.isStarting()) {
            engine.raiseSystemAlarm(ALARM_ID, "control loop timing", Severity.WARNING, message);
            alarmRaised = true;
        }
    }

    /** Nanoseconds as milliseconds with one decimal. */
    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
