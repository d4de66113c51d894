package io.podctl.sensors.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.hal.Clock;
import io.podctl.hal.modbus.ModbusBuses;
import io.podctl.hal.modbus.ModbusException;
import io.podctl.hal.modbus.RegisterBus;
import io.podctl.hal.modbus.RegisterTable;
import io.podctl.hal.modbus.TcpBusSettings;
import io.podctl.hal.sim.EmulatedDevice;
import io.podctl.hal.sim.Fault;
import io.podctl.hal.sim.MockGpioPlatform;
import io.podctl.hal.sim.ModbusEmulator;
import io.podctl.hal.sim.RegisterMap;
import io.podctl.hal.sim.SimPodSettings;
import io.podctl.hal.sim.SimulatedPod;
import io.podctl.sensors.DeviceStatusBoard;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.modbus.WriteOutcome.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Actuator writes with read-back through the production master and poller: against the simulated pod's CDU
 * (the command reaches the plant model and the plant's feedback is read back) and against emulated devices
 * for coils, word order and faults.
 */
class ActuatorWriteIT {
    private static final RegisterTable IN = RegisterTable.INPUT_REGISTER;
    private static final RegisterTable HOLD = RegisterTable.HOLDING_REGISTER;
    private static final Duration DEADLINE = Duration.ofMillis(200);

    // The pod CDU profile's registers (see SimSignal): commands in holding registers, feedback in inputs.
    private static final ModbusPointSpec PUMP2_COMMAND = ModbusPointSpec.of("cdu.pump2Command", HOLD, 2,
            PointType.UINT16).withRange(0, 1);
    private static final ModbusPointSpec SPEED_SETPOINT = ModbusPointSpec.of("cdu.pumpSpeedSetpoint", HOLD, 3,
            PointType.UINT16).withScale(0.1, 0).withRange(0, 100);
    private static final ModbusPointSpec SUPPLY_SETPOINT = ModbusPointSpec.of("cdu.supplyTempSetpoint", HOLD, 0,
            PointType.INT16).withScale(0.1, 0);
    private static final ModbusPointSpec PUMP2_RUNNING = ModbusPointSpec.of("cdu.pump2Running", IN, 7,
            PointType.BOOL).withBit(0);
    private static final ModbusPointSpec PUMP2_SPEED = ModbusPointSpec.of("cdu.pump2Speed", IN, 8, PointType.UINT16)
            .withScale(0.1, 0).withRange(0, 100);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Clock clock = Clock.system();

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

    /** A poller of one device on {@code port}, reading {@code points}; started unless told otherwise. */
    private BusPoller poller(String deviceId, int port, List<ModbusPointSpec> points, int queue, boolean start) {
        RegisterBus bus = keep(ModbusBuses.tcp(TcpBusSettings.of("127.0.0.1", port).withTransactionDeadline(DEADLINE),
                clock));
        SampleBoard board = new SampleBoard(points.stream()
                .map(p -> new PointDescriptor(p.pointId(), "", Duration.ofSeconds(2), false)).toList());
        DeviceStatusBoard statuses = new DeviceStatusBoard(List.of(deviceId), clock.nanoTime());
        BusPoller poller = keep(new BusPoller("bus", bus, List.of(new DevicePlan(deviceId, 1, Duration.ofMillis(250),
                Duration.ZERO, 1, 125, 8, List.of(), points)), board, statuses, clock, queue));
        if (start) {
            poller.start();
        }
        return poller;
    }

    private SimulatedPod pod() {
        MockGpioPlatform gpio = keep(MockGpioPlatform.create());
        SimulatedPod pod = keep(SimulatedPod.start(SimPodSettings.defaults(), gpio, clock));
        // Ten simulated seconds per real second: the pumps' 1.5 s lag takes 0.15 s.
        pod.startRealtime(Duration.ofMillis(20), 10.0);
        return pod;
    }

    private static WriteOutcome await(CompletableFuture<WriteOutcome> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void pumpStartAndSpeedCommandsReachThePlantAndAreReadBack() throws Exception {
        SimulatedPod pod = pod();
        BusPoller poller = poller("cdu", pod.endpoint(SimulatedPod.CDU).getPort(), List.of(PUMP2_RUNNING, PUMP2_SPEED),
                BusPoller.DEFAULT_WRITE_QUEUE, true);
        assertFalse(pod.state().pump(2).running(), "pump 2 starts stopped");

        CompletableFuture<WriteOutcome> start = new CompletableFuture<>();
        WriteHandle handle = poller.submitWrite(WriteRequest.verifiedByEcho("cdu", PUMP2_COMMAND, 1, Duration.ofSeconds(5))
                .verifiedBy(PUMP2_RUNNING, 1.0, 0.0), start::complete);
        WriteOutcome started = await(start);
        assertEquals(Status.CONFIRMED, started.status(), started.detail());
        assertTrue(handle.isDone());
        assertEquals(1.0, started.readBack());

        CompletableFuture<WriteOutcome> speed = new CompletableFuture<>();
        poller.submitWrite(WriteRequest.verifiedByEcho("cdu", SPEED_SETPOINT, 90.0, Duration.ofSeconds(5))
                .verifiedBy(PUMP2_SPEED, 90.0, 1.0), speed::complete);
        WriteOutcome sped = await(speed);
        assertEquals(Status.CONFIRMED, sped.status(), sped.detail());
        assertEquals(90.0, sped.readBack(), 1.0);

        assertEquals(900, pod.device(SimulatedPod.CDU).stored(HOLD, 3), "90.0 % as ×10 on the wire");
        assertTrue(pod.state().pump(2).running());
        assertEquals(90.0, pod.state().pump(2).speedPercent(), 1.0);

        CompletableFuture<WriteOutcome> echo = new CompletableFuture<>();
        poller.submitWrite(WriteRequest.verifiedByEcho("cdu", SPEED_SETPOINT, 80.0, Duration.ofSeconds(2)),
                echo::complete);
        assertEquals(Status.CONFIRMED, await(echo).status(), "the setpoint register reads back as written");
    }

    @Test
    void aDeviceThatAcknowledgesButIgnoresTheWriteIsCommandNotFollowed() throws Exception {
        SimulatedPod pod = pod();
        BusPoller poller = poller("cdu", pod.endpoint(SimulatedPod.CDU).getPort(), List.of(PUMP2_SPEED),
                BusPoller.DEFAULT_WRITE_QUEUE, true);
        pod.device(SimulatedPod.CDU).inject(Fault.ignoreWrites());
        Duration window = Duration.ofMillis(500);

        CompletableFuture<WriteOutcome> f = new CompletableFuture<>();
        WriteHandle h = poller.submitWrite(WriteRequest.verifiedByEcho("cdu", SPEED_SETPOINT, 50.0, window), f::complete);
        WriteOutcome o = await(f);
        assertEquals(Status.NOT_FOLLOWED, o.status(), o.detail());
        assertTrue(o.detail().startsWith("command not followed"), o.detail());
        assertEquals(75.0, o.readBack(), 0.05, "the device kept its old setpoint");
        long tookMs = (o.completedNanos() - h.submittedNanos()) / 1_000_000;
        assertTrue(tookMs >= window.toMillis() && tookMs < window.toMillis() + 2 * DEADLINE.toMillis() + 1000,
                "decided after " + tookMs + " ms");
        assertTrue(pod.device(SimulatedPod.CDU).writesIgnored() >= 1);
    }

    @Test
    void anExceptionReplyFailsTheWriteWithItsCode() throws Exception {
        SimulatedPod pod = pod();
        BusPoller poller = poller("cdu", pod.endpoint(SimulatedPod.CDU).getPort(), List.of(PUMP2_SPEED),
                BusPoller.DEFAULT_WRITE_QUEUE, true);

        CompletableFuture<WriteOutcome> refused = new CompletableFuture<>();
        poller.submitWrite(WriteRequest.verifiedByEcho("cdu", SUPPLY_SETPOINT, 99.9, Duration.ofSeconds(1)),
                refused::complete);
        WriteOutcome o = await(refused);
        assertEquals(Status.FAILED, o.status());
        assertEquals(ModbusException.ILLEGAL_DATA_VALUE, o.exceptionCode(), o.detail());
        assertTrue(o.detail().contains("exception 03 (value refused)"), o.detail());

        pod.device(SimulatedPod.CDU).inject(Fault.exception(ModbusException.SERVER_DEVICE_FAILURE, HOLD, 0, 4));
        CompletableFuture<WriteOutcome> failed = new CompletableFuture<>();
        poller.submitWrite(WriteRequest.verifiedByEcho("cdu", SPEED_SETPOINT, 60.0, Duration.ofSeconds(1)),
                failed::complete);
        assertEquals(ModbusException.SERVER_DEVICE_FAILURE, await(failed).exceptionCode());
        assertEquals(750, pod.device(SimulatedPod.CDU).stored(HOLD, 3), "nothing changed");
    }

    @Test
    void outletCoilsAndWordSwappedSetpointsAreWrittenAndReadBack() throws Exception {
        EmulatedDevice pdu = new EmulatedDevice("pdu", 1, RegisterMap.builder()
                .bits(RegisterTable.COIL, 0, false, false, false, false)
                .writable(RegisterTable.COIL, 0, 4)
                .zeros(HOLD, 0, 2)
                .writable(HOLD, 0, 2)
                .build());
        pdu.inject(Fault.wordSwapped(HOLD, 0, 1));
        ModbusEmulator emulator = keep(ModbusEmulator.tcp(List.of(pdu)));
        ModbusPointSpec outlet3 = ModbusPointSpec.of("pdu.outlet3", RegisterTable.COIL, 2, PointType.BOOL);
        ModbusPointSpec limit = ModbusPointSpec.of("pdu.powerLimit", HOLD, 0, PointType.FLOAT32)
                .withWordOrder(WordOrder.CDAB);
        BusPoller poller = poller("pdu", emulator.endpoint().getPort(), List.of(outlet3), 4, true);

        CompletableFuture<WriteOutcome> on = new CompletableFuture<>();
        poller.submitWrite(WriteRequest.verifiedByEcho("pdu", outlet3, 1.0, Duration.ofSeconds(1)), on::complete);
        assertEquals(Status.CONFIRMED, await(on).status());
        assertEquals(1, pdu.stored(RegisterTable.COIL, 2));

        CompletableFuture<WriteOutcome> lim = new CompletableFuture<>();
        poller.submitWrite(WriteRequest.verifiedByEcho("pdu", limit, 7250.5, Duration.ofSeconds(1)), lim::complete);
        assertEquals(Status.CONFIRMED, await(lim).status());
        int bits = Float.floatToIntBits(7250.5f);
        assertEquals(bits >>> 16, pdu.stored(HOLD, 0), "sent low word first, the device holds it high word first");
        assertEquals(bits & 0xFFFF, pdu.stored(HOLD, 1));
    }

    @Test
    void aFullQueueRejectsTheNewestAndClosingCancelsWhatWasNeverSent() throws Exception {
        EmulatedDevice dev = FaultRig.device("dev", 1);
        ModbusEmulator emulator = keep(ModbusEmulator.tcp(List.of(dev)));
        ModbusPointSpec reg = ModbusPointSpec.of("dev.reg", HOLD, 0, PointType.UINT16);
        BusPoller poller = poller("dev", emulator.endpoint().getPort(), List.of(reg), 1, false);

        WriteHandle first = poller.submitWrite(WriteRequest.verifiedByEcho("dev", reg, 1, Duration.ofSeconds(1)));
        WriteHandle second = poller.submitWrite(WriteRequest.verifiedByEcho("dev", reg, 2, Duration.ofSeconds(1)));
        assertFalse(first.isDone());
        assertEquals(Status.REJECTED, second.outcome().orElseThrow().status());
        assertTrue(second.outcome().orElseThrow().detail().contains("queue"), second.toString());
        WriteHandle unknown = poller.submitWrite(WriteRequest.verifiedByEcho("nope", reg, 1, Duration.ofSeconds(1)));
        assertEquals(Status.REJECTED, unknown.outcome().orElseThrow().status());
        WriteHandle tooBig = poller.submitWrite(WriteRequest.verifiedByEcho("dev", reg, 70_000, Duration.ofSeconds(1)));
        assertEquals(Status.REJECTED, tooBig.outcome().orElseThrow().status(), "never clamped");
        assertEquals(3, poller.writesRejected());

        poller.close();
        assertEquals(Status.CANCELLED, first.outcome().orElseThrow().status());
        assertEquals(0, dev.writesApplied());
    }
}
