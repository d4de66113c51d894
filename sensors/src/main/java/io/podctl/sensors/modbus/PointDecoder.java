package io.podctl.sensors.modbus;

import io.podctl.sensors.Quality;

/**
 * Pure conversion between raw Modbus registers and engineering values. Stateless and thread-safe.
 *
 * <p>Decoding is split in allocation-free calls so the poller's hot path creates no objects:
 * {@link #decode} gives the engineering value (NaN when the registers hold no number) and {@link #quality}
 * judges that value against the point's rules: {@link Quality#INVALID} for NaN or infinity, which is never
 * published as a number, {@link Quality#OUT_OF_RANGE} outside {@code [min, max]} (never clamped), otherwise
 * {@link Quality#GOOD}. {@link Plausibility#of} judges a float reading against its unit.
 *
 * <p>The engineering value is rounded to the precision the device means ({@link Decimals}): the point's
 * {@code decimals} when set, otherwise those implied by the raw value, scale and offset, so 348 × 0.1 is 34.8,
 * not 34.800000000000004. The rounded value is the one everything downstream sees: the range check, the
 * safety engine, MQTT, Sparkplug, the status view and {@code podctl probe}.
 *
 * <p>Raw input is an {@code int[]} of unsigned 16-bit register values (0..65535); for coils and discrete
 * inputs each element is one bit, 0 or 1.
 */
public final class PointDecoder {
    private PointDecoder() {
    }

    /**
     * The engineering value of {@code spec} from {@code raw[offset...]}: raw × scale + offset, rounded (see the
     * class comment); 1.0/0.0 for BOOL; NaN for STRING (text has no numeric value, see {@link #decodeString})
     * and for NaN floats.
     */
    public static double decode(ModbusPointSpec spec, int[] raw, int offset) {
        double r;
        int rawDecimals = 0;
        switch (spec.type()) {
            case BOOL -> {
                int w = raw[offset];
                boolean on = spec.table().isBitTable() ? w != 0 : (w >> spec.bit() & 1) != 0;
                return on ? 1.0 : 0.0;
            }
            case INT16 -> r = (short) raw[offset];
            case UINT16 -> r = raw[offset] & 0xFFFF;
            case INT32 -> r = (int) combine(raw, offset, 2, spec.wordOrder());
            case UINT32 -> r = combine(raw, offset, 2, spec.wordOrder()) & 0xFFFF_FFFFL;
            case INT64 -> r = combine(raw, offset, 4, spec.wordOrder());
            case FLOAT32 -> {
                r = Decimals.ofFloat(Float.intBitsToFloat((int) combine(raw, offset, 2, spec.wordOrder())));
                rawDecimals = Decimals.of(r);
            }
            case FLOAT64 -> {
                r = Double.longBitsToDouble(combine(raw, offset, 4, spec.wordOrder()));
                rawDecimals = Decimals.NONE; // as sent: a float64 carries more digits than any instrument resolves
            }
            default -> {
                return Double.NaN;
            }
        }
        if (spec.decimals() != Decimals.NONE) {
            return Decimals.round(r * spec.scale() + spec.offset(), spec.decimals());
        }
        if (spec.scale() == 1.0 && spec.offset() == 0.0) {
            return r; // an integer, or a float already in its shortest decimal form
        }
        return Decimals.round(r * spec.scale() + spec.offset(),
                Decimals.implied(rawDecimals, spec.scale(), spec.offset()));
    }

    /** The quality of a value {@link #decode} returned for {@code spec}. */
    public static Quality quality(ModbusPointSpec spec, double value) {
        if (spec.type() == PointType.STRING || !Double.isFinite(value)) {
            return Quality.INVALID;
        }
        if (value < spec.min() || value > spec.max()) {
            return Quality.OUT_OF_RANGE;
        }
        return Quality.GOOD;
    }

    /**
     * The text of a STRING point: two characters per register (high byte first, unless the word order swaps
     * bytes), up to the first NUL, trailing spaces removed. Bytes are taken as Latin-1; {@link #textQuality} says
     * whether the result is printable ASCII.
     */
    public static String decodeString(ModbusPointSpec spec, int[] raw, int offset) {
        StringBuilder sb = new StringBuilder(spec.length() * 2);
        boolean swap = spec.wordOrder().bytesSwapped();
        for (int i = 0; i < spec.length(); i++) {
            int w = raw[offset + i];
            int first = swap ? w & 0xFF : w >> 8 & 0xFF;
            int second = swap ? w >> 8 & 0xFF : w & 0xFF;
            sb.append((char) first).append((char) second);
        }
        int nul = sb.indexOf("\u0000");
        int end = nul >= 0 ? nul : sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') {
            end--;
        }
        return sb.substring(0, end);
    }

    /**
     * GOOD for printable ASCII (what serial numbers, firmware versions and model names are), INVALID for
     * anything else (control characters, bytes above 0x7E): garbage in text registers is bad data, never shown
     * as a value.
     */
    public static Quality textQuality(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return Quality.INVALID;
            }
        }
        return Quality.GOOD;
    }

    /**
     * The registers to write for engineering value {@code value}, in the point's word order: the inverse of
     * {@link #decode}. The value is never clamped: a value that is not finite, lies outside
     * {@code [min, max]}, or whose raw value does not fit the type is refused.
     *
     * @return unsigned 16-bit words, {@link ModbusPointSpec#registerCount()} of them; for BOOL in a bit table,
     *     one element 0 or 1
     * @throws IllegalArgumentException if the value cannot be written exactly as asked
     */
    public static int[] encode(ModbusPointSpec spec, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(spec.pointId() + ": cannot write " + value);
        }
        if (value < spec.min() || value > spec.max()) {
            throw new IllegalArgumentException(spec.pointId() + ": " + value + " outside [" + spec.min() + ", "
                    + spec.max() + "]");
        }
        if (spec.type() == PointType.BOOL) {
            if (!spec.table().isBitTable()) {
                throw new IllegalArgumentException(spec.pointId()
                        + ": a bit inside a register needs a read-modify-write, which is not done here");
            }
            if (value != 0.0 && value != 1.0) {
                throw new IllegalArgumentException(spec.pointId() + ": a BOOL is 0 or 1, not " + value);
            }
            return new int[] {(int) value};
        }
        double raw = (value - spec.offset()) / spec.scale();
        int[] out = new int[spec.registerCount()];
        switch (spec.type()) {
            case INT16 -> out[0] = (int) integral(spec, raw, Short.MIN_VALUE, Short.MAX_VALUE) & 0xFFFF;
            case UINT16 -> out[0] = (int) integral(spec, raw, 0, 0xFFFF);
            case INT32 -> split(integral(spec, raw, Integer.MIN_VALUE, Integer.MAX_VALUE), out, spec.wordOrder());
            case UINT32 -> split(integral(spec, raw, 0, 0xFFFF_FFFFL), out, spec.wordOrder());
            case INT64 -> split(integral(spec, raw, -0x1p63, 0x1p63 - 1024), out, spec.wordOrder());
            case FLOAT32 -> {
                float f = (float) raw;
                if (Float.isInfinite(f)) {
                    throw new IllegalArgumentException(spec.pointId() + ": " + value + " overflows float32");
                }
                split(Float.floatToRawIntBits(f) & 0xFFFF_FFFFL, out, spec.wordOrder());
            }
            case FLOAT64 -> split(Double.doubleToRawLongBits(raw), out, spec.wordOrder());
            default -> throw new IllegalArgumentException(spec.pointId() + ": STRING points are not written as numbers");
        }
        return out;
    }

    private static long integral(ModbusPointSpec spec, double raw, double lo, double hi) {
        double rounded = Math.rint(raw);
        // Scaling can leave 21.000000000000004 for 210 × 0.1; anything further from an integer is not exact.
        if (Math.abs(rounded - raw) > 1e-6 * Math.max(1.0, Math.abs(raw))) {
            throw new IllegalArgumentException(spec.pointId() + ": raw value " + raw + " is not a whole number");
        }
        if (rounded < lo || rounded > hi) {
            throw new IllegalArgumentException(spec.pointId() + ": raw value " + raw + " does not fit " + spec.type());
        }
        return (long) rounded;
    }

    /** Assembles {@code n} registers into a big-endian integer, undoing {@code order}. */
    static long combine(int[] raw, int offset, int n, WordOrder order) {
        long acc = 0;
        for (int i = 0; i < n; i++) {
            int w = raw[offset + (order.wordsReversed() ? n - 1 - i : i)] & 0xFFFF;
            if (order.bytesSwapped()) {
                w = (w & 0xFF) << 8 | w >> 8;
            }
            acc = acc << 16 | w;
        }
        return acc;
    }

    /** Splits the low {@code out.length × 16} bits of {@code bits} into registers in {@code order}. */
    static void split(long bits, int[] out, WordOrder order) {
        int n = out.length;
        for (int i = 0; i < n; i++) {
            int w = (int) (bits >>> (16 * (n - 1 - i))) & 0xFFFF;
            if (order.bytesSwapped()) {
                w = (w & 0xFF) << 8 | w >> 8;
            }
            out[order.wordsReversed() ? n - 1 - i : i] = w;
        }
    }
}
