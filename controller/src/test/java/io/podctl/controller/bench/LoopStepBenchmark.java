package io.podctl.controller.bench;

import io.podctl.hal.ManualClock;
import io.podctl.sensors.Snapshot;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The control loop at pod scale ({@link PodScaleLoop}: 1,000 points, 200 protections, 10 ms period): one
 * {@code ControlLoop.step} with every point freshly sampled ({@link #step}), the safety engine's evaluation of
 * one snapshot alone ({@link #engine}), and the samples alone ({@link #feedOnly}, to subtract). Time is a manual
 * clock advanced one period per operation, so the loop sees the deadlines it would in production. Run with
 * {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes allocated per cycle (docs/benchmarks.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx64m", "-XX:+UseSerialGC"})
public class LoopStepBenchmark {
    private ManualClock clock;
    private PodScaleLoop pod;
    private Snapshot snapshot;

    @Setup
    public void setUp() {
        clock = new ManualClock();
        pod = new PodScaleLoop(clock);
        snapshot = pod.board.newSnapshot();
        // Past start-up (STARTING, the first evaluations, the start stagger): the steady state is measured.
        for (int i = 0; i < 2_000; i++) {
            cycle();
        }
    }

    private void cycle() {
        long now = clock.advance(PodScaleLoop.PERIOD);
        pod.feed(now, clock.wallMillis());
        pod.loop.step(now);
    }

    /** One full cycle: 1,000 fresh samples, then the loop's step. */
    @Benchmark
    public void step() {
        cycle();
    }

    /** The fresh samples alone, to subtract from {@link #step}. */
    @Benchmark
    public void feedOnly() {
        long now = clock.advance(PodScaleLoop.PERIOD);
        pod.feed(now, clock.wallMillis());
    }

    /** A snapshot of the board and the engine's evaluation of it: the safety decision path. */
    @Benchmark
    public void engine() {
        long now = clock.advance(PodScaleLoop.PERIOD);
        pod.feed(now, clock.wallMillis());
        pod.board.snapshot(now, snapshot);
        pod.engine.evaluate(snapshot, now, clock.wallMillis());
    }
}
