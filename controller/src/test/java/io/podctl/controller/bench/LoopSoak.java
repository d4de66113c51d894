package io.podctl.controller.bench;

import io.podctl.controller.loop.LoopRunner;
import io.podctl.controller.loop.LoopStats;
import io.podctl.hal.Clock;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The lateness soak of the pod-scale loop ({@link PodScaleLoop}: 1,000 points, 200 protections, 10 ms period)
 * on the real {@link LoopRunner}, the system clock and one feeder thread standing in for the pollers (every point
 * re-sampled every 100 ms), optionally with a thread that keeps another core busy. Prints the start-lateness and
 * cycle-time histograms, overruns and cycles at the end. Not a test: a documented command
 * (docs/benchmarks.md, "The loop at pod scale").
 *
 * <p>Arguments: minutes (default 10), then {@code busy} to spin one extra thread for the whole run.
 */
public final class LoopSoak {
    private LoopSoak() {
    }

    public static void main(String[] args) throws InterruptedException {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        boolean busy = args.length > 1 && args[1].equals("busy");
        Clock clock = Clock.system();
        PodScaleLoop pod = new PodScaleLoop(clock);
        pod.feed(clock.nanoTime(), clock.wallMillis());
        LoopRunner runner = new LoopRunner(pod.loop, clock, PodScaleLoop.PERIOD, pod.stats);
        Thread feeder = Thread.ofPlatform().daemon().name("feeder").start(() -> {
            long next = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                next += Duration.ofMillis(100).toNanos();
                LockSupport.parkNanos(next - System.nanoTime());
                pod.feed(clock.nanoTime(), clock.wallMillis());
            }
        });
        Thread spinner = busy ? Thread.ofPlatform().daemon().name("busy").start(() -> {
            long x = 0;
            while (!Thread.currentThread().isInterrupted()) {
                x += System.nanoTime() % 7;
            }
            System.out.println("(busy " + x + ")");
        }) : null;
        runner.start();
        // The first 10 s of cycles are start-up (STARTING, JIT): reset the histograms after them.
        awaitCycles(pod.stats, Duration.ofSeconds(10));
        Histogram lateBase = pod.stats.latenessHistogram().copy();
        Histogram cycleBase = pod.stats.cycleHistogram().copy();
        long overrunBase = pod.stats.overruns();
        long cycleCountBase = pod.stats.cycles();
        awaitCycles(pod.stats, Duration.ofMillis((long) (minutes * 60_000)));
        runner.stop(Duration.ofSeconds(2));
        feeder.interrupt();
        if (spinner != null) {
            spinner.interrupt();
        }
        Histogram late = pod.stats.latenessHistogram().copy();
        late.subtract(lateBase);
        Histogram cycle = pod.stats.cycleHistogram().copy();
        cycle.subtract(cycleBase);
        System.out.printf("soak %.1f min, other core %s, period %d ms, %d points, %d protections%n", minutes,
                busy ? "busy" : "idle", PodScaleLoop.PERIOD.toMillis(), pod.board.size(), PodScaleLoop.PROTECTIONS);
        System.out.printf("cycles %d, overruns %d%n", pod.stats.cycles() - cycleCountBase,
                pod.stats.overruns() - overrunBase);
        print("start lateness", late);
        print("cycle time", cycle);
    }

    private static void print(String what, Histogram h) {
        System.out.printf("%s us: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  p99.99 %.1f  max %.1f  (n %d)%n", what,
                h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getValueAtPercentile(99.99) / 1e3, h.getMaxValue() / 1e3,
                h.getTotalCount());
    }

    /**
     * Returns once the loop has run the cycles of {@code span} at its period beyond those it had run at the call:
     * the soak's length is counted in the loop's own cycles, not in the waiting thread's sleep.
     */
    private static void awaitCycles(LoopStats stats, Duration span) {
        long target = stats.cycles() + span.toNanos() / PodScaleLoop.PERIOD.toNanos();
        while (stats.cycles() < target) {
            LockSupport.parkNanos(PodScaleLoop.PERIOD.toNanos() * 10);
        }
    }
}
