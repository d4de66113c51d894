package io.podctl.controller.loop;

import io.podctl.controller.state.LoopTimingView;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Timing of the control loop: per-phase durations, cycle duration and start lateness histograms, overruns.
 * Overruns are logged at a limited rate, naming the slowest phase of the offending cycle.
 *
 * <p>Threading: recording methods are called by the loop thread only; {@link #view()} may be called from
 * any thread (it synchronizes with recording). A {@link TimingSink} sees every figure as it is recorded, on the
 * loop thread, without sharing this class's lock with its readers.
 */
public final class LoopStats {
    private static final Logger log = LoggerFactory.getLogger(LoopStats.class);
    private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final long periodNanos;
    private final long overrunLogIntervalNanos;
    private final Histogram cycleNanos = new Histogram(HIGHEST_TRACKABLE_NANOS, 2);
    private final Histogram latenessNanos = new Histogram(HIGHEST_TRACKABLE_NANOS, 2);
    private final long[] phaseNanos = new long[LoopPhase.values().length];
    private long cycles;
    private long overruns;
    private long extraCycles;
    private long lastCycle;
    private long maxCycle;
    private LoopPhase slowestPhaseOfMax = LoopPhase.INPUTS;
    private long lastOverrunLog = Long.MIN_VALUE;
    private long overrunsSinceLog;
    private volatile TimingSink sink = TimingSink.NONE;

    /**
     * Receives every timing figure as the loop records it, so that another surface (the metrics endpoint) can
     * count them without locking this class. Called on the loop thread: must not block, lock or allocate.
     */
    public interface TimingSink {
        /** Does nothing. */
        TimingSink NONE = new TimingSink() {
        };

        /** A cycle started {@code nanos} after its deadline (0 when on time). */
        default void lateness(long nanos) {
        }

        /** A cycle took {@code nanos}. */
        default void cycle(long nanos) {
        }

        /** {@code missed} deadlines were skipped. */
        default void overrun(long missed) {
        }

        /** An extra cycle ran between two deadlines. */
        default void extraCycle() {
        }
    }

    /**
     * @param periodNanos             configured loop period
     * @param overrunLogIntervalNanos at most one overrun log line per interval
     */
    public LoopStats(long periodNanos, long overrunLogIntervalNanos) {
        this.periodNanos = periodNanos;
        this.overrunLogIntervalNanos = overrunLogIntervalNanos;
    }

    /** Where every figure is also reported from now on; set before the loop starts. */
    public void timingSink(TimingSink timingSink) {
        this.sink = timingSink;
    }

    /** Records the duration of one phase of the current cycle. */
    void phase(LoopPhase phase, long nanos) {
        phaseNanos[phase.ordinal()] = nanos;
    }

    /** Records how late the current cycle started after its deadline. */
    public synchronized void lateness(long nanos) {
        latenessNanos.recordValue(Math.min(Math.max(0, nanos), HIGHEST_TRACKABLE_NANOS));
        sink.lateness(Math.max(0, nanos));
    }

    /** Closes the current cycle, which took {@code nanos}. */
    synchronized void cycle(long nanos) {
        cycles++;
        lastCycle = nanos;
        cycleNanos.recordValue(Math.min(Math.max(0, nanos), HIGHEST_TRACKABLE_NANOS));
        sink.cycle(Math.max(0, nanos));
        if (nanos > maxCycle) {
            maxCycle = nanos;
            slowestPhaseOfMax = slowestPhase();
        }
    }

    /** Records that {@code missed} deadlines were skipped at monotonic time {@code nowNanos}. */
    public synchronized void overrun(long missed, long nowNanos) {
        overruns += missed;
        overrunsSinceLog += missed;
        sink.overrun(missed);
        if (lastOverrunLog == Long.MIN_VALUE || nowNanos - lastOverrunLog >= overrunLogIntervalNanos) {
            LoopPhase slowest = slowestPhase();
            log.warn("control loop overran its {} ms period: {} deadline(s) missed since last report; last cycle {} us,"
                            + " slowest phase {} ({} us)", periodNanos / 1_000_000, overrunsSinceLog, lastCycle / 1000,
                    slowest, phaseNanos[slowest.ordinal()] / 1000);
            lastOverrunLog = nowNanos;
            overrunsSinceLog = 0;
        }
    }

    private LoopPhase slowestPhase() {
        LoopPhase slowest = LoopPhase.INPUTS;
        for (LoopPhase p : LoopPhase.values()) {
            if (phaseNanos[p.ordinal()] > phaseNanos[slowest.ordinal()]) {
                slowest = p;
            }
        }
        return slowest;
    }

    /** Cycles run so far. */
    public synchronized long cycles() {
        return cycles;
    }

    /** Records an extra cycle run between two deadlines because a trip input changed. */
    public synchronized void extraCycle() {
        extraCycles++;
        sink.extraCycle();
    }

    /** Extra cycles run between deadlines so far (also counted in {@link #cycles()}). */
    public synchronized long extraCycles() {
        return extraCycles;
    }

    /** Deadlines missed so far. */
    public synchronized long overruns() {
        return overruns;
    }

    /** An immutable summary. */
    public synchronized LoopTimingView view() {
        return new LoopTimingView(periodNanos / 1000, cycles, overruns, lastCycle / 1000,
                cycleNanos.getValueAtPercentile(99) / 1000, maxCycle / 1000,
                latenessNanos.getValueAtPercentile(99) / 1000, latenessNanos.getMaxValue() / 1000,
                slowestPhaseOfMax.name());
    }

    /** A copy of the cycle-duration histogram (ns), for reports. */
    public synchronized Histogram cycleHistogram() {
        return cycleNanos.copy();
    }

    /** A copy of the start-lateness histogram (ns), for reports. */
    public synchronized Histogram latenessHistogram() {
        return latenessNanos.copy();
    }
}
