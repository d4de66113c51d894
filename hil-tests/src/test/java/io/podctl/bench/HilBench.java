package io.podctl.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podctl.config.GpioConfig;
import io.podctl.config.PodConfig;
import io.podctl.config.ProtectionConfig;
import io.podctl.controller.bootstrap.SimHardware;
import io.podctl.controller.events.PodEvent;
import io.podctl.controller.loop.LoopStats;
import io.podctl.controller.safety.TripView;
import io.podctl.controller.state.PodMode;
import io.podctl.controller.state.PodStateView;
import io.podctl.controller.testing.MosquittoBroker;
import io.podctl.controller.testing.TestMqttClient;
import io.podctl.hal.sim.MockGpioPlatform;
import io.podctl.hal.sim.PlantState;
import io.podctl.hal.sim.SimulatedPod;
import io.podctl.hil.SimPod;
import io.podctl.sensors.Quality;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The HIL bench: runs the simulated pod (plant over real Modbus TCP and Pi4J mock GPIO, the production controller,
 * a real Mosquitto broker) through repeated fault injections, a quiet soak, a CPU-load window and controller
 * restarts, and writes the figures to docs/benchmarks.md ("## HIL figures") and the plots to docs/images/.
 *
 * <p>Not a test: timing figures depend on the machine, so they are measured here and published with the machine
 * they ran on, never asserted in {@code mvn verify}. Run it from the repository root with
 * {@code mvn -B -q -pl hil-tests -am test-compile exec:exec} (arguments in {@code -Dbench.args="..."}).
 *
 * <p>Threading: the bench runs on the main thread; the probes it registers run on the controller's threads.
 */
@Command(name = "hil-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures the simulated pod's protection latencies, loop timing, restarts and spurious trips, "
                + "and writes docs/benchmarks.md (section '## HIL figures') and docs/images/hil-*.png.")
public final class HilBench implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(HilBench.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A fault whose outputs are not off by then counts as an unsafe outcome. */
    private static final Duration TRIAL_DEADLINE = Duration.ofSeconds(20);
    private static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(30);
    private static final long MILLIS = 1_000_000L;

    @Option(names = "--reps", defaultValue = "30", description = "trials per fault class (default: ${DEFAULT-VALUE})")
    int reps;
    @Option(names = "--soak-seconds", defaultValue = "60",
            description = "quiet soak for spurious trips and idle loop timing, s (default: ${DEFAULT-VALUE})")
    int soakSeconds;
    @Option(names = "--load-seconds", defaultValue = "30",
            description = "loop timing window under CPU load, s (default: ${DEFAULT-VALUE})")
    int loadSeconds;
    @Option(names = "--restarts", defaultValue = "10", description = "controller restarts (default: ${DEFAULT-VALUE})")
    int restarts;
    @Option(names = "--time-scale", defaultValue = "1",
            description = "plant physics speed in the temperature-rise scenario (default: ${DEFAULT-VALUE})")
    double timeScale;
    @Option(names = "--out", defaultValue = "docs",
            description = "docs directory: writes benchmarks.md and images/ there (default: ${DEFAULT-VALUE})")
    Path out;
    @Option(names = "--seed", defaultValue = "1", description = "seed of the pauses between trials (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--wait-for-quiet-seconds", defaultValue = "0",
            description = "on a shared machine, wait up to this long for other processes to use less than 0.3 CPUs"
                    + " before starting (default: ${DEFAULT-VALUE}, start at once)")
    int waitForQuietSeconds;
    @Option(names = "--faults", split = ",", description = "fault classes to run (default: all): ${COMPLETION-CANDIDATES}")
    List<FaultClass> faults;

    private final BenchResults results = new BenchResults();
    private Random random;
    private SimPod pod;
    private OutputProbe outputs;
    private LoopProbe probe;

    /** Runs the bench; exit code 0 when it completed (findings do not change the exit code), 1 when it failed. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new HilBench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        waitForQuiet();
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        CpuUsage cpu0 = CpuUsage.sample();
        random = new Random(seed);
        results.machine = MachineInfo.read(started);
        log.info("HIL bench on {} ({} CPUs), {}", results.machine.cpuModel(), results.machine.cpus(),
                results.machine.jdk());
        EnumSet<FaultClass> selected = faults == null || faults.isEmpty() ? EnumSet.allOf(FaultClass.class)
                : EnumSet.copyOf(faults);
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            runMainPod(broker.uri(), selected);
        }
        results.wallTime = Duration.ofNanos(System.nanoTime() - t0);
        results.runLoad = cpu0.until(CpuUsage.sample());
        writeOutputs();
        log.info("HIL bench done in {} s; {} finding(s)", results.wallTime.toSeconds(), results.findings.size());
        results.findings.forEach(f -> log.warn("finding: {}", f));
        return 0;
    }

    /** Waits (up to the option's limit) until two 5-second samples in a row show other processes nearly idle. */
    private void waitForQuiet() {
        long deadline = System.nanoTime() + Duration.ofSeconds(waitForQuietSeconds).toNanos();
        int quiet = 0;
        while (waitForQuietSeconds > 0 && quiet < 2) {
            CpuUsage a = CpuUsage.sample();
            park(5_000 * MILLIS);
            CpuUsage.Load load = a.until(CpuUsage.sample());
            if (Double.isNaN(load.cpusOthers())) {
                return;
            }
            quiet = load.cpusOthers() < 0.3 ? quiet + 1 : 0;
            if (quiet < 2 && System.nanoTime() > deadline) {
                log.warn("other processes still use {} CPUs after {} s: starting anyway", fmt(load.cpusOthers()),
                        waitForQuietSeconds);
                return;
            }
            if (quiet == 0) {
                log.info("waiting for a quieter machine: other processes use {} CPUs", fmt(load.cpusOthers()));
            }
        }
    }

    // ---- the main pod: fault classes, soak, load, restarts ----

    private void runMainPod(String brokerUri, EnumSet<FaultClass> selected) {
        pod = SimPod.start(brokerUri, new SimPod.Settings(Duration.ofMillis(50), 1.0, this::decorate,
                SimPod.ROOT + "/state"));
        try {
            probe = new LoopProbe(outputs, SimPod.RACK_PINS);
            probe.expect("commissioning", Set.of());
            pod.runtime().addObserver(probe);
            pod.commission();
            PodConfig config = pod.config();
            results.settings = settings(config);

            for (FaultClass fc : selected) {
                if (fc != FaultClass.LEAK_UNDER_LOAD) {
                    runFaultClass(fc);
                }
            }
            soak();
            underLoad(selected.contains(FaultClass.LEAK_UNDER_LOAD));
            restarts();
            results.unexpectedTrips.addAll(probe.unexpectedTrips());
            results.unexpectedTripsDropped += probe.unexpectedDropped();
        } finally {
            pod.close();
        }
    }

    private OutputProbe decorate(MockGpioPlatform gpio) {
        outputs = new OutputProbe(gpio);
        return outputs;
    }

    private BenchResults.Settings settings(PodConfig config) {
        Duration debounce = config.gpio().inputs().stream().filter(i -> i.id().equals("leak.rack2"))
                .map(GpioConfig.Input::debounce).findFirst().orElseThrow();
        Duration cduPoll = config.devices().stream().filter(d -> d.id().equals(SimulatedPod.CDU)).findFirst()
                .orElseThrow().pollPeriod();
        String cduBus = config.devices().stream().filter(d -> d.id().equals(SimulatedPod.CDU)).findFirst()
                .orElseThrow().bus();
        Duration cduTimeout = config.buses().stream().filter(b -> b.id().equals(cduBus)).findFirst().orElseThrow()
                .timeout();
        return new BenchResults.Settings(reps, Duration.ofSeconds(soakSeconds), Duration.ofSeconds(loadSeconds),
                2 * Runtime.getRuntime().availableProcessors(), restarts, timeScale, seed, config.loop().period(),
                debounce, Duration.ofMillis(5), cduPoll, cduTimeout, config.loop().stallTimeout(),
                SimHardware.WATCHDOG_TIMEOUT);
    }

    private Duration onDelay(FaultClass fc) {
        if (fc.delayedProtection() == null) {
            return Duration.ZERO;
        }
        return pod.config().protections().stream().filter(p -> p.id().equals(fc.delayedProtection()))
                .map(ProtectionConfig::delay).findFirst().orElse(Duration.ZERO);
    }

    private void runFaultClass(FaultClass fc) {
        BenchResults.FaultResult r = results.faults.computeIfAbsent(fc, f -> new BenchResults.FaultResult(f, onDelay(f)));
        log.info("{}: {} trials", fc.title(), reps);
        probe.expect(fc.title() + " trials", fc.expectedTrips());
        CpuUsage cpu0 = CpuUsage.sample();
        for (int i = 0; i < reps; i++) {
            trial(fc, r);
        }
        results.faultLoad.put(fc, cpu0.until(CpuUsage.sample()));
        log.info("{}: detection p50 {} ms, max {} ms; sample->output (less on-delay) p50 {} ms, max {} ms", fc.title(),
                fmt(r.detection.percentileMillis(50)), fmt(r.detection.maxMillis()),
                fmt(r.sampleToOutput.percentileMillis(50)), fmt(r.sampleToOutput.maxMillis()));
    }

    /** One injection: wait until the pod is running, pause a random while, inject, time, clear, reset. */
    private void trial(FaultClass fc, BenchResults.FaultResult r) {
        awaitRunning();
        // A random phase between the injection and the loop's and pollers' schedules, so the figures cover the
        // whole distribution rather than one phase.
        long phase = results.settings.cduPoll().plus(results.settings.loopPeriod()).toNanos();
        park(20 * MILLIS + (long) (random.nextDouble() * phase));
        int index = pod.runtime().board().requireIndex(fc.pointId());
        long t0 = System.nanoTime();
        probe.arm(index, fc.test(), t0);
        fc.inject(pod.plant());
        long deadline = t0 + TRIAL_DEADLINE.toNanos();
        while (probe.trial().outputsOffAt() == Long.MIN_VALUE && System.nanoTime() < deadline) {
            park(MILLIS);
        }
        LoopProbe.Trial t = probe.trial();
        probe.disarm();
        r.trials++;
        long off = t.outputsOffAt() != Long.MIN_VALUE ? t.outputsOffAt()
                : outputs.allOffSince(SimPod.RACK_PINS, t0); // forced off outside a cycle (watchdog, supervisor)
        if (off == Long.MIN_VALUE) {
            r.unsafe++;
            results.findings.add(fc.title() + ": rack outputs still energized " + TRIAL_DEADLINE.toSeconds()
                    + " s after the fault was injected (trial " + r.trials + ")");
        } else {
            r.detection.record(off - t0);
            if (t.firstFaultQuality() != null) {
                r.faultQualities.merge(t.firstFaultQuality().name(), 1, Integer::sum);
            }
            if (t.firstFaultSampledAt() != Long.MIN_VALUE && t.firstFaultQuality() != Quality.STALE) {
                r.inputPath.record(t.firstFaultSampledAt() - t0);
                r.waitForCycle.record(t.firstFaultCycle() - t.firstFaultSampledAt());
            }
            if (t.decidingCycle() != Long.MIN_VALUE) {
                r.cycleToOutput.record(off - t.decidingCycle());
            }
            if (t.complete() && t.decidingCycle() != Long.MIN_VALUE && t.firstFaultCycle() != Long.MIN_VALUE
                    && (r.worst == null || off - t0 > r.worst[0])) {
                r.worst = new long[] {off - t0, t.firstFaultSampledAt() - t0,
                    t.firstFaultCycle() - t.firstFaultSampledAt(), t.decidingCycle() - t.firstFaultCycle(),
                    off - t.decidingCycle()};
            }
            if (t.firstFaultQuality() == Quality.STALE) {
                r.judgedByAge++; // no sample carried the fault: it was the absence of samples
            } else if (t.firstFaultSampledAt() != Long.MIN_VALUE) {
                r.sampleToOutput.record(off - t.firstFaultSampledAt() - r.onDelay.toNanos());
            }
        }
        fc.clear(pod.plant());
        recover(fc.title());
    }

    /**
     * Waits until the pod runs with every rack powered. A trip that latched without a fault (the bench records it
     * as unexpected) is reset with the local button once its condition is gone, so one such trip does not end
     * the run.
     */
    private void awaitRunning() {
        long deadline = System.nanoTime() + RECOVERY_DEADLINE.toNanos();
        long lastPush = Long.MIN_VALUE;
        while (true) {
            PodStateView s = pod.state();
            long now = System.nanoTime();
            if (s != null && s.safetyInputsGood() && s.trips().isEmpty() && pod.allRacksPowered()) {
                return;
            }
            if (now > deadline) {
                throw new IllegalStateException("the pod is not running " + RECOVERY_DEADLINE.toSeconds()
                        + " s later: " + (s == null ? "no state yet" : s.mode() + ", " + s.modeReason()));
            }
            if (s != null && !s.trips().isEmpty() && s.safetyInputsGood()
                    && s.trips().stream().noneMatch(TripView::conditionActive)
                    && (lastPush == Long.MIN_VALUE || now - lastPush > 1_000 * MILLIS)) {
                log.warn("resetting trips nobody injected: {}", s.trips().stream().map(TripView::id).toList());
                pod.pushLocalReset();
                lastPush = System.nanoTime();
            }
            park(5 * MILLIS);
        }
    }

    /**
     * How long racks may take to come back after a reset: one after another, startStagger apart, once every
     * permissive is proven again (coolant flow for its provenFor after the CDU was lost), plus 3 s.
     */
    private Duration staggeredRestart() {
        PodConfig config = pod.config();
        Duration proving = config.permissives().stream().map(p -> p.provenFor()).filter(Objects::nonNull)
                .max(Duration::compareTo).orElse(Duration.ZERO);
        return config.safety().startStagger().multipliedBy(SimPod.RACK_PINS.length).plus(proving).plusSeconds(3);
    }

    /** After the fault was cleared: waits for every condition to clear, pushes the local reset, waits for power. */
    private void recover(String what) {
        await(what + ": conditions cleared").atMost(RECOVERY_DEADLINE).pollInterval(Duration.ofMillis(5))
                .until(() -> {
                    PodStateView s = pod.state();
                    return s.safetyInputsGood() && s.trips().stream().noneMatch(TripView::conditionActive);
                });
        for (int attempt = 1; ; attempt++) {
            pod.pushLocalReset();
            try {
                await(what + ": racks powered after the reset").atMost(staggeredRestart())
                        .pollInterval(Duration.ofMillis(5)).until(() -> pod.allRacksPowered());
                return;
            } catch (ConditionTimeoutException e) {
                if (attempt == 3) {
                    throw e;
                }
                log.warn("{}: reset did not restore power (attempt {}): {}", what, attempt, pod.state().modeReason());
            }
        }
    }

    // ---- soak, load ----

    private void soak() {
        awaitRunning();
        log.info("quiet soak: {} s", soakSeconds);
        probe.expect("quiet soak", Set.of());
        BenchResults.LoopWindow w = loopWindow("idle (quiet soak)", Duration.ofSeconds(soakSeconds));
        results.loop.add(w);
        if (w.tripsLatched() > 0) {
            results.findings.add("quiet soak: " + w.tripsLatched() + " spurious TRIP_LATCHED event(s) in "
                    + soakSeconds + " s with no fault injected");
        }
    }

    private void underLoad(boolean leakTrials) {
        awaitRunning();
        int n = results.settings.busyThreads();
        log.info("CPU load: {} busy threads for {} s", n, loadSeconds);
        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder sink = new LongAdder();
        List<Thread> hogs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long start = 0x9E3779B97F4A7C15L * (i + 1);
            Thread t = new Thread(() -> {
                long x = start;
                while (running.get()) {
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                }
                sink.add(x);
            }, "bench-cpu-hog-" + i);
            t.setDaemon(true);
            hogs.add(t);
        }
        hogs.forEach(Thread::start);
        try {
            probe.expect("CPU load window", Set.of());
            park(2_000 * MILLIS); // let the scheduler settle into the loaded state
            BenchResults.LoopWindow w = loopWindow("CPU load (" + n + " busy threads)", Duration.ofSeconds(loadSeconds));
            results.loop.add(w);
            if (w.tripsLatched() > 0) {
                results.findings.add("CPU load: " + w.tripsLatched() + " spurious TRIP_LATCHED event(s) in "
                        + loadSeconds + " s with no fault injected");
            }
            if (leakTrials) {
                awaitRunning(); // resets a trip the load window may have caused (counted above)
                runFaultClass(FaultClass.LEAK_UNDER_LOAD);
            }
        } finally {
            running.set(false);
            for (Thread t : hogs) {
                try {
                    t.join(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private BenchResults.LoopWindow loopWindow(String condition, Duration length) {
        LoopStats stats = pod.runtime().loopStats();
        Histogram c0 = stats.cycleHistogram();
        Histogram l0 = stats.latenessHistogram();
        long o0 = stats.overruns();
        long n0 = stats.cycles();
        long trips0 = probe.tripsLatched();
        long alarms0 = probe.alarmsRaised();
        long on0 = outputs.energizeCount();
        CpuUsage cpu0 = CpuUsage.sample();
        long start = System.nanoTime();
        park(length.toNanos());
        CpuUsage.Load load = cpu0.until(CpuUsage.sample());
        Histogram c1 = stats.cycleHistogram();
        Histogram l1 = stats.latenessHistogram();
        c1.subtract(c0);
        l1.subtract(l0);
        BenchResults.LoopWindow w = new BenchResults.LoopWindow(condition, Duration.ofNanos(System.nanoTime() - start),
                stats.cycles() - n0, c1, l1, stats.overruns() - o0, probe.tripsLatched() - trips0,
                probe.alarmsRaised() - alarms0, outputs.energizeCount() - on0, load);
        log.info("{}: {} cycles, lateness p99 {} ms, max {} ms, {} overruns, {} trips; CPUs busy {} (this JVM {},"
                        + " other processes {})", condition, w.cycles(), fmt(l1.getValueAtPercentile(99) / 1e6),
                fmt(l1.getMaxValue() / 1e6), w.overruns(), w.tripsLatched(), fmt(load.cpusBusy()),
                fmt(load.cpusThisJvm()), fmt(load.cpusOthers()));
        return w;
    }

    // ---- restarts ----

    private void restarts() {
        BenchResults.RestartResult r = new BenchResults.RestartResult();
        results.restart = r;
        TestMqttClient mqtt = pod.mqtt();
        String stateTopic = SimPod.ROOT + "/state";
        // The safety inputs as the engine counts them: points whose bad data trips.
        int[] safetyInputs = pod.config().protections().stream()
                .filter(p -> p.onBadData() == ProtectionConfig.BadDataAction.TRIP)
                .map(ProtectionConfig::point).distinct()
                .mapToInt(id -> pod.runtime().board().requireIndex(id)).toArray();
        probe.expect("controller restarts", Set.of("leak.rack1"));
        for (int i = 0; i < restarts; i++) {
            awaitRunning();
            boolean tripped = i % 2 == 1;
            if (tripped) {
                pod.plant().setLeak(1, true);
                await().atMost(TRIAL_DEADLINE).pollInterval(Duration.ofMillis(1)).until(pod::noRackPowered);
            }
            pod.stopController();
            if (tripped) {
                pod.plant().setLeak(1, false);
            }
            int cursor = mqtt.size();
            long energized = outputs.energizeCount();
            long t0 = System.nanoTime();
            pod.startController();
            probe.armReadiness(safetyInputs);
            pod.runtime().addObserver(probe);
            long ready = Long.MIN_VALUE;
            long viaMqtt = Long.MIN_VALUE;
            long deadline = t0 + RECOVERY_DEADLINE.toNanos();
            while ((ready == Long.MIN_VALUE || viaMqtt == Long.MIN_VALUE || probe.readyAt() == Long.MIN_VALUE)
                    && System.nanoTime() < deadline) {
                long now = System.nanoTime();
                PodStateView s = pod.state();
                if (ready == Long.MIN_VALUE && s != null && s.mode() == PodMode.STARTING && s.safetyInputsGood()) {
                    ready = now;
                }
                if (viaMqtt == Long.MIN_VALUE) {
                    List<TestMqttClient.Received> all = mqtt.messages();
                    for (; cursor < all.size() && viaMqtt == Long.MIN_VALUE; cursor++) {
                        TestMqttClient.Received m = all.get(cursor);
                        if (m.topic().equals(stateTopic) && startingWithGoodInputs(m.payload())) {
                            viaMqtt = now;
                        }
                    }
                }
                park(MILLIS / 2);
            }
            r.restarts++;
            long inputsGood = probe.readyAt();
            if (inputsGood != Long.MIN_VALUE) {
                r.toSnapshotGood.record(inputsGood - t0);
                if (probe.readyAtFirstSight()) {
                    r.snapshotGoodAtFirstSight++;
                }
                if (ready != Long.MIN_VALUE) {
                    r.stateLag.record(ready - inputsGood);
                }
            }
            if (ready == Long.MIN_VALUE) {
                results.findings.add("restart " + (i + 1) + ": no STARTING state with every safety input GOOD within "
                        + RECOVERY_DEADLINE.toSeconds() + " s");
            } else {
                r.toInputsGood.record(ready - t0);
            }
            if (viaMqtt == Long.MIN_VALUE) {
                r.missedMqtt++;
            } else {
                r.toMqttState.record(viaMqtt - t0);
            }
            if (tripped) {
                r.whileTripped++;
                if (pod.state().trips().stream().anyMatch(t -> t.id().equals("leak.rack1"))) {
                    r.tripsRestored++;
                } else {
                    results.findings.add("restart " + (i + 1) + ": the latched leak.rack1 trip was not restored");
                }
            }
            r.energizedBeforeReset += outputs.energizeCount() - energized;
            recover("restart " + (i + 1));
        }
        log.info("restarts: {}; inputs GOOD in the snapshot p50 {} ms max {} ms; state saying so p50 {} ms max {} ms;"
                        + " trips restored {}/{}", r.restarts, fmt(r.toSnapshotGood.percentileMillis(50)),
                fmt(r.toSnapshotGood.maxMillis()), fmt(r.toInputsGood.percentileMillis(50)),
                fmt(r.toInputsGood.maxMillis()), r.tripsRestored, r.whileTripped);
    }

    private static boolean startingWithGoodInputs(String payload) {
        try {
            JsonNode n = JSON.readTree(payload);
            return n.path("mode").asText().equals("STARTING") && n.path("safetyInputsGood").asBoolean(false);
        } catch (IOException e) {
            return false;
        }
    }

    // ---- output ----

    private void writeOutputs() throws IOException {
        Path images = out.resolve("images");
        Files.createDirectories(images);
        List<String> imageFiles = new Plots(results).writeAll(images);
        Path md = out.resolve("benchmarks.md");
        String before = Files.exists(md) ? Files.readString(md) : "";
        String section = new BenchReport(results, out.relativize(images).toString()).render(imageFiles);
        Files.writeString(md, MarkdownSections.replace(before, BenchReport.HEADING, section, BenchReport.TITLE));
        log.info("wrote {} and {} image(s) in {}", md, imageFiles.size(), images);
    }

    // ---- helpers ----

    /** Parks the bench thread for {@code nanos}, re-parking after early returns. */
    static void park(long nanos) {
        long end = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }
}
