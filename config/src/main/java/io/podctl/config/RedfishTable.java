package io.podctl.config;

import java.util.List;
import java.util.Locale;

/**
 * The DMTF Redfish names of device profiles' points, as the Markdown page {@code docs/redfish.md}: for each
 * profile, every point with its register, unit and the Redfish property its {@code redfish:} attribute names.
 * podctl serves no Redfish interface; the mapping is what a Redfish view of the pod (or a DCIM that speaks
 * Redfish) would use, and it is kept current with the profiles by a test. Pure and thread-safe.
 */
public final class RedfishTable {
    private RedfishTable() {
    }

    /**
     * The engineering unit a Redfish property's name carries ({@code SupplyTemperatureCelsius}: degC,
     * {@code DeltaPressurekPa}: kPa, {@code PolyPhaseCurrentAmps/Line1}: A), in podctl's spelling; empty for a
     * property without one (a status, an action).
     */
    public static String unitOf(String redfishPath) {
        for (String[] token : UNIT_TOKENS) {
            if (redfishPath.contains(token[0])) {
                return token[1];
            }
        }
        return "";
    }

    /** Parts of Redfish property names that carry a unit, with the unit in podctl's spelling; kWh before Watts. */
    private static final List<String[]> UNIT_TOKENS = List.of(new String[] {"Celsius", "degC"},
            new String[] {"kPa", "kPa"}, new String[] {"LitersPerMinute", "L/min"}, new String[] {"Percent", "%"},
            new String[] {"Amps", "A"}, new String[] {"kWh", "kWh"}, new String[] {"Watts", "W"},
            new String[] {"Hz", "Hz"}, new String[] {"Voltage", "V"});

    /** The page for {@code profiles}, in their order. */
    public static String markdown(List<DeviceProfile> profiles) {
        StringBuilder b = new StringBuilder();
        b.append("""
                # Redfish names of the shipped profiles

                <!-- Generated from the shipped profiles (config/src/main/resources/io/podctl/config/profiles) by
                     RedfishTable; RedfishTableTest fails when this page is stale. Refresh it with
                     mvn -pl config test -Dtest=RedfishTableTest -Dpodctl.updateDocs=true -->

                podctl's point ids are short and stable (`cdu.supplyTemp`, `meter.totalPower`). Each point of a
                shipped profile names, in its `redfish:` attribute, the DMTF Redfish property it corresponds to,
                as a path from the Redfish resource: `CoolingUnit` for a CDU or a rear-door heat exchanger,
                `PowerDistribution` for a rack PDU or the pod's feeder, `LeakDetection` for a leak detector.
                `{n}` is the member of a collection (the coolant connector, reservoir, pump or circuit the device
                has, which the register map does not number). Where a Redfish property has a unit, the point is
                published in it: pressures in kPa, temperatures in degrees Celsius, flows in L/min. A point
                without a Redfish property shows "—".

                podctl does not serve Redfish; this is the mapping a Redfish view of the pod, or a DCIM that speaks
                Redfish, would use. The property names were checked against the DMTF schemas CoolingUnit v1.1,
                CoolantConnector v1.2 (the valve position and the setpoint controls), Pump v1.2, Reservoir v1.0,
                LeakDetector v1.2, PowerDistribution v1.3, Circuit v1.7 and Outlet v1.4.

                """);
        for (DeviceProfile p : profiles) {
            b.append("## ").append(p.name()).append("\n\n").append(p.description()).append(".\n\n");
            b.append("| point | register | type | unit | Redfish property |\n");
            b.append("|---|---|---|---|---|\n");
            for (PointConfig point : p.points()) {
                b.append("| `").append(point.id()).append("` | ").append(point.where())
                        .append(point.bit() != null ? " bit " + point.bit() : "").append(" | ")
                        .append(point.type().name().toLowerCase(Locale.ROOT))
                        .append(point.scale() != 1.0 ? " ×" + number(point.scale()) : "").append(" | ")
                        .append(point.unit().isEmpty() ? "" : point.unit()).append(" | ")
                        .append(point.redfish() != null ? "`" + point.redfish() + "`" : "—").append(" |\n");
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
