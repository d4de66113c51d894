package io.podctl.sensors.modbus;

import java.util.Locale;

/**
 * Whether a floating-point reading can be a measurement at all, whatever its configured range. A float32 read
 * one register too late (or in the wrong word order) joins the low half of one value to the high half of the
 * next: its exponent is then effectively random, and the result is typically subnormal (2.35E-41 from 230.0
 * followed by 0.0) or of a magnitude no instrument of the unit reports (1.6E-23 V, 3E+31 W). A range such as
 * {@code min: 0, max: 500} does not catch the tiny ones.
 *
 * <p>Judged on the raw float and on the scaled value before rounding (rounding would turn 2.35E-41 into 0).
 * Only {@link PointType#FLOAT32} and {@link PointType#FLOAT64} points are judged; integers are caught by their
 * ranges. Pure and thread-safe.
 */
public enum Plausibility {
    /** A number an instrument of the point's unit can report. */
    PLAUSIBLE("plausible"),
    /** A subnormal float: below the format's smallest normal number, which no measurement produces. */
    SUBNORMAL("a subnormal float, which no instrument produces"),
    /** Not zero, but smaller in magnitude than any instrument of its unit resolves. */
    TOO_SMALL("smaller than any instrument of its unit resolves"),
    /** Larger in magnitude than any instrument of its unit reports. */
    TOO_LARGE("larger than any instrument of its unit reports");

    /** Non-zero magnitudes below this, in the point's unit, are implausible for every unit listed in {@link #ceiling}. */
    static final double FLOOR = 1e-6;
    /** Ceiling for units not listed in {@link #ceiling}: only absurd magnitudes are refused. */
    static final double UNKNOWN_UNIT_CEILING = 1e15;

    private final String why;

    Plausibility(String why) {
        this.why = why;
    }

    /** Why, in words, for messages ("a subnormal float, which no instrument produces"). */
    public String why() {
        return why;
    }

    /**
     * Judges the floating-point point {@code spec} at {@code raw[offset...]}; {@link #PLAUSIBLE} for every other
     * type and for NaN or infinity (those are {@code INVALID} already).
     */
    public static Plausibility of(ModbusPointSpec spec, int[] raw, int offset) {
        return of(spec, raw, offset, ceiling(spec.unit()));
    }

    /**
     * {@link #of(ModbusPointSpec, int[], int)} with the point's {@link #ceiling} looked up once by the caller:
     * allocation-free, for the polling thread.
     */
    public static Plausibility of(ModbusPointSpec spec, int[] raw, int offset, double ceiling) {
        double r;
        if (spec.type() == PointType.FLOAT32) {
            float f = Float.intBitsToFloat((int) PointDecoder.combine(raw, offset, 2, spec.wordOrder()));
            if (f != 0 && Math.abs(f) < Float.MIN_NORMAL) {
                return SUBNORMAL;
            }
            r = f;
        } else if (spec.type() == PointType.FLOAT64) {
            r = Double.longBitsToDouble(PointDecoder.combine(raw, offset, 4, spec.wordOrder()));
            if (r != 0 && Math.abs(r) < Double.MIN_NORMAL) {
                return SUBNORMAL;
            }
        } else {
            return PLAUSIBLE;
        }
        if (!Double.isFinite(r)) {
            return PLAUSIBLE;
        }
        double value = Math.abs(r * spec.scale() + spec.offset());
        if (value > ceiling) {
            return TOO_LARGE;
        }
        if (value != 0 && value < FLOOR && ceiling != UNKNOWN_UNIT_CEILING) {
            return TOO_SMALL;
        }
        return PLAUSIBLE;
    }

    /**
     * The largest magnitude a facility instrument reports in {@code unit}: a temperature of 10 000 °C, a
     * current of 100 kA or a power of 1 GW does not come from a pod's instruments. {@link #UNKNOWN_UNIT_CEILING}
     * for a unit not listed.
     */
    public static double ceiling(String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "degc", "°c", "cel", "k", "degf", "°f" -> 1e4;
            case "v" -> 1e6;
            case "kv" -> 1e3;
            case "a" -> 1e5;
            case "w", "va", "var" -> 1e9;
            case "kw", "kva", "kvar" -> 1e6;
            case "mw", "mva", "mvar" -> 1e3;
            case "wh", "varh" -> 1e13;
            case "kwh", "kvarh" -> 1e10;
            case "mwh" -> 1e7;
            case "hz" -> 1e4;
            case "%", "%rh" -> 1e3;
            case "l/min", "lpm" -> 1e6;
            case "m3/h", "m³/h" -> 1e5;
            case "pa" -> 1e8;
            case "kpa" -> 1e5;
            case "bar" -> 1e3;
            case "s" -> 1e9;
            case "rpm" -> 1e6;
            default -> UNKNOWN_UNIT_CEILING;
        };
    }
}
