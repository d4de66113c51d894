package io.podctl.sensors.modbus;

import static io.podctl.sensors.modbus.FaultRig.DEADLINE;
import static io.podctl.sensors.modbus.FaultRig.PERIOD;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.hal.modbus.ModbusException;
import io.podctl.hal.modbus.SocatPair;
import io.podctl.hal.sim.EmulatedDevice;
import io.podctl.hal.sim.Fault;
import io.podctl.sensors.DeviceHealth;
import io.podctl.sensors.DeviceStatus;
import io.podctl.sensors.Quality;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Modbus RTU faults on a shared line: the emulated units on one end of a socat PTY pair, the production RTU
 * master and poller on the other. One transaction at a time per line, so a misbehaving unit must cost the
 * others no more than its deadlines.
 */
class RtuFaultsIT {
    private static final Duration WAIT = Duration.ofSeconds(4);
    private static final long MARGIN_MS = 1000;
    private SocatPair line;
    private FaultRig rig;

    @BeforeEach
    void openLine() throws Exception {
        line = new SocatPair();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (rig != null) {
            rig.close();
        }
        line.close();
    }

    private FaultRig oneUnit() {
        rig = FaultRig.rtu(line, List.of(FaultRig.device("dev", 1)), List.of(FaultRig.plan("dev", 1)));
        rig.awaitAllGood("dev");
        return rig;
    }

    @Test
    void aDeadUnitOnASharedLineLeavesTheOtherUnitsPollingOnSchedule() {
        EmulatedDevice u1 = FaultRig.device("u1", 1);
        EmulatedDevice u2 = FaultRig.device("u2", 2);
        EmulatedDevice u3 = FaultRig.device("u3", 3);
        rig = FaultRig.rtu(line, List.of(u1, u2, u3), List.of(
                FaultRig.plan("u1", 1, Duration.ZERO, FaultRig.points("u1")),
                FaultRig.plan("u2", 2, Duration.ofMillis(50), FaultRig.points("u2")),
                FaultRig.plan("u3", 3, Duration.ofMillis(100), FaultRig.points("u3"))));
        rig.awaitAllGood("u1");
        rig.awaitAllGood("u3");

        u2.inject(Fault.silent());
        long ms = rig.awaitMs("u2 offline", WAIT, () -> rig.status("u2").health() == DeviceHealth.OFFLINE
                && rig.quality("u2.power") == Quality.COMM_FAIL);
        assertTrue(ms < PERIOD.toMillis() + 4 * DEADLINE.toMillis() + MARGIN_MS, ms + " ms");

        // Over ten periods the live units get their two blocks per period; the dead one a few probes.
        long u1Before = u1.requests();
        long u2Before = u2.requests();
        long u3Before = u3.requests();
        long missedBefore = rig.poller.missedSlots();
        await().pollDelay(PERIOD.multipliedBy(10)).atMost(PERIOD.multipliedBy(15)).until(() -> true);
        long u1Polls = u1.requests() - u1Before;
        long u3Polls = u3.requests() - u3Before;
        long u2Probes = u2.requests() - u2Before;
        String detail = "u1 " + u1Polls + ", u3 " + u3Polls + " requests for 20 expected; slots missed "
                + (rig.poller.missedSlots() - missedBefore) + "; " + rig.status("u1");
        assertTrue(u1Polls >= 16 && u3Polls >= 16, detail);
        assertTrue(u2Probes <= 6, u2Probes + " probes of the dead unit");
        assertEquals(DeviceHealth.ONLINE, rig.status("u1").health());
        assertEquals(DeviceHealth.ONLINE, rig.status("u3").health());
        assertEquals(Quality.GOOD, rig.quality("u3.frequency"));
        assertTrue(rig.status("u2").reason().contains("next probe in"), rig.status("u2").reason());

        u2.clearFaults();
        rig.awaitMs("u2 back", Duration.ofSeconds(6), () -> rig.status("u2").health() == DeviceHealth.ONLINE);
        rig.awaitAllGood("u2");
    }

    /** A delivery fault on RTU, whether the reply still gets through, and whether CRC errors are expected. */
    static Stream<Arguments> lineFaults() {
        return Stream.of(
                Arguments.of("noise before the reply", Fault.garbage(true), true, false),
                Arguments.of("a reply from the wrong unit first", Fault.wrongUnitId(true), true, false),
                Arguments.of("noise only", Fault.garbage(false), false, false),
                Arguments.of("bad CRC", Fault.badCrc(), false, true),
                Arguments.of("truncated frame", Fault.closeMidReply(), false, false),
                Arguments.of("dribbled, then stalled", Fault.dribbleThenStall(Duration.ofMillis(4)), false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lineFaults")
    void badFramesAreDiscardedAndCountedAndAValueOnlyComesFromAValidFrame(String name, Fault fault, boolean stillGood,
                                                                         boolean crc) {
        FaultRig r = oneUnit();
        EmulatedDevice dev = r.devices.get(0);
        DeviceStatus before = r.status("dev");
        dev.inject(fault);
        if (stillGood) {
            r.awaitMs("discards counted", WAIT, () -> r.status("dev").discarded() >= before.discarded() + 4
                    && r.status("dev").health() == DeviceHealth.ONLINE);
            assertEquals(Quality.GOOD, r.quality("dev.temp"));
            assertEquals(21.5, r.value("dev.temp"), 1e-9);
            assertEquals(12345.5, r.value("dev.power"), 1e-9);
            return;
        }
        long ms = r.awaitMs("COMM_FAIL", WAIT, () -> r.quality("dev.temp") == Quality.COMM_FAIL
                && r.quality("dev.power") == Quality.COMM_FAIL && r.status("dev").health() == DeviceHealth.OFFLINE);
        assertTrue(ms < PERIOD.toMillis() + 4 * DEADLINE.toMillis() + MARGIN_MS, ms + " ms");
        DeviceStatus s = r.status("dev");
        assertTrue(s.discarded() > before.discarded(), s.toString());
        if (crc) {
            assertTrue(s.crcErrors() > before.crcErrors(), s.toString());
        }
        assertTrue(s.reason().contains("garbage") || s.reason().contains("truncated") || s.reason().contains("CRC"),
                s.reason());
        dev.clearFaults();
        r.awaitMs("online again", Duration.ofSeconds(6), () -> r.status("dev").health() == DeviceHealth.ONLINE);
    }

    @Test
    void exceptionsAndSlowRepliesOverRtu() {
        FaultRig r = oneUnit();
        EmulatedDevice dev = r.devices.get(0);
        dev.inject(Fault.exception(ModbusException.SERVER_DEVICE_FAILURE, FaultRig.IN, 10, 13));
        r.awaitMs("power DEVICE_EXCEPTION", WAIT, () -> r.quality("dev.power") == Quality.DEVICE_EXCEPTION
                && r.status("dev").health() == DeviceHealth.DEGRADED);
        assertTrue(r.status("dev").exceptionCount(4) >= 1);
        assertEquals(Quality.GOOD, r.quality("dev.temp"));

        dev.clearFaults();
        dev.inject(Fault.lateReply(Duration.ofMillis(30)));
        r.awaitMs("slow but good", WAIT, () -> r.status("dev").health() == DeviceHealth.ONLINE
                && r.status("dev").lastLatencyNanos() >= 30_000_000);
        assertEquals(Quality.GOOD, r.quality("dev.power"));
    }
}
