package io.podctl.controller.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.config.ConfigLoader;
import io.podctl.config.DeviceConfig;
import io.podctl.config.LoadResult;
import io.podctl.config.PodConfig;
import io.podctl.config.PointConfig;
import io.podctl.sensors.Quality;
import io.podctl.sensors.modbus.ModbusPointSpec;
import io.podctl.sensors.modbus.Plausibility;
import io.podctl.sensors.modbus.PointDecoder;
import io.podctl.sensors.modbus.WordOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Golden decode tables of the shipped device profiles: raw register words as the device sends them, through
 * the profile's point definitions (as the controller plans them), to engineering values and quality. Every
 * point of the four profiles has a row; the float32 words were computed independently (IEEE-754 big-endian,
 * then arranged in the device's word order).
 */
class ProfileGoldenDecodeTest {
    private static final PodConfig CONFIG = load();

    private static PodConfig load() {
        LoadResult r = new ConfigLoader().parse("""
                pod: {site: lab, id: p1}
                buses: [{id: b, tcp: {host: 127.0.0.1}}]
                devices:
                  - {id: meter, bus: b, unitId: 1, profile: sdm630}
                  - {id: pdu, bus: b, unitId: 2, profile: raritan-px}
                  - {id: cdu, bus: b, unitId: 3, profile: pod-cdu}
                  - {id: door, bus: b, unitId: 4, profile: liebert-dcd}
                authorization: {view: [ops]}
                """, "golden.yaml");
        return assertInstanceOf(LoadResult.Valid.class, r, r.problems().toString()).config();
    }

    private static Arguments row(String point, double expected, Quality quality, int... words) {
        return Arguments.of(point, words, expected, quality);
    }

    private static Arguments row(String point, double expected, int... words) {
        return row(point, expected, Quality.GOOD, words);
    }

    static Stream<Arguments> golden() {
        return Stream.of(
                // Eastron SDM630: FC04, float32 ABCD; manual 30001 = address 0.
                row("meter.l1Voltage", 230.0, 0x4366, 0x0000),
                row("meter.l2Voltage", 231.5, 0x4367, 0x8000),
                row("meter.l3Voltage", 229.2, 0x4365, 0x3333),
                row("meter.l1Current", 12.5, 0x4148, 0x0000),
                row("meter.l2Current", 13.25, 0x4154, 0x0000),
                row("meter.l3Current", 0.0, 0x0000, 0x0000),
                row("meter.l1Power", 2875.0, 0x4533, 0xB000),
                row("meter.l2Power", -150.5, 0xC316, 0x8000),
                row("meter.l3Power", 0.0, 0x0000, 0x0000),
                row("meter.totalPower", 5600.0, 0x45AF, 0x0000),
                row("meter.frequency", 50.02, 0x4248, 0x147B),
                row("meter.frequency", 0.0, Quality.OUT_OF_RANGE, 0x0000, 0x0000),
                row("meter.importEnergy", 123456.7, 0x47F1, 0x205A),
                row("meter.totalEnergy", 98765.4, 0x47C0, 0xE6B3),
                row("meter.totalEnergy", Double.NaN, Quality.INVALID, 0x7FC0, 0x0000),
                // Raritan PX: holding registers, float32 ABCD.
                row("pdu.inletVoltage", 400.0, 0x43C8, 0x0000),
                row("pdu.inletCurrent", 32.4, 0x4201, 0x999A),
                row("pdu.inletPower", 22450.0, 0x46AF, 0x6400),
                row("pdu.outlet1Current", 0.75, 0x3F40, 0x0000),
                row("pdu.outlet1Current", Double.NEGATIVE_INFINITY, Quality.INVALID, 0xFF80, 0x0000),
                // The pod CDU: scaled 16-bit integers and status bits.
                row("cdu.supplyTemp", 30.5, 305),
                row("cdu.supplyTemp", 100.1, Quality.OUT_OF_RANGE, 1001),
                row("cdu.returnTemp", -20.0, 0xFF38),
                row("cdu.flow", 330.0, 3300),
                row("cdu.flow", 6553.5, Quality.OUT_OF_RANGE, 0xFFFF),
                row("cdu.diffPressure", 120.0, 120),
                row("cdu.reservoirLevel", 80.0, 800),
                row("cdu.pump1Status", 5.0, 0b101),
                row("cdu.pump1Running", 1.0, 0b101),
                row("cdu.pump1Fault", 0.0, 0b101),
                row("cdu.pump1Speed", 75.0, 750),
                row("cdu.pump2Status", 2.0, 0b010),
                row("cdu.pump2Running", 0.0, 0b010),
                row("cdu.pump2Fault", 1.0, 0b010),
                row("cdu.pump2Speed", 0.0, 0),
                row("cdu.valvePosition", 45.5, 455),
                row("cdu.primarySupplyTemp", 20.0, 200),
                row("cdu.primaryReturnTemp", 26.5, 265),
                row("cdu.statusBits", 6.0, 0b110),
                row("cdu.anyAlarm", 0.0, 0b110),
                row("cdu.lowLevel", 1.0, 0b110),
                row("cdu.pumpFault", 1.0, 0b110),
                row("cdu.heartbeat", 65535.0, 0xFFFF),
                row("cdu.supplyTempB", 29.9, 299),
                row("cdu.supplyTempB", 3276.7, Quality.OUT_OF_RANGE, 0x7FFF), // open RTD: top of scale
                row("cdu.supplyTempC", 30.1, 301),
                row("cdu.supplyTempC", -3276.8, Quality.OUT_OF_RANGE, 0x8000), // shorted RTD: bottom of scale
                row("cdu.supplyTempSetpoint", 30.0, 300),
                row("cdu.pump1Command", 1.0, 1),
                row("cdu.pump2Command", 0.0, 0),
                row("cdu.pumpSpeedSetpoint", 75.0, 750),
                row("cdu.alarmReset", 0.0, 0),
                // Liebert DCD: FC04, float32 word-swapped: the low word comes first on the wire.
                row("door.waterSupplyTemp", 18.5, 0x0000, 0x4194),
                row("door.waterReturnTemp", 29.25, 0x0000, 0x41EA),
                row("door.diffPressure", 45.0, 0xC800, 0x472F),
                row("door.valvePosition", 62.5, 0x0000, 0x427A));
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @MethodSource("golden")
    void profilePointsDecodeToTheirEngineeringValues(String pointId, int[] words, double expected, Quality quality) {
        ModbusPointSpec spec = spec(pointId);
        double value = PointDecoder.decode(spec, words, 0);
        assertEquals(quality, PointDecoder.quality(spec, value), pointId + " = " + value);
        if (Double.isFinite(expected)) {
            assertEquals(expected, value, Math.abs(expected) * 1e-12, pointId);
        } else {
            assertEquals(expected, value, pointId);
        }
    }

    /** Text points: the registers as the device sends them, to the text and its quality. */
    static Stream<Arguments> goldenText() {
        return Stream.of(
                // pod CDU identity: two ASCII characters per register, high byte first, NUL-padded.
                Arguments.of("cdu.serialNumber", new int[] {0x5043, 0x4455, 0x2D30, 0x3431, 0x3200, 0, 0, 0},
                        "PCDU-0412", Quality.GOOD),
                Arguments.of("cdu.firmwareVersion", new int[] {0x322E, 0x342E, 0x3120, 0x2020}, "2.4.1", Quality.GOOD),
                Arguments.of("cdu.model", new int[] {0x5043, 0x4455, 0x2D36, 0x3030, 0, 0, 0, 0}, "PCDU-600",
                        Quality.GOOD));
    }

    @ParameterizedTest(name = "{0} -> {2} {3}")
    @MethodSource("goldenText")
    void profileTextPointsDecodeToTheirText(String pointId, int[] words, String expected, Quality quality) {
        ModbusPointSpec spec = spec(pointId);
        String text = PointDecoder.decodeString(spec, words, 0);
        assertEquals(expected, text);
        assertEquals(quality, PointDecoder.textQuality(text));
    }

    @Test
    void everyPointOfTheFourProfilesHasARow() {
        Set<String> covered = new HashSet<>();
        golden().forEach(a -> covered.add((String) a.get()[0]));
        goldenText().forEach(a -> covered.add((String) a.get()[0]));
        for (DeviceConfig d : CONFIG.devices()) {
            for (PointConfig p : d.points()) {
                assertTrue(covered.contains(d.qualifiedPointId(p)), d.qualifiedPointId(p) + " has no golden row");
            }
        }
    }

    /** The same Liebert words read as if the device were big-endian: why word order is the first thing to check. */
    @Test
    void theWordSwappedProfileDecodesWrongWithTheWrongWordOrder() {
        ModbusPointSpec right = spec("door.waterSupplyTemp");
        assertEquals(WordOrder.CDAB, right.wordOrder(), "from the profile's device-level wordOrder");
        ModbusPointSpec wrong = right.withWordOrder(WordOrder.ABCD);
        int[] supply = {0x0000, 0x4194};

        assertEquals(18.5, PointDecoder.decode(right, supply, 0));
        double garbage = PointDecoder.decode(wrong, supply, 0);
        assertEquals(2.3525e-41, garbage, 1e-50, "a denormal, not 18.5 °C");
        assertEquals(Quality.GOOD, PointDecoder.quality(wrong, garbage), "inside the valid range...");
        assertEquals(Plausibility.SUBNORMAL, Plausibility.of(wrong, supply, 0), "...but no instrument produces it");

        ModbusPointSpec dp = spec("door.diffPressure").withWordOrder(WordOrder.ABCD);
        double wrongDp = PointDecoder.decode(dp, new int[] {0xC800, 0x472F}, 0);
        assertEquals(-131.35673, wrongDp, "-131356.73 Pa as kPa");
        assertEquals(Quality.OUT_OF_RANGE, PointDecoder.quality(dp, wrongDp));
    }

    private static ModbusPointSpec spec(String pointId) {
        List<ModbusPointSpec> specs = CONFIG.devices().stream()
                .flatMap(d -> d.points().stream().map(p -> ModbusPlans.point(d, p)))
                .filter(s -> s.pointId().equals(pointId)).toList();
        assertEquals(1, specs.size(), pointId);
        return specs.get(0);
    }
}
