package io.podctl.controller.bootstrap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.podctl.config.AddressNotation;
import io.podctl.config.ConfigLoader;
import io.podctl.config.ConfigProblem;
import io.podctl.config.LoadResult;
import io.podctl.config.PodConfig;
import io.podctl.config.Table;
import io.podctl.hal.Clock;
import io.podctl.hal.modbus.BusCounters;
import io.podctl.hal.modbus.BusReply;
import io.podctl.hal.modbus.RegisterBus;
import io.podctl.hal.modbus.RegisterTable;
import io.podctl.sensors.DeviceStatusBoard;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.modbus.BusPoller;
import io.podctl.sensors.modbus.RegisterNames;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One address, one spelling: a register the file writes as {@code 0x0157} is named {@code input 0x0157 (wire 343)}
 * by the configuration's problems, by {@code podctl probe} (see ProbeCommandIT) and by the run-time device status
 * that the config-mismatch alarm and DEVICE events quote.
 */
class AddressSpellingTest {

    static Stream<Arguments> spellings() {
        return Stream.of(
                Arguments.of(Table.INPUT_REGISTER, 343, 1, "343", "input 343"),
                Arguments.of(Table.INPUT_REGISTER, 343, 2, "0x0157", "input 0x0157..0x0158 (wire 343..344)"),
                Arguments.of(Table.HOLDING_REGISTER, 343, 1, "0x157", "holding 0x157 (wire 343)"),
                Arguments.of(Table.HOLDING_REGISTER, 0x3008, 4, "0x3008", "holding 0x3008..0x300B (wire 12296..12299)"),
                Arguments.of(Table.HOLDING_REGISTER, 0xABCE, 2, "0xabce", "holding 0xabce..0xabcf (wire 43982..43983)"),
                Arguments.of(Table.COIL, 5, 1, "5", "coil 5"),
                Arguments.of(Table.DISCRETE_INPUT, 16, 8, "0x10", "discrete 0x10..0x17 (wire 16..23)"),
                Arguments.of(Table.INPUT_REGISTER, 12, 2, "+12", "input +12..13 (wire 12..13)"));
    }

    @ParameterizedTest(name = "{3} x {2} -> {4}")
    @MethodSource("spellings")
    void theConfigurationAndTheRunTimeNameAnAddressAlike(Table table, int wire, int count, String written,
                                                         String expected) {
        assertEquals(expected, AddressNotation.span(table, wire, count, written));
        assertEquals(expected, RegisterNames.span(RegisterTable.valueOf(table.name()), wire, count, written));
    }

    private static final String POD = """
            pod: {site: lab, id: p1}
            buses: [{id: b, tcp: {host: 127.0.0.1}}]
            devices:
              - id: meter
                bus: b
                points:
                  - {id: energy, table: input, address: 0x0157, type: float32}
                  - {id: power, table: input, address: 0x0158, type: float32}
            authorization: {view: [ops]}
            """;

    @Test
    void aConfigurationProblemNamesTheAddressAsWritten() {
        LoadResult r = new ConfigLoader().parse(POD, "pod.yaml");

        assertEquals(List.of("pod.yaml:8:44: error: point 'power' of device 'meter' overlaps the registers of point "
                + "'energy' (input 0x0157..0x0158 (wire 343..344)) [register-overlap]"),
                r.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void theRunTimeMismatchReasonNamesTheAddressAsWritten() {
        PodConfig config = assertInstanceOf(LoadResult.Valid.class,
                new ConfigLoader().parse(POD.replace("0x0158", "0x0200"), "pod.yaml")).config();
        SampleBoard board = new SampleBoard(SafetyCompiler.pointDescriptors(config));
        DeviceStatusBoard statuses = new DeviceStatusBoard(List.of("meter"), 0);
        RegisterBus refusing = new RegisterBus() {
            @Override
            public BusReply read(int unitId, RegisterTable table, int address, int count) {
                return address == 343 ? BusReply.Failure.exception(2, "illegal data address")
                        : new BusReply.Registers(new int[count]);
            }

            @Override
            public BusReply writeRegisters(int unitId, int address, int[] words) {
                throw new UnsupportedOperationException();
            }

            @Override
            public BusReply writeCoils(int unitId, int address, boolean[] values) {
                throw new UnsupportedOperationException();
            }

            @Override
            public BusCounters counters() {
                return BusCounters.ZERO;
            }

            @Override
            public String describe() {
                return "refusing";
            }

            @Override
            public void close() {
            }
        };
        try (BusPoller poller = new BusPoller("b", refusing, List.of(ModbusPlans.plan(config.devices().get(0))), board,
                statuses, Clock.system())) {
            poller.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> statuses.get("meter").configMismatch());
        }

        assertEquals("config mismatch: exception 02 at input 0x0157..0x0158 (wire 343..344)",
                statuses.get("meter").reason());
    }
}
