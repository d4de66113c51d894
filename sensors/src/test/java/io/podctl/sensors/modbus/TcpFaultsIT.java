package io.podctl.sensors.modbus;

import static io.podctl.sensors.modbus.FaultRig.DEADLINE;
import static io.podctl.sensors.modbus.FaultRig.IN;
import static io.podctl.sensors.modbus.FaultRig.PERIOD;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.hal.modbus.ModbusException;
import io.podctl.hal.sim.EmulatedDevice;
import io.podctl.hal.sim.Fault;
import io.podctl.sensors.DeviceHealth;
import io.podctl.sensors.DeviceStatus;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SuspectValues;
import io.podctl.sensors.Snapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every Modbus fault of the reliability catalog, injected into the emulator and read through the production
 * master and poller over Modbus TCP on loopback: the point quality, device health and reason, counters and
 * detection time each must produce. Times are bounded by the deadlines plus a generous margin, never tight.
 */
class TcpFaultsIT {
    /** Scheduling and loopback slack on a loaded machine; timing bounds are deadline arithmetic plus this. */
    private static final long MARGIN_MS = 1000;
    private static final Duration WAIT = Duration.ofSeconds(4);
    private final List<FaultRig> rigs = new ArrayList<>();

    @AfterEach
    void tearDown() {
        rigs.forEach(FaultRig::close);
    }

    private FaultRig rig() {
        FaultRig rig = FaultRig.tcp(List.of(FaultRig.device("dev", 1)), List.of(FaultRig.plan("dev", 1)));
        rigs.add(rig);
        rig.awaitAllGood("dev");
        return rig;
    }

    private static EmulatedDevice dev(FaultRig rig) {
        return rig.devices.get(0);
    }

    /** Worst case for a poll to notice a fault: a whole period, then two blocks each with one retry. */
    private static long detectionBoundMs() {
        return PERIOD.toMillis() + 4 * DEADLINE.toMillis() + MARGIN_MS;
    }

    @Test
    void aSilentDeviceIsCommFailAndOfflineWithinItsDeadlinesThenProbedWithBackoff() {
        FaultRig rig = rig();
        dev(rig).inject(Fault.silent());
        long ms = rig.awaitMs("dev.temp COMM_FAIL", WAIT, () -> rig.quality("dev.temp") == Quality.COMM_FAIL
                && rig.status("dev").health() == DeviceHealth.OFFLINE);
        assertTrue(ms < detectionBoundMs(), ms + " ms");
        DeviceStatus s = rig.status("dev");
        assertTrue(s.reason().contains("no reply"), s.reason());
        assertTrue(s.timeouts() >= 2, s.toString());
        assertTrue(Double.isNaN(rig.value("dev.temp")));

        // Dead-unit backoff: over ten periods, a few probes instead of two blocks (and retries) per period.
        long before = dev(rig).requests();
        await().pollDelay(PERIOD.multipliedBy(10)).atMost(PERIOD.multipliedBy(15)).until(() -> true);
        long probes = dev(rig).requests() - before;
        assertTrue(probes >= 2 && probes <= 6, probes + " requests in 10 periods");
        assertTrue(rig.status("dev").reason().contains("next probe in"), rig.status("dev").reason());
        dev(rig).clearFaults();
        long back = rig.awaitMs("back online", Duration.ofSeconds(6),
                () -> rig.status("dev").health() == DeviceHealth.ONLINE && rig.quality("dev.temp") == Quality.GOOD);
        assertTrue(back < 16 * PERIOD.toMillis() + MARGIN_MS, "probed at most every 16 polls: " + back + " ms");
        assertEquals(21.5, rig.value("dev.temp"), 1e-9);
    }

    @Test
    void aDeviceRefusingConnectionsIsCommFailAndReconnectsWhenItComesBack() {
        FaultRig rig = rig();
        dev(rig).inject(Fault.refuseConnections());
        long ms = rig.awaitMs("offline", WAIT, () -> rig.status("dev").health() == DeviceHealth.OFFLINE
                && rig.quality("dev.power") == Quality.COMM_FAIL);
        assertTrue(ms < detectionBoundMs(), ms + " ms");
        dev(rig).clearFaults();
        rig.awaitMs("online", Duration.ofSeconds(8), () -> rig.status("dev").health() == DeviceHealth.ONLINE);
        rig.awaitAllGood("dev");
        assertTrue(rig.status("dev").reconnects() >= 1, rig.status("dev").toString());
        assertEquals(0, rig.status("dev").timeouts());
    }

    @ParameterizedTest(name = "exception {0}")
    @ValueSource(ints = {1, 2, 3})
    void mappingExceptionsMarkTheBlockInvalidWithAConfigMismatchAndNoRetryStorm(int code) {
        FaultRig rig = rig();
        dev(rig).inject(Fault.exception(code, IN, 12, 13));
        rig.awaitMs("frequency INVALID", WAIT, () -> rig.quality("dev.frequency") == Quality.INVALID);
        rig.awaitMs("degraded", WAIT, () -> rig.status("dev").health() == DeviceHealth.DEGRADED);
        DeviceStatus first = rig.status("dev");
        rig.awaitMs("five more polls", WAIT, () -> rig.status("dev").requests() >= first.requests() + 10);
        DeviceStatus s = rig.status("dev");
        assertEquals(String.format("config mismatch: exception %02X at input 10..13", code), s.reason());
        assertEquals(0, s.retries(), "never retried");
        // One request per block per poll, the good block and the refused one, and nothing more.
        long polls = s.exceptionCount(code) - first.exceptionCount(code);
        assertEquals(2 * polls, s.requests() - first.requests(), s.toString());
        assertEquals(Quality.INVALID, rig.quality("dev.power"), "the whole block is refused");
        assertTrue(Double.isNaN(rig.value("dev.frequency")));
        assertEquals(Quality.GOOD, rig.quality("dev.temp"));
    }

    @Test
    void exception04IsADeviceExceptionNotRetried() {
        FaultRig rig = rig();
        dev(rig).inject(Fault.exception(ModbusException.SERVER_DEVICE_FAILURE, IN, 0, 0));
        rig.awaitMs("temp DEVICE_EXCEPTION", WAIT, () -> rig.quality("dev.temp") == Quality.DEVICE_EXCEPTION
                && rig.status("dev").health() == DeviceHealth.DEGRADED);
        DeviceStatus s = rig.status("dev");
        assertTrue(s.reason().contains("exception 04"), s.reason());
        assertEquals(0, s.retries());
        assertTrue(s.exceptionCount(4) >= 1);
        assertTrue(Double.isNaN(rig.value("dev.flow")));
        assertEquals(Quality.GOOD, rig.quality("dev.frequency"));
    }

    @ParameterizedTest(name = "exception {0}")
    @ValueSource(ints = {5, 6})
    void busyExceptionsAreRetriedWithinThePollAndNeverRecordedAsZero(int code) {
        FaultRig rig = rig();
        // Busy on every other request: each block's first attempt fails and its retry succeeds.
        dev(rig).inject(Fault.intermittentException(code, 2));
        long retriesBefore = rig.status("dev").retries();
        List<Double> seen = new ArrayList<>();
        rig.awaitMs("five polls with retries", WAIT, () -> {
            Snapshot snap = rig.snapshot();
            int i = rig.board.requireIndex("dev.temp");
            if (snap.received(i)) {
                seen.add(snap.isGood(i) ? snap.goodValue(i) : Double.NaN);
            }
            return rig.status("dev").retries() >= retriesBefore + 10;
        });
        DeviceStatus s = rig.status("dev");
        assertTrue(s.exceptionCount(code) >= 10, s.toString());
        assertEquals(DeviceHealth.DEGRADED, s.health(), "needed retries");
        assertTrue(seen.stream().allMatch(v -> v == 21.5), "only the real value was ever published: " + seen);
        assertEquals(Quality.GOOD, rig.quality("dev.power"));

        // Busy on every request: the retry fails too; the points say so, they never read 0.
        dev(rig).inject(Fault.exception(code));
        rig.awaitMs("DEVICE_EXCEPTION", WAIT, () -> rig.quality("dev.temp") == Quality.DEVICE_EXCEPTION
                && rig.quality("dev.power") == Quality.DEVICE_EXCEPTION);
        assertTrue(Double.isNaN(rig.value("dev.temp")));
        assertTrue(Double.isNaN(rig.value("dev.power")));
    }

    @ParameterizedTest(name = "exception {0}")
    @ValueSource(ints = {0x0A, 0x0B})
    void aGatewayExceptionTakesOnlyThatUnitOffline(int code) {
        EmulatedDevice a = FaultRig.device("a", 1);
        EmulatedDevice b = FaultRig.device("b", 2);
        FaultRig rig = FaultRig.tcp(List.of(a, b), List.of(FaultRig.plan("a", 1),
                FaultRig.plan("b", 2, Duration.ofMillis(50), FaultRig.points("b"))));
        rigs.add(rig);
        rig.awaitAllGood("a");
        rig.awaitAllGood("b");

        b.inject(Fault.exception(code));
        long ms = rig.awaitMs("b offline", WAIT, () -> rig.status("b").health() == DeviceHealth.OFFLINE
                && rig.quality("b.temp") == Quality.COMM_FAIL);
        assertTrue(ms < detectionBoundMs(), ms + " ms");
        assertTrue(rig.status("b").exceptionCount(code) >= 1);
        assertEquals(0, rig.status("b").retries(), "a gateway error is not retried");
        long aRequests = rig.status("a").requests();
        rig.awaitMs("a keeps polling", WAIT, () -> rig.status("a").requests() >= aRequests + 6);
        assertEquals(DeviceHealth.ONLINE, rig.status("a").health());
        assertEquals(Quality.GOOD, rig.quality("a.temp"));
        assertEquals(21.5, rig.value("a.temp"), 1e-9);
    }

    /** A delivery fault, whether the matching reply still gets through, and what the bus must count. */
    static Stream<Arguments> deliveryFaults() {
        return Stream.of(
                Arguments.of("garbage, then the reply", Fault.garbage(true), false, true, false),
                Arguments.of("garbage only", Fault.garbage(false), false, true, false),
                Arguments.of("closed mid-reply", Fault.closeMidReply(), false, true, false),
                Arguments.of("dribbled, then stalled", Fault.dribbleThenStall(Duration.ofMillis(5)), false, true, true),
                Arguments.of("wrong transaction id, then the reply", Fault.wrongTransactionId(true), true, true, false),
                Arguments.of("wrong transaction id only", Fault.wrongTransactionId(false), false, true, true),
                Arguments.of("wrong unit id, then the reply", Fault.wrongUnitId(true), true, true, false),
                Arguments.of("wrong unit id only", Fault.wrongUnitId(false), false, true, true),
                Arguments.of("late beyond the deadline", Fault.lateReply(DEADLINE.multipliedBy(2)), false, false, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deliveryFaults")
    void badRepliesAreDiscardedAndCountedAndAValueOnlyComesFromTheMatchingReply(String name, Fault fault,
                                                                               boolean stillGood,
                                                                               boolean discards, boolean timesOut) {
        FaultRig rig = rig();
        DeviceStatus before = rig.status("dev");
        dev(rig).inject(fault);
        if (stillGood) {
            rig.awaitMs("discards counted", WAIT, () -> rig.status("dev").discarded() >= before.discarded() + 4
                    && rig.status("dev").health() == DeviceHealth.ONLINE);
            Snapshot s = rig.snapshot();
            assertEquals(21.5, s.goodValue(rig.board.requireIndex("dev.temp")), 1e-9, "not the decoy's data");
            assertEquals(12345.5, s.goodValue(rig.board.requireIndex("dev.power")), 1e-9);
            return;
        }
        long ms = rig.awaitMs("COMM_FAIL", WAIT, () -> rig.quality("dev.temp") == Quality.COMM_FAIL
                && rig.quality("dev.power") == Quality.COMM_FAIL);
        assertTrue(ms < detectionBoundMs(), ms + " ms");
        rig.awaitMs("offline", WAIT, () -> rig.status("dev").health() == DeviceHealth.OFFLINE);
        DeviceStatus s = rig.status("dev");
        if (discards) {
            assertTrue(s.discarded() > before.discarded(), s.toString());
        }
        if (timesOut) {
            assertTrue(s.timeouts() > before.timeouts(), s.toString());
        } else {
            assertTrue(s.reconnects() > before.reconnects(), "the broken connection is reopened: " + s);
        }
        dev(rig).clearFaults();
        rig.awaitMs("online again", Duration.ofSeconds(6), () -> rig.status("dev").health() == DeviceHealth.ONLINE);
    }

    @Test
    void aLateReplyWithinTheDeadlineIsGoodAndItsLatencyIsReported() {
        FaultRig rig = rig();
        dev(rig).inject(Fault.lateReply(Duration.ofMillis(30)));
        rig.awaitMs("slow replies measured", WAIT, () -> rig.status("dev").lastLatencyNanos() >= 30_000_000);
        DeviceStatus s = rig.status("dev");
        assertTrue(s.maxLatencyNanos() >= 30_000_000 && s.maxLatencyNanos() < DEADLINE.toNanos(), s.toString());
        assertEquals(DeviceHealth.ONLINE, s.health());
        assertEquals(Quality.GOOD, rig.quality("dev.flow"));
    }

    @Test
    void aNanFloatIsInvalidAndTheRestOfTheBlockStaysGood() {
        FaultRig rig = rig();
        dev(rig).inject(Fault.nanFloat(IN, 10));
        rig.awaitMs("power INVALID", WAIT, () -> rig.quality("dev.power") == Quality.INVALID);
        assertTrue(Double.isNaN(rig.value("dev.power")));
        assertEquals(Quality.GOOD, rig.quality("dev.frequency"));
        assertEquals(DeviceHealth.ONLINE, rig.status("dev").health(), "the device answered; the value is bad");
    }

    @Test
    void wordSwappedFloatsDecodeOnlyWithTheRightWordOrder() {
        EmulatedDevice d = FaultRig.device("dev", 1);
        d.inject(Fault.wordSwapped(IN, 10, 15));
        List<ModbusPointSpec> points = List.of(
                ModbusPointSpec.of("dev.power", IN, 10, PointType.FLOAT32).withWordOrder(WordOrder.CDAB)
                        .withRange(0, 100_000),
                ModbusPointSpec.of("dev.powerAbcd", IN, 10, PointType.FLOAT32).withRange(0, 100_000),
                ModbusPointSpec.of("dev.frequencyAbcd", IN, 12, PointType.FLOAT32).withRange(40, 70),
                ModbusPointSpec.of("dev.waterTemp", IN, 14, PointType.FLOAT32).withWordOrder(WordOrder.CDAB)
                        .withRange(-20, 100),
                ModbusPointSpec.of("dev.waterTempAbcd", IN, 14, PointType.FLOAT32).withRange(-20, 100));
        FaultRig rig = FaultRig.tcp(List.of(d), List.of(FaultRig.plan("dev", 1, Duration.ZERO, points)));
        rigs.add(rig);
        rig.awaitMs("all sampled", WAIT, () -> rig.status("dev").health() == DeviceHealth.ONLINE
                && rig.snapshot().received(rig.board.requireIndex("dev.waterTempAbcd")));

        assertEquals(Quality.GOOD, rig.quality("dev.power"));
        assertEquals(12345.5, rig.value("dev.power"));
        assertEquals(Quality.GOOD, rig.quality("dev.waterTemp"));
        assertEquals(21.5, rig.value("dev.waterTemp"));
        // With the wrong order: 12345.5 W reads as about -1.5e23, a magnitude no instrument reports; 50 Hz and
        // 21.5 °C read as subnormal floats (2.4e-41 °C would even pass the valid range): implausible, not GOOD.
        assertEquals(Quality.INVALID, rig.quality("dev.powerAbcd"));
        assertEquals(Quality.INVALID, rig.quality("dev.frequencyAbcd"));
        assertEquals(Quality.INVALID, rig.quality("dev.waterTempAbcd"));
        assertEquals(List.of("dev.frequencyAbcd", "dev.powerAbcd", "dev.waterTempAbcd"), rig.statuses.suspects().all().stream()
                .map(SuspectValues.Suspect::pointId).toList());
    }

    @Test
    void zerosAfterARebootAreCaughtOnlyWhereARuleCanSeeThem() {
        FaultRig rig = rig();
        dev(rig).inject(Fault.zerosAfterReboot(Duration.ofMillis(800)));
        rig.awaitMs("heartbeat FROZEN at 0", WAIT, () -> rig.quality("dev.heartbeat") == Quality.FROZEN);
        Snapshot s = rig.snapshot();
        assertEquals(0.0, s.lastValue(rig.board.requireIndex("dev.heartbeat")));
        assertEquals(Quality.OUT_OF_RANGE, s.quality(rig.board.requireIndex("dev.frequency")), "0 Hz");
        // A temperature of 0 °C is plausible: a reboot's zeros pass as GOOD unless another rule catches them.
        assertEquals(Quality.GOOD, s.quality(rig.board.requireIndex("dev.temp")));
        assertEquals(0.0, s.goodValue(rig.board.requireIndex("dev.temp")));

        rig.awaitAllGood("dev");
        assertEquals(21.5, rig.value("dev.temp"), 1e-9);
    }

    @Test
    void frozenRegistersTurnFrozenAfterNSamplesAndGoodWhenTheyMoveAgain() {
        FaultRig rig = rig();
        DeviceStatus before = rig.status("dev");
        dev(rig).inject(Fault.frozen());
        long ms = rig.awaitMs("heartbeat FROZEN", WAIT, () -> rig.quality("dev.heartbeat") == Quality.FROZEN);
        assertTrue(ms < 4 * PERIOD.toMillis() + MARGIN_MS, "three samples: " + ms + " ms");
        assertTrue(rig.status("dev").requests() - before.requests() >= 4, "at least the 3 unchanged samples");
        assertEquals(Quality.GOOD, rig.quality("dev.temp"), "no frozen check where no noise is expected");
        assertEquals(DeviceHealth.ONLINE, rig.status("dev").health());

        dev(rig).clear(Fault.Frozen.class);
        rig.awaitMs("heartbeat GOOD", WAIT, () -> rig.quality("dev.heartbeat") == Quality.GOOD);
    }
}
