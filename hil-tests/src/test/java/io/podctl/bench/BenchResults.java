package io.podctl.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Everything one bench run measured, handed from the runner to the report writer and the plots.
 *
 * <p>Threading: filled and read on the bench thread.
 */
final class BenchResults {

    /**
     * The settings of the run, as the report states them.
     *
     * @param reps         trials per fault class
     * @param soak         length of the quiet soak
     * @param load         length of the CPU-load window
     * @param busyThreads  busy threads of the load case
     * @param restarts     controller restarts
     * @param timeScale    plant physics speed of the temperature-rise scenario
     * @param seed         seed of the pauses between trials
     * @param loopPeriod   the controller's loop period
     * @param debounce     the GPIO inputs' debounce time
     * @param gpioSample   the GPIO sampling period
     * @param cduPoll      the CDU's poll period
     * @param cduTimeout   the CDU bus's transaction deadline
     * @param stallTimeout the configured {@code loop.stallTimeout} (the output supervisor waits at least three
     *                     loop periods, and at least this)
     * @param watchdog     the simulated pod's software watchdog timeout
     */
    record Settings(int reps, Duration soak, Duration load, int busyThreads, int restarts, double timeScale, long seed,
                    Duration loopPeriod, Duration debounce, Duration gpioSample, Duration cduPoll,
                    Duration cduTimeout, Duration stallTimeout, Duration watchdog) {
    }

    /** One fault class: trials, the two latencies, and what could not be measured. */
    static final class FaultResult {
        final FaultClass fault;
        final Duration onDelay;
        final LatencySample detection = new LatencySample();
        final LatencySample sampleToOutput = new LatencySample();
        /** Injection → the first sample carrying the fault on the board (debounce, polling, deadlines). */
        final LatencySample inputPath = new LatencySample();
        /** That sample → the deadline of the first cycle that saw it (0 when it arrived after the deadline of a
         * cycle that started late but before that cycle read the board). */
        final LatencySample waitForCycle = new LatencySample();
        /** Deadline of the cycle that turned the outputs off → outputs off: start lateness + the cycle's work. */
        final LatencySample cycleToOutput = new LatencySample();
        /** The slowest trial, split into its parts (ns); null before the first complete trial. */
        long[] worst;
        int trials;
        /** Trials in which the outputs did not go off before the deadline: an unsafe outcome. */
        int unsafe;
        /** Trials where the first non-GOOD quality the loop saw was STALE (judged by age, no fault sample). */
        int judgedByAge;
        /** Quality of the first sample carrying the fault, counted. */
        final Map<String, Integer> faultQualities = new TreeMap<>();

        FaultResult(FaultClass fault, Duration onDelay) {
            this.fault = fault;
            this.onDelay = onDelay;
        }
    }

    /**
     * Loop timing over a window, from the runtime's own histograms (nanoseconds).
     *
     * @param condition       "idle" or "CPU load"
     * @param window          length of the window
     * @param cycles          cycles in the window
     * @param cycle           cycle durations
     * @param lateness        start lateness after each deadline
     * @param overruns        missed deadlines
     * @param tripsLatched    TRIP_LATCHED events in the window
     * @param alarmsRaised    ALARM_RAISED events in the window
     * @param outputChanges   rack output energize events in the window (0 when nothing tripped and reset)
     * @param load            how busy the machine was meanwhile
     */
    record LoopWindow(String condition, Duration window, long cycles, Histogram cycle, Histogram lateness,
                      long overruns, long tripsLatched, long alarmsRaised, long outputChanges, CpuUsage.Load load) {
    }

    /** Controller restarts. */
    static final class RestartResult {
        /** To the first cycle whose snapshot had every safety input GOOD. */
        final LatencySample toSnapshotGood = new LatencySample();
        /** To the published state (PodRuntime.state()) saying STARTING with every safety input GOOD. */
        final LatencySample toInputsGood = new LatencySample();
        /** How much later the published state said so than the snapshot showed it. */
        final LatencySample stateLag = new LatencySample();
        /** Restarts where the probe's first cycle already had every input GOOD (its figure is an upper bound). */
        int snapshotGoodAtFirstSight;
        final LatencySample toMqttState = new LatencySample();
        int restarts;
        int whileTripped;
        int tripsRestored;
        /** Rack outputs energized between a restart and the reset that followed it (must be 0). */
        long energizedBeforeReset;
        int missedMqtt;
    }

    MachineInfo machine;
    Settings settings;
    final Map<FaultClass, FaultResult> faults = new EnumMap<>(FaultClass.class);
    final List<LoopWindow> loop = new ArrayList<>();
    RestartResult restart;
    /** Trips that latched with no fault injected for them. */
    final List<LoopProbe.UnexpectedTrip> unexpectedTrips = new ArrayList<>();
    long unexpectedTripsDropped;
    /** Where the bench saw something it had to report (a bound exceeded, a figure it could not take). */
    final List<String> findings = new ArrayList<>();
    Duration wallTime;
    /** How busy the machine was over the whole run. */
    CpuUsage.Load runLoad = CpuUsage.Load.UNKNOWN;
    /** How busy it was during each fault class's trials. */
    final Map<FaultClass, CpuUsage.Load> faultLoad = new EnumMap<>(FaultClass.class);
}
