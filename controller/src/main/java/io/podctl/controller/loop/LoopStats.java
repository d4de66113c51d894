package io.podctl.controller.loop;

import io.podctl.controller.state.LoopTimingView;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Timing of the control loop: per-phase durations, cycle duration and start lateness histograms, overruns,
 * and the interval at which overruns are reported ({@link LoopOverruns} turns them into events and an alarm).
 *
 * <p>Threading: recording methods are called by the loop thread only; {@link #view()} may be called from
 * any thread (it synchronizes with recording). The report interval may be changed from any thread. A
 * {@link TimingSink} sees every figure as it is recorded, on the loop thread, without sharing this class's lock
 * with its readers.
 */
public final class LoopStats {
    private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final long periodNanos;
    private volatile long overrunReportIntervalNanos;
    private final Histogram cycleNanos = new Histogram(HIGHEST_TRACKABLE_NANOS, 2);
    private final Histogram latenessNanos = new Histogram(HIGHEST_TRACKABLE_NANOS, 2);
    private final long[] phaseNanos = new long[LoopPhase.values().length];
    private long cycles;
    private long overruns;
    private long extraCycles;
    private long lastCycle;
    private long maxCycle;
    private LoopPhase slowestPhaseOfMax = LoopPhase.INPUTS;
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
     * @param periodNanos                configured loop period
     * @param overrunReportIntervalNanos overruns are reported (log line, event) at most once per interval
     *                                   ({@code loop.overrunLogInterval})
     */
    public LoopStats(long periodNanos, long overrunReportIntervalNanos) {
        this.periodNanos = periodNanos;
        setOverrunReportInterval(overrunReportIntervalNanos);
    }

    /** Where every figure is also reported from now on; set before the loop starts. */
    public void timingSink(TimingSink timingSink) {
        this.sink = timingSink;
    }

    /** A reloaded {@code loop.overrunLogInterval}; takes effect from the next overrun. Any thread. */
    public void setOverrunReportInterval(long nanos) {
        if (nanos <= 0) {
            throw new IllegalArgumentException("the overrun report interval must be positive: " + nanos);
        }
        this.overrunReportIntervalNanos = nanos;
    }

    /** At most one overrun report per this many ns. */
    public long overrunReportIntervalNanos() {
        return overrunReportIntervalNanos;
    }

    /** The configured period, ns. */
    public long periodNanos() {
        return periodNanos;
    }

    /** Records the duration of one phase of the current cycle. */
    void phase(LoopPhase phase, long nanos) {
        phaseNanos[phase.ordinal()] = nanos;
    }

    /** How long {@code phase} took in the current (or last) cycle, ns. Loop thread. */
    long phaseNanos(LoopPhase phase) {
        return phaseNanos[phase.ordinal()];
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

    /** How long the last closed cycle took, ns. Loop thread. */
    long lastCycleNanos() {
        return lastCycle;
    }

    /** Records that the current cycle ended {@code missed} deadlines late. Loop thread. */
    synchronized void overrun(long missed) {
        overruns += missed;
        sink.overrun(missed);
    }

    /** The phase that took longest in the current (or last) cycle. Loop thread. */
    LoopPhase slowestPhase() {
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
