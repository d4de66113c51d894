package io.podctl.hal.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.hal.Clock;
import io.podctl.hal.ManualClock;
import io.podctl.hal.modbus.BusReply;
import io.podctl.hal.modbus.BusReply.Failure;
import io.podctl.hal.modbus.BusReply.FailureKind;
import io.podctl.hal.modbus.ModbusBuses;
import io.podctl.hal.modbus.ModbusException;
import io.podctl.hal.modbus.RegisterBus;
import io.podctl.hal.modbus.RegisterTable;
import io.podctl.hal.modbus.RtuBusSettings;
import io.podctl.hal.modbus.SocatPair;
import io.podctl.hal.modbus.TcpBusSettings;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's protocol behaviour and each fault, seen through the production masters (TcpRegisterBus and
 * RtuRegisterBus) over loopback TCP and a socat PTY pair. What the poller makes of them is in sensors'
 * fault tests.
 */
class ModbusEmulatorIT {
    private static final RegisterTable COIL = RegisterTable.COIL;
    private static final RegisterTable DISCRETE = RegisterTable.DISCRETE_INPUT;
    private static final RegisterTable INPUT = RegisterTable.INPUT_REGISTER;
    private static final RegisterTable HOLDING = RegisterTable.HOLDING_REGISTER;
    private static final Duration DEADLINE = Duration.ofMillis(200);

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

    /** Inputs 0..3, holdings 0..3 (writable), coils 0..7 (writable), discretes 0..3, float32 21.5 at input 10. */
    private static RegisterMap map() {
        return RegisterMap.builder()
                .registers(INPUT, 0, 100, 200, 300, 400)
                .float32(INPUT, 10, 21.5f)
                .registers(HOLDING, 0, 1, 2, 3, 4)
                .writable(HOLDING, 0, 4)
                .bits(COIL, 0, true, false, true, false, false, false, false, true)
                .writable(COIL, 0, 8)
                .bits(DISCRETE, 0, false, true, true, false)
                .build();
    }

    private EmulatedDevice device(int unit) {
        return new EmulatedDevice("dev" + unit, unit, map());
    }

    private RegisterBus tcpBus(ModbusEmulator emulator) {
        var a = emulator.endpoint();
        return keep(ModbusBuses.tcp(TcpBusSettings.of("127.0.0.1", a.getPort()).withTransactionDeadline(DEADLINE),
                Clock.system()));
    }

    private static Failure failure(BusReply reply, FailureKind kind) {
        Failure f = assertInstanceOf(Failure.class, reply, String.valueOf(reply));
        assertEquals(kind, f.kind(), f.detail());
        return f;
    }

    private static int[] words(BusReply reply) {
        return assertInstanceOf(BusReply.Registers.class, reply, String.valueOf(reply)).words();
    }

    @Test
    void servesAllFourTablesAndEveryFunctionCodeOverTcp() {
        EmulatedDevice dev = device(1);
        RegisterBus bus = tcpBus(keep(ModbusEmulator.tcp(List.of(dev))));

        assertArrayEquals(new int[] {100, 200, 300, 400}, words(bus.read(1, INPUT, 0, 4)));
        assertArrayEquals(new int[] {0x41AC, 0x0000}, words(bus.read(1, INPUT, 10, 2)));
        assertEquals(new BusReply.Bits(new boolean[] {true, false, true, false, false, false, false, true}),
                bus.read(1, COIL, 0, 8));
        assertEquals(new BusReply.Bits(new boolean[] {false, true, true}), bus.read(1, DISCRETE, 0, 3));

        assertEquals(new BusReply.Written(2, 1), bus.writeRegisters(1, 2, new int[] {77}));
        assertEquals(new BusReply.Written(0, 2), bus.writeRegisters(1, 0, new int[] {10, 11}));
        assertEquals(new BusReply.Written(1, 1), bus.writeCoils(1, 1, new boolean[] {true}));
        assertEquals(new BusReply.Written(4, 3), bus.writeCoils(1, 4, new boolean[] {true, true, false}));
        assertArrayEquals(new int[] {10, 11, 77, 4}, words(bus.read(1, HOLDING, 0, 4)));
        assertEquals(new BusReply.Bits(new boolean[] {true, true, true, false, true, true, false, true}),
                bus.read(1, COIL, 0, 8));
        assertEquals(77, dev.stored(HOLDING, 2));
        assertEquals(4, dev.writesApplied());

        assertEquals(ModbusException.ILLEGAL_DATA_ADDRESS,
                failure(bus.read(1, INPUT, 3, 2), FailureKind.EXCEPTION_RESPONSE).exceptionCode(), "4 is not mapped");
        assertEquals(ModbusException.ILLEGAL_DATA_ADDRESS,
                failure(bus.writeRegisters(1, 3, new int[] {1, 2}), FailureKind.EXCEPTION_RESPONSE).exceptionCode());
        assertEquals(ModbusException.ILLEGAL_DATA_ADDRESS,
                failure(bus.read(9, INPUT, 0, 1), FailureKind.EXCEPTION_RESPONSE).exceptionCode(),
                "a single device answers 02 for another unit id");
        assertEquals(2, dev.exceptionReplies(), "the unknown unit's reply is not the device's");
    }

    @Test
    void aDeviceWithoutBitsAnswersBitFunctionsWithException01() {
        EmulatedDevice dev = new EmulatedDevice("regs", 1, RegisterMap.builder().zeros(HOLDING, 0, 2).build());
        RegisterBus bus = tcpBus(keep(ModbusEmulator.tcp(List.of(dev))));
        assertEquals(ModbusException.ILLEGAL_FUNCTION,
                failure(bus.read(1, COIL, 0, 1), FailureKind.EXCEPTION_RESPONSE).exceptionCode());
        assertEquals(ModbusException.ILLEGAL_DATA_ADDRESS,
                failure(bus.writeRegisters(1, 0, new int[] {1}), FailureKind.EXCEPTION_RESPONSE).exceptionCode(),
                "mapped but read-only");
    }

    @Test
    void aGatewayRoutesByUnitIdAndAnswers0BForAUnitItDoesNotHave() {
        EmulatedDevice one = device(1);
        EmulatedDevice two = device(2);
        two.set(INPUT, 0, 222);
        RegisterBus bus = tcpBus(keep(ModbusEmulator.tcp("gateway", InetAddress.getLoopbackAddress(), 0,
                List.of(one, two))));
        assertArrayEquals(new int[] {100}, words(bus.read(1, INPUT, 0, 1)));
        assertArrayEquals(new int[] {222}, words(bus.read(2, INPUT, 0, 1)));
        assertEquals(ModbusException.GATEWAY_TARGET_FAILED,
                failure(bus.read(3, INPUT, 0, 1), FailureKind.EXCEPTION_RESPONSE).exceptionCode());
        two.inject(Fault.exception(ModbusException.GATEWAY_PATH_UNAVAILABLE));
        assertEquals(ModbusException.GATEWAY_PATH_UNAVAILABLE,
                failure(bus.read(2, INPUT, 0, 1), FailureKind.EXCEPTION_RESPONSE).exceptionCode());
        assertArrayEquals(new int[] {100}, words(bus.read(1, INPUT, 0, 1)), "only unit 2 is gone");
    }

    @Test
    void answerFaultsOverTcp() throws Exception {
        EmulatedDevice dev = device(1);
        ModbusEmulator emulator = keep(ModbusEmulator.tcp(List.of(dev)));
        RegisterBus bus = tcpBus(emulator);

        dev.inject(Fault.exception(ModbusException.ILLEGAL_DATA_ADDRESS, INPUT, 2, 2));
        assertEquals(2, failure(bus.read(1, INPUT, 0, 4), FailureKind.EXCEPTION_RESPONSE).exceptionCode());
        assertArrayEquals(new int[] {100, 200}, words(bus.read(1, INPUT, 0, 2)), "outside the range");
        dev.clearFaults();

        dev.inject(Fault.silent());
        long t0 = System.nanoTime();
        failure(bus.read(1, INPUT, 0, 1), FailureKind.TIMEOUT);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 190 && ms < 1000, ms + " ms");
        dev.clear(Fault.Silent.class);

        var endpoint = emulator.endpoint();
        assertArrayEquals(new int[] {100}, words(bus.read(1, INPUT, 0, 1)), "reconnected");
        dev.inject(Fault.refuseConnections());
        failure(bus.read(1, INPUT, 0, 1), FailureKind.CONNECTION_LOST);
        failure(bus.read(1, INPUT, 0, 1), FailureKind.CONNECT_FAILED);
        try (Socket s = new Socket()) {
            assertThrows(ConnectException.class, () -> s.connect(endpoint, 500));
        }
        dev.clear(Fault.RefuseConnections.class);
        assertEquals(endpoint, emulator.endpoint());
        try (Socket s = new Socket()) {
            s.connect(endpoint, 500);
        }
    }

    @Test
    void dataFaults() {
        ManualClock clock = new ManualClock();
        EmulatedDevice dev = new EmulatedDevice("dev", 1, map(), clock);
        RegisterBus bus = tcpBus(keep(ModbusEmulator.tcp(List.of(dev))));

        dev.inject(Fault.frozen());
        dev.set(INPUT, 0, 111);
        assertArrayEquals(new int[] {100}, words(bus.read(1, INPUT, 0, 1)), "frozen: the plant's update is ignored");
        dev.clear(Fault.Frozen.class);
        dev.set(INPUT, 0, 111);
        assertArrayEquals(new int[] {111}, words(bus.read(1, INPUT, 0, 1)));

        dev.inject(Fault.zerosAfterReboot(Duration.ofSeconds(5)));
        assertArrayEquals(new int[] {0, 0, 0}, words(bus.read(1, INPUT, 0, 3)));
        assertEquals(new BusReply.Bits(new boolean[] {false, false, false}), bus.read(1, DISCRETE, 0, 3));
        clock.advance(Duration.ofSeconds(5));
        assertArrayEquals(new int[] {111, 200, 300}, words(bus.read(1, INPUT, 0, 3)), "measurements back");

        dev.inject(Fault.wordSwapped(INPUT, 10, 11));
        assertArrayEquals(new int[] {0x0000, 0x41AC}, words(bus.read(1, INPUT, 10, 2)));
        assertArrayEquals(new int[] {0x41AC}, words(bus.read(1, INPUT, 11, 1)), "the pair's other half");
        dev.inject(Fault.nanFloat(INPUT, 10));
        assertArrayEquals(new int[] {0x0000, 0x7FC0}, words(bus.read(1, INPUT, 10, 2)), "NaN, word-swapped too");
        dev.clearFaults();
        assertArrayEquals(new int[] {0x41AC, 0x0000}, words(bus.read(1, INPUT, 10, 2)));

        dev.inject(Fault.wordSwapped(HOLDING, 0, 3));
        bus.writeRegisters(1, 0, new int[] {0x0000, 0x4120});
        assertEquals(0x4120, dev.stored(HOLDING, 0), "written low word first, stored high word first");
        assertArrayEquals(new int[] {0x0000, 0x4120}, words(bus.read(1, HOLDING, 0, 2)));
        dev.clearFaults();

        dev.inject(Fault.ignoreWrites());
        assertEquals(new BusReply.Written(3, 1), bus.writeRegisters(1, 3, new int[] {9}));
        assertEquals(4, dev.stored(HOLDING, 3), "acknowledged, not applied");
        assertEquals(1, dev.writesIgnored());
    }

    @Test
    void deliveryFaultsOverTcp() {
        EmulatedDevice dev = device(1);
        RegisterBus bus = tcpBus(keep(ModbusEmulator.tcp(List.of(dev))));

        dev.inject(Fault.wrongTransactionId(true));
        assertArrayEquals(new int[] {100, 200}, words(bus.read(1, INPUT, 0, 2)), "the value comes from the match");
        assertEquals(1, bus.counters().discarded());
        dev.inject(Fault.wrongUnitId(true));
        assertArrayEquals(new int[] {100, 200}, words(bus.read(1, INPUT, 0, 2)));
        assertEquals(2, bus.counters().discarded());
        dev.inject(Fault.wrongUnitId(false));
        failure(bus.read(1, INPUT, 0, 2), FailureKind.TIMEOUT);
        assertEquals(3, bus.counters().discarded());

        dev.inject(Fault.garbage(true));
        failure(bus.read(1, INPUT, 0, 2), FailureKind.MALFORMED_REPLY);
        assertEquals(4, bus.counters().discarded(), "TCP framing is lost: the connection is dropped");

        dev.inject(Fault.closeMidReply());
        failure(bus.read(1, INPUT, 0, 2), FailureKind.CONNECTION_LOST);
        assertEquals(5, bus.counters().discarded(), "the half frame before the close");

        dev.inject(Fault.dribbleThenStall(Duration.ofMillis(10)));
        failure(bus.read(1, INPUT, 0, 2), FailureKind.TIMEOUT);
        assertEquals(6, bus.counters().discarded(), "the stalled partial frame");

        dev.inject(Fault.lateReply(Duration.ofMillis(60)));
        long t0 = System.nanoTime();
        assertArrayEquals(new int[] {100}, words(bus.read(1, INPUT, 0, 1)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 55, ms + " ms");
        dev.inject(Fault.lateReply(Duration.ofMillis(400)));
        failure(bus.read(1, INPUT, 0, 1), FailureKind.TIMEOUT);

        dev.clearFaults();
        assertArrayEquals(new int[] {100}, words(bus.read(1, INPUT, 0, 1)), "recovers on a new connection");
    }

    @Test
    void faultsOverRtuOnAPtyPair() throws Exception {
        SocatPair line = keep(new SocatPair());
        EmulatedDevice one = device(1);
        EmulatedDevice two = device(2);
        two.set(INPUT, 0, 222);
        keep(ModbusEmulator.rtu("line", new RtuBusSettings(line.slaves, 38400, RtuBusSettings.Parity.EVEN, 8, 1, DEADLINE),
                List.of(one, two)));
        RegisterBus bus = keep(ModbusBuses.rtu(new RtuBusSettings(line.master, 38400, RtuBusSettings.Parity.EVEN, 8, 1,
                DEADLINE), Clock.system()));

        assertArrayEquals(new int[] {100, 200}, words(bus.read(1, INPUT, 0, 2)));
        assertArrayEquals(new int[] {222}, words(bus.read(2, INPUT, 0, 1)));
        assertEquals(new BusReply.Written(0, 2), bus.writeRegisters(2, 0, new int[] {5, 6}));
        assertEquals(new BusReply.Written(7, 1), bus.writeCoils(2, 7, new boolean[] {false}));
        assertEquals(6, two.stored(HOLDING, 1));
        failure(bus.read(3, INPUT, 0, 1), FailureKind.TIMEOUT);

        one.inject(Fault.garbage(true));
        assertArrayEquals(new int[] {100, 200}, words(bus.read(1, INPUT, 0, 2)), "the reply is found after the noise");
        assertTrue(bus.counters().discarded() >= 1);
        one.inject(Fault.wrongUnitId(true));
        assertArrayEquals(new int[] {100, 200}, words(bus.read(1, INPUT, 0, 2)));
        one.inject(Fault.badCrc());
        failure(bus.read(1, INPUT, 0, 2), FailureKind.MALFORMED_REPLY);
        assertTrue(bus.counters().crcErrors() >= 1);
        one.inject(Fault.closeMidReply());
        failure(bus.read(1, INPUT, 0, 2), FailureKind.MALFORMED_REPLY);
        one.inject(Fault.dribbleThenStall(Duration.ofMillis(5)));
        failure(bus.read(1, INPUT, 0, 2), FailureKind.MALFORMED_REPLY);
        one.inject(Fault.silent());
        failure(bus.read(1, INPUT, 0, 2), FailureKind.TIMEOUT);
        assertArrayEquals(new int[] {222}, words(bus.read(2, INPUT, 0, 1)), "the other unit still answers");
        one.clearFaults();
        assertArrayEquals(new int[] {100, 200}, words(bus.read(1, INPUT, 0, 2)));
    }

    /**
     * Noise on the line reaches every unit: a share of the transactions fails (a garbled request goes
     * unanswered, a garbled reply fails its CRC), the stray bytes are discarded, and no transaction that succeeds
     * carries a wrong value. A quiet line again: every transaction succeeds.
     */
    @Test
    void lineNoiseCostsTransactionsButNeverAWrongValue() throws Exception {
        SocatPair line = keep(new SocatPair());
        EmulatedDevice one = device(1);
        EmulatedDevice two = device(2);
        two.set(INPUT, 0, 222);
        ModbusEmulator emulator = keep(ModbusEmulator.rtu("line", new RtuBusSettings(line.slaves, 38400,
                RtuBusSettings.Parity.EVEN, 8, 1, DEADLINE), List.of(one, two)));
        RegisterBus bus = keep(ModbusBuses.rtu(new RtuBusSettings(line.master, 38400, RtuBusSettings.Parity.EVEN, 8, 1,
                Duration.ofMillis(50)), Clock.system()));

        emulator.setLineNoise(new LineNoise(0.3, 8));
        int ok = 0;
        int failed = 0;
        for (int i = 0; i < 100; i++) {
            int unit = 1 + i % 2;
            BusReply r = bus.read(unit, INPUT, 0, 1);
            if (r instanceof BusReply.Registers) {
                assertArrayEquals(new int[] {unit == 1 ? 100 : 222}, words(r), "a reply that passes is the true one");
                ok++;
            } else {
                failed++;
            }
        }
        assertTrue(ok > 20 && failed > 10, ok + " succeeded, " + failed + " failed");
        // Unanswered requests time out; stray and garbled bytes are discarded, bad CRCs among them.
        assertTrue(bus.counters().timeouts() > 0 && bus.counters().crcErrors() > 0, bus.counters().toString());

        emulator.setLineNoise(null);
        for (int unit = 1; unit <= 2; unit++) {
            assertArrayEquals(new int[] {unit == 1 ? 100 : 222}, words(bus.read(unit, INPUT, 0, 1)), "a quiet line");
        }
        assertThrows(IllegalStateException.class, () -> keep(ModbusEmulator.tcp(List.of(device(3))))
                .setLineNoise(LineNoise.TYPICAL), "a TCP connection has no line");
    }
}
