package io.podctl.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.hal.modbus.RegisterTable;
import io.podctl.hal.modbus.RtuBusSettings;
import io.podctl.hal.modbus.SocatPair;
import io.podctl.hal.sim.EmulatedDevice;
import io.podctl.hal.sim.ModbusEmulator;
import io.podctl.hal.sim.RegisterMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code podctl probe} against the device emulator, over Modbus TCP on loopback and RTU over a socat PTY pair. */
class ProbeCommandIT {
    private static final RegisterTable HOLDING = RegisterTable.HOLDING_REGISTER;

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable r : resources.reversed()) {
            r.close();
        }
    }

    private int probe(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "probe";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.run(all);
    }

    /** A Raritan-style PDU: the inlet block 0x3008..0x3013 only (no outlet sensors), unit 1. */
    private EmulatedDevice pdu() {
        return new EmulatedDevice("pdu", 1, RegisterMap.builder()
                .float32(HOLDING, 0x3008, 230.0f)
                // 12.5 A stored low word first, as a word-swapped device would send it.
                .registers(HOLDING, 0x300A, 0x0000, 0x4148)
                .zeros(HOLDING, 0x300C, 6)
                .float32(HOLDING, 0x3012, 2875.0f)
                .text(HOLDING, 0x4000, 4, "PX3-5190")
                .build());
    }

    /** A table row: cells separated by runs of spaces. */
    private static Pattern row(String... cells) {
        return Pattern.compile("(?m)^\\s+" + String.join("\\s+", cells.length == 0 ? new String[0]
                : Arrays.stream(cells).map(Pattern::quote).toArray(String[]::new)) + "(\\s|$)");
    }

    private void assertRow(String... cells) {
        assertTrue(row(cells).matcher(cli.out()).find(), String.join(" | ", cells) + " not in:\n" + cli.out());
    }

    @Test
    void rawRegistersOverTcpShowAllFourWordOrdersOfEachPair() {
        ModbusEmulator emulator = keep(ModbusEmulator.tcp(List.of(pdu())));
        int code = probe("--tcp", "127.0.0.1:" + emulator.endpoint().getPort(), "--unit", "1", "--table", "holding",
                "--address", "0x3008", "--count", "4");

        assertEquals(0, code, cli.err());
        assertTrue(cli.out().contains("holding 0x3008..0x300B (wire 12296..12299) (4) from unit 1"), cli.out());
        assertRow("0x3008 (wire 12296)", "0x4366", "17254", "17254");
        assertRow("0x3008+0x3009", "ABCD", "0x43660000", "230.0", "1130758144", "1130758144");
        assertRow("0x3008+0x3009", "CDAB", "0x00004366");
        assertRow("0x300A+0x300B", "CDAB", "0x41480000", "12.5");
        assertRow("0x300A+0x300B", "ABCD", "0x00004148");
        assertRow("0x3009+0x300A", "DCBA");
        assertEquals(12, cli.out().lines().filter(l -> l.matches("\\s+0x[0-9A-F]{4}\\+.*")).count(),
                "3 pairs x 4 orders:\n" + cli.out());
    }

    @Test
    void rawRegistersOverRtu() throws Exception {
        SocatPair line = keep(new SocatPair());
        EmulatedDevice meter = new EmulatedDevice("meter", 2, RegisterMap.builder()
                .float32(RegisterTable.INPUT_REGISTER, 0, 229.5f).build());
        keep(ModbusEmulator.rtu("line", new RtuBusSettings(line.slaves, 38400, RtuBusSettings.Parity.EVEN, 8, 1,
                Duration.ofMillis(300)), List.of(meter)));

        int code = probe("--rtu", line.master, "--baud", "38400", "--parity", "even", "--unit", "2", "--table", "input",
                "--address", "0", "--count", "2", "--timeout", "500ms");

        assertEquals(0, code, cli.err() + cli.out());
        assertTrue(cli.out().contains("input 0..1 (2) from unit 2 at rtu:" + line.master + "@38400-8E1"), cli.out());
        assertRow("0", "0x4365", "17253");
        assertRow("0+1", "ABCD", "0x43658000", "229.5");
    }

    @Test
    void configuredPointsAreReadAsTheControllerPlansThem() throws IOException {
        ModbusEmulator emulator = keep(ModbusEmulator.tcp(List.of(pdu())));
        Path config = dir.resolve("pod.yaml");
        Files.writeString(config, """
                pod: {site: lab, id: p1}
                buses: [{id: b, tcp: {host: 127.0.0.1, port: %d}, timeout: 300ms}]
                devices:
                  - id: pdu1
                    bus: b
                    profile: raritan-px
                    points:
                      - {id: inletCurrent, wordOrder: CDAB}
                      - {id: model, table: holding, address: 0x4000, type: string, length: 4}
                authorization: {view: [ops]}
                """.formatted(emulator.endpoint().getPort()));

        int code = probe("--config", config.toString(), "--device", "pdu1");

        assertEquals(1, code, "the outlet block does not exist on this device:\n" + cli.out() + cli.err());
        // The profile writes its addresses in hex: the probe names them so, with the wire address beside them.
        assertRow("pdu1.inletVoltage", "holding 0x3008..0x3009 (wire 12296..12297)", "4366 0000", "230.0", "V", "GOOD");
        assertRow("pdu1.inletCurrent", "holding 0x300A..0x300B (wire 12298..12299)", "0000 4148", "12.5", "A", "GOOD");
        assertRow("pdu1.inletPower", "holding 0x3012..0x3013 (wire 12306..12307)", "4533 B000", "2875.0", "W", "GOOD");
        assertRow("pdu1.outlet1Current", "holding 0x800A..0x800B (wire 32778..32779)", "-", "-", "A", "INVALID");
        assertTrue(cli.out().contains("! holding 0x800A..0x800B (wire 32778..32779): exception 02"), cli.out());
        assertRow("pdu1.model", "holding 0x4000..0x4003 (wire 16384..16387)", "5058 332D 3531 3930", "\"PX3-5190\"",
                "GOOD");
    }

    /**
     * A float32 configured one register too late joins the low half of 230.0 V to the high half of 18.3:
     * 2.3522E-41 V, inside the 0..500 V range. The probe shows it INVALID, as the controller will judge it, and
     * says what it probably is; values print as MQTT publishes them (34.8, not 34.800000000000004).
     */
    @Test
    void aFloatReadOneRegisterOffIsShownInvalidWithAWarning() throws IOException {
        ModbusEmulator emulator = keep(ModbusEmulator.tcp(List.of(new EmulatedDevice("meter", 1, RegisterMap.builder()
                .float32(RegisterTable.INPUT_REGISTER, 0, 230.0f)
                .float32(RegisterTable.INPUT_REGISTER, 2, 18.3f)
                .registers(RegisterTable.INPUT_REGISTER, 4, 348)
                .build()))));
        Path config = dir.resolve("pod.yaml");
        Files.writeString(config, """
                pod: {site: lab, id: p1}
                buses: [{id: b, tcp: {host: 127.0.0.1, port: %d}, timeout: 300ms}]
                devices:
                  - id: meter
                    bus: b
                    points:
                      - {id: l1Voltage, table: input, address: 1, type: float32, unit: V, min: 0, max: 500}
                      - {id: temp, table: input, address: 4, type: int16, scale: 0.1, unit: degC}
                authorization: {view: [ops]}
                """.formatted(emulator.endpoint().getPort()));

        int code = probe("--config", config.toString());

        assertEquals(0, code, "every read succeeded:\n" + cli.out() + cli.err());
        assertRow("meter.l1Voltage", "input 1..2", "0000 4192", "2.3522E-41", "V", "INVALID");
        assertRow("meter.temp", "input 4", "015C", "34.8", "degC", "GOOD");
        assertTrue(cli.out().contains("warning: meter.l1Voltage at input 1..2 reads 2.3522E-41 V: a subnormal float")
                && cli.out().contains("address off by one"), cli.out());
    }

    @Test
    void usageErrorsExitWith2() {
        assertEquals(2, probe("--tcp", "127.0.0.1:1", "--rtu", "/dev/null", "--address", "0"));
        assertTrue(cli.err().contains("exactly one of"), cli.err());
        assertEquals(2, probe("--tcp", "127.0.0.1:1", "--address", "0x10000"));
        assertEquals(2, probe("--tcp", "127.0.0.1:1", "--address", "0157"));
        assertTrue(cli.err().contains("without a leading 0"), cli.err());
        assertEquals(2, probe("--tcp", "127.0.0.1:1", "--address", "0", "--table", "holdings-ish"));
    }

    private <T extends AutoCloseable> T keep(T r) {
        resources.add(r);
        return r;
    }
}
