package io.podctl.hal.sim;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import io.podctl.hal.ManualClock;
import io.podctl.hal.modbus.RegisterTable;
import io.podctl.hal.sim.internal.PodPhysics;
import java.io.DataInputStream;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.podctl.hal.modbus.ModbusException.ILLEGAL_DATA_ADDRESS;
import static org.awaitility.Awaitility.await;
import static io.podctl.hal.modbus.ModbusException.ILLEGAL_DATA_VALUE;
import static io.podctl.hal.modbus.ModbusException.ILLEGAL_FUNCTION;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulated devices over real Modbus TCP on loopback, read by a plain j2mod master (explicit timeout,
 * a single attempt). Decoding here is written independently of {@link SimSignal}.
 */
class SimulatedPodIT {
    private static final int TIMEOUT_MS = 300;
    /** A supply sensor's noise (one register step, 0.1 °C) plus the register's rounding (half a step), °C. */
    private static final double SUPPLY_SENSOR_TOLERANCE = 0.15 + 1e-9;

    private final ManualClock clock = new ManualClock();
    private final PodFixture f = new PodFixture(clock);
    private final SimulatedPod pod = f.pod;
    private final List<ModbusTCPMaster> masters = new ArrayList<>();

    @AfterEach
    void close() {
        masters.forEach(ModbusTCPMaster::disconnect);
        f.close();
    }

    private ModbusTCPMaster master(String deviceId) throws Exception {
        return master(pod.endpoint(deviceId));
    }

    private ModbusTCPMaster master(InetSocketAddress a) throws Exception {
        ModbusTCPMaster m = new ModbusTCPMaster(a.getAddress().getHostAddress(), a.getPort(), TIMEOUT_MS, false);
        m.connect();
        // j2mod treats retries <= 0 as 5; 1 means one attempt.
        m.setRetries(1);
        masters.add(m);
        return m;
    }

    private static int[] words(InputRegister[] regs) {
        int[] w = new int[regs.length];
        for (int i = 0; i < regs.length; i++) {
            w[i] = regs[i].toUnsignedShort();
        }
        return w;
    }

    private static float float32(int[] w, int offset) {
        return Float.intBitsToFloat((w[offset] << 16) | w[offset + 1]);
    }

    private static double int16(int[] w, int offset, double scale) {
        return ((short) w[offset]) / scale;
    }

    private static double uint16(int[] w, int offset, double scale) {
        return w[offset] / scale;
    }

    private static int exceptionCode(ThrowingRead read) {
        ModbusSlaveException e = assertThrows(ModbusSlaveException.class, read::run);
        return e.getType();
    }

    @FunctionalInterface
    private interface ThrowingRead {
        void run() throws Exception;
    }

    /** Text as a device stores it: two characters per register, high byte first, up to the first NUL. */
    private static String ascii(int[] w) {
        StringBuilder sb = new StringBuilder();
        for (int word : w) {
            sb.append((char) (word >> 8)).append((char) (word & 0xFF));
        }
        int nul = sb.indexOf("\u0000");
        return nul < 0 ? sb.toString() : sb.substring(0, nul);
    }

    @Test
    void theCduServesItsIdentityAsTextWhereItsProfileReadsIt() throws Exception {
        ModbusTCPMaster cdu = master(SimulatedPod.CDU);

        assertEquals(SimulatedPod.CDU_SERIAL_NUMBER, ascii(words(cdu.readInputRegisters(1, 100, 8))));
        assertEquals(SimulatedPod.CDU_FIRMWARE_VERSION, ascii(words(cdu.readInputRegisters(1, 108, 4))));
        assertEquals(SimulatedPod.CDU_MODEL, ascii(words(cdu.readInputRegisters(1, 112, 8))));
        assertEquals(2, exceptionCode(() -> cdu.readInputRegisters(1, 16, 1)), "the map is sparse between");
    }

    @Test
    void cduRegistersDecodeToThePlantState() throws Exception {
        f.energizeAllRacks();
        pod.step(Duration.ofSeconds(45));
        PlantState s = pod.state();
        int[] ir = words(master(SimulatedPod.CDU).readInputRegisters(1, 0, 16));

        // Three supply sensors, each with its own noise of up to one register step, plus rounding; the other
        // measured values: the plant's exact value plus its sensor's noise, to the register's resolution.
        assertEquals(s.supplyTemperatureC(), int16(ir, 0, 10), SUPPLY_SENSOR_TOLERANCE);
        assertEquals(s.supplyTemperatureC(), int16(ir, 14, 10), SUPPLY_SENSOR_TOLERANCE);
        assertEquals(s.supplyTemperatureC(), int16(ir, 15, 10), SUPPLY_SENSOR_TOLERANCE);
        assertEquals(s.returnTemperatureC(), int16(ir, 1, 10), 0.05 + PodPhysics.SENSOR_NOISE_C);
        assertEquals(s.flowLpm(), uint16(ir, 2, 10), 0.05 + PodPhysics.SENSOR_NOISE_LPM);
        assertEquals(s.differentialPressureKpa(), uint16(ir, 3, 1), 0.5 + PodPhysics.SENSOR_NOISE_KPA);
        assertEquals(s.reservoirLevelPercent(), uint16(ir, 4, 10), 0.05);
        assertEquals(0b101, ir[5], "pump 1 running and commanded");
        assertEquals(s.pump(1).speedPercent(), uint16(ir, 6, 10), 0.05);
        assertEquals(0, ir[7], "pump 2 standby");
        assertEquals(0.0, uint16(ir, 8, 10));
        assertEquals(s.valvePercent(), uint16(ir, 9, 10), 0.05);
        assertEquals(20.0, int16(ir, 10, 10), 0.05 + PodPhysics.SENSOR_NOISE_C);
        assertEquals(s.primaryReturnTemperatureC(), int16(ir, 11, 10), 0.05 + PodPhysics.SENSOR_NOISE_C);
        assertEquals(0, ir[12]);
        assertEquals(45, ir[13]);

        Register[] hr = master(SimulatedPod.CDU).readMultipleRegisters(1, 0, 5);
        assertEquals(300, hr[0].toShort(), "setpoint 30.0 °C");
        assertEquals(1, hr[1].getValue());
        assertEquals(0, hr[2].getValue());
        assertEquals(750, hr[3].getValue());
        assertEquals(0, hr[4].getValue());
    }

    @Test
    void meterRegistersDecodeAsFloat32HighWordFirst() throws Exception {
        f.contactor(1).setEnergized(true);
        f.contactor(3).setEnergized(true);
        pod.step(Duration.ofSeconds(90));
        PlantState.MeterState m = pod.state().meter();
        ModbusTCPMaster master = master(SimulatedPod.METER);

        int[] phases = words(master.readInputRegisters(1, 0, 18));
        assertEquals((float) m.l1VoltageV(), float32(phases, 0));
        assertEquals((float) m.l2VoltageV(), float32(phases, 2));
        assertEquals((float) m.l3VoltageV(), float32(phases, 4));
        assertEquals((float) m.l1CurrentA(), float32(phases, 6));
        assertEquals((float) m.l3CurrentA(), float32(phases, 10));
        assertEquals(m.l2PowerW(), float32(phases, 14), PodPhysics.POWER_NOISE_W / 3 + 0.01);
        assertEquals(165_000f, float32(words(master.readInputRegisters(1, 52, 2)), 0), PodPhysics.POWER_NOISE_W);
        int[] freqEnergy = words(master.readInputRegisters(1, 70, 4));
        assertEquals((float) m.frequencyHz(), float32(freqEnergy, 0));
        assertEquals(50.0, float32(freqEnergy, 0), 0.021);
        float importKwh = float32(freqEnergy, 2);
        assertEquals(165.0 * 90 / 3600, importKwh, 1e-3);
        assertEquals(importKwh, float32(words(master.readInputRegisters(1, 342, 2)), 0));
        // Registers 18..51 are outside the served map (30053 in the manual is wire address 52).
        assertEquals(ILLEGAL_DATA_ADDRESS,
                exceptionCode(() -> master.readInputRegisters(1, 18, 2)));
    }

    @Test
    void eachPduReportsItsRack() throws Exception {
        f.contactor(2).setEnergized(true);
        pod.setRackDemandKw(2, 100);
        pod.step(Duration.ofSeconds(1));
        for (int rack = 1; rack <= 4; rack++) {
            PlantState.RackState r = pod.state().rack(rack);
            ModbusTCPMaster m = master(SimulatedPod.pdu(rack));
            int[] inlet = words(m.readMultipleRegisters(1, 0x3008, 4));
            assertEquals((float) r.pduVoltageV(), float32(inlet, 0));
            assertEquals((float) r.pduCurrentA(), float32(inlet, 2));
            assertEquals((float) (r.powerKw() * 1000), float32(words(m.readMultipleRegisters(1, 0x3012, 2)), 0));
            assertEquals((float) r.pduOutlet1CurrentA(), float32(words(m.readMultipleRegisters(1, 0x800A, 2)), 0));
        }
        int[] p2 = words(master(SimulatedPod.pdu(2)).readMultipleRegisters(1, 0x3012, 2));
        assertEquals(100_000f, float32(p2, 0));
    }

    private static int[] words(Register[] regs) {
        int[] w = new int[regs.length];
        for (int i = 0; i < regs.length; i++) {
            w[i] = regs[i].toUnsignedShort();
        }
        return w;
    }

    @Test
    void unmappedPduRegistersAnswerException02() throws Exception {
        ModbusTCPMaster m = master(SimulatedPod.pdu(1));
        assertEquals(ILLEGAL_DATA_ADDRESS, exceptionCode(() -> m.readMultipleRegisters(1, 0x3000, 1)));
        assertEquals(ILLEGAL_DATA_ADDRESS, exceptionCode(() -> m.readMultipleRegisters(1, 0x3012, 4)),
                "block runs past the end of the inlet block");
        assertEquals(12, m.readMultipleRegisters(1, 0x3008, 12).length, "the inlet block reads in one request");
        assertEquals(ILLEGAL_DATA_ADDRESS, exceptionCode(() -> m.readMultipleRegisters(1, 0xFFFF, 1)));
        assertEquals(ILLEGAL_DATA_ADDRESS, exceptionCode(() -> m.readInputRegisters(1, 0x3008, 2)), "PDU values are holding registers");
        // The connection survives exception replies.
        assertEquals(4, m.readMultipleRegisters(1, 0x3008, 4).length);
    }

    @Test
    void badRequestsGetTheRightExceptionCodes() throws Exception {
        ModbusTCPMaster cdu = master(SimulatedPod.CDU);
        assertEquals(ILLEGAL_FUNCTION, exceptionCode(() -> cdu.readCoils(1, 0, 8)));
        assertEquals(ILLEGAL_DATA_VALUE, exceptionCode(() -> cdu.readInputRegisters(1, 0, 126)));
        assertEquals(ILLEGAL_DATA_VALUE, exceptionCode(() -> cdu.writeSingleRegister(1, 0, new SimpleRegister(999))),
                "setpoint 99.9 °C is out of range");
        assertEquals(ILLEGAL_DATA_VALUE, exceptionCode(() -> cdu.writeSingleRegister(1, 1, new SimpleRegister(2))));
        assertEquals(ILLEGAL_DATA_ADDRESS, exceptionCode(() -> cdu.writeSingleRegister(1, 5, new SimpleRegister(0))));
        ModbusTCPMaster pdu = master(SimulatedPod.pdu(1));
        assertEquals(ILLEGAL_DATA_ADDRESS, exceptionCode(() -> pdu.writeMultipleRegisters(1, 0x3008,
                new Register[] {new SimpleRegister(0), new SimpleRegister(0)})), "measurements are read-only");
        assertEquals(ILLEGAL_DATA_ADDRESS, exceptionCode(() -> cdu.readInputRegisters(7, 0, 1)), "wrong unit id");
    }

    @Test
    void pumpRunCommandsOverModbusStopAndStartThePumps() throws Exception {
        ModbusTCPMaster cdu = master(SimulatedPod.CDU);
        cdu.writeSingleRegister(1, 1, new SimpleRegister(0));
        pod.step(Duration.ofSeconds(10));
        assertTrue(pod.state().flowLpm() < 5);
        int[] ir = words(cdu.readInputRegisters(1, 2, 1));
        assertTrue(ir[0] < 50, "flow register " + ir[0]);

        cdu.writeMultipleRegisters(1, 2, new Register[] {new SimpleRegister(1), new SimpleRegister(1000)});
        pod.step(Duration.ofSeconds(20));
        PlantState s = pod.state();
        assertTrue(s.pump(2).running());
        assertEquals(440.0, s.flowLpm(), 0.01, "pump 2 alone at 100 %");
        assertArrayEquals(new int[] {0b000, 0, 0b101, 1000},
                words(cdu.readInputRegisters(1, 5, 4)), "pump statuses and speeds");
    }

    @Test
    void alarmResetReadsBackZeroAndClearsALatchedFaultOnceItHasGone() throws Exception {
        pod.setPumpFault(1, true);
        pod.step(Duration.ofSeconds(1));
        ModbusTCPMaster cdu = master(SimulatedPod.CDU);
        assertEquals(0b101, cdu.readInputRegisters(1, 12, 1)[0].getValue());

        cdu.writeSingleRegister(1, 4, new SimpleRegister(1));
        assertEquals(0, cdu.readMultipleRegisters(1, 4, 1)[0].getValue(), "reads back 0");
        pod.step(Duration.ofSeconds(1));
        assertEquals(0b101, cdu.readInputRegisters(1, 12, 1)[0].getValue(), "fault still present: stays latched");

        pod.setPumpFault(1, false);
        pod.step(Duration.ofSeconds(1));
        assertEquals(0b101, cdu.readInputRegisters(1, 12, 1)[0].getValue(), "gone but latched");
        cdu.writeSingleRegister(1, 4, new SimpleRegister(1));
        pod.step(Duration.ofSeconds(1));
        assertEquals(0, cdu.readInputRegisters(1, 12, 1)[0].getValue());
        assertFalse(pod.state().pump(1).faultLatched());
    }

    @Test
    void aSilentDeviceTimesOutWhileTheOthersAnswer() throws Exception {
        ModbusTCPMaster cdu = master(SimulatedPod.CDU);
        ModbusTCPMaster meter = master(SimulatedPod.METER);
        pod.setDeviceOffline(SimulatedPod.CDU, true);

        ModbusIOException timeout = assertThrows(ModbusIOException.class, () -> cdu.readInputRegisters(1, 0, 1));
        assertTrue(timeout.getMessage().toLowerCase().contains("timeout"), timeout.getMessage());
        assertEquals(2, meter.readInputRegisters(1, 0, 2).length);
        try (Socket s = new Socket()) {
            s.connect(pod.endpoint(SimulatedPod.CDU), TIMEOUT_MS);
            assertTrue(s.isConnected(), "connections are still accepted");
        }

        pod.setDeviceOffline(SimulatedPod.CDU, false);
        assertEquals(1, master(SimulatedPod.CDU).readInputRegisters(1, 0, 1).length);
    }

    @Test
    void aRefusingDeviceRefusesConnectionsAndComesBackOnTheSamePort() throws Exception {
        InetSocketAddress before = pod.endpoint(SimulatedPod.pdu(3));
        ModbusTCPMaster connected = master(before);
        pod.setDeviceOffline(SimulatedPod.pdu(3), true, OfflineMode.REFUSE_CONNECTIONS);

        assertThrows(ModbusException.class, () -> connected.readMultipleRegisters(1, 0x3008, 2),
                "the open connection is closed");
        try (Socket s = new Socket()) {
            assertThrows(ConnectException.class, () -> s.connect(before, TIMEOUT_MS));
        }

        pod.setDeviceOffline(SimulatedPod.pdu(3), false);
        assertEquals(before, pod.endpoint(SimulatedPod.pdu(3)));
        assertEquals(2, master(before).readMultipleRegisters(1, 0x3008, 2).length);
    }

    /**
     * A steady plant's sensors still move their last digit from sample to sample, as real ones do: a reading
     * stuck at one value is what a frozen sensor looks like (and what an override serves).
     */
    @Test
    void measuredValuesOfASteadyPlantMoveFromSampleToSample() throws Exception {
        ModbusTCPMaster cdu = master(SimulatedPod.CDU);
        ModbusTCPMaster meter = master(SimulatedPod.METER);
        pod.step(Duration.ofMinutes(5));
        Set<Integer> supply = new HashSet<>();
        Set<Integer> flow = new HashSet<>();
        Set<Integer> pressure = new HashSet<>();
        Set<Float> power = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            pod.step(Duration.ofMillis(200));
            int[] ir = words(cdu.readInputRegisters(1, 0, 4));
            supply.add(ir[0]);
            flow.add(ir[2]);
            pressure.add(ir[3]);
            power.add(float32(words(meter.readInputRegisters(1, 52, 2)), 0));
        }
        assertTrue(supply.size() >= 3 && flow.size() >= 3 && pressure.size() >= 3 && power.size() >= 3,
                "supply " + supply + ", flow " + flow + ", pressure " + pressure + ", power " + power);

        pod.overrideSignal(SimulatedPod.CDU, SimSignal.CDU_SUPPLY_TEMPERATURE, 30.0);
        supply.clear();
        for (int i = 0; i < 5; i++) {
            pod.step(Duration.ofMillis(200));
            supply.add(words(cdu.readInputRegisters(1, 0, 1))[0]);
        }
        assertEquals(Set.of(300), supply, "an override is a value stuck where it was put");
    }

    @Test
    void aFrozenDeviceKeepsServingItsLastValues() throws Exception {
        pod.step(Duration.ofSeconds(5));
        ModbusTCPMaster cdu = master(SimulatedPod.CDU);
        pod.freezeDevice(SimulatedPod.CDU, true);
        pod.step(Duration.ofSeconds(10));
        assertEquals(15, pod.state().heartbeat());
        assertEquals(5, cdu.readInputRegisters(1, 13, 1)[0].getValue());

        pod.freezeDevice(SimulatedPod.CDU, false);
        pod.step(Duration.ofSeconds(1));
        assertEquals(16, cdu.readInputRegisters(1, 13, 1)[0].getValue());
    }

    @Test
    void overridesReplaceWhatMastersReadUntilCleared() throws Exception {
        pod.overrideSignal(SimulatedPod.CDU, SimSignal.CDU_SUPPLY_TEMPERATURE, 85.5);
        pod.overrideSignal(SimulatedPod.METER, SimSignal.METER_FREQUENCY, Double.NaN);
        pod.overrideRegister(SimulatedPod.CDU, RegisterTable.INPUT_REGISTER, 2, 0xFFFF);
        pod.step(Duration.ofSeconds(1));
        ModbusTCPMaster cdu = master(SimulatedPod.CDU);
        ModbusTCPMaster meter = master(SimulatedPod.METER);

        int[] ir = words(cdu.readInputRegisters(1, 0, 3));
        assertEquals(855, ir[0]);
        assertEquals(0xFFFF, ir[2]);
        assertTrue(Float.isNaN(float32(words(meter.readInputRegisters(1, 70, 2)), 0)));

        pod.clearOverrides(SimulatedPod.CDU);
        pod.clearOverrides(SimulatedPod.METER);
        assertEquals(30.0, int16(words(cdu.readInputRegisters(1, 0, 1)), 0, 10), SUPPLY_SENSOR_TOLERANCE,
                "the plant's 30.0 °C, within the sensor's noise");
        assertEquals((float) pod.state().meter().frequencyHz(), float32(words(meter.readInputRegisters(1, 70, 2)), 0));
    }

    /**
     * Each supply sensor fails or drifts on its own, in its own register, while the CDU keeps answering and the
     * other sensors keep reading the loop; a held supply temperature is what every sensor measures.
     */
    @Test
    void oneSupplySensorFailsOrDriftsAloneWhileTheOthersReadTheLoop() throws Exception {
        ModbusTCPMaster cdu = master(SimulatedPod.CDU);
        pod.failSupplySensor(SupplySensor.B, SensorFault.OPEN_CIRCUIT);
        pod.failSupplySensor(SupplySensor.C, SensorFault.SHORT_CIRCUIT);
        int[] ir = words(cdu.readInputRegisters(1, 0, 16));
        assertEquals(0x7FFF, ir[14], "an open RTD: the transmitter's top of scale, at once");
        assertEquals(0x8000, ir[15], "shorted leads: the bottom of scale");
        assertEquals(30.0, int16(ir, 0, 10), SUPPLY_SENSOR_TOLERANCE, "sensor A reads the loop");

        pod.repairSupplySensor(SupplySensor.B);
        pod.repairSupplySensor(SupplySensor.C);
        pod.driftSupplySensor(SupplySensor.C, 3.0);
        pod.step(Duration.ofSeconds(40));
        ir = words(cdu.readInputRegisters(1, 0, 16));
        double loop = pod.state().supplyTemperatureC();
        assertEquals(loop + 2.0, int16(ir, 15, 10), SUPPLY_SENSOR_TOLERANCE, "3 degC/min for 40 s: 2 degC high");
        assertEquals(loop, int16(ir, 0, 10), SUPPLY_SENSOR_TOLERANCE);
        assertEquals(loop, int16(ir, 14, 10), SUPPLY_SENSOR_TOLERANCE);

        pod.driftSupplySensor(SupplySensor.C, 0);
        pod.overrideSupplyTemperature(41.0);
        ir = words(cdu.readInputRegisters(1, 0, 16));
        assertEquals(41.0, int16(ir, 0, 10), SUPPLY_SENSOR_TOLERANCE, "every sensor measures the held temperature");
        assertEquals(41.0, int16(ir, 14, 10), SUPPLY_SENSOR_TOLERANCE);
        assertEquals(43.0, int16(ir, 15, 10), SUPPLY_SENSOR_TOLERANCE, "with its bias, held since the drift stopped");

        pod.clearOverrides(SimulatedPod.CDU);
        pod.repairSupplySensor(SupplySensor.C);
        ir = words(cdu.readInputRegisters(1, 0, 16));
        for (int address : new int[] {0, 14, 15}) {
            assertEquals(loop, int16(ir, address, 10), SUPPLY_SENSOR_TOLERANCE, "register " + address);
        }
    }

    @Test
    void severalPodsRunSideBySideInOneJvm() throws Exception {
        try (PodFixture second = new PodFixture(clock)) {
            second.pod.setRackDemandKw(1, 40);
            f.contactor(1).setEnergized(true);
            second.contactor(1).setEnergized(true);
            pod.step(Duration.ofSeconds(1));
            second.pod.step(Duration.ofSeconds(1));
            assertNotEquals(pod.endpoint(SimulatedPod.pdu(1)), second.pod.endpoint(SimulatedPod.pdu(1)));

            assertEquals(80_000f, float32(words(master(SimulatedPod.pdu(1)).readMultipleRegisters(1, 0x3012, 2)), 0));
            assertEquals(40_000f, float32(words(master(second.pod.endpoint(SimulatedPod.pdu(1)))
                    .readMultipleRegisters(1, 0x3012, 2)), 0));
        }
    }

    @Test
    void closingAPodReleasesItsServerAndConnectionThreads() throws Exception {
        PodFixture other = new PodFixture(clock);
        List<String> prefixes = new ArrayList<>();
        for (String id : other.pod.deviceIds()) {
            prefixes.add("sim-modbus-" + id + "@" + other.pod.endpoint(id).getPort() + "-");
            master(other.pod.endpoint(id));
        }
        // one accept thread and one connection thread per device
        await().atMost(Duration.ofSeconds(5)).until(() -> threadsNamed(prefixes) == 2L * prefixes.size());
        other.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> threadsNamed(prefixes) == 0);
    }

    private static long threadsNamed(List<String> prefixes) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && prefixes.stream().anyMatch(p -> t.getName().startsWith(p)))
                .count();
    }

    @Test
    void aConfiguredPortIsUsed() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        SimPodSettings settings = SimPodSettings.defaults().withDevicePort(SimulatedPod.METER, port);
        try (PodFixture fixed = new PodFixture(settings, clock)) {
            assertEquals(port, fixed.pod.endpoint(SimulatedPod.METER).getPort());
            assertEquals(2, master(fixed.pod.endpoint(SimulatedPod.METER)).readInputRegisters(1, 0, 2).length);
        }
    }

    @Test
    void malformedFramesGetException03OrACloseNeverACrash() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(pod.endpoint(SimulatedPod.CDU), TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            var out = s.getOutputStream();
            var in = new DataInputStream(s.getInputStream());
            // FC16 to HR 1, quantity 2, but byte count 2 and only one register of data.
            out.write(new byte[] {0, 7, 0, 0, 0, 9, 1, 0x10, 0, 1, 0, 2, 2, 0, 1});
            byte[] reply = new byte[9];
            in.readFully(reply);
            assertArrayEquals(new byte[] {0, 7, 0, 0, 0, 3, 1, (byte) 0x90, 3}, reply);
            // A protocol id other than 0 is not Modbus: the device hangs up.
            out.write(new byte[] {0, 8, 0, 1, 0, 6, 1, 4, 0, 0, 0, 1});
            assertEquals(-1, in.read());
        }
        assertEquals(1, master(SimulatedPod.CDU).readInputRegisters(1, 0, 1).length);
    }

    /**
     * A float32 is never torn: while the plant flips rack 1 between 0 and 80 kW as fast as it can step,
     * every read of the PDU's power is exactly one or the other (a torn read would mix the words of 0.0f
     * and 80000.0f into 79872.0f or a denormal).
     */
    @Test
    void float32ValuesAreNeverTornByAConcurrentStep() throws Exception {
        ModbusTCPMaster m = master(SimulatedPod.pdu(1));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> stepperFailure = new AtomicReference<>();
        CountDownLatch stepping = new CountDownLatch(1);
        Thread stepper = new Thread(() -> {
            try {
                boolean on = false;
                while (!stop.get()) {
                    on = !on;
                    f.contactor(1).setEnergized(on);
                    pod.step(Duration.ofMillis(1));
                    stepping.countDown();
                }
            } catch (Throwable t) {
                stepperFailure.set(t);
            }
        }, "test-stepper");
        stepper.start();
        try {
            assertTrue(stepping.await(5, TimeUnit.SECONDS));
            int zeros = 0;
            int fulls = 0;
            for (int i = 0; i < 3000; i++) {
                float p = float32(words(m.readMultipleRegisters(1, 0x3012, 2)), 0);
                if (p == 0f) {
                    zeros++;
                } else if (p == 80_000f) {
                    fulls++;
                } else {
                    throw new AssertionError("torn read: " + p);
                }
            }
            assertTrue(zeros > 0 && fulls > 0, "both values seen: " + zeros + "/" + fulls);
        } finally {
            stop.set(true);
            stepper.join(5000);
        }
        assertEquals(null, stepperFailure.get());
    }
}
