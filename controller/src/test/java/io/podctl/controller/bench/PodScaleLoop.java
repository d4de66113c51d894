package io.podctl.controller.bench;

import io.podctl.config.ConfigLoader;
import io.podctl.config.LoadResult;
import io.podctl.config.PodConfig;
import io.podctl.controller.bootstrap.SafetyCompiler;
import io.podctl.controller.commands.CommandInbox;
import io.podctl.controller.events.EventLog;
import io.podctl.controller.events.EventSequencer;
import io.podctl.controller.loop.ControlLoop;
import io.podctl.controller.loop.LoopInputs;
import io.podctl.controller.loop.LoopOutputs;
import io.podctl.controller.loop.LoopReporting;
import io.podctl.controller.loop.LoopStats;
import io.podctl.controller.outputs.OutputBank;
import io.podctl.controller.outputs.OutputSupervisor;
import io.podctl.controller.safety.SafetyEngine;
import io.podctl.controller.state.PodObservers;
import io.podctl.controller.testing.CountingWatchdog;
import io.podctl.controller.testing.MemoryOut;
import io.podctl.hal.Clock;
import io.podctl.hal.gpio.DigitalOut;
import io.podctl.sensors.DeviceStatusBoard;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A control loop at pod scale, for the JMH benchmark and the lateness soak: 10 devices of 100 holding
 * registers (1,000 points), 200 high-limit protections (warning, alarm and trip levels, a delay, a contactor to
 * de-energize), four contactor outputs and a 10 ms loop period, compiled from a generated pod file by the same
 * code as {@code podctl run}. The samples are fed by {@link #feed}, standing in for the pollers: values move
 * inside the normal band so that no level is crossed and the steady state is what is measured.
 *
 * <p>Not thread-safe except where a method says so: one benchmark thread steps the loop.
 */
final class PodScaleLoop {
    static final int DEVICES = 10;
    static final int REGISTERS = 100;
    static final int PROTECTIONS = 200;
    static final Duration PERIOD = Duration.ofMillis(10);

    final SampleBoard board;
    final SafetyEngine engine;
    final ControlLoop loop;
    final LoopStats stats;
    private final int[] protectedIndex;
    private final int[] plainIndex;
    private long tick;

    PodScaleLoop(Clock clock) {
        PodConfig config = load(podFile());
        board = new SampleBoard(SafetyCompiler.pointDescriptors(config));
        engine = new SafetyEngine(SafetyCompiler.compile(config, board));
        List<DigitalOut> pins = new ArrayList<>();
        config.gpio().outputs().forEach(o -> pins.add(new MemoryOut(o.id())));
        OutputBank outputs = new OutputBank(pins);
        PodObservers observers = new PodObservers();
        EventLog events = new EventLog(new EventSequencer(1), observers::onEvent);
        stats = new LoopStats(PERIOD.toNanos(), Duration.ofSeconds(10).toNanos());
        List<String> devices = new ArrayList<>();
        for (int d = 1; d <= DEVICES; d++) {
            devices.add("u" + d);
        }
        loop = new ControlLoop(
                new LoopInputs(board, new DeviceStatusBoard(devices, clock.nanoTime()), new CommandInbox(64, 16), clock),
                engine,
                new LoopOutputs(outputs, new OutputSupervisor(outputs, clock, PERIOD.multipliedBy(3)),
                        new CountingWatchdog()),
                new LoopReporting(events, observers, stats, Duration.ofSeconds(5)));
        protectedIndex = new int[PROTECTIONS];
        plainIndex = new int[DEVICES * REGISTERS - PROTECTIONS];
        int p = 0;
        int q = 0;
        for (int d = 1; d <= DEVICES; d++) {
            for (int r = 0; r < REGISTERS; r++) {
                int index = board.requireIndex("u" + d + ".hr" + r);
                if (r < PROTECTIONS / DEVICES) {
                    protectedIndex[p++] = index;
                } else {
                    plainIndex[q++] = index;
                }
            }
        }
    }

    /**
     * One poll period's worth of samples at {@code nowNanos}: every point gets a fresh sample, values moving
     * between 20 and 29 (the protections warn at 60). Allocation-free.
     */
    void feed(long nowNanos, long wallMillis) {
        tick++;
        for (int i = 0; i < protectedIndex.length; i++) {
            board.publish(protectedIndex[i], 20 + (tick + i) % 10, Quality.GOOD, nowNanos, wallMillis);
        }
        for (int i = 0; i < plainIndex.length; i++) {
            board.publish(plainIndex[i], (tick + i) % 1000, Quality.GOOD, nowNanos, wallMillis);
        }
    }

    /** The generated pod file: the bench's point layout plus 200 protections and four contactors. */
    static String podFile() {
        StringBuilder y = new StringBuilder();
        y.append("pod: {site: bench, id: scale}\n");
        y.append("loop: {period: ").append(PERIOD.toMillis()).append("ms}\n");
        y.append("mqtt: {topicRoot: podctl/bench/scale}\n");
        y.append("buses:\n");
        for (int d = 1; d <= DEVICES; d++) {
            y.append("  - {id: bus").append(d).append(", tcp: {host: 127.0.0.1, port: ").append(15000 + d)
                    .append("}, timeout: 50ms}\n");
        }
        y.append("devices:\n");
        for (int d = 1; d <= DEVICES; d++) {
            y.append("  - id: u").append(d).append("\n    bus: bus").append(d).append("\n    unitId: ").append(d)
                    .append("\n    pollPeriod: 100ms\n    points:\n");
            for (int r = 0; r < REGISTERS; r++) {
                y.append("      - {id: hr").append(r).append(", table: holding, address: ").append(r)
                        .append(", type: uint16, unit: degC}\n");
            }
        }
        y.append("gpio:\n  outputs:\n");
        for (int o = 1; o <= 4; o++) {
            y.append("    - {id: rack").append(o).append(".power, pin: ").append(4 + o).append("}\n");
        }
        y.append("protections:\n");
        for (int d = 1; d <= DEVICES; d++) {
            for (int r = 0; r < PROTECTIONS / DEVICES; r++) {
                y.append("  - {id: u").append(d).append(".hr").append(r).append(".high, point: u").append(d)
                        .append(".hr").append(r).append(", condition: high, warning: 60, alarm: 70, trip: 80, ")
                        .append("hysteresis: 1, delay: 2s, deenergize: [rack").append((d - 1) % 4 + 1)
                        .append(".power]}\n");
            }
        }
        y.append("persistence: {directory: /tmp/podctl-bench-scale}\n");
        return y.toString();
    }

    private static PodConfig load(String yaml) {
        LoadResult r = new ConfigLoader().parse(yaml, "pod-scale.yaml");
        if (r instanceof LoadResult.Valid v) {
            return v.config();
        }
        throw new IllegalStateException("the generated pod file is invalid: " + r);
    }
}
