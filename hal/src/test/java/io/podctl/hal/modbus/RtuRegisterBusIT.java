package io.podctl.hal.modbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fazecast.jSerialComm.SerialPort;
import com.ghgande.j2mod.modbus.net.AbstractSerialConnection;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import com.ghgande.j2mod.modbus.util.ModbusUtil;
import com.ghgande.j2mod.modbus.util.SerialParameters;
import io.podctl.hal.Clock;
import io.podctl.hal.modbus.BusReply.Failure;
import io.podctl.hal.modbus.BusReply.FailureKind;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RtuRegisterBusIT {
    private static final int BAUD = 38400;
    private SocatPair line;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void openLine() throws Exception {
        line = new SocatPair();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable r : resources.reversed()) {
            r.close();
        }
        line.close();
    }

    private RegisterBus bus() {
        RegisterBus bus = ModbusBuses.rtu(new RtuBusSettings(line.master, BAUD, RtuBusSettings.Parity.EVEN, 8, 1,
                Duration.ofMillis(300)), Clock.system());
        resources.add(bus);
        return bus;
    }

    private void j2modSlave(int... unitIds) throws Exception {
        SerialParameters params = new SerialParameters(line.slaves, BAUD, AbstractSerialConnection.FLOW_CONTROL_DISABLED,
                AbstractSerialConnection.FLOW_CONTROL_DISABLED, 8, AbstractSerialConnection.ONE_STOP_BIT,
                AbstractSerialConnection.EVEN_PARITY, false);
        params.setOpenDelay(0);
        ModbusSlave slave = ModbusSlaveFactory.createSerialSlave(params);
        for (int unit : unitIds) {
            slave.addProcessImage(unit, J2modTcpSlave.image(new boolean[] {true}, new boolean[] {false},
                    new int[] {unit * 100}, new int[] {unit, unit * 10, unit * 1000}));
        }
        slave.open();
        resources.add(() -> ModbusSlaveFactory.close(slave));
    }

    @Test
    void readsHoldingRegistersFromTwoUnitsOnOneLine() throws Exception {
        j2modSlave(1, 2);
        RegisterBus bus = bus();

        assertEquals(new BusReply.Registers(new int[] {1, 10, 1000}), bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 3));
        assertEquals(new BusReply.Registers(new int[] {20, 2000}), bus.read(2, RegisterTable.HOLDING_REGISTER, 1, 2));
        assertEquals(new BusReply.Registers(new int[] {200}), bus.read(2, RegisterTable.INPUT_REGISTER, 0, 1));
        assertEquals(new BusReply.Written(0, 2), bus.writeRegisters(1, 0, new int[] {7, 8}));
        assertEquals(new BusReply.Registers(new int[] {7, 8}), bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 2));
        assertEquals(new BusReply.Bits(new boolean[] {true}), bus.read(1, RegisterTable.COIL, 0, 1));
        assertEquals(0, bus.counters().crcErrors());
        assertEquals("rtu:" + line.master + "@38400-8E1", bus.describe());
    }

    @Test
    void deadUnitTimesOutWithoutDisturbingTheOtherUnit() throws Exception {
        j2modSlave(1, 2);
        RegisterBus bus = bus();
        assertTrue(bus.read(2, RegisterTable.HOLDING_REGISTER, 0, 1).isOk());

        long t0 = System.nanoTime();
        Failure f = assertInstanceOf(Failure.class, bus.read(3, RegisterTable.HOLDING_REGISTER, 0, 1));
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(FailureKind.TIMEOUT, f.kind());
        assertTrue(elapsedMs >= 290 && elapsedMs < 1500, "elapsed " + elapsedMs + " ms");

        for (int i = 0; i < 5; i++) {
            assertEquals(new BusReply.Registers(new int[] {2}), bus.read(2, RegisterTable.HOLDING_REGISTER, 0, 1));
        }
        assertEquals(1, bus.counters().timeouts());
        assertEquals(1, bus.counters().connects());
    }

    @Test
    void exceptionResponseOverRtu() throws Exception {
        j2modSlave(1);
        RegisterBus bus = bus();

        Failure f = assertInstanceOf(Failure.class, bus.read(1, RegisterTable.HOLDING_REGISTER, 50, 1));
        assertEquals(FailureKind.EXCEPTION_RESPONSE, f.kind());
        assertEquals(ModbusException.ILLEGAL_DATA_ADDRESS, f.exceptionCode());
    }

    @Test
    void crcErrorsAndLineNoiseAreDiscardedAndCounted() throws Exception {
        AtomicInteger served = new AtomicInteger();
        responder(n -> {
            byte[] good = rtuFrame(1, 3, 2, 0x12, 0x34);
            return switch (n) {
                // A corrupted copy of the reply, then the good one (as after a collision and a re-send).
                case 0 -> concat(corrupt(good), good);
                // Noise on the line before the reply.
                case 1 -> concat(new byte[] {0x00, (byte) 0xFF, 0x55}, good);
                // Only a corrupted reply: the value must not come through.
                case 2 -> corrupt(good);
                // A truncated reply.
                default -> Arrays.copyOf(good, 4);
            };
        }, served);
        RegisterBus bus = bus();

        assertEquals(new BusReply.Registers(new int[] {0x1234}), bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 1));
        assertEquals(1, bus.counters().crcErrors());
        assertEquals(new BusReply.Registers(new int[] {0x1234}), bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 1));
        assertTrue(bus.counters().discarded() >= 2, bus.counters().toString());

        Failure crc = assertInstanceOf(Failure.class, bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 1));
        assertEquals(FailureKind.MALFORMED_REPLY, crc.kind());
        assertEquals(2, bus.counters().crcErrors());
        Failure truncated = assertInstanceOf(Failure.class, bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 1));
        assertEquals(FailureKind.MALFORMED_REPLY, truncated.kind());
        assertEquals(4, served.get());
    }

    @Test
    void missingPortIsAConnectFailure() {
        RegisterBus bus = ModbusBuses.rtu(new RtuBusSettings(line.master + "-nope", 19200,
                RtuBusSettings.Parity.EVEN, 8, 1, Duration.ofMillis(300)), Clock.system());
        resources.add(bus);
        Failure f = assertInstanceOf(Failure.class, bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 1));
        assertEquals(FailureKind.CONNECT_FAILED, f.kind());
        assertEquals(1, bus.counters().connectFailures());
    }

    /** A hand-written RTU responder on the far end: answers the n-th request with {@code answers.apply(n)}. */
    private void responder(IntFunction<byte[]> answers, AtomicInteger served) {
        SerialPort port = SerialPort.getCommPort(line.slaves);
        port.setComPortParameters(BAUD, 8, SerialPort.ONE_STOP_BIT, SerialPort.EVEN_PARITY);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_BLOCKING, 0, 0);
        assertTrue(port.openPort(0), "open " + line.slaves);
        Thread t = new Thread(() -> {
            byte[] request = new byte[8];
            while (port.isOpen()) {
                int n = port.readBytes(request, 8, 0);
                if (n != 8) {
                    return;
                }
                byte[] answer = answers.apply(served.get());
                port.writeBytes(answer, answer.length, 0);
                served.incrementAndGet();
            }
        }, "rtu-responder");
        t.setDaemon(true);
        t.start();
        resources.add(port::closePort);
        await().atMost(Duration.ofSeconds(1)).until(port::isOpen);
    }

    private static byte[] rtuFrame(int... bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b : bytes) {
            out.write(b);
        }
        byte[] body = out.toByteArray();
        int[] crc = ModbusUtil.calculateCRC(body, 0, body.length);
        out.write(crc[0]);
        out.write(crc[1]);
        return out.toByteArray();
    }

    private static byte[] corrupt(byte[] frame) {
        byte[] c = frame.clone();
        c[3] ^= 0x01;
        return c;
    }

    private static byte[] concat(byte[] x, byte[] y) {
        byte[] r = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, r, x.length, y.length);
        return r;
    }
}
