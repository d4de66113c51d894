package io.podctl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reloading a pod file: before/after pairs and how each change is classified; rejected files keep nothing. */
class ConfigReloaderTest {
    private static final String BASE = """
            pod: {site: lab, id: pod1, description: test pod}
            loop: {period: 100ms, overrunLogInterval: 10s}
            mqtt: {brokers: ["tcp://127.0.0.1:1883"], topicRoot: "podctl/{site}/{pod}", stateInterval: 5s}
            buses:
              - {id: net, tcp: {host: 127.0.0.1, port: 1502}}
            devices:
              - id: cdu
                bus: net
                unitId: 1
                points:
                  - {id: supplyTemp, table: input, address: 0, type: int16, scale: 0.1, unit: degC}
                  - {id: flow, table: input, address: 1, type: uint16}
            gpio:
              inputs:
                - {id: leak, pin: 17}
                - {id: reset.button, pin: 25}
              outputs:
                - {id: rack1.power, pin: 5}
                - {id: beacon, pin: 6}
            safety: {localResetInput: reset.button}
            protections:
              - {id: temp.high, point: cdu.supplyTemp, condition: high, alarm: 35, trip: 40, hysteresis: 1, delay: 2s,
                 deenergize: [rack1.power]}
              - {id: leak, point: leak, condition: active, deenergize: [rack1.power]}
            authorization:
              operate: [operator]
              safetyReset: [operator]
            persistence: {directory: state}
            logging: {level: info}
            """;

    @TempDir
    Path dir;
    private Path file;
    private LoadResult.Valid current;

    @BeforeEach
    void loadBase() throws IOException {
        file = dir.resolve("pod.yaml");
        Files.writeString(file, BASE);
        current = assertInstanceOf(LoadResult.Valid.class, new ConfigLoader().load(file));
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of("only a comment", "logging: {level: info}\n", "logging: {level: info}  # quieter later\n",
                        List.of()),
                Arguments.of("alarm and trip limits", "alarm: 35, trip: 40", "alarm: 33, trip: 38",
                        List.of("protections 'temp.high' changed (alarm, trip): hot")),
                Arguments.of("hysteresis and delay", "hysteresis: 1, delay: 2s", "hysteresis: 2, delay: 5s",
                        List.of("protections 'temp.high' changed (delay, hysteresis): hot")),
                Arguments.of("authorization", "operate: [operator]", "operate: [operator, scada]",
                        List.of("authorization changed (operate): hot")),
                Arguments.of("state interval", "stateInterval: 5s", "stateInterval: 1s",
                        List.of("mqtt changed (stateInterval): hot")),
                Arguments.of("descriptions", "description: test pod", "description: pod in hall 2",
                        List.of("pod changed (description): hot")),
                Arguments.of("overrun log interval", "overrunLogInterval: 10s", "overrunLogInterval: 1min",
                        List.of("loop changed (overrunLogInterval): hot")),
                Arguments.of("topic root", "topicRoot: \"podctl/{site}/{pod}\"", "topicRoot: \"fleet/{pod}\"",
                        List.of("mqtt changed (topicRoot): restart")),
                Arguments.of("broker", "tcp://127.0.0.1:1883", "tcp://127.0.0.1:1884",
                        List.of("mqtt changed (brokers): restart")),
                Arguments.of("loop period", "period: 100ms", "period: 50ms", List.of("loop changed (period): restart")),
                Arguments.of("pod identity", "id: pod1,", "id: pod2,", List.of("pod changed (id): restart")),
                Arguments.of("GPIO pin", "{id: leak, pin: 17}", "{id: leak, pin: 18}",
                        List.of("gpio.inputs 'leak' changed (pin): restart")),
                Arguments.of("GPIO output added", "    - {id: beacon, pin: 6}\n",
                        "    - {id: beacon, pin: 6}\n    - {id: horn, pin: 7}\n",
                        List.of("gpio.outputs 'horn' added: restart")),
                Arguments.of("point added", "      - {id: flow, table: input, address: 1, type: uint16}\n",
                        "      - {id: flow, table: input, address: 1, type: uint16}\n"
                                + "      - {id: level, table: input, address: 2, type: uint16}\n",
                        List.of("devices 'cdu' changed (points): restart")),
                Arguments.of("bus port", "port: 1502", "port: 1503", List.of("buses 'net' changed (tcp): restart")),
                Arguments.of("protection added", "  - {id: leak, point: leak,",
                        "  - {id: flow.low, point: cdu.flow, condition: low, alarm: 20}\n  - {id: leak, point: leak,",
                        List.of("protections 'flow.low' added: restart")),
                Arguments.of("protection removed",
                        "  - {id: leak, point: leak, condition: active, deenergize: [rack1.power]}\n", "",
                        List.of("protections 'leak' removed: restart")),
                Arguments.of("protection outputs", "deenergize: [rack1.power]}\n  - {id: leak",
                        "deenergize: [rack1.power, beacon]}\n  - {id: leak",
                        List.of("protections 'temp.high' changed (deenergize): restart")),
                Arguments.of("protection limit and output", "alarm: 35, trip: 40, hysteresis: 1, delay: 2s,\n"
                                + "     deenergize: [rack1.power]}",
                        "alarm: 30, trip: 40, hysteresis: 1, delay: 2s,\n     deenergize: [beacon]}",
                        List.of("protections 'temp.high' changed (alarm, deenergize): restart")),
                Arguments.of("safety", "safety: {localResetInput: reset.button}", "safety: {localResetInput: leak}",
                        List.of("safety changed (localResetInput): restart")),
                Arguments.of("persistence", "directory: state", "directory: /var/lib/podctl",
                        List.of("persistence changed (directory): restart")),
                Arguments.of("logging", "level: info", "level: debug", List.of("logging changed (level): restart")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void classifiesWhatChanged(String name, String from, String to, List<String> expected) throws IOException {
        assertTrue(BASE.contains(from), "the case edits the base file");
        Files.writeString(file, BASE.replace(from, to));

        ReloadResult result = new ConfigReloader().reload(current, file);

        ReloadResult.Accepted accepted = assertInstanceOf(ReloadResult.Accepted.class, result, result::toString);
        ConfigDiff diff = accepted.diff();
        assertEquals(expected, diff.changes().stream().map(ConfigDiff.Change::toString).toList());
        boolean restart = expected.stream().anyMatch(s -> s.endsWith(": restart"));
        assertEquals(restart, diff.needsRestart());
        assertEquals(!expected.isEmpty() && !restart, diff.isHotApplicable());
        assertEquals(expected.isEmpty(), diff.isEmpty());
        assertNotEquals(current.sha256(), accepted.loaded().sha256(), "the new file's hash is reported");
    }

    @Test
    void severalChangesAreListedInSectionOrderAndOneRestartMakesTheWholeReloadARestart() throws IOException {
        Files.writeString(file, BASE.replace("alarm: 35", "alarm: 36").replace("stateInterval: 5s", "stateInterval: 2s")
                .replace("{id: leak, pin: 17}", "{id: leak, pin: 18}"));

        ConfigDiff diff = ((ReloadResult.Accepted) new ConfigReloader().reload(current, file)).diff();

        assertEquals("mqtt changed (stateInterval): hot; gpio.inputs 'leak' changed (pin): restart; "
                + "protections 'temp.high' changed (alarm): hot", diff.summary());
        assertTrue(diff.needsRestart());
        assertFalse(diff.isHotApplicable());
        assertEquals(List.of("gpio.inputs 'leak' changed (pin): restart"),
                diff.restartChanges().stream().map(ConfigDiff.Change::toString).toList());
    }

    /** The controller walks ConfigDiff.liveSettings() and each change names its settings the same way. */
    @Test
    void everyChangeNamesTheLiveSettingsItTouches() throws IOException {
        Files.writeString(file, BASE.replace("alarm: 35", "alarm: 36").replace("stateInterval: 5s", "stateInterval: 2s"));

        ConfigDiff diff = ((ReloadResult.Accepted) new ConfigReloader().reload(current, file)).diff();

        assertEquals(List.of(List.of("mqtt.stateInterval"), List.of("protections.alarm")),
                diff.changes().stream().map(ConfigDiff.Change::settings).toList());
        assertTrue(ConfigDiff.liveSettings().containsAll(List.of("authorization", "protections.alarm",
                "protections.clearDelay", "loop.overrunLogInterval", "mqtt.stateInterval", "gpio.inputs.description")),
                ConfigDiff.liveSettings().toString());
        assertFalse(ConfigDiff.liveSettings().contains("loop.period"), "the period needs a restart");
    }

    @Test
    void anInvalidFileIsRejectedWithEveryProblemAndAReasonNamingTheFirst() throws IOException {
        Files.writeString(file, BASE.replace("alarm: 35, trip: 40", "alarm: 45, trip: 40")
                .replace("period: 100ms", "period: 0ms"));

        ReloadResult result = new ConfigReloader().reload(current, file);

        ReloadResult.Rejected rejected = assertInstanceOf(ReloadResult.Rejected.class, result);
        // Structural errors stop the semantic pass, as at start-up: only the zero period is reported.
        assertEquals(List.of("zero-period"), rejected.errors().stream().map(ConfigProblem::rule).toList());
        assertEquals("1 error; first: " + file + ":2:16: error: loop.period must be greater than zero, got 0ms "
                + "[zero-period]", rejected.reason());
    }

    @Test
    void aSemanticErrorIsRejectedAtItsLine() throws IOException {
        Files.writeString(file, BASE.replace("alarm: 35, trip: 40", "alarm: 45, trip: 40"));

        ReloadResult.Rejected rejected = assertInstanceOf(ReloadResult.Rejected.class,
                new ConfigReloader().reload(current, file));

        assertEquals(1, rejected.errors().size());
        assertEquals("alarm-beyond-trip", rejected.errors().get(0).rule());
        assertEquals(22, rejected.errors().get(0).line());
        assertTrue(rejected.reason().startsWith("1 error; first: " + file + ":22:"), rejected.reason());
    }

    @Test
    void aMissingFileIsRejectedAsUnreadable() throws IOException {
        Files.delete(file);

        ReloadResult.Rejected rejected = assertInstanceOf(ReloadResult.Rejected.class,
                new ConfigReloader().reload(current, file));

        assertEquals("unreadable", rejected.errors().get(0).rule());
    }

    @Test
    void anUnchangedFileIsAcceptedWithNoChangesAndTheSameHash() {
        ReloadResult.Accepted accepted = assertInstanceOf(ReloadResult.Accepted.class,
                new ConfigReloader().reload(current, file));

        assertTrue(accepted.diff().isEmpty());
        assertFalse(accepted.diff().isHotApplicable());
        assertEquals("no changes", accepted.diff().summary());
        assertEquals(current.sha256(), accepted.loaded().sha256());
    }
}
