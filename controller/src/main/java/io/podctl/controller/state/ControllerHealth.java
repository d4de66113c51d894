package io.podctl.controller.state;

import io.podctl.hal.Clock;
import io.podctl.sensors.Quality;
import io.podctl.sensors.Snapshot;
import java.time.Duration;
import java.util.List;

/**
 * Whether the controller is alive and whether it is ready, judged in this one place for every probe: the metrics
 * endpoint's {@code /healthz} and {@code /readyz}, and a service manager's readiness notification.
 *
 * <ul>
 *   <li><b>Alive</b>: the loop completed a cycle within the stall timeout (the same bound after which the output
 *       supervisor forces the outputs safe).</li>
 *   <li><b>Ready</b>: alive, the loop has handed off its first state, the pod is not shutting down, and every
 *       safety input has been judged: it delivered a sample, or its failure was detected (any quality but
 *       {@link Quality#NO_DATA}). A pod that is tripped or waiting for a reset is ready: its protections are in
 *       force. A device that was never reached is judged once its poll fails (COMM_FAIL).</li>
 * </ul>
 *
 * <p>Threading: {@link #onSnapshot} and {@link #onState} are called on the loop thread; they scan the safety inputs'
 * qualities and store a few volatile fields, without allocating or locking. {@link #liveness} and
 * {@link #readiness} may be called from any thread.
 */
public final class ControllerHealth implements PodObserver {
    private static final int NO_CYCLE_YET = -2;
    private static final int ALL_JUDGED = -1;

    private final Clock clock;
    private final int[] safetyInputs;
    private final List<String> pointIds;
    private final long stallNanos;
    private volatile long lastCycleNanos;
    private volatile int firstUnjudged = NO_CYCLE_YET;
    private volatile PodStateView state;

    /**
     * A verdict for a probe.
     *
     * @param ok     true when alive (or ready)
     * @param reason why, in words (one line)
     */
    public record Verdict(boolean ok, String reason) {
    }

    /**
     * @param clock        the monotonic clock the loop runs on
     * @param safetyInputs board indexes of the safety inputs
     * @param pointIds     every point id, by board index (for the reasons)
     * @param stallAfter   the loop counts as stalled after this long without a cycle
     */
    public ControllerHealth(Clock clock, int[] safetyInputs, List<String> pointIds, Duration stallAfter) {
        this.clock = clock;
        this.safetyInputs = safetyInputs.clone();
        this.pointIds = List.copyOf(pointIds);
        this.stallNanos = stallAfter.toNanos();
    }

    @Override
    public void onSnapshot(Snapshot snapshot) {
        int unjudged = ALL_JUDGED;
        for (int idx : safetyInputs) {
            if (snapshot.quality(idx) == Quality.NO_DATA) {
                unjudged = idx;
                break;
            }
        }
        firstUnjudged = unjudged;
        lastCycleNanos = snapshot.takenAtNanos();
    }

    @Override
    public void onState(PodStateView newState) {
        state = newState;
    }

    /** Alive: a cycle completed within the stall timeout. Any thread. */
    public Verdict liveness() {
        if (firstUnjudged == NO_CYCLE_YET) {
            return new Verdict(false, "no control cycle has run yet");
        }
        long age = clock.nanoTime() - lastCycleNanos;
        if (age > stallNanos) {
            return new Verdict(false, "control loop stalled: last cycle " + age / 1_000_000 + " ms ago (stall timeout "
                    + stallNanos / 1_000_000 + " ms)");
        }
        return new Verdict(true, "control loop running");
    }

    /** Ready: alive, a state handed off, not shutting down, every safety input judged. Any thread. */
    public Verdict readiness() {
        Verdict alive = liveness();
        if (!alive.ok()) {
            return alive;
        }
        PodStateView s = state;
        if (s == null) {
            return new Verdict(false, "no state yet");
        }
        if (s.mode() == PodMode.SHUTDOWN) {
            return new Verdict(false, "shutting down");
        }
        int unjudged = firstUnjudged;
        if (unjudged >= 0) {
            return new Verdict(false, "waiting for safety input " + pointIds.get(unjudged) + " (no data yet)");
        }
        return new Verdict(true, "ready: mode " + s.mode() + " (" + s.modeReason() + ")");
    }

    /** The state last handed off by the loop, or null before the first one. Any thread. */
    public PodStateView lastState() {
        return state;
    }

    /** Nanoseconds since the last cycle, or -1 before the first one. Any thread. */
    public long nanosSinceLastCycle() {
        return firstUnjudged == NO_CYCLE_YET ? -1 : clock.nanoTime() - lastCycleNanos;
    }
}
