package io.podctl.sensors.modbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.hal.Clock;
import io.podctl.hal.modbus.ModbusBuses;
import io.podctl.hal.modbus.RegisterBus;
import io.podctl.hal.modbus.RegisterTable;
import io.podctl.hal.modbus.TcpBusSettings;
import io.podctl.sensors.DeviceHealth;
import io.podctl.sensors.DeviceStatus;
import io.podctl.sensors.DeviceStatusBoard;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BusPollerIT {
    private static final RegisterTable IN = RegisterTable.INPUT_REGISTER;
    private static final RegisterTable HOLD = RegisterTable.HOLDING_REGISTER;
    private final Clock clock = Clock.system();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable r : resources.reversed()) {
            r.close();
        }
    }

    private <T extends AutoCloseable> T keep(T r) {
        resources.add(r);
        return r;
    }

    private static SampleBoard boardFor(List<ModbusPointSpec> points) {
        return new SampleBoard(points.stream()
                .map(p -> new PointDescriptor(p.pointId(), "", Duration.ofSeconds(1), p.type() == PointType.BOOL))
                .toList());
    }

    private static DevicePlan plan(String id, int unit, int retries, List<ModbusPointSpec> points) {
        return new DevicePlan(id, unit, Duration.ofMillis(100), Duration.ZERO, retries, 125, 2, List.of(), points);
    }

    private RegisterBus bus(int port) {
        return keep(ModbusBuses.tcp(TcpBusSettings.of("127.0.0.1", port), clock));
    }

    private Snapshot snapshot(SampleBoard board) {
        Snapshot s = board.newSnapshot();
        board.snapshot(clock.nanoTime(), s);
        return s;
    }

    @Test
    void valuesReachTheBoardGoodWithEngineeringUnitsAndTheSlaveStoppingMakesThemCommFail() throws Exception {
        // input 0..1 float32 12.5 ABCD; 2 int16 °C×10; 4..5 float32 -3.25 CDAB; holding 0 uint16 %; coil 1; discrete 3
        J2modSlave slave = keep(new J2modSlave(1, 4, 4,
                new int[] {0x4148, 0x0000, 215, 0, 0x0000, 0xC050}, new int[] {42}));
        List<ModbusPointSpec> points = List.of(
                ModbusPointSpec.of("meter.power", IN, 0, PointType.FLOAT32),
                ModbusPointSpec.of("cdu.supplyTemp", IN, 2, PointType.INT16).withScale(0.1, 0).withRange(0, 60),
                ModbusPointSpec.of("cdu.dp", IN, 4, PointType.FLOAT32).withWordOrder(WordOrder.CDAB),
                ModbusPointSpec.of("cdu.valve", HOLD, 0, PointType.UINT16),
                ModbusPointSpec.of("pdu.outlet1", RegisterTable.COIL, 1, PointType.BOOL),
                ModbusPointSpec.of("leak.status", RegisterTable.DISCRETE_INPUT, 3, PointType.BOOL));
        SampleBoard board = boardFor(points);
        DeviceStatusBoard statuses = new DeviceStatusBoard(List.of("cdu"), clock.nanoTime());
        BusPoller poller = keep(new BusPoller("cdu-bus", bus(slave.port), List.of(plan("cdu", 1, 1, points)), board,
                statuses, clock));
        poller.start();

        await().atMost(Duration.ofSeconds(2)).until(() -> snapshot(board).isGood(5));
        Snapshot s = snapshot(board);
        assertEquals(12.5, s.goodValue(0));
        assertEquals(21.5, s.goodValue(1), 1e-9);
        assertEquals(-3.25, s.goodValue(2));
        assertEquals(42.0, s.goodValue(3));
        assertEquals(0.0, s.goodValue(4)); // coil 1: the fixture sets even coils only
        assertEquals(1.0, s.goodValue(5)); // discrete 3: every third is set
        for (int i = 0; i < 6; i++) {
            assertEquals(Quality.GOOD, s.quality(i), board.descriptor(i).id());
        }
        await().atMost(Duration.ofSeconds(1)).until(() -> statuses.get("cdu").health() == DeviceHealth.ONLINE);
        assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("poll-cdu-bus")));

        long stoppedAt = System.nanoTime();
        slave.close();

        await().atMost(Duration.ofMillis(2500)).until(() -> statuses.get("cdu").health() == DeviceHealth.OFFLINE
                && snapshot(board).quality(0) == Quality.COMM_FAIL);
        long detectMs = (System.nanoTime() - stoppedAt) / 1_000_000;
        Snapshot after = snapshot(board);
        for (int i = 0; i < 6; i++) {
            assertEquals(Quality.COMM_FAIL, after.quality(i), board.descriptor(i).id());
            assertTrue(Double.isNaN(after.goodValue(i)));
        }
        assertTrue(detectMs < 2500, "detected after " + detectMs + " ms");
    }

    @Test
    void exception02MarksPointsInvalidAndTheDeviceDegradedWithoutRetrying() throws Exception {
        J2modSlave slave = keep(new J2modSlave(1, 0, 0, new int[] {0x4148, 0x0000}, new int[0]));
        // SDM630 "total power" at 30053 (wire 52) does not exist on this device.
        List<ModbusPointSpec> points = List.of(
                ModbusPointSpec.of("meter.l1Voltage", IN, 0, PointType.FLOAT32),
                ModbusPointSpec.of("meter.totalPower", IN, 52, PointType.FLOAT32));
        SampleBoard board = boardFor(points);
        DeviceStatusBoard statuses = new DeviceStatusBoard(List.of("meter"), clock.nanoTime());
        RegisterBus bus = bus(slave.port);
        BusPoller poller = keep(new BusPoller("meter-bus", bus, List.of(plan("meter", 1, 3, points)), board, statuses,
                clock));
        poller.start();

        await().atMost(Duration.ofSeconds(2)).until(() -> statuses.get("meter").requests() >= 10);
        DeviceStatus status = statuses.get("meter");
        assertEquals(DeviceHealth.DEGRADED, status.health());
        assertEquals("config mismatch: exception 02 at input 52..53", status.reason());
        // Two blocks per poll, one request each: no retries despite retries = 3.
        assertEquals(0, status.retries());
        assertEquals(status.requests(), 2 * status.failures());
        Snapshot s = snapshot(board);
        assertEquals(Quality.GOOD, s.quality(0));
        assertEquals(12.5, s.goodValue(0));
        assertEquals(Quality.INVALID, s.quality(1));
        assertTrue(Double.isNaN(s.lastValue(1)));
    }

    @Test
    void repliesLaterThanTheDeadlineAreTimeoutsAndTheUnitGoesOffline() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        ServerSocket server = keep(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> lateReplies(s, requests));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        List<ModbusPointSpec> points = List.of(ModbusPointSpec.of("cdu.flow", HOLD, 0, PointType.INT16));
        SampleBoard board = boardFor(points);
        DeviceStatusBoard statuses = new DeviceStatusBoard(List.of("cdu"), clock.nanoTime());
        DevicePlan plan = new DevicePlan("cdu", 1, Duration.ofMillis(1000), Duration.ZERO, 1, 125, 0, List.of(), points);
        BusPoller poller = keep(new BusPoller("slow", bus(server.getLocalPort()), List.of(plan), board, statuses, clock));
        poller.start();

        await().atMost(Duration.ofSeconds(3)).until(() -> statuses.get("cdu").health() == DeviceHealth.OFFLINE);
        DeviceStatus status = statuses.get("cdu");
        assertTrue(status.reason().contains("no reply") && status.reason().contains("within 300 ms"), status.reason());
        assertEquals(1, status.retries(), "one retry fits in the 1 s poll budget");
        assertEquals(2, status.requests());
        assertEquals(Quality.COMM_FAIL, snapshot(board).quality(0));

        // Closing while a transaction waits for its late reply returns within about one deadline.
        int before = requests.get();
        await().atMost(Duration.ofSeconds(3)).until(() -> requests.get() > before);
        long t0 = System.nanoTime();
        poller.close();
        long closeMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(closeMs < 1000, "close took " + closeMs + " ms");
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("poll-slow")));
    }

    /** Answers each request only after the client has given up on it (closed the connection at its deadline). */
    private static void lateReplies(Socket s, AtomicInteger requests) {
        try (s) {
            InputStream in = s.getInputStream();
            DataInputStream din = new DataInputStream(in);
            int tid = din.readUnsignedShort();
            din.readUnsignedShort();
            int len = din.readUnsignedShort();
            din.readFully(new byte[len]);
            requests.incrementAndGet();
            while (in.read() >= 0) {
                // wait for the client to hang up
            }
            s.getOutputStream().write(new byte[] {(byte) (tid >> 8), (byte) tid, 0, 0, 0, 5, 1, 3, 2, 0, 1});
        } catch (IOException expected) {
            // The late reply goes to a closed connection.
        }
    }
}
