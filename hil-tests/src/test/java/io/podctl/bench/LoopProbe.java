package io.podctl.bench;

import io.podctl.controller.events.PodEvent;
import io.podctl.controller.state.PodObserver;
import io.podctl.sensors.Quality;
import io.podctl.sensors.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bench's view from inside the controller: a {@link PodObserver} registered on the runtime, so it is called
 * on the control loop thread after the cycle drove its outputs. Per cycle it looks at the snapshot the loop
 * decided on, which carries each point's monotonic sample time: that is how the bench knows when the sample that
 * carried a fault reached the sample board, and which sample the tripping cycle acted on.
 *
 * <p>Threading: the observer methods run on the loop thread and only copy a few numbers under this object's
 * monitor; the bench thread arms, reads and records through synchronized methods. Recorded series and events are
 * bounded (further rows are counted as dropped).
 */
final class LoopProbe implements PodObserver {
    private static final int SERIES_CAPACITY = 200_000;
    private static final int EVENT_CAPACITY = 10_000;

    /** Whether a snapshot shows the fault on point {@code index}. */
    @FunctionalInterface
    interface FaultTest {
        boolean test(Snapshot snapshot, int index);
    }

    /**
     * What one trial saw. Times are monotonic nanoseconds; {@link Long#MIN_VALUE} where not (yet) seen.
     *
     * @param firstFaultSampledAt when the first sample showing the fault reached the board
     * @param firstFaultCycle     deadline of the first cycle that saw it
     * @param firstFaultQuality   its quality
     * @param outputsOffAt        when the last rack output went off (the output hook's stamp)
     * @param decidingCycle       deadline of the cycle that turned the outputs off
     * @param decidingSampledAt   sample time of the watched point in that cycle's snapshot
     * @param decidingQuality     its quality
     */
    record Trial(long firstFaultSampledAt, long firstFaultCycle, Quality firstFaultQuality, long outputsOffAt,
                 long decidingCycle, long decidingSampledAt, Quality decidingQuality) {
        boolean complete() {
            return firstFaultSampledAt != Long.MIN_VALUE && outputsOffAt != Long.MIN_VALUE;
        }
    }

    /** One recorded cycle: when the observer ran, the cycle's deadline, and the watched points. */
    record Row(long nanos, long cycleDeadline, double[] values, Quality[] qualities, long[] sampledAt) {
    }

    /** A trip that latched while the bench was doing something that should not latch it. */
    record UnexpectedTrip(String activity, String tripId, String message) {
    }

    /** An event as the loop handed it out, stamped with the monotonic time of the hand-out. */
    record StampedEvent(long nanos, PodEvent event) {
    }

    private final OutputProbe outputs;
    private final int[] rackPins;
    private final AtomicLong tripsLatched = new AtomicLong();
    private final AtomicLong alarmsRaised = new AtomicLong();
    private final AtomicLong cycles = new AtomicLong();
    private static final int UNEXPECTED_CAPACITY = 1_000;

    // expectations, guarded by this
    private Set<String> expectedTrips = Set.of();
    private String activity = "start-up";
    private final List<UnexpectedTrip> unexpected = new ArrayList<>();
    private long unexpectedDropped;

    // trial, guarded by this
    private boolean armed;
    private int pointIndex;
    private FaultTest faultTest;
    private long armedAt;
    private long firstFaultSampledAt;
    private long firstFaultCycle;
    private Quality firstFaultQuality;
    private long outputsOffAt;
    private long decidingCycle;
    private long decidingSampledAt;
    private Quality decidingQuality;

    // readiness after a restart, guarded by this
    private int[] readiness;
    private long readyAt = Long.MIN_VALUE;
    private boolean sawCycle;
    private boolean readyAtFirstSight;

    // recording, guarded by this
    private int[] recordedPoints = new int[0];
    private final List<Row> rows = new ArrayList<>();
    private final List<StampedEvent> events = new ArrayList<>();
    private boolean recording;
    private long dropped;

    LoopProbe(OutputProbe outputs, int[] rackPins) {
        this.outputs = outputs;
        this.rackPins = rackPins.clone();
    }

    /** TRIP_LATCHED events handed out so far. */
    long tripsLatched() {
        return tripsLatched.get();
    }

    /** ALARM_RAISED events handed out so far. */
    long alarmsRaised() {
        return alarmsRaised.get();
    }

    /**
     * From now on, a TRIP_LATCHED event of any other trip than {@code tripIds} is remembered as unexpected, with
     * {@code what} as the activity it happened in.
     */
    synchronized void expect(String what, Set<String> tripIds) {
        activity = what;
        expectedTrips = Set.copyOf(tripIds);
    }

    /** The unexpected trips so far (at most a thousand are kept). */
    synchronized List<UnexpectedTrip> unexpectedTrips() {
        return List.copyOf(unexpected);
    }

    /** Unexpected trips that were counted but not kept. */
    synchronized long unexpectedDropped() {
        return unexpectedDropped;
    }

    /** Cycles observed so far. */
    long cycles() {
        return cycles.get();
    }

    /**
     * Starts a trial: from now on, the first snapshot in which {@code test} holds for point {@code index} and the
     * first cycle after which every rack output is off are remembered.
     *
     * @param sinceNanos output changes before this monotonic time do not count
     */
    synchronized void arm(int index, FaultTest test, long sinceNanos) {
        armed = true;
        pointIndex = index;
        faultTest = test;
        armedAt = sinceNanos;
        firstFaultSampledAt = Long.MIN_VALUE;
        firstFaultCycle = Long.MIN_VALUE;
        firstFaultQuality = null;
        outputsOffAt = Long.MIN_VALUE;
        decidingCycle = Long.MIN_VALUE;
        decidingSampledAt = Long.MIN_VALUE;
        decidingQuality = null;
    }

    /** What the current trial saw so far. */
    synchronized Trial trial() {
        return new Trial(firstFaultSampledAt, firstFaultCycle, firstFaultQuality, outputsOffAt, decidingCycle,
                decidingSampledAt, decidingQuality);
    }

    /** Ends the trial. */
    synchronized void disarm() {
        armed = false;
    }

    /**
     * From now on, remembers the first cycle whose snapshot has every one of these points GOOD (the safety
     * inputs, after a restart).
     */
    synchronized void armReadiness(int[] pointIndexes) {
        readiness = pointIndexes.clone();
        readyAt = Long.MIN_VALUE;
        sawCycle = false;
        readyAtFirstSight = false;
    }

    /** When (monotonic ns, as the observer ran) the armed points were first all GOOD, or {@link Long#MIN_VALUE}. */
    synchronized long readyAt() {
        return readyAt;
    }

    /** Whether they were already all GOOD in the first cycle this probe saw (so it may have been earlier). */
    synchronized boolean readyAtFirstSight() {
        return readyAtFirstSight;
    }

    /** Starts recording the given points every cycle, and every event (both cleared). */
    synchronized void startRecording(int... pointIndexes) {
        recordedPoints = pointIndexes.clone();
        rows.clear();
        events.clear();
        dropped = 0;
        recording = true;
    }

    /** Stops recording; returns the rows. */
    synchronized List<Row> stopRecording() {
        recording = false;
        return List.copyOf(rows);
    }

    /** Events recorded by the last recording. */
    synchronized List<StampedEvent> recordedEvents() {
        return List.copyOf(events);
    }

    /** Rows and events that did not fit. */
    synchronized long dropped() {
        return dropped;
    }

    @Override
    public void onSnapshot(Snapshot snapshot) {
        long now = System.nanoTime();
        cycles.incrementAndGet();
        synchronized (this) {
            if (armed) {
                observeTrial(snapshot);
            }
            if (readiness != null && readyAt == Long.MIN_VALUE) {
                boolean all = true;
                for (int i : readiness) {
                    all &= snapshot.isGood(i);
                }
                if (all) {
                    readyAt = now;
                    readyAtFirstSight = !sawCycle;
                }
                sawCycle = true;
            }
            if (recording) {
                if (rows.size() >= SERIES_CAPACITY) {
                    dropped++;
                } else {
                    int n = recordedPoints.length;
                    double[] v = new double[n];
                    Quality[] q = new Quality[n];
                    long[] at = new long[n];
                    for (int k = 0; k < n; k++) {
                        int i = recordedPoints[k];
                        v[k] = snapshot.lastValue(i);
                        q[k] = snapshot.quality(i);
                        at[k] = snapshot.sampledAtNanos(i);
                    }
                    rows.add(new Row(now, snapshot.takenAtNanos(), v, q, at));
                }
            }
        }
    }

    private void observeTrial(Snapshot snapshot) {
        if (firstFaultSampledAt == Long.MIN_VALUE && faultTest.test(snapshot, pointIndex)) {
            firstFaultSampledAt = snapshot.sampledAtNanos(pointIndex);
            firstFaultCycle = snapshot.takenAtNanos();
            firstFaultQuality = snapshot.quality(pointIndex);
        }
        if (outputsOffAt == Long.MIN_VALUE) {
            // Called after this cycle drove its outputs: if they are all off now and were not at the last
            // cycle, this cycle's snapshot is the one the decision was made on.
            long off = outputs.allOffSince(rackPins, armedAt);
            if (off != Long.MIN_VALUE) {
                outputsOffAt = off;
                decidingCycle = snapshot.takenAtNanos();
                decidingSampledAt = snapshot.sampledAtNanos(pointIndex);
                decidingQuality = snapshot.quality(pointIndex);
            }
        }
    }

    @Override
    public void onEvent(PodEvent event) {
        long now = System.nanoTime();
        switch (event.type()) {
            case "TRIP_LATCHED" -> tripsLatched.incrementAndGet();
            case "ALARM_RAISED" -> alarmsRaised.incrementAndGet();
            default -> {
            }
        }
        synchronized (this) {
            if (event.type().equals("TRIP_LATCHED") && !expectedTrips.contains(event.source())) {
                if (unexpected.size() < UNEXPECTED_CAPACITY) {
                    unexpected.add(new UnexpectedTrip(activity, event.source(), event.message()));
                } else {
                    unexpectedDropped++;
                }
            }
            if (recording) {
                if (events.size() < EVENT_CAPACITY) {
                    events.add(new StampedEvent(now, event));
                } else {
                    dropped++;
                }
            }
        }
    }
}
