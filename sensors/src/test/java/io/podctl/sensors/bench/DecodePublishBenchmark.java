package io.podctl.sensors.bench;

import io.podctl.hal.modbus.RegisterTable;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import io.podctl.sensors.modbus.ModbusPointSpec;
import io.podctl.sensors.modbus.PointDecoder;
import io.podctl.sensors.modbus.PointType;
import io.podctl.sensors.modbus.WordOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
 * One poll cycle's worth of field data for 1000 points: decode each point from raw registers with
 * {@link PointDecoder}, judge it, {@link SampleBoard#publish} it, then take the loop's {@link SampleBoard#snapshot}.
 * The mix is a pod's: scaled 16-bit integers, status bits, float32 in both word orders, 32-bit counters and a
 * few float64. Run it with JMH's GC profiler to see the bytes allocated per cycle (see docs/benchmarks.md):
 * the goal is none in steady state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
public class DecodePublishBenchmark {
    static final int POINTS = 1000;

    private ModbusPointSpec[] specs;
    private int[] offsets;
    private int[] raw;
    private SampleBoard board;
    private Snapshot snapshot;
    private long now;
    private int tick;

    @Setup
    public void setUp() {
        List<ModbusPointSpec> list = new ArrayList<>();
        List<PointDescriptor> descriptors = new ArrayList<>();
        offsets = new int[POINTS];
        int address = 0;
        for (int i = 0; i < POINTS; i++) {
            String id = "p" + i;
            ModbusPointSpec s = switch (i % 10) {
                case 0, 1 -> ModbusPointSpec.of(id, RegisterTable.INPUT_REGISTER, address, PointType.INT16)
                        .withScale(0.1, 0).withRange(-50, 150);
                case 2, 3 -> ModbusPointSpec.of(id, RegisterTable.INPUT_REGISTER, address, PointType.UINT16)
                        .withScale(0.01, 0).withRange(0, 700).withFrozenAfter(20);
                case 4 -> ModbusPointSpec.of(id, RegisterTable.INPUT_REGISTER, address, PointType.BOOL).withBit(i % 16);
                case 5, 6 -> ModbusPointSpec.of(id, RegisterTable.INPUT_REGISTER, address, PointType.FLOAT32)
                        .withRange(-1e6, 1e6);
                case 7 -> ModbusPointSpec.of(id, RegisterTable.INPUT_REGISTER, address, PointType.FLOAT32)
                        .withWordOrder(WordOrder.CDAB).withRange(-1e6, 1e6);
                case 8 -> ModbusPointSpec.of(id, RegisterTable.INPUT_REGISTER, address, PointType.UINT32);
                default -> ModbusPointSpec.of(id, RegisterTable.INPUT_REGISTER, address, PointType.FLOAT64);
            };
            list.add(s);
            offsets[i] = address;
            address += s.registerCount();
            descriptors.add(new PointDescriptor(id, "", Duration.ofSeconds(1), s.type() == PointType.BOOL));
        }
        specs = list.toArray(ModbusPointSpec[]::new);
        raw = new int[address];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < POINTS; i++) {
            ModbusPointSpec s = specs[i];
            int o = offsets[i];
            switch (s.type()) {
                case FLOAT32 -> {
                    int bits = Float.floatToIntBits((float) random.nextDouble(-1000, 1000));
                    boolean swapped = s.wordOrder() == WordOrder.CDAB;
                    raw[o] = swapped ? bits & 0xFFFF : bits >>> 16;
                    raw[o + 1] = swapped ? bits >>> 16 : bits & 0xFFFF;
                }
                case FLOAT64 -> {
                    long bits = Double.doubleToLongBits(random.nextDouble(-1000, 1000));
                    for (int k = 0; k < 4; k++) {
                        raw[o + k] = (int) (bits >>> (48 - 16 * k)) & 0xFFFF;
                    }
                }
                default -> {
                    for (int k = 0; k < s.registerCount(); k++) {
                        raw[o + k] = random.nextInt(0, 0x8000);
                    }
                }
            }
        }
        board = new SampleBoard(descriptors);
        snapshot = board.newSnapshot();
    }

    /** Decode, judge and publish 1000 points, then snapshot the board: one cycle. */
    @Benchmark
    public Snapshot decodePublishSnapshot1000() {
        long at = now += 100_000_000L;
        // A live register: the data changes between cycles as it does on a bus.
        raw[tick++ & 1023] ^= 1;
        for (int i = 0; i < POINTS; i++) {
            ModbusPointSpec s = specs[i];
            double v = PointDecoder.decode(s, raw, offsets[i]);
            Quality q = PointDecoder.quality(s, v);
            board.publish(i, q == Quality.INVALID ? Double.NaN : v, q, at, 1_780_000_000_000L);
        }
        board.snapshot(at, snapshot);
        return snapshot;
    }

    /** The loop's side alone: one consistent snapshot of 1000 points. */
    @Benchmark
    public Snapshot snapshot1000() {
        board.snapshot(now += 100_000_000L, snapshot);
        return snapshot;
    }
}
