package io.podctl.sensors.modbus;

/**
 * Decimal precision of engineering values, without allocation: binary floating point cannot hold 34.8, so
 * {@code 348 × 0.1} is {@code 34.800000000000004}, and a float32 register pair holding 230.1 decodes to
 * {@code 230.10000610351562}. Rounding to the precision the device meant gives the double nearest to the
 * decimal (34.8, 230.1), whose shortest text ({@link Double#toString}, and so JSON) is that decimal.
 *
 * <p>Pure and thread-safe.
 */
public final class Decimals {
    /** No rounding: the value is kept as computed. */
    public static final int NONE = -1;
    /** Most decimals considered; a scale or value needing more is left unrounded. */
    public static final int MAX = 15;

    /** Powers of ten that are exact as doubles (up to 1e22). */
    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private Decimals() {
    }

    /**
     * The decimals of a short decimal number as written in a configuration: 0.1 has 1, 0.25 has 2, 10 and 1 have
     * 0; {@link #NONE} when {@code v} is not finite or needs more than {@link #MAX} decimals (a computed 1/3).
     */
    public static int of(double v) {
        if (!Double.isFinite(v)) {
            return NONE;
        }
        for (int d = 0; d <= MAX; d++) {
            double scaled = v * POW10[d];
            if (Math.abs(scaled) >= 0x1p52) {
                return NONE;
            }
            // v has d decimals when it is the double nearest to round(v × 10^d) / 10^d.
            if (Math.rint(scaled) / POW10[d] == v) {
                return d;
            }
        }
        return NONE;
    }

    /**
     * {@code v} rounded to {@code decimals} places, half away from zero: the double nearest to that decimal.
     * {@link #NONE} (or any negative count), NaN and infinities come back unchanged; so does a value too large
     * for its decimals to matter. Never returns negative zero.
     */
    public static double round(double v, int decimals) {
        if (decimals < 0 || decimals > MAX || !Double.isFinite(v)) {
            return v;
        }
        double p = POW10[decimals];
        double scaled = v * p;
        if (Math.abs(scaled) >= 0x1p52) {
            return v;
        }
        double n = Math.floor(Math.abs(scaled) + 0.5);
        return (scaled < 0 ? -n : n) / p + 0.0;
    }

    /**
     * The value a float32 register pair means: the double nearest to the shortest decimal that reads back as
     * {@code f} (230.1f, stored as 230.100006103515625, is 230.1). Zero, NaN and infinities are returned as
     * they are.
     */
    public static double ofFloat(float f) {
        double d = f;
        if (f == 0 || !Float.isFinite(f)) {
            return d;
        }
        int exponent = (int) Math.floor(Math.log10(Math.abs(d)));
        // A float32 needs at most 9 significant digits to be read back exactly.
        for (int digits = 1; digits <= 9; digits++) {
            double candidate = roundToDecimals(d, digits - 1 - exponent);
            if ((float) candidate == f) {
                return candidate;
            }
        }
        return d;
    }

    /**
     * The decimals an engineering value {@code raw × scale + offset} has when the raw value is exact: those of
     * the raw value (0 for an integer register) plus those of the scale, or those of the offset if more;
     * {@link #NONE} when one of them has no short decimal form.
     */
    static int implied(int rawDecimals, double scale, double offset) {
        int s = of(scale);
        int o = of(offset);
        if (rawDecimals == NONE || s == NONE || o == NONE) {
            return NONE;
        }
        int d = Math.max(Math.max(rawDecimals, 0) + s, o);
        return d <= MAX ? d : NONE;
    }

    /** {@code v} rounded to {@code decimals} places, which may be negative (tens, hundreds…); for {@link #ofFloat}. */
    private static double roundToDecimals(double v, int decimals) {
        if (decimals >= 0) {
            double p = decimals < POW10.length ? POW10[decimals] : Math.pow(10, decimals);
            return Math.rint(v * p) / p;
        }
        double p = -decimals < POW10.length ? POW10[-decimals] : Math.pow(10, -decimals);
        return Math.rint(v / p) * p;
    }
}
