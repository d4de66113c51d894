package io.podctl.sensors.modbus;

import static org.awaitility.Awaitility.await;

import io.podctl.hal.Clock;
import io.podctl.hal.modbus.ModbusBuses;
import io.podctl.hal.modbus.RegisterBus;
import io.podctl.hal.modbus.RegisterTable;
import io.podctl.hal.modbus.RtuBusSettings;
import io.podctl.hal.modbus.SocatPair;
import io.podctl.hal.modbus.TcpBusSettings;
import io.podctl.hal.sim.EmulatedDevice;
import io.podctl.hal.sim.ModbusEmulator;
import io.podctl.hal.sim.RegisterMap;
import io.podctl.sensors.DeviceStatus;
import io.podctl.sensors.DeviceStatusBoard;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The production read path against the emulator: emulated devices served over real Modbus TCP (loopback) or
 * RTU (a socat PTY pair), the real master ({@link ModbusBuses}), a {@link BusPoller}, a {@link SampleBoard} and a
 * {@link DeviceStatusBoard}. Each device's heartbeat register changes every 10 ms (a live controller), so only
 * a fault makes it frozen.
 *
 * <p>Every device has the same map (0-based input registers): 0 temperature int16 °C×10 = 21.5 °C; 1 heartbeat;
 * 2 flow uint16 L/min×10 = 300.0; 10..11 power float32 = 12345.5 W; 12..13 frequency float32 = 50 Hz;
 * 14..15 a float32 temperature = 21.5 °C; holding 0..3 writable. Its standard points plan into two blocks,
 * 0..2 and 10..13.
 */
final class FaultRig implements AutoCloseable {
    static final RegisterTable IN = RegisterTable.INPUT_REGISTER;
    static final Duration PERIOD = Duration.ofMillis(150);
    static final Duration DEADLINE = Duration.ofMillis(100);
    static final int BAUD = 38400;

    final List<EmulatedDevice> devices;
    final ModbusEmulator emulator;
    final RegisterBus bus;
    final SampleBoard board;
    final DeviceStatusBoard statuses;
    final BusPoller poller;
    private final ScheduledExecutorService ticker;
    private final Clock clock = Clock.system();

    /** One emulated device (unit {@code unit}) named {@code id}. */
    static EmulatedDevice device(String id, int unit) {
        RegisterMap map = RegisterMap.builder()
                .registers(IN, 0, 215, 0, 3000)
                .float32(IN, 10, 12345.5f)
                .float32(IN, 12, 50.0f)
                .float32(IN, 14, 21.5f)
                .zeros(RegisterTable.HOLDING_REGISTER, 0, 4)
                .writable(RegisterTable.HOLDING_REGISTER, 0, 4)
                .build();
        return new EmulatedDevice(id, unit, map);
    }

    /** The points of device {@code id}: {@code id.temp, id.heartbeat, id.flow, id.power, id.frequency}. */
    static List<ModbusPointSpec> points(String id) {
        return List.of(
                ModbusPointSpec.of(id + ".temp", IN, 0, PointType.INT16).withScale(0.1, 0).withRange(-20, 100),
                ModbusPointSpec.of(id + ".heartbeat", IN, 1, PointType.UINT16).withFrozenAfter(3),
                ModbusPointSpec.of(id + ".flow", IN, 2, PointType.UINT16).withScale(0.1, 0).withRange(0, 2000),
                ModbusPointSpec.of(id + ".power", IN, 10, PointType.FLOAT32).withRange(0, 100_000),
                ModbusPointSpec.of(id + ".frequency", IN, 12, PointType.FLOAT32).withRange(40, 70));
    }

    static DevicePlan plan(String id, int unit, Duration offset, List<ModbusPointSpec> points) {
        return new DevicePlan(id, unit, PERIOD, offset, 1, 125, 2, List.of(), points);
    }

    static DevicePlan plan(String id, int unit) {
        return plan(id, unit, Duration.ZERO, points(id));
    }

    /** Devices behind one Modbus TCP port (a gateway when several), one poller. */
    static FaultRig tcp(List<EmulatedDevice> devices, List<DevicePlan> plans) {
        ModbusEmulator emulator = ModbusEmulator.tcp("emu", InetAddress.getLoopbackAddress(), 0, devices);
        RegisterBus bus = ModbusBuses.tcp(TcpBusSettings.of("127.0.0.1", emulator.endpoint().getPort())
                .withTransactionDeadline(DEADLINE), Clock.system());
        return new FaultRig(devices, emulator, bus, plans);
    }

    /** Devices as the slaves on one RTU line (a PTY pair), one poller. */
    static FaultRig rtu(SocatPair line, List<EmulatedDevice> devices, List<DevicePlan> plans) {
        ModbusEmulator emulator = ModbusEmulator.rtu("line", new RtuBusSettings(line.slaves, BAUD,
                RtuBusSettings.Parity.EVEN, 8, 1, DEADLINE), devices);
        RegisterBus bus = ModbusBuses.rtu(new RtuBusSettings(line.master, BAUD, RtuBusSettings.Parity.EVEN, 8, 1,
                DEADLINE), Clock.system());
        return new FaultRig(devices, emulator, bus, plans);
    }

    private FaultRig(List<EmulatedDevice> devices, ModbusEmulator emulator, RegisterBus bus, List<DevicePlan> plans) {
        this.devices = devices;
        this.emulator = emulator;
        this.bus = bus;
        List<PointDescriptor> descriptors = new ArrayList<>();
        for (DevicePlan p : plans) {
            for (ModbusPointSpec s : p.points()) {
                descriptors.add(new PointDescriptor(s.pointId(), "", Duration.ofSeconds(5), false));
            }
        }
        this.board = new SampleBoard(descriptors);
        this.statuses = new DeviceStatusBoard(plans.stream().map(DevicePlan::deviceId).toList(), clock.nanoTime());
        this.poller = new BusPoller("bus", bus, plans, board, statuses, clock);
        AtomicInteger beat = new AtomicInteger();
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "test-heartbeat");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> {
            int n = beat.incrementAndGet() & 0xFFFF;
            for (EmulatedDevice d : devices) {
                d.set(IN, 1, n);
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
        poller.start();
    }

    Snapshot snapshot() {
        Snapshot s = board.newSnapshot();
        board.snapshot(clock.nanoTime(), s);
        return s;
    }

    Quality quality(String pointId) {
        return snapshot().quality(board.requireIndex(pointId));
    }

    /** The last value of a point whatever its quality (NaN for a failed sample). */
    double value(String pointId) {
        return snapshot().lastValue(board.requireIndex(pointId));
    }

    DeviceStatus status(String deviceId) {
        return statuses.get(deviceId);
    }

    /** Waits until {@code condition} holds (at most {@code atMost}); returns the milliseconds it took. */
    long awaitMs(String what, Duration atMost, Callable<Boolean> condition) {
        long t0 = System.nanoTime();
        await(what).atMost(atMost).pollInterval(Duration.ofMillis(5)).until(condition);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Waits until every point of {@code deviceId} is GOOD. */
    void awaitAllGood(String deviceId) {
        awaitMs(deviceId + " all GOOD", Duration.ofSeconds(3), () -> {
            Snapshot s = snapshot();
            for (int i = 0; i < s.size(); i++) {
                if (s.descriptor(i).id().startsWith(deviceId + ".") && !s.isGood(i)) {
                    return false;
                }
            }
            return true;
        });
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        poller.close();
        bus.close();
        emulator.close();
    }
}
