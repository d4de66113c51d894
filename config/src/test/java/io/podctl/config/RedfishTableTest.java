package io.podctl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped profiles' Redfish names: the committed page is current, and units are the properties' units. */
class RedfishTableTest {
    private static final Path PAGE = Path.of("..", "docs", "redfish.md");
    private final List<DeviceProfile> profiles = new ConfigLoader().shippedProfiles();

    /**
     * docs/redfish.md is generated from the shipped profiles. After changing a profile, refresh it with
     * {@code -Dpodctl.updateDocs=true} on this test.
     */
    @Test
    void theCommittedPageListsTheShippedProfilesAsTheyAre() throws IOException {
        String fresh = RedfishTable.markdown(profiles);
        if (Boolean.getBoolean("podctl.updateDocs")) {
            Files.writeString(PAGE, fresh);
        }
        assertEquals(fresh, Files.readString(PAGE),
                "docs/redfish.md is stale: run mvn -pl config test -Dtest=RedfishTableTest -Dpodctl.updateDocs=true");
    }

    /** A point mapped to a Redfish property that has a unit (…Celsius, …kPa, …Amps) is published in that unit. */
    @Test
    void pointsArePublishedInTheUnitOfTheirRedfishProperty() {
        List<String> wrong = new ArrayList<>();
        int mapped = 0;
        for (DeviceProfile p : profiles) {
            for (PointConfig point : p.points()) {
                if (point.redfish() == null) {
                    continue;
                }
                mapped++;
                String unit = RedfishTable.unitOf(point.redfish());
                if (!unit.equals(point.unit())) {
                    wrong.add(p.name() + "." + point.id() + ": " + point.unit() + " but " + point.redfish()
                            + " is in " + (unit.isEmpty() ? "no unit" : unit));
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(mapped > 40, "the shipped profiles map their points: " + mapped);
    }

    @Test
    void unitsFromRedfishPropertyNames() {
        assertEquals("degC", RedfishTable.unitOf("CoolingUnit/SecondaryCoolantConnectors/{n}/SupplyTemperatureCelsius"));
        assertEquals("kPa", RedfishTable.unitOf("CoolingUnit/SecondaryCoolantConnectors/{n}/DeltaPressurekPa"));
        assertEquals("L/min", RedfishTable.unitOf("CoolingUnit/SecondaryCoolantConnectors/{n}/FlowLitersPerMinute"));
        assertEquals("%", RedfishTable.unitOf("CoolingUnit/Pumps/{n}/SpeedControlPercent/SetPoint"));
        assertEquals("A", RedfishTable.unitOf("PowerDistribution/Mains/{n}/PolyPhaseCurrentAmps/Line1"));
        assertEquals("W", RedfishTable.unitOf("PowerDistribution/Mains/{n}/PowerWatts"));
        assertEquals("kWh", RedfishTable.unitOf("PowerDistribution/Mains/{n}/EnergykWh"));
        assertEquals("V", RedfishTable.unitOf("PowerDistribution/Mains/{n}/PolyPhaseVoltage/Line1ToNeutral"));
        assertEquals("", RedfishTable.unitOf("CoolingUnit/Pumps/1/Status/Health"));
    }
}
