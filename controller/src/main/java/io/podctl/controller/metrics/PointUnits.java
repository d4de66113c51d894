package io.podctl.controller.metrics;

import java.util.Locale;
import java.util.Map;

/**
 * Which metric family a point's value goes to, and the factor from its engineering unit to the family's base
 * unit: Prometheus wants base units in names ({@code _celsius}, {@code _watts}, {@code _pascals},
 * {@code _ratio}, ...). Flow is exported in {@code _cubic_meters_per_second} (SI; 1 L/min = 1/60000 m³/s): litres
 * per minute are what a CDU shows, but not a base unit. A unit not listed here goes to {@code podctl_point_value}
 * unconverted, with its unit as a label; a digital point to {@code podctl_point_active} (1 active, 0 not).
 *
 * <p>Stateless.
 */
final class PointUnits {
    /**
     * A family and a conversion.
     *
     * @param family the metric name, e.g. {@code podctl_point_celsius}
     * @param factor value in the family's unit = engineering value × factor
     * @param unit   the engineering unit, as a label, for {@code podctl_point_value} only (else empty)
     */
    record Target(String family, double factor, String unit) {
    }

    static final String ACTIVE = "podctl_point_active";
    static final String VALUE = "podctl_point_value";

    private static final Map<String, Target> KNOWN = Map.ofEntries(
            base("degc", "celsius", 1), base("°c", "celsius", 1),
            base("k", "kelvin", 1),
            base("w", "watts", 1), base("kw", "watts", 1e3), base("mw", "watts", 1e6),
            base("va", "volt_amperes", 1), base("kva", "volt_amperes", 1e3),
            base("wh", "joules", 3600), base("kwh", "joules", 3.6e6), base("mwh", "joules", 3.6e9),
            base("v", "volts", 1), base("kv", "volts", 1e3),
            base("a", "amperes", 1), base("ma", "amperes", 1e-3),
            base("hz", "hertz", 1),
            base("pa", "pascals", 1), base("kpa", "pascals", 1e3), base("bar", "pascals", 1e5),
            base("mbar", "pascals", 100),
            base("%", "ratio", 0.01),
            base("l/min", "cubic_meters_per_second", 1.0 / 60_000), base("lpm", "cubic_meters_per_second", 1.0 / 60_000),
            base("l/s", "cubic_meters_per_second", 1e-3), base("m3/h", "cubic_meters_per_second", 1.0 / 3600),
            base("s", "seconds", 1), base("ms", "seconds", 1e-3), base("min", "seconds", 60), base("h", "seconds", 3600));

    private PointUnits() {
    }

    private static Map.Entry<String, Target> base(String unit, String suffix, double factor) {
        return Map.entry(unit, new Target("podctl_point_" + suffix, factor, ""));
    }

    /** Where a point with this unit goes. */
    static Target of(String unit, boolean digital) {
        if (digital) {
            return new Target(ACTIVE, 1, "");
        }
        Target t = KNOWN.get(unit.trim().toLowerCase(Locale.ROOT));
        return t != null ? t : new Target(VALUE, 1, unit);
    }
}
