package io.podctl.hal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.podctl.hal.Clock;
import io.podctl.hal.ManualClock;
import io.podctl.hal.modbus.BusReply;
import io.podctl.hal.modbus.ModbusBuses;
import io.podctl.hal.modbus.RegisterBus;
import io.podctl.hal.modbus.RtuBusSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated pod with an RS-485 line: the meter and a PDU served as RTU slaves on a simulated line, read by the
 * production RTU master from the line's controller end, while the CDU stays on Modbus TCP.
 */
class SimulatedPodRtuLineIT {
    private static final RtuBusSettings SERIAL = new RtuBusSettings("/dev/ttyUSB0", 19200, RtuBusSettings.Parity.EVEN,
            8, 1, Duration.ofMillis(200));
    private final ManualClock clock = new ManualClock();
    private final PodFixture f = new PodFixture(SimPodSettings.defaults().withRtuLine(new SimPodSettings.RtuLine(
            "rs485", SERIAL, Map.of(SimulatedPod.METER, 1, SimulatedPod.pdu(1), 11))), clock);
    private RegisterBus bus;

    @AfterEach
    void close() {
        if (bus != null) {
            bus.close();
        }
        f.close();
    }

    @Test
    void devicesOnTheLineAnswerAtTheirUnitIdsWithThePlantsValues() {
        f.energizeAllRacks();
        f.pod.step(Duration.ofSeconds(5));
        bus = ModbusBuses.rtu(SERIAL.withPortName(f.pod.serialPort("rs485")), Clock.system());

        double meterW = SimSignal.METER_TOTAL_POWER.decode(words(bus.read(1, SimSignal.METER_TOTAL_POWER.table(),
                SimSignal.METER_TOTAL_POWER.address(), 2)));
        // The meter's reading carries its instrument noise (well under 1 %).
        assertEquals(f.pod.state().meter().totalPowerW(), meterW, 0.01 * meterW);
        double pduA = SimSignal.PDU_INLET_CURRENT.decode(words(bus.read(11, SimSignal.PDU_INLET_CURRENT.table(),
                SimSignal.PDU_INLET_CURRENT.address(), 2)));
        assertEquals(f.pod.state().racks().get(0).pduCurrentA(), pduA, 0.01 * pduA + 0.1);

        assertThrows(IllegalStateException.class, () -> f.pod.endpoint(SimulatedPod.METER), "no TCP port of its own");
        f.pod.endpoint(SimulatedPod.CDU);
        assertThrows(IllegalArgumentException.class, () -> f.pod.serialPort("rs232"));

        f.pod.device(SimulatedPod.METER).inject(Fault.silent());
        assertEquals(BusReply.FailureKind.TIMEOUT, assertInstanceOf(BusReply.Failure.class,
                bus.read(1, SimSignal.METER_TOTAL_POWER.table(), SimSignal.METER_TOTAL_POWER.address(), 2)).kind());
        assertInstanceOf(BusReply.Registers.class, bus.read(11, SimSignal.PDU_INLET_CURRENT.table(),
                SimSignal.PDU_INLET_CURRENT.address(), 2), "a dead unit leaves the others answering");

        f.pod.setLineNoise("rs485", new LineNoise(1.0, 0)); // every frame garbled: nothing gets through
        assertInstanceOf(BusReply.Failure.class, bus.read(11, SimSignal.PDU_INLET_CURRENT.table(),
                SimSignal.PDU_INLET_CURRENT.address(), 2));
        f.pod.setLineNoise("rs485", null);
        assertInstanceOf(BusReply.Registers.class, bus.read(11, SimSignal.PDU_INLET_CURRENT.table(),
                SimSignal.PDU_INLET_CURRENT.address(), 2), "a quiet line again");
        assertThrows(IllegalArgumentException.class, () -> f.pod.setLineNoise("rs232", LineNoise.TYPICAL));
    }

    private static int[] words(BusReply reply) {
        BusReply.Registers r = assertInstanceOf(BusReply.Registers.class, reply, String.valueOf(reply));
        int[] w = new int[2];
        for (int i = 0; i < 2; i++) {
            w[i] = r.word(i);
        }
        return w;
    }
}
