package io.podctl.sensors.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.hal.ManualClock;
import io.podctl.hal.modbus.BusReply;
import io.podctl.hal.modbus.BusReply.Failure;
import io.podctl.hal.modbus.BusReply.FailureKind;
import io.podctl.hal.modbus.RegisterTable;
import io.podctl.sensors.DeviceHealth;
import io.podctl.sensors.DeviceStatusBoard;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import io.podctl.sensors.TextBoard;
import io.podctl.sensors.TextSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The poller's schedule, retry and health rules, driven step by step on a manual clock through a scripted
 * bus whose every transaction takes a set time. (Protocol behaviour against a real slave is in BusPollerIT.)
 */
class BusPollerTest {
    private static final Duration SECOND = Duration.ofSeconds(1);
    private final ManualClock clock = new ManualClock();

    /** Answers per unit from a script (call number -> reply), advancing the clock by the unit's latency. */
    private final class ScriptedBus extends ReadOnlyTestBus {
        final Map<Integer, IntFunction<BusReply>> scripts = new HashMap<>();
        final Map<Integer, Duration> latency = new HashMap<>();
        final Map<Integer, Integer> calls = new HashMap<>();
        /** Exception codes by first address: a block starting there is refused, whatever the script says. */
        final Map<Integer, Integer> refusals = new HashMap<>();
        /** Register contents by first address, answered when the script answers OK. */
        final Map<Integer, int[]> contents = new HashMap<>();
        /** Reads by first address. */
        final Map<Integer, Integer> readsAt = new HashMap<>();

        ScriptedBus() {
            super("scripted");
        }

        void unit(int unit, Duration took, IntFunction<BusReply> script) {
            scripts.put(unit, script);
            latency.put(unit, took);
        }

        int calls(int unit) {
            return calls.getOrDefault(unit, 0);
        }

        @Override
        public BusReply read(int unitId, RegisterTable table, int address, int count) {
            int n = calls.merge(unitId, 1, Integer::sum) - 1;
            clock.advance(latency.get(unitId));
            readsAt.merge(address, 1, Integer::sum);
            Integer refused = refusals.get(address);
            if (refused != null) {
                return Failure.exception(refused, "refused");
            }
            BusReply reply = scripts.get(unitId).apply(n);
            int[] words = contents.get(address);
            return words != null && reply.isOk() ? new BusReply.Registers(words) : reply;
        }
    }

    private static final BusReply TIMEOUT = Failure.of(FailureKind.TIMEOUT, "no reply within 300 ms");
    private static final BusReply OK = new BusReply.Registers(new int[] {215});

    private final ScriptedBus bus = new ScriptedBus();
    private final List<DevicePlan> plans = new ArrayList<>();
    private final List<PointDescriptor> descriptors = new ArrayList<>();

    private void device(String id, int unit, Duration period, int retries) {
        String point = id + ".temp";
        plans.add(new DevicePlan(id, unit, period, Duration.ZERO, retries, 125, 0, List.of(),
                List.of(ModbusPointSpec.of(point, RegisterTable.INPUT_REGISTER, 0, PointType.INT16).withScale(0.1, 0))));
        descriptors.add(new PointDescriptor(point, "degC", Duration.ofSeconds(10), false));
    }

    private final List<PointDescriptor> textDescriptors = new ArrayList<>();
    private SampleBoard board;
    private TextBoard texts;
    private DeviceStatusBoard statuses;

    private BusPoller poller() {
        board = new SampleBoard(descriptors);
        texts = new TextBoard(textDescriptors);
        statuses = new DeviceStatusBoard(plans.stream().map(DevicePlan::deviceId).toList(), clock.nanoTime());
        BusPoller p = new BusPoller("line", bus, plans, new BusPoller.Boards(board, texts, statuses), clock,
                BusPoller.DEFAULT_WRITE_QUEUE);
        p.schedule(clock.nanoTime());
        return p;
    }

    /**
     * A device polled every second with a temperature at input 0 and, unless {@code withValue} is false, and a
     * serial number of 4 registers at holding 0x0100, read every {@code textEvery}.
     */
    private void deviceWithSerial(String id, boolean withValue, Duration textEvery) {
        List<ModbusPointSpec> points = new ArrayList<>();
        if (withValue) {
            points.add(ModbusPointSpec.of(id + ".temp", RegisterTable.INPUT_REGISTER, 0, PointType.INT16));
            descriptors.add(new PointDescriptor(id + ".temp", "degC", Duration.ofSeconds(10), false));
        }
        points.add(new ModbusPointSpec(id + ".serial", RegisterTable.HOLDING_REGISTER, 0x100, PointType.STRING, 0, 4,
                WordOrder.ABCD, 1, 0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0, "0x0100"));
        textDescriptors.add(new PointDescriptor(id + ".serial", "", Duration.ofMinutes(10), false));
        plans.add(new DevicePlan(id, 1, SECOND, Duration.ZERO, 0, 125, 8, List.of(), points, textEvery));
    }

    /** "SN-0042" in 4 registers, NUL-padded. */
    private static final int[] SERIAL = {0x534E, 0x2D30, 0x3034, 0x3200};

    private TextSample text(String id) {
        return texts.read(texts.requireIndex(id), clock.nanoTime());
    }

    /** Runs the poller's schedule until the clock reaches {@code until}. */
    private void runUntil(BusPoller p, Duration until) {
        while (clock.nanoTime() < until.toNanos()) {
            clock.advanceTo(p.runDue());
        }
    }

    private Quality quality(int point) {
        Snapshot s = board.newSnapshot();
        board.snapshot(clock.nanoTime(), s);
        return s.quality(point);
    }

    @Test
    void deadUnitIsProbedWithExponentialBackoffAndDoesNotStallTheOtherUnit() {
        device("dead", 1, SECOND, 1);
        device("alive", 2, SECOND, 1);
        bus.unit(1, Duration.ofMillis(300), n -> TIMEOUT);
        bus.unit(2, Duration.ofMillis(10), n -> OK);
        BusPoller p = poller();

        runUntil(p, Duration.ofSeconds(40));

        // Slot 0: one attempt + one retry; then single probes at slots 1, 3, 7, 15, 31 (skipping 2^(n-1) - 1 slots).
        assertEquals(7, bus.calls(1));
        assertEquals(40, bus.calls(2));
        assertEquals(0, p.missedSlots());
        assertEquals(DeviceHealth.OFFLINE, statuses.get("dead").health());
        assertTrue(statuses.get("dead").reason().contains("next probe in 16 polls"), statuses.get("dead").reason());
        assertEquals(DeviceHealth.ONLINE, statuses.get("alive").health());
        assertEquals(Quality.COMM_FAIL, quality(0));
        assertEquals(Quality.GOOD, quality(1));
    }

    @Test
    void aDeadUnitThatAnswersAgainIsOnlineAtItsNextProbe() {
        device("meter", 1, SECOND, 0);
        boolean[] alive = {false};
        bus.unit(1, Duration.ofMillis(300), n -> alive[0] ? OK : TIMEOUT);
        BusPoller p = poller();
        runUntil(p, Duration.ofSeconds(5)); // dead at 0, probes at 1 and 3
        assertEquals(DeviceHealth.OFFLINE, statuses.get("meter").health());
        int before = bus.calls(1);

        alive[0] = true;
        runUntil(p, Duration.ofSeconds(8)); // probe at 7
        assertEquals(DeviceHealth.ONLINE, statuses.get("meter").health());
        assertEquals(before + 1, bus.calls(1));
        assertEquals(Quality.GOOD, quality(0));
    }

    @Test
    void busyExceptionIsRetriedWithinThePollAndMarksTheDeviceDegraded() {
        device("cdu", 1, SECOND, 1);
        bus.unit(1, Duration.ofMillis(20), n -> n % 2 == 0 ? Failure.exception(6, "busy") : OK);
        BusPoller p = poller();
        runUntil(p, Duration.ofMillis(500));

        assertEquals(2, bus.calls(1));
        assertEquals(Quality.GOOD, quality(0));
        assertEquals(DeviceHealth.DEGRADED, statuses.get("cdu").health());
        assertEquals("needed 1 retries", statuses.get("cdu").reason());
        assertEquals(1, statuses.get("cdu").retries());
    }

    @Test
    void busyBeyondTheRetriesIsADeviceException() {
        device("cdu", 1, SECOND, 2);
        bus.unit(1, Duration.ofMillis(20), n -> Failure.exception(6, "busy"));
        BusPoller p = poller();
        runUntil(p, Duration.ofMillis(500));

        assertEquals(3, bus.calls(1));
        assertEquals(Quality.DEVICE_EXCEPTION, quality(0));
        assertEquals(DeviceHealth.DEGRADED, statuses.get("cdu").health());
    }

    @Test
    void noRetryThatWouldRunIntoTheNextSlot() {
        device("pdu", 1, Duration.ofMillis(500), 3);
        bus.unit(1, Duration.ofMillis(300), n -> TIMEOUT);
        BusPoller p = poller();
        runUntil(p, Duration.ofMillis(400));

        assertEquals(1, bus.calls(1));
        assertEquals(0, statuses.get("pdu").retries());
    }

    @Test
    void mappingErrorsAreNeverRetried() {
        device("meter", 1, SECOND, 3);
        bus.unit(1, Duration.ofMillis(5), n -> Failure.exception(2, "illegal address"));
        BusPoller p = poller();
        runUntil(p, Duration.ofSeconds(10));

        assertEquals(10, bus.calls(1));
        assertEquals(Quality.INVALID, quality(0));
        assertEquals("config mismatch: exception 02 at input 0", statuses.get("meter").reason());
        assertTrue(statuses.get("meter").configMismatch(), "the loop raises its config-mismatch alarm from this");
    }

    /** A device with one holding register at each address, written in hex, each read on its own (maxHole 0). */
    private void hexDevice(String id, int... addresses) {
        List<ModbusPointSpec> points = new ArrayList<>();
        for (int a : addresses) {
            String point = id + ".r" + Integer.toHexString(a);
            points.add(ModbusPointSpec.of(point, RegisterTable.HOLDING_REGISTER, a, PointType.UINT16)
                    .withAddressText(String.format("0x%04X", a)));
            descriptors.add(new PointDescriptor(point, "", Duration.ofSeconds(10), false));
        }
        plans.add(new DevicePlan(id, 1, SECOND, Duration.ZERO, 1, 125, 0, List.of(), points));
    }

    @Test
    void everyRefusedBlockIsNamedAsTheConfigurationWritesItsAddress() {
        hexDevice("cdu", 0x0157, 0x0200, 0x0300);
        bus.unit(1, Duration.ofMillis(5), n -> OK);
        bus.refusals.put(0x0157, 2);
        bus.refusals.put(0x0300, 3);
        BusPoller p = poller();
        runUntil(p, Duration.ofMillis(500));

        assertEquals("config mismatch: 2 blocks refused: exception 02 at holding 0x0157 (wire 343), exception 03 at "
                + "holding 0x0300 (wire 768)", statuses.get("cdu").reason());
        assertTrue(statuses.get("cdu").configMismatch());
        assertEquals(List.of(Quality.INVALID, Quality.GOOD, Quality.INVALID),
                List.of(quality(0), quality(1), quality(2)));
    }

    @Test
    void manyRefusedBlocksAreCountedAfterTheFirstFew() {
        hexDevice("cdu", 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80);
        bus.unit(1, Duration.ofMillis(5), n -> OK);
        for (int a = 0x10; a <= 0x70; a += 0x10) {
            bus.refusals.put(a, 2);
        }
        BusPoller p = poller();
        runUntil(p, Duration.ofMillis(500));

        assertEquals("config mismatch: 7 blocks refused: exception 02 at holding 0x0010 (wire 16), exception 02 at "
                + "holding 0x0020 (wire 32), exception 02 at holding 0x0030 (wire 48), exception 02 at holding 0x0040 "
                + "(wire 64), and 3 more", statuses.get("cdu").reason());
        assertEquals(Quality.GOOD, quality(7), "the block that answers is still read");
    }

    @Test
    void textIsReadOnTheFirstPollThenOnlyEveryTextPeriodInBlocksOfItsOwn() {
        deviceWithSerial("cdu", true, Duration.ofSeconds(10));
        bus.unit(1, Duration.ofMillis(5), n -> OK);
        bus.contents.put(0x100, SERIAL);
        BusPoller p = poller();
        runUntil(p, Duration.ofMillis(25_500));

        assertEquals(26, bus.readsAt.get(0), "the value every second");
        assertEquals(3, bus.readsAt.get(0x100), "the serial number at 0 s, 10 s and 20 s");
        assertEquals(new TextSample("SN-0042", Quality.GOOD, text("cdu.serial").sampledAtNanos(),
                text("cdu.serial").wallMillis(), true), text("cdu.serial"));
        assertEquals(Quality.GOOD, quality(0));
        assertEquals(DeviceHealth.ONLINE, statuses.get("cdu").health());
    }

    @Test
    void textIsCommFailWhileTheDeviceIsOfflineAndReadAgainWhenItReturns() {
        deviceWithSerial("cdu", true, Duration.ofMinutes(1));
        // Answers at first, is gone for polls 3..5, then back.
        bus.unit(1, Duration.ofMillis(5), n -> n >= 4 && n < 7 ? TIMEOUT : OK);
        bus.contents.put(0x100, SERIAL);
        BusPoller p = poller();
        runUntil(p, Duration.ofMillis(3_500));
        assertEquals(DeviceHealth.OFFLINE, statuses.get("cdu").health());
        assertEquals(new TextSample(null, Quality.COMM_FAIL, text("cdu.serial").sampledAtNanos(),
                text("cdu.serial").wallMillis(), true), text("cdu.serial"), "no text is vouched for while off line");

        runUntil(p, Duration.ofMillis(12_500));
        assertEquals(DeviceHealth.ONLINE, statuses.get("cdu").health());
        assertEquals("SN-0042", text("cdu.serial").text(), "read again at once: the device may have been replaced");
    }

    @Test
    void garbageInTextRegistersIsInvalidNeverText() {
        deviceWithSerial("cdu", true, Duration.ofMinutes(1));
        bus.unit(1, Duration.ofMillis(5), n -> OK);
        bus.contents.put(0x100, new int[] {0x534E, 0x0107, 0xFFFE, 0x0000});
        BusPoller p = poller();
        runUntil(p, Duration.ofMillis(500));

        assertEquals(Quality.INVALID, text("cdu.serial").quality());
        assertEquals(null, text("cdu.serial").text());
    }

    @Test
    void aDeviceOfTextOnlyIsReadRarelyAndKeepsItsHealthBetweenReads() {
        deviceWithSerial("plate", false, Duration.ofSeconds(5));
        bus.unit(1, Duration.ofMillis(5), n -> OK);
        bus.contents.put(0x100, SERIAL);
        BusPoller p = poller();
        runUntil(p, Duration.ofMillis(9_500));

        assertEquals(2, bus.readsAt.get(0x100), "at 0 s and 5 s");
        assertEquals(DeviceHealth.ONLINE, statuses.get("plate").health());
        assertEquals("SN-0042", text("plate.serial").text());
    }

    @Test
    void refusedTextRegistersAreAConfigMismatchNamedAsWritten() {
        deviceWithSerial("cdu", true, Duration.ofMinutes(1));
        bus.unit(1, Duration.ofMillis(5), n -> OK);
        bus.refusals.put(0x100, 2);
        BusPoller p = poller();
        runUntil(p, Duration.ofMillis(500));

        assertEquals(Quality.INVALID, text("cdu.serial").quality());
        assertEquals("config mismatch: exception 02 at holding 0x0100..0x0103 (wire 256..259)",
                statuses.get("cdu").reason());
    }

    @Test
    void aMismatchReasonIsBounded() {
        String names = "exception 02 at holding 0x" + "0".repeat(2000) + "157 (wire 343)";
        String reason = BusPoller.mismatchReason(9, names);

        assertTrue(reason.length() <= BusPoller.MAX_REASON_CHARS, reason.length() + " characters");
        assertTrue(reason.startsWith("config mismatch: 9 blocks refused: exception 02 at holding 0x000"), reason);
    }

    @Test
    void gatewayTargetFailureTakesOnlyThatUnitOffline() {
        device("rack1", 1, SECOND, 1);
        device("rack2", 2, SECOND, 1);
        bus.unit(1, Duration.ofMillis(5), n -> Failure.exception(0x0B, "gateway target failed"));
        bus.unit(2, Duration.ofMillis(5), n -> OK);
        BusPoller p = poller();
        runUntil(p, Duration.ofSeconds(3));

        assertEquals(DeviceHealth.OFFLINE, statuses.get("rack1").health());
        assertEquals(Quality.COMM_FAIL, quality(0));
        assertEquals(DeviceHealth.ONLINE, statuses.get("rack2").health());
        assertEquals(Quality.GOOD, quality(1));
        assertEquals(3, bus.calls(1), "a gateway answer is fast and not retried");
    }

    @Test
    void deviceFailureExceptionIsDeviceException() {
        device("cdu", 1, SECOND, 1);
        bus.unit(1, Duration.ofMillis(5), n -> Failure.exception(4, "device failure"));
        BusPoller p = poller();
        runUntil(p, Duration.ofMillis(500));

        assertEquals(1, bus.calls(1));
        assertEquals(Quality.DEVICE_EXCEPTION, quality(0));
        assertEquals(DeviceHealth.DEGRADED, statuses.get("cdu").health());
    }

    @Test
    void anOverrunSkipsTheMissedSlotsAndStaysOnTheGrid() {
        device("slow", 1, SECOND, 0);
        bus.unit(1, Duration.ofMillis(2500), n -> OK);
        BusPoller p = poller();

        long next = p.runDue();

        assertEquals(Duration.ofSeconds(3).toNanos(), next);
        assertEquals(2, p.missedSlots());
    }

    @Test
    void phaseOffsetsSpreadDevicesOverThePeriod() {
        plans.add(new DevicePlan("a", 1, SECOND, Duration.ZERO, 0, 125, 0, List.of(),
                List.of(ModbusPointSpec.of("a.x", RegisterTable.INPUT_REGISTER, 0, PointType.INT16))));
        plans.add(new DevicePlan("b", 2, SECOND, Duration.ofMillis(500), 0, 125, 0, List.of(),
                List.of(ModbusPointSpec.of("b.x", RegisterTable.INPUT_REGISTER, 0, PointType.INT16))));
        descriptors.add(new PointDescriptor("a.x", "", SECOND, false));
        descriptors.add(new PointDescriptor("b.x", "", SECOND, false));
        bus.unit(1, Duration.ofMillis(1), n -> OK);
        bus.unit(2, Duration.ofMillis(1), n -> OK);
        BusPoller p = poller();

        assertEquals(Duration.ofMillis(500).toNanos(), p.runDue());
        assertEquals(1, bus.calls(1));
        assertEquals(0, bus.calls(2));
        clock.advanceTo(Duration.ofMillis(500).toNanos());
        assertEquals(Duration.ofSeconds(1).toNanos(), p.runDue());
        assertEquals(1, bus.calls(2));
    }

    @Test
    void constructionRejectsPointsItCannotPublish() {
        device("a", 1, SECOND, 0);
        SampleBoard empty = new SampleBoard(List.of());
        DeviceStatusBoard st = new DeviceStatusBoard(List.of("a"), 0);
        assertThrows(IllegalArgumentException.class, () -> new BusPoller("x", bus, plans, empty, st, clock));

        SampleBoard b = new SampleBoard(descriptors);
        List<DevicePlan> twice = List.of(plans.get(0), new DevicePlan("b", 2, SECOND, Duration.ZERO, 0, 125, 0, List.of(),
                plans.get(0).points()));
        DeviceStatusBoard st2 = new DeviceStatusBoard(List.of("a", "b"), 0);
        assertThrows(IllegalArgumentException.class, () -> new BusPoller("x", bus, twice, b, st2, clock));

        DevicePlan text = new DevicePlan("a", 1, SECOND, Duration.ZERO, 0, 125, 0, List.of(), List.of(
                new ModbusPointSpec("a.temp", RegisterTable.HOLDING_REGISTER, 0, PointType.STRING, 0, 4, WordOrder.ABCD,
                        1, 0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)));
        assertThrows(IllegalArgumentException.class, () -> new BusPoller("x", bus, List.of(text), b, st, clock));
        assertThrows(IllegalArgumentException.class, () -> new BusPoller("x", bus, plans, b,
                new DeviceStatusBoard(List.of("other"), 0), clock));
    }

    @Test
    void aValueUnchangedForNSuccessfulSamplesIsFrozenUntilItMoves() {
        plans.add(new DevicePlan("cdu", 1, SECOND, Duration.ZERO, 0, 125, 0, List.of(), List.of(
                ModbusPointSpec.of("cdu.heartbeat", RegisterTable.INPUT_REGISTER, 0, PointType.UINT16)
                        .withFrozenAfter(3))));
        descriptors.add(new PointDescriptor("cdu.heartbeat", "", Duration.ofSeconds(10), false));
        // Samples: 7, 7, 7 (frozen), a timeout (neither counts nor resets), 7 (still frozen), 8, 8 (good again).
        BusReply[] script = {words(7), words(7), words(7), TIMEOUT, words(7), words(8), words(8)};
        bus.unit(1, Duration.ofMillis(5), n -> script[Math.min(n, script.length - 1)]);
        BusPoller p = poller();
        Quality[] seen = new Quality[script.length];
        for (int i = 0; i < script.length; i++) {
            runUntil(p, SECOND.multipliedBy(i).plusMillis(500));
            seen[i] = quality(0);
        }
        assertEquals(List.of(Quality.GOOD, Quality.GOOD, Quality.FROZEN, Quality.COMM_FAIL, Quality.FROZEN,
                Quality.GOOD, Quality.GOOD), List.of(seen));
    }

    /** One device with one point, polled every second, whose n-th read returns {@code script[n]} (then the last). */
    private BusPoller singlePoint(ModbusPointSpec spec, String unit, BusReply... script) {
        plans.add(new DevicePlan("meter", 1, SECOND, Duration.ZERO, 0, 125, 0, List.of(), List.of(spec)));
        descriptors.add(new PointDescriptor(spec.pointId(), unit, Duration.ofSeconds(10), false));
        bus.unit(1, Duration.ofMillis(5), n -> script[Math.min(n, script.length - 1)]);
        return poller();
    }

    /** The quality after each of the first {@code n} polls, and the suspects after each. */
    private List<String> run(BusPoller p, int n) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            runUntil(p, SECOND.multipliedBy(i).plusMillis(500));
            seen.add(quality(0) + (statuses.suspects().all().isEmpty() ? ""
                    : " " + statuses.suspects().all().get(0).kind()));
        }
        return seen;
    }

    @Test
    void anEnergyCounterThatGoesBackwardsIsFlaggedUntilItRecovers() {
        ModbusPointSpec energy = ModbusPointSpec.of("meter.energy", RegisterTable.INPUT_REGISTER, 0, PointType.UINT32)
                .withScale(0.1, 0).withCounter(true).withUnit("kWh");
        // 1000.0, 1000.5 kWh; a restart serving zeros; then the meter restores its total and counts on.
        BusPoller p = singlePoint(energy, "kWh", words(0, 10000), words(0, 10005), words(0, 0), words(0, 0),
                words(0, 10005), words(0, 10006));
        assertEquals(List.of("GOOD", "GOOD", "INVALID COUNTER_BACKWARDS", "INVALID COUNTER_BACKWARDS", "GOOD", "GOOD"),
                run(p, 6));
    }

    @Test
    void aCounterThatWasResetIsAcceptedOnceItCountsAgainFromItsNewBase() {
        ModbusPointSpec energy = ModbusPointSpec.of("meter.energy", RegisterTable.INPUT_REGISTER, 0, PointType.UINT16)
                .withCounter(true);
        BusReply[] script = new BusReply[2 + PointWatch.REBASE_RISES];
        script[0] = words(5000);
        script[1] = words(3); // reset (or replaced): far below, then rising every sample
        for (int i = 2; i < script.length; i++) {
            script[i] = words(3 + i);
        }
        BusPoller p = singlePoint(energy, "kWh", script);
        List<String> seen = run(p, script.length);
        assertEquals("GOOD", seen.get(0));
        for (int i = 1; i < script.length - 1; i++) {
            assertEquals("INVALID COUNTER_BACKWARDS", seen.get(i), "sample " + i + " of " + seen);
        }
        assertEquals("GOOD", seen.get(script.length - 1), "accepted after rising in a row: " + seen);
    }

    @Test
    void aFloatReadOneRegisterOffIsInvalidAndReportedNotGood() {
        ModbusPointSpec voltage = ModbusPointSpec.of("meter.l1Voltage", RegisterTable.INPUT_REGISTER, 1,
                PointType.FLOAT32).withRange(0, 500).withUnit("V");
        // Registers 0..3 hold 230.0 V then 18.3: read at 1, the point joins 0000 and 4192 (2.35E-41 V, in range).
        BusPoller p = singlePoint(voltage, "V", words(0x0000, 0x4192), words(0x4366, 0x199A));
        assertEquals(List.of("INVALID IMPLAUSIBLE"), run(p, 1));
        String detail = statuses.suspects().all().get(0).detail();
        assertTrue(detail.contains("2.3522E-41") && detail.contains("subnormal") && detail.contains("off by one"),
                detail);

        runUntil(p, SECOND.plusMillis(500));
        assertEquals(Quality.GOOD, quality(0));
        assertTrue(statuses.suspects().all().isEmpty(), "cleared once plausible");
        Snapshot s = board.newSnapshot();
        board.snapshot(clock.nanoTime(), s);
        assertEquals("230.1", Double.toString(s.goodValue(0)), "the float32 as the device meant it");
    }

    private static BusReply words(int... w) {
        return new BusReply.Registers(w);
    }
}
