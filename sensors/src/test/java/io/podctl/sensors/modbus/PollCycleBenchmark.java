package io.podctl.sensors.modbus;

import io.podctl.hal.ManualClock;
import io.podctl.hal.modbus.BusReply;
import io.podctl.hal.modbus.RegisterTable;
import io.podctl.sensors.DeviceStatusBoard;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.SampleBoard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * A whole poll cycle of the real {@link BusPoller} minus the wire: 10 devices of 100 points each (one
 * 100-register block per device), answered from memory by a bus that returns prepared replies, on a manual
 * clock. What it adds to {@code DecodePublishBenchmark} is the poller's own work per block and per device:
 * scheduling, counters, frozen-value tracking and the device status it publishes after each poll.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
public class PollCycleBenchmark {
    private static final int DEVICES = 10;
    private static final int POINTS_PER_DEVICE = 100;
    private static final Duration PERIOD = Duration.ofMillis(100);

    private ManualClock clock;
    private BusPoller poller;

    /** Answers every read from prepared register blocks; never allocates per call. */
    private static final class MemoryBus extends ReadOnlyTestBus {
        private final Map<Integer, BusReply> replies = new HashMap<>();

        MemoryBus() {
            super("memory");
        }

        @Override
        public BusReply read(int unitId, RegisterTable table, int address, int count) {
            return replies.get(unitId);
        }
    }

    @Setup
    public void setUp() {
        clock = new ManualClock();
        MemoryBus bus = new MemoryBus();
        List<DevicePlan> plans = new ArrayList<>();
        List<PointDescriptor> descriptors = new ArrayList<>();
        for (int d = 1; d <= DEVICES; d++) {
            List<ModbusPointSpec> points = new ArrayList<>();
            int[] words = new int[POINTS_PER_DEVICE];
            for (int i = 0; i < POINTS_PER_DEVICE; i++) {
                String id = "d" + d + ".p" + i;
                points.add(ModbusPointSpec.of(id, RegisterTable.INPUT_REGISTER, i, PointType.INT16)
                        .withScale(0.1, 0).withRange(-50, 150).withFrozenAfter(i % 2 == 0 ? 20 : 0));
                descriptors.add(new PointDescriptor(id, "degC", Duration.ofSeconds(1), false));
                words[i] = 200 + i;
            }
            bus.replies.put(d, new BusReply.Registers(words));
            plans.add(new DevicePlan("d" + d, d, PERIOD, Duration.ZERO, 1, 125, 8, List.of(), points));
        }
        SampleBoard board = new SampleBoard(descriptors);
        DeviceStatusBoard statuses = new DeviceStatusBoard(plans.stream().map(DevicePlan::deviceId).toList(), 0);
        poller = new BusPoller("bench", bus, plans, board, statuses, clock);
        poller.schedule(clock.nanoTime());
    }

    /** One period: every device polled once, 1000 points decoded and published, 10 statuses updated. */
    @Benchmark
    public long pollCycle1000Points() {
        long next = poller.runDue();
        clock.advance(PERIOD);
        return next;
    }
}
