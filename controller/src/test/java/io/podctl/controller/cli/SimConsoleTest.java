package io.podctl.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.hal.Clock;
import io.podctl.hal.modbus.RegisterTable;
import io.podctl.hal.sim.MockGpioPlatform;
import io.podctl.hal.sim.SimPodSettings;
import io.podctl.hal.sim.SimSignal;
import io.podctl.hal.sim.SimulatedPod;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sim's typed supply-sensor commands act on the plant's registers, one sensor at a time. */
class SimConsoleTest {
    private final MockGpioPlatform gpio = MockGpioPlatform.create();
    private final SimulatedPod plant = SimulatedPod.start(SimPodSettings.defaults(), gpio, Clock.system());
    private final SimConsole console = new SimConsole(plant, () -> { });

    @AfterEach
    void close() {
        plant.close();
        gpio.close();
    }

    private double reading(SimSignal signal) {
        int raw = plant.device(SimulatedPod.CDU).read(RegisterTable.INPUT_REGISTER, signal.address(), 1)[0];
        return signal.decode(new int[] {raw});
    }

    @Test
    void aSupplySensorFailsDriftsAndHealsAloneOnCommand() {
        assertTrue(console.execute("sensor B open").contains("open circuit"));
        assertEquals(3276.7, reading(SimSignal.CDU_SUPPLY_TEMPERATURE_B), 1e-9, "the top of its scale");
        assertEquals(30.0, reading(SimSignal.CDU_SUPPLY_TEMPERATURE), 0.15, "sensor A unaffected");
        console.execute("sensor b short");
        assertEquals(-3276.8, reading(SimSignal.CDU_SUPPLY_TEMPERATURE_B), 1e-9);
        assertTrue(console.execute("sensor b ok").contains("healthy"));
        assertEquals(30.0, reading(SimSignal.CDU_SUPPLY_TEMPERATURE_B), 0.15);

        assertTrue(console.execute("sensor c drift 6").contains("drifting 6.0 degC/min"));
        plant.step(Duration.ofSeconds(20));
        double loop = plant.state().supplyTemperatureC();
        assertEquals(loop + 2.0, reading(SimSignal.CDU_SUPPLY_TEMPERATURE_C), 0.15);
        assertEquals(loop, reading(SimSignal.CDU_SUPPLY_TEMPERATURE_B), 0.15);
    }

    @Test
    void aMistypedSensorCommandSaysWhatWentWrong() {
        assertEquals("could not do 'sensor d open': the supply sensors are A, B and C", console.execute("sensor d open"));
        assertTrue(console.execute("sensor a melt").contains("open, short, drift DEGC_PER_MIN or ok"));
        assertTrue(console.execute("sensor a drift").startsWith("could not do"));
    }
}
