package io.podctl.hil;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A loss of cooling driven by the plant's own physics, not by an overridden value: the facility water gets
 * too warm for the heat exchanger, the supply temperature climbs, the controller alarms and trips. The plant
 * runs 10 times faster than real time so that minutes of thermal drift take seconds; the controller does not
 * know.
 */
class ThermalScenarioIT {
    @RegisterExtension
    static final SharedPod shared = new SharedPod(uri -> SimPod.startFastPhysics(uri, 10.0));
    private final SimPod pod = shared.pod();

    @Test
    void aPhysicalLossOfCoolingTripsOnTemperature() {
        // Facility water far above the supply setpoint: the heat exchanger cannot hold 30 degC any more.
        pod.plant.setFacilityWaterTemperature(48);
        pod.plant.setValveStuck(100.0);
        await("supply temperature trip from the plant's own physics").atMost(Duration.ofSeconds(30))
                .until(pod::noRackPowered);
        JsonNode temp = pod.latest(SimPod.ROOT + "/points/cdu.supplyTemp");
        assertTrue(temp.path("v").asDouble() >= 39.0, temp.toString());
    }

}
