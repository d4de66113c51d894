package io.podctl.sensors.modbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.podctl.hal.modbus.RegisterTable;
import io.podctl.sensors.Quality;
import java.math.BigDecimal;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PointDecoderTest {

    private static int[] words(String hex) {
        return Arrays.stream(hex.trim().split("\\s+")).mapToInt(h -> Integer.parseInt(h, 16)).toArray();
    }

    private static double num(String s) {
        return switch (s) {
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "inf" -> Double.POSITIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    @ParameterizedTest(name = "{0} {1} [{4}] -> {9} {10}")
    @CsvSource(delimiter = '|', textBlock = """
        # type | order | table    | bit | words (hex, wire order)  | scale | offset | min  | max | value                  | quality
        BOOL    | ABCD | COIL     | 0   | 1                        | 1     | 0      | -inf | inf | 1.0                    | GOOD
        BOOL    | ABCD | DISCRETE_INPUT | 0 | 0                    | 1     | 0      | -inf | inf | 0.0                    | GOOD
        BOOL    | ABCD | HOLDING_REGISTER | 2 | 0004               | 1     | 0      | -inf | inf | 1.0                    | GOOD
        BOOL    | ABCD | HOLDING_REGISTER | 1 | 0004               | 1     | 0      | -inf | inf | 0.0                    | GOOD
        BOOL    | ABCD | INPUT_REGISTER | 15 | 8000                | 1     | 0      | -inf | inf | 1.0                    | GOOD
        BOOL    | ABCD | INPUT_REGISTER | 0 | FFFE                 | 7     | 3      | -inf | inf | 0.0                    | GOOD
        INT16   | ABCD | HOLDING_REGISTER | 0 | FFFF               | 1     | 0      | -inf | inf | -1                     | GOOD
        INT16   | ABCD | HOLDING_REGISTER | 0 | 8000               | 1     | 0      | -inf | inf | -32768                 | GOOD
        INT16   | DCBA | HOLDING_REGISTER | 0 | 7FFF               | 1     | 0      | -inf | inf | 32767                  | GOOD
        INT16   | ABCD | INPUT_REGISTER | 0 | 00D2                 | 0.1   | 0      | 0    | 50  | 21.0                   | GOOD
        INT16   | ABCD | INPUT_REGISTER | 0 | FFCE                 | 0.1   | 0      | -inf | inf | -5.0                   | GOOD
        INT16   | ABCD | INPUT_REGISTER | 0 | FFFF                 | 1     | 0      | 0    | inf | -1                     | OUT_OF_RANGE
        UINT16  | ABCD | INPUT_REGISTER | 0 | FFFF                 | 1     | 0      | -inf | inf | 65535                  | GOOD
        UINT16  | ABCD | INPUT_REGISTER | 0 | 03E8                 | 0.01  | -5     | -inf | inf | 5.0                    | GOOD
        UINT16  | ABCD | INPUT_REGISTER | 0 | 0064                 | 1     | 0      | 0    | 100 | 100                    | GOOD
        UINT16  | ABCD | INPUT_REGISTER | 0 | 0065                 | 1     | 0      | 0    | 100 | 101                    | OUT_OF_RANGE
        INT32   | ABCD | HOLDING_REGISTER | 0 | 1234 5678          | 1     | 0      | -inf | inf | 305419896              | GOOD
        INT32   | CDAB | HOLDING_REGISTER | 0 | 5678 1234          | 1     | 0      | -inf | inf | 305419896              | GOOD
        INT32   | BADC | HOLDING_REGISTER | 0 | 3412 7856          | 1     | 0      | -inf | inf | 305419896              | GOOD
        INT32   | DCBA | HOLDING_REGISTER | 0 | 7856 3412          | 1     | 0      | -inf | inf | 305419896              | GOOD
        INT32   | ABCD | HOLDING_REGISTER | 0 | FFFF FFFE          | 1     | 0      | -inf | inf | -2                     | GOOD
        INT32   | CDAB | HOLDING_REGISTER | 0 | FFFE FFFF          | 1     | 0      | -inf | inf | -2                     | GOOD
        UINT32  | ABCD | HOLDING_REGISTER | 0 | FFFF FFFE          | 1     | 0      | -inf | inf | 4294967294             | GOOD
        UINT32  | CDAB | HOLDING_REGISTER | 0 | 0001 0000          | 0.001 | 0      | -inf | inf | 0.001                  | GOOD
        INT64   | ABCD | HOLDING_REGISTER | 0 | 0102 0304 0506 0708 | 1    | 0      | -inf | inf | 7.2623859790382856E16  | GOOD
        INT64   | CDAB | HOLDING_REGISTER | 0 | 0708 0506 0304 0102 | 1    | 0      | -inf | inf | 7.2623859790382856E16  | GOOD
        INT64   | BADC | HOLDING_REGISTER | 0 | 0201 0403 0605 0807 | 1    | 0      | -inf | inf | 7.2623859790382856E16  | GOOD
        INT64   | DCBA | HOLDING_REGISTER | 0 | 0807 0605 0403 0201 | 1    | 0      | -inf | inf | 7.2623859790382856E16  | GOOD
        INT64   | ABCD | HOLDING_REGISTER | 0 | FFFF FFFF FFFF FFFF | 1    | 0      | -inf | inf | -1                     | GOOD
        FLOAT32 | ABCD | INPUT_REGISTER | 0 | 4148 0000             | 1     | 0      | -inf | inf | 12.5                   | GOOD
        FLOAT32 | CDAB | INPUT_REGISTER | 0 | 0000 4148             | 1     | 0      | -inf | inf | 12.5                   | GOOD
        FLOAT32 | BADC | INPUT_REGISTER | 0 | 4841 0000             | 1     | 0      | -inf | inf | 12.5                   | GOOD
        FLOAT32 | DCBA | INPUT_REGISTER | 0 | 0000 4841             | 1     | 0      | -inf | inf | 12.5                   | GOOD
        FLOAT32 | ABCD | INPUT_REGISTER | 0 | C148 0000             | 2     | 1      | -inf | inf | -24.0                  | GOOD
        FLOAT32 | ABCD | INPUT_REGISTER | 0 | 4148 0000             | 1     | 0      | 0    | 10  | 12.5                   | OUT_OF_RANGE
        FLOAT32 | ABCD | INPUT_REGISTER | 0 | 7FC0 0000             | 1     | 0      | -inf | inf | NaN                    | INVALID
        FLOAT32 | CDAB | INPUT_REGISTER | 0 | 0000 7FC0             | 1     | 0      | -inf | inf | NaN                    | INVALID
        FLOAT32 | ABCD | INPUT_REGISTER | 0 | 7F80 0000             | 1     | 0      | -inf | inf | inf                    | INVALID
        FLOAT32 | ABCD | INPUT_REGISTER | 0 | FF80 0000             | 1     | 0      | 0    | 10  | -inf                   | INVALID
        FLOAT64 | ABCD | HOLDING_REGISTER | 0 | 3FF8 0000 0000 0000 | 1    | 0      | -inf | inf | 1.5                    | GOOD
        FLOAT64 | CDAB | HOLDING_REGISTER | 0 | 0000 0000 0000 3FF8 | 1    | 0      | -inf | inf | 1.5                    | GOOD
        FLOAT64 | BADC | HOLDING_REGISTER | 0 | F83F 0000 0000 0000 | 1    | 0      | -inf | inf | 1.5                    | GOOD
        FLOAT64 | DCBA | HOLDING_REGISTER | 0 | 0000 0000 0000 F83F | 1    | 0      | -inf | inf | 1.5                    | GOOD
        FLOAT64 | ABCD | HOLDING_REGISTER | 0 | 7FF8 0000 0000 0000 | 1    | 0      | -inf | inf | NaN                    | INVALID
        FLOAT64 | ABCD | HOLDING_REGISTER | 0 | FFF0 0000 0000 0000 | 1    | 0      | -inf | inf | -inf                   | INVALID
        STRING  | ABCD | HOLDING_REGISTER | 0 | 4142 4300           | 1     | 0      | -inf | inf | NaN                    | INVALID
        """)
    void decodesEveryTypeAndWordOrder(PointType type, WordOrder order, RegisterTable table, int bit, String hex,
                                      double scale, double offset, String min, String max, String value,
                                      Quality quality) {
        int[] raw = words(hex);
        ModbusPointSpec spec = new ModbusPointSpec("p", table, 10, type, bit, type == PointType.STRING ? raw.length : 0,
                order, scale, offset, num(min), num(max));
        // Decode from the middle of a larger block, as the poller does.
        int[] block = new int[raw.length + 3];
        Arrays.fill(block, 0xAAAA);
        System.arraycopy(raw, 0, block, 2, raw.length);

        double decoded = PointDecoder.decode(spec, block, 2);
        Quality q = PointDecoder.quality(spec, decoded);

        assertEquals(quality, q);
        double expected = num(value);
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(decoded), "expected NaN, got " + decoded);
        } else {
            assertEquals(expected, decoded, Math.abs(expected) * 1e-12);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} (scale {3}, offset {4})")
    @CsvSource(delimiter = '|', textBlock = """
        INT16   | ABCD | -32768     | 1     | 0
        INT16   | DCBA | 21.5       | 0.1   | 0
        UINT16  | CDAB | 65535      | 1     | 0
        UINT16  | ABCD | 4.0        | 0.01  | -5
        INT32   | ABCD | -123456789 | 1     | 0
        INT32   | CDAB | -2         | 1     | 0
        INT32   | BADC | 305419896  | 1     | 0
        INT32   | DCBA | 305419896  | 1     | 0
        UINT32  | CDAB | 4294967295 | 1     | 0
        INT64   | ABCD | -1         | 1     | 0
        INT64   | CDAB | 1234567890123 | 1  | 0
        INT64   | DCBA | -1234567890123 | 1 | 0
        FLOAT32 | ABCD | 12.5       | 1     | 0
        FLOAT32 | CDAB | -0.15625   | 1     | 0
        FLOAT32 | BADC | 1024       | 2     | 0
        FLOAT32 | DCBA | 3.0        | 1     | 1
        FLOAT64 | ABCD | 3.141592653589793 | 1 | 0
        FLOAT64 | CDAB | -1e300     | 1     | 0
        FLOAT64 | BADC | 6.02e23    | 1     | 0
        FLOAT64 | DCBA | 1.5        | 1     | 0
        """)
    void encodeIsTheInverseOfDecode(PointType type, WordOrder order, double value, double scale, double offset) {
        ModbusPointSpec spec = ModbusPointSpec.of("p", RegisterTable.HOLDING_REGISTER, 0, type).withWordOrder(order)
                .withScale(scale, offset);
        int[] words = PointDecoder.encode(spec, value);
        assertEquals(spec.registerCount(), words.length);
        for (int w : words) {
            assertTrue(w >= 0 && w <= 0xFFFF, "word " + w);
        }
        assertEquals(value, PointDecoder.decode(spec, words, 0), Math.abs(value) * 1e-12);
    }

    @Test
    void encodeHonoursWordOrderOnTheWire() {
        ModbusPointSpec f = ModbusPointSpec.of("p", RegisterTable.HOLDING_REGISTER, 0, PointType.FLOAT32);
        assertArrayEquals(new int[] {0x4148, 0x0000}, PointDecoder.encode(f, 12.5));
        assertArrayEquals(new int[] {0x0000, 0x4148}, PointDecoder.encode(f.withWordOrder(WordOrder.CDAB), 12.5));
        assertArrayEquals(new int[] {0x4841, 0x0000}, PointDecoder.encode(f.withWordOrder(WordOrder.BADC), 12.5));
        assertArrayEquals(new int[] {0x0000, 0x4841}, PointDecoder.encode(f.withWordOrder(WordOrder.DCBA), 12.5));
        ModbusPointSpec coil = ModbusPointSpec.of("c", RegisterTable.COIL, 3, PointType.BOOL);
        assertArrayEquals(new int[] {1}, PointDecoder.encode(coil, 1.0));
    }

    @Test
    void encodeRefusesRatherThanClamps() {
        ModbusPointSpec i16 = ModbusPointSpec.of("p", RegisterTable.HOLDING_REGISTER, 0, PointType.INT16);
        assertThrows(IllegalArgumentException.class, () -> PointDecoder.encode(i16, 40000));
        assertThrows(IllegalArgumentException.class, () -> PointDecoder.encode(i16, 2.5));
        assertThrows(IllegalArgumentException.class, () -> PointDecoder.encode(i16, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> PointDecoder.encode(i16.withRange(0, 100), 101));
        assertThrows(IllegalArgumentException.class, () -> PointDecoder.encode(
                ModbusPointSpec.of("p", RegisterTable.HOLDING_REGISTER, 0, PointType.UINT16), -1));
        assertThrows(IllegalArgumentException.class, () -> PointDecoder.encode(
                ModbusPointSpec.of("p", RegisterTable.HOLDING_REGISTER, 0, PointType.FLOAT32), 1e39));
        assertThrows(IllegalArgumentException.class, () -> PointDecoder.encode(
                ModbusPointSpec.of("p", RegisterTable.HOLDING_REGISTER, 0, PointType.BOOL), 1));
        assertThrows(IllegalArgumentException.class, () -> PointDecoder.encode(
                ModbusPointSpec.of("p", RegisterTable.COIL, 0, PointType.BOOL), 0.5));
    }

    @Test
    void decodesStrings() {
        ModbusPointSpec s = new ModbusPointSpec("fw", RegisterTable.HOLDING_REGISTER, 0, PointType.STRING, 0, 3,
                WordOrder.ABCD, 1, 0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        assertEquals("V1.2", PointDecoder.decodeString(s, words("5631 2E32 0000"), 0));
        assertEquals("1V2.", PointDecoder.decodeString(s.withWordOrder(WordOrder.BADC), words("5631 2E32 2020"), 0));
        assertEquals("V1", PointDecoder.decodeString(s, words("5631 00FF 4142"), 0), "text ends at the first NUL");
        assertEquals(Quality.GOOD, PointDecoder.textQuality("SN-0042 rev.B"));
        assertEquals(Quality.GOOD, PointDecoder.textQuality(""));
        assertEquals(Quality.INVALID, PointDecoder.textQuality("SN\u0007"));
        assertEquals(Quality.INVALID, PointDecoder.textQuality("caf\u00e9"));
    }

    @Test
    void specsRejectImpossibleLayouts() {
        assertThrows(IllegalArgumentException.class, () -> ModbusPointSpec.of("p", RegisterTable.COIL, 0, PointType.INT16));
        assertThrows(IllegalArgumentException.class, () -> ModbusPointSpec.of("p", RegisterTable.HOLDING_REGISTER, 65534, PointType.FLOAT64));
        assertThrows(IllegalArgumentException.class, () -> ModbusPointSpec.of("p", RegisterTable.HOLDING_REGISTER, 0, PointType.BOOL).withBit(16));
        assertThrows(IllegalArgumentException.class, () -> ModbusPointSpec.of("p", RegisterTable.HOLDING_REGISTER, 0, PointType.INT16).withScale(0, 0));
        assertThrows(IllegalArgumentException.class, () -> ModbusPointSpec.of("p", RegisterTable.HOLDING_REGISTER, 0, PointType.INT16).withRange(5, 1));
    }

    /**
     * The published text of a scaled int16 is the shortest decimal of the precision the scale implies, over the
     * whole int16 range: 348 × 0.1 is "34.8", not "34.800000000000004".
     */
    @ParameterizedTest(name = "scale {0}")
    @CsvSource({"0.1, 1", "0.01, 2", "0.001, 3"})
    void scaledInt16ValuesAreTheShortestDecimalOfTheirPrecisionOverTheWholeRange(double scale, int decimals) {
        ModbusPointSpec spec = ModbusPointSpec.of("p", RegisterTable.INPUT_REGISTER, 0, PointType.INT16)
                .withScale(scale, 0);
        int[] raw = new int[1];
        for (int r = Short.MIN_VALUE; r <= Short.MAX_VALUE; r++) {
            raw[0] = r & 0xFFFF;
            double v = PointDecoder.decode(spec, raw, 0);
            String expected = javaText(BigDecimal.valueOf(r).movePointLeft(decimals));
            String text = Double.toString(v);
            if (!expected.equals(text)) {
                fail("raw " + r + " x " + scale + ": published as " + text + ", meant " + expected);
            }
        }
    }

    /** What {@link Double#toString} writes for a decimal in [1e-3, 1e7): plain, at least one fraction digit. */
    private static String javaText(BigDecimal d) {
        String plain = d.stripTrailingZeros().toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    @ParameterizedTest(name = "{0} x {1} + {2} -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
        # type  | scale | offset | words     | published | decimals
        UINT16  | 0.1   | 0      | 025C      | 60.4      | -1
        UINT16  | 0.1   | 0      | 1759      | 597.7     | -1
        INT16   | 0.1   | 273.15 | 015C      | 307.95    | -1
        UINT16  | 0.25  | 0      | 0007      | 1.75      | -1
        UINT16  | 0.01  | 0      | 04D3      | 12.4      | 1
        UINT16  | 0.01  | 0      | 04D2      | 12.3      | 1
        INT16   | 0.01  | 0      | FFFC      | 0.0       | 1
        UINT16  | 1     | 0      | 0078      | 120.0     | -1
        FLOAT32 | 1     | 0      | 4366 199A | 230.1     | -1
        FLOAT32 | 1     | 0      | 4192 6666 | 18.3      | -1
        FLOAT32 | 0.001 | 0      | 4366 199A | 0.2301    | -1
        FLOAT32 | 1     | 0      | 4366 199A | 230.0     | 0
        FLOAT64 | 1     | 0      | 3FB9 9999 9999 999A | 0.1 | -1
        """)
    void publishesWhatTheDeviceMeans(PointType type, double scale, double offset, String hex, String published,
                                     int decimals) {
        ModbusPointSpec spec = ModbusPointSpec.of("p", RegisterTable.INPUT_REGISTER, 0, type).withScale(scale, offset)
                .withDecimals(decimals);
        assertEquals(published, Double.toString(PointDecoder.decode(spec, words(hex), 0)));
    }

    @Test
    void decimalsOfConfiguredNumbers() {
        assertEquals(1, Decimals.of(0.1));
        assertEquals(2, Decimals.of(0.07));
        assertEquals(3, Decimals.of(0.001));
        assertEquals(0, Decimals.of(10));
        assertEquals(2, Decimals.of(273.15));
        assertEquals(Decimals.NONE, Decimals.of(1.0 / 3));
        assertEquals(Decimals.NONE, Decimals.of(Double.NaN));
        assertEquals("-0.2", Double.toString(Decimals.round(-0.15, 1)), "half away from zero");
        assertEquals("0.0", Double.toString(Decimals.round(-0.04, 1)), "never negative zero");
    }

    /**
     * A float32 read one register too late joins the low half of one value to the high half of the next: 230.0
     * (4366 0000) followed by 18.3 (4192 6666) reads 0000 4192, 2.352219602215638E-41, which a 0..500 range
     * accepts. It is subnormal: no instrument produces it.
     */
    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
        # type  | unit | words               | plausibility
        FLOAT32 | V    | 0000 4192           | SUBNORMAL
        FLOAT32 | V    | 8000 0001           | SUBNORMAL
        FLOAT32 | V    | 199A 4366           | TOO_SMALL
        FLOAT32 | W    | 7366 199A           | TOO_LARGE
        FLOAT32 | degC | 4366 199A           | PLAUSIBLE
        FLOAT32 | V    | 0000 0000           | PLAUSIBLE
        FLOAT32 | kWh  | 7FC0 0000           | PLAUSIBLE
        FLOAT32 |      | 199A 4366           | PLAUSIBLE
        FLOAT32 |      | 0000 4192           | SUBNORMAL
        FLOAT64 | A    | 0000 0000 0000 0001 | SUBNORMAL
        FLOAT64 | A    | 3FB9 9999 9999 999A | PLAUSIBLE
        INT16   | V    | 0001                | PLAUSIBLE
        """)
    void floatReadingsNoInstrumentProducesAreImplausible(PointType type, String unit, String hex,
                                                          Plausibility expected) {
        ModbusPointSpec spec = ModbusPointSpec.of("p", RegisterTable.INPUT_REGISTER, 0, type)
                .withUnit(unit == null ? "" : unit);
        assertEquals(expected, Plausibility.of(spec, words(hex), 0));
    }
}
