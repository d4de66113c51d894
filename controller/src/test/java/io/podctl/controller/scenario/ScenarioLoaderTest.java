package io.podctl.controller.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.config.ConfigProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {
    private final ScenarioLoader loader = new ScenarioLoader();

    @Test
    void aValidScenarioLoadsAgainstTheBundledPod() {
        ScenarioLoader.Result r = loader.parse("""
                scenario: leak
                steps:
                  - wait: {mode: RUNNING, within: 40s}
                  - at: +1s
                    gpio: {input: leak.rack2, level: active}
                  - expect: {outputs: {off: [rack1.power]}, trip: leak.rack2, within: 150ms}
                """, "s.yaml");

        assertTrue(r.ok(), r.problems()::toString);
        assertEquals(3, r.loaded().scenario().steps().size());
        assertEquals("RUNNING", r.loaded().scenario().steps().get(0).waitFor().mode().name());
    }

    @Test
    void everyProblemIsListedWithItsLineAndColumn() {
        ScenarioLoader.Result r = loader.parse("""
                scenario: broken
                steps:
                  - at: soon
                    fault: {device: cdu, mode: delay}
                  - gpio: {input: leak.rack9, level: active}
                  - fault: {device: chiller, mode: silent}
                  - fault: {device: cdu, mode: sleepy}
                  - expect: {outputs: {off: [rack7.power]}, within: 150}
                  - wait: {mode: RUNNING}
                    expect: {mode: RUNNING}
                """, "s.yaml");

        List<String> lines = r.problems().stream().map(ConfigProblem::toString).toList();
        assertTrue(!r.ok());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("s.yaml:3:9: error:") && l.contains("invalid-time")), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("s.yaml:7:32:") && l.contains("sleepy")), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("s.yaml:8:53:") && l.contains("no unit")), lines::toString);
        assertTrue(lines.size() >= 3, lines::toString);
    }

    @Test
    void unknownDevicesInputsOutputsAndPointsAreNamed() {
        ScenarioLoader.Result r = loader.parse("""
                scenario: names
                steps:
                  - fault: {device: chiller, mode: silent}
                  - gpio: {input: leak.rack9, level: active}
                  - expect: {outputs: {off: [rack7.power]}, point: cdu.nope, quality: GOOD}
                  - fault: {device: cdu, mode: nan, point: nope}
                  - fault: {device: cdu, mode: delay}
                  - wait: {mode: RUNNING}
                    expect: {mode: RUNNING}
                """, "s.yaml");

        List<String> lines = r.problems().stream().map(ConfigProblem::toString).toList();
        assertEquals(List.of(
                "s.yaml:3:21: error: no device 'chiller' in the pod file (devices: cdu, meter, pdu1, pdu2, pdu3, pdu4) [unknown-device]",
                "s.yaml:4:19: error: no GPIO input 'leak.rack9' in the pod file (inputs: leak.rack1, leak.rack2, leak.rack3,"
                        + " leak.rack4, estop, reset.button, rack1.closed, rack2.closed, rack3.closed, rack4.closed) [unknown-input]",
                "s.yaml:5:23: error: no GPIO output 'rack7.power' in the pod file (outputs: rack1.power, rack2.power,"
                        + " rack3.power, rack4.power, beacon, isolation.valve) [unknown-output]",
                "s.yaml:5:52: error: no point 'cdu.nope' in the pod file (points are {device}.{point}, e.g. cdu.supplyTemp,"
                        + " or a GPIO input id) [unknown-point]",
                "s.yaml:6:44: error: device cdu has no point 'nope' [unknown-point]",
                "s.yaml:7:12: error: delay needs ms [step-args]",
                "s.yaml:8:5: error: step 6 has 2 of wait, fault, line, gpio, plant, broker, clock, command, expect: write"
                        + " exactly one per step [step-kind]"), lines);
    }

    /**
     * Faults of one transport are refused on the other, and line steps need an RTU bus: the bundled pod is all
     * Modbus TCP; the RS-485 variant puts the meter and the PDUs on an RTU line.
     */
    @Test
    void rtuFaultsAndLineStepsAreCheckedAgainstTheBusesOfThePodFile() {
        List<String> tcp = loader.parse("""
                scenario: tcp
                steps:
                  - fault: {device: pdu1, mode: badCrc}
                  - line: {bus: pdu1-net, mode: noise}
                """, "s.yaml").problems().stream().map(ConfigProblem::toString).toList();
        assertEquals(List.of(
                "s.yaml:3:33: error: badCrc acts on Modbus RTU only (a TCP frame has no CRC), and pdu1 is on TCP bus"
                        + " pdu1-net [fault-args]",
                "s.yaml:4:17: error: no RTU bus 'pdu1-net' in the pod file (it has none: line steps need a pod file with"
                        + " an RTU bus) [unknown-bus]"), tcp);

        ScenarioLoader.Result rtu = loader.parse("""
                scenario: rtu
                pod: ../config/examples/sim-pod-rtu.yaml
                steps:
                  - fault: {device: pdu1, mode: badCrc}
                  - line: {bus: rs485, mode: noise}
                  - fault: {device: pdu1, mode: refuse}
                  - line: {bus: cdu-net, mode: quiet}
                """, "s.yaml");
        assertEquals(List.of(
                "s.yaml:6:33: error: refuse acts on Modbus TCP only (connections, transaction ids), and pdu1 is on RTU"
                        + " bus rs485 (a dead unit there is silent) [fault-args]",
                "s.yaml:7:17: error: no RTU bus 'cdu-net' in the pod file (RTU buses: rs485) [unknown-bus]"),
                rtu.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void theShippedLibraryIsValid() throws IOException {
        try (var files = Files.list(Path.of("../hil-tests/scenarios"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                ScenarioLoader.Result r = loader.load(f);
                assertTrue(r.ok(), () -> f + ": " + r.problems());
            }
        }
    }

    /** config/schema/scenario.schema.json is the generated one; refresh with -Dpodctl.updateSchemas=true. */
    @Test
    void committedSchemaIsCurrent() throws IOException {
        String generated = ScenarioLoader.jsonSchema() + "\n";
        Path path = Path.of("../config/schema/scenario.schema.json");
        if (Boolean.getBoolean("podctl.updateSchemas")) {
            Files.writeString(path, generated);
        }
        assertEquals(generated, Files.exists(path) ? Files.readString(path) : "", "config/schema/scenario.schema.json"
                + " is stale: run mvn -pl controller -am test -Dtest=ScenarioLoaderTest -Dpodctl.updateSchemas=true"
                + " -Dsurefire.failIfNoSpecifiedTests=false");
    }
}
