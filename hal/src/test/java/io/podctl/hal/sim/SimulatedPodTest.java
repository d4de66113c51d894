package io.podctl.hal.sim;

import io.podctl.hal.Clock;
import io.podctl.hal.ManualClock;
import io.podctl.hal.gpio.DigitalIn;
import io.podctl.hal.gpio.InputPinSpec;
import io.podctl.hal.gpio.Pull;
import io.podctl.hal.sim.internal.PodPhysics;
import io.podctl.hal.sim.internal.TemperatureSensor;
import io.podctl.hal.watchdog.SoftwareWatchdog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plant's physics and GPIO through the public API, stepped deterministically. */
class SimulatedPodTest {
    private final ManualClock clock = new ManualClock();
    private final PodFixture f = new PodFixture(clock);
    private final SimulatedPod pod = f.pod;

    @AfterEach
    void close() {
        f.close();
    }

    private void run(Duration total) {
        pod.step(total);
    }

    @Test
    void startsInEquilibriumWithRacksOffAndPumpOneRunning() {
        PlantState s = pod.state();
        assertEquals(30.0, s.supplyTemperatureC(), 1e-9);
        assertEquals(30.0, s.returnTemperatureC(), 1e-9);
        assertEquals(330.0, s.flowLpm(), 1e-9);
        assertEquals(120.0, s.differentialPressureKpa(), 1e-9);
        assertTrue(s.pump(1).running());
        assertFalse(s.pump(2).running());
        assertEquals(80.0, s.reservoirLevelPercent(), 1e-9);
        assertEquals(0, s.cduStatusBits());
    }

    @Test
    void deEnergizedRacksDrawNothing() {
        run(Duration.ofSeconds(10));
        PlantState s = pod.state();
        for (PlantState.RackState rack : s.racks()) {
            assertFalse(rack.contactorEnergized());
            assertEquals(0.0, rack.powerKw());
            assertEquals(0.0, rack.pduVoltageV());
            assertEquals(0.0, rack.pduCurrentA());
        }
        // 3 kW auxiliaries + pump 1 at 75 % (2 kW)
        assertEquals(5000.0, s.meter().totalPowerW(), 1e-6);
    }

    @Test
    void gpioOutputsDriveRackPowerThroughTheMockProvider() {
        f.contactor(2).setEnergized(true);
        run(Duration.ofMillis(100));
        PlantState s = pod.state();
        assertEquals(0.0, s.rack(1).powerKw());
        assertEquals(80.0, s.rack(2).powerKw());
        assertTrue(s.rack(2).contactorEnergized());
        assertEquals(85_000.0, s.meter().totalPowerW(), 1e-6);
        double vll = s.rack(2).pduVoltageV();
        assertEquals(Math.sqrt(3) * 230, vll, 1.0);
        assertEquals(80_000.0, Math.sqrt(3) * vll * s.rack(2).pduCurrentA(), 1e-6);

        f.contactor(2).setEnergized(false);
        run(Duration.ofMillis(100));
        assertEquals(0.0, pod.state().rack(2).powerKw());
    }

    @Test
    void auxiliaryContactsShowTheContactorsRealStateAlsoWhenOneSticks() {
        DigitalIn aux2 = f.gpio.input(new InputPinSpec("rack2.aux", pod.settings().pins().auxContactPin(2), Pull.DOWN));
        assertFalse(aux2.readLevel(), "open contactor, open auxiliary contact");
        f.contactor(2).setEnergized(true);
        run(Duration.ofMillis(100));
        assertTrue(aux2.readLevel());

        pod.setContactorStuck(2, true); // welded
        f.contactor(2).setEnergized(false);
        run(Duration.ofMillis(100));
        assertEquals(80.0, pod.state().rack(2).powerKw(), "a welded contactor keeps the rack powered");
        assertTrue(aux2.readLevel(), "and its auxiliary contact says so");

        pod.setContactorStuck(2, null);
        run(Duration.ofMillis(100));
        assertFalse(aux2.readLevel());
        assertEquals(0.0, pod.state().rack(2).powerKw());

        pod.setContactorStuck(2, false); // stuck open
        f.contactor(2).setEnergized(true);
        run(Duration.ofMillis(100));
        assertFalse(aux2.readLevel());
        assertEquals(0.0, pod.state().rack(2).powerKw());
        pod.breakWire(pod.settings().pins().auxContactPin(2));
        pod.setContactorStuck(2, null);
        run(Duration.ofMillis(100));
        assertFalse(aux2.readLevel(), "a cut auxiliary wire reads open");
    }

    @Test
    void energizingRacksRaisesTheReturnTemperature() {
        f.energizeAllRacks();
        run(Duration.ofSeconds(60));
        PlantState s = pod.state();
        assertTrue(s.returnTemperatureC() > s.supplyTemperatureC() + 10,
                "return " + s.returnTemperatureC() + " supply " + s.supplyTemperatureC());
        assertEquals(325_000.0, s.meter().totalPowerW(), 1e-6);
    }

    @Test
    void inSteadyStateTheCduHoldsItsSetpointAndReturnObeysTheEnergyBalance() {
        f.energizeAllRacks();
        run(Duration.ofMinutes(15));
        PlantState s = pod.state();
        assertEquals(30.0, s.supplyTemperatureC(), 0.1);
        double massFlow = s.flowLpm() / 60.0 * PodPhysics.WATER_DENSITY;
        double expectedRise = 320_000.0 / (massFlow * PodPhysics.WATER_CP);
        assertEquals(expectedRise, s.returnTemperatureC() - s.supplyTemperatureC(), 0.05);
        assertTrue(s.valvePercent() > 30 && s.valvePercent() < 100, "valve " + s.valvePercent());
        assertTrue(s.primaryReturnTemperatureC() > s.facilityWaterC()
                && s.primaryReturnTemperatureC() < s.returnTemperatureC());
    }

    @Test
    void stoppingTheOnlyPumpDropsFlowToNearZeroWithinSeconds() {
        f.energizeAllRacks();
        run(Duration.ofSeconds(60));
        double returnBefore = pod.state().returnTemperatureC();

        pod.stopPump(1);
        run(Duration.ofSeconds(1));
        double after1s = pod.state().flowLpm();
        assertTrue(after1s > 100 && after1s < 330, "spins down, not instantly: " + after1s);
        run(Duration.ofSeconds(7));
        PlantState s = pod.state();
        assertTrue(s.flowLpm() < 5, "flow " + s.flowLpm());
        assertTrue(s.differentialPressureKpa() < 1);
        assertFalse(s.pump(1).commandedOn());
        assertTrue(s.returnTemperatureC() > returnBefore + 5, "racks heat without flow: " + s.returnTemperatureC());
    }

    @Test
    void startingTheStandbyPumpRestoresFlow() {
        pod.stopPump(1);
        pod.startPump(2);
        run(Duration.ofSeconds(10));
        PlantState s = pod.state();
        assertEquals(330.0, s.flowLpm(), 1.0);
        assertTrue(s.pump(2).running());
        assertFalse(s.pump(1).running());
    }

    @Test
    void raisingTheFacilityWaterTemperatureRaisesSupplyAboveSetpoint() {
        f.energizeAllRacks();
        run(Duration.ofMinutes(10));
        assertEquals(30.0, pod.state().supplyTemperatureC(), 0.3);

        pod.setFacilityWaterTemperature(35.0);
        run(Duration.ofMinutes(5));
        PlantState s = pod.state();
        assertTrue(s.supplyTemperatureC() > 35.0, "supply " + s.supplyTemperatureC());
        assertEquals(100.0, s.valvePercent(), 1e-9);
        assertEquals(35.0, s.facilityWaterC());
    }

    @Test
    void aValveStuckClosedLetsTheSupplyClimb() {
        f.energizeAllRacks();
        pod.setValveStuck(0.0);
        run(Duration.ofMinutes(3));
        PlantState s = pod.state();
        assertTrue(s.valveStuck());
        assertEquals(0.0, s.valvePercent());
        assertTrue(s.supplyTemperatureC() > 40, "supply " + s.supplyTemperatureC());
    }

    @Test
    void withoutFlowRackHardwareShutsItselfDownAndStaysOffUntilItsContactorOpens() {
        f.energizeAllRacks();
        pod.stopPump(1);
        run(Duration.ofSeconds(60));
        PlantState s = pod.state();
        assertTrue(s.rack(1).thermalShutdown());
        assertEquals(0.0, s.rack(1).powerKw());
        assertTrue(s.returnTemperatureC() >= PodPhysics.RACK_THERMAL_SHUTDOWN_C);

        f.contactor(1).setEnergized(false);
        run(Duration.ofMillis(100));
        assertFalse(pod.state().rack(1).thermalShutdown());
    }

    @Test
    void aLeakOpensItsLoopAndDrainsTheReservoir() {
        assertTrue(f.leak(2).readLevel(), "healthy loop reads high");
        pod.setLeak(2, true);
        assertFalse(f.leak(2).readLevel());
        assertTrue(f.leak(1).readLevel());

        run(Duration.ofSeconds(200));
        PlantState s = pod.state();
        assertEquals(80.0 - 0.05 * 200, s.reservoirLevelPercent(), 1e-6);
        assertTrue(s.rack(2).leak());
        assertEquals(0, s.cduStatusBits());

        run(Duration.ofSeconds(700));
        assertEquals(35.0, pod.state().reservoirLevelPercent(), 1e-6);
        assertEquals(0b011, pod.state().cduStatusBits(), "low level and any alarm");

        pod.setLeak(2, false);
        assertTrue(f.leak(2).readLevel());
    }

    @Test
    void eStopResetButtonAndBrokenWiresReachTheControllersInputs() {
        assertTrue(f.estop.readLevel());
        assertFalse(f.reset.readLevel());

        pod.setEstopPressed(true);
        pod.setLocalResetPressed(true);
        assertFalse(f.estop.readLevel());
        assertTrue(f.reset.readLevel());
        pod.setEstopPressed(false);
        pod.setLocalResetPressed(false);

        pod.breakWire(24);
        pod.breakWire(17);
        assertFalse(f.estop.readLevel(), "a broken NC loop reads like an active one");
        assertFalse(f.leak(1).readLevel());
        pod.repairWire(24);
        assertTrue(f.estop.readLevel());
        assertThrows(IllegalArgumentException.class, () -> pod.breakWire(5));
    }

    @Test
    void aPumpFaultStopsThePumpAndLatches() {
        pod.setPumpFault(1, true);
        run(Duration.ofSeconds(10));
        PlantState s = pod.state();
        assertTrue(s.flowLpm() < 5);
        assertTrue(s.pump(1).faultLatched());
        assertEquals(0b101, s.cduStatusBits());

        pod.setPumpFault(1, false);
        run(Duration.ofSeconds(10));
        assertTrue(pod.state().pump(1).faultLatched(), "stays latched until an alarm reset");
        assertEquals(330.0, pod.state().flowLpm(), 1.0);
    }

    @Test
    void beaconOutputIsVisibleInTheState() {
        f.beacon.setEnergized(true);
        run(Duration.ofMillis(100));
        assertTrue(pod.state().beaconOn());
    }

    @Test
    void heartbeatCountsSimulatedSecondsAndWraps() {
        run(Duration.ofMillis(2500));
        assertEquals(2, pod.state().heartbeat());
        run(Duration.ofSeconds(65_534));
        assertEquals(0, pod.state().heartbeat());
    }

    @Test
    void identicalPodsStepIdentically() {
        try (PodFixture other = new PodFixture(clock)) {
            for (PodFixture p : new PodFixture[] {f, other}) {
                p.energizeAllRacks();
                p.pod.setRackDemandKw(3, 120);
                p.pod.step(Duration.ofSeconds(30));
                p.pod.stopPump(1);
                p.pod.step(Duration.ofSeconds(3));
            }
            assertEquals(f.pod.state(), other.pod.state());
        }
    }

    @Test
    void aSoftwareWatchdogExpiryDropsTheOutputsAndTheRacksLosePower() {
        f.energizeAllRacks();
        run(Duration.ofMillis(100));
        assertEquals(320.0, pod.state().racks().stream().mapToDouble(PlantState.RackState::powerKw).sum());

        SoftwareWatchdog watchdog = new SoftwareWatchdog(Duration.ofMillis(300), f.gpio::forceOutputsDeEnergized, clock);
        clock.advance(Duration.ofMillis(200));
        watchdog.feed();
        clock.advance(Duration.ofMillis(300));
        assertTrue(watchdog.checkNow());

        run(Duration.ofMillis(100));
        PlantState s = pod.state();
        assertEquals(0.0, s.racks().stream().mapToDouble(PlantState.RackState::powerKw).sum());
        assertTrue(f.contactor(1).isCommandedEnergized());
        assertFalse(f.contactor(1).readBackEnergized(), "the controller can see the drop-out");
    }

    @Test
    void theRealtimeThreadAdvancesSimulatedTimeFasterThanRealTime() {
        try (PodFixture rt = new PodFixture(Clock.system())) {
            rt.pod.startRealtime(Duration.ofMillis(10), 100.0);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> rt.pod.state().simTime().compareTo(Duration.ofSeconds(10)) >= 0);
            assertThrows(IllegalStateException.class, () -> rt.pod.startRealtime(Duration.ofMillis(10), 1.0));
        }
    }

    @Test
    void theThreeSupplySensorsReadTheLoopEachWithItsOwnNoise() {
        PodPhysics physics = new PodPhysics(SimPodSettings.defaults().physics(), 4);
        int disagreements = 0;
        for (int i = 0; i < 200; i++) {
            physics.step(Duration.ofMillis(50));
            double[] r = new double[3];
            for (SupplySensor s : SupplySensor.values()) {
                r[s.ordinal()] = physics.supplySensorC(s);
                assertEquals(physics.supplyC(), r[s.ordinal()], TemperatureSensor.NOISE_C, s.name());
            }
            disagreements += r[0] != r[1] && r[1] != r[2] ? 1 : 0;
        }
        assertTrue(disagreements > 100, "independent noise: the sensors differ almost always (" + disagreements + ")");
    }

    @Test
    void pokesRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> pod.setRackDemandKw(5, 10));
        assertThrows(IllegalArgumentException.class, () -> pod.setRackDemandKw(1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> pod.setValveStuck(120.0));
        assertThrows(IllegalArgumentException.class, () -> pod.stopPump(3));
        assertThrows(IllegalArgumentException.class, () -> pod.freezeDevice("pdu9", true));
        assertThrows(IllegalArgumentException.class,
                () -> pod.overrideSignal("meter", SimSignal.CDU_FLOW, 1.0));
        assertThrows(IllegalArgumentException.class,
                () -> pod.overrideSignal("cdu", SimSignal.CDU_FLOW, -1.0));
        assertThrows(IllegalArgumentException.class, () -> pod.driftSupplySensor(SupplySensor.B, Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> pod.overrideSupplyTemperature(Double.POSITIVE_INFINITY));
    }
}
