package io.podctl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileMergeTest {
    private final ConfigLoader loader = new ConfigLoader();

    @TempDir
    Path dir;

    private static final String PROFILE = """
            name: acme-meter
            description: ACME test meter
            wordOrder: CDAB
            maxBlockRegisters: 60
            maxHole: 4
            forbidden: [{table: input, from: 100, to: 199}]
            points:
              - {id: voltage, table: input, address: 0, type: float32, unit: V, min: 0, max: 500}
              - {id: current, table: input, address: 2, type: float32, unit: A, min: 0, max: 100}
              - {id: power, table: input, address: 4, type: float32, unit: W, scale: 1}
            """;

    private LoadResult.Valid loadValid(String yaml) throws IOException {
        Path file = dir.resolve("pod.yaml");
        Files.writeString(file, yaml);
        LoadResult r = loader.load(file);
        return assertInstanceOf(LoadResult.Valid.class, r, () -> r.problems().toString());
    }

    private void writeProfile(Path profiles, String name, String text) throws IOException {
        Files.createDirectories(profiles);
        Files.writeString(profiles.resolve(name + ".yaml"), text);
    }

    @Test
    void devicePointsOverrideProfilePointsFieldByFieldAndNewIdsAddPoints() throws IOException {
        writeProfile(dir.resolve("profiles"), "acme-meter", PROFILE);

        DeviceConfig d = loadValid("""
                pod: {site: lab, id: p1}
                buses: [{id: b, tcp: {host: 127.0.0.1}}]
                devices:
                  - id: m
                    bus: b
                    profile: acme-meter
                    points:
                      - {id: current, max: 63, description: feeder current}
                      - {id: energy, table: input, address: 10, type: float32, unit: kWh}
                authorization: {view: [ops]}
                """).config().devices().get(0);

        assertEquals(List.of("voltage", "current", "power", "energy"), d.points().stream().map(PointConfig::id).toList());
        PointConfig current = d.points().get(1);
        assertEquals(63.0, current.max());
        assertEquals("feeder current", current.description());
        assertEquals(0.0, current.min(), "fields not overridden come from the profile");
        assertEquals(2, current.address());
        assertEquals("A", current.unit());
        assertEquals("acme-meter", d.profile());
    }

    @Test
    void deviceLevelDefaultsComeFromTheProfileUnlessTheDeviceSetsThem() throws IOException {
        writeProfile(dir.resolve("profiles"), "acme-meter", PROFILE);

        PodConfig c = loadValid("""
                pod: {site: lab, id: p1}
                buses: [{id: b, tcp: {host: 127.0.0.1}}]
                devices:
                  - {id: m1, bus: b, unitId: 1, profile: acme-meter}
                  - {id: m2, bus: b, unitId: 2, profile: acme-meter, wordOrder: ABCD, maxHole: 0, description: spare}
                authorization: {view: [ops]}
                """).config();

        DeviceConfig m1 = c.devices().get(0);
        assertEquals(WordOrder.CDAB, m1.wordOrder());
        assertEquals(60, m1.maxBlockRegisters());
        assertEquals(4, m1.maxHole());
        assertEquals("ACME test meter", m1.description());
        assertEquals(List.of(new AddressRange(Table.INPUT_REGISTER, 100, 199)), m1.forbidden());
        DeviceConfig m2 = c.devices().get(1);
        assertEquals(WordOrder.ABCD, m2.wordOrder());
        assertEquals(0, m2.maxHole());
        assertEquals(60, m2.maxBlockRegisters());
        assertEquals("spare", m2.description());
    }

    @Test
    void problemsCausedByAnOverrideAreReportedInThePodFile() throws IOException {
        writeProfile(dir.resolve("profiles"), "acme-meter", PROFILE);
        Path file = dir.resolve("pod.yaml");
        Files.writeString(file, """
                pod: {site: lab, id: p1}
                buses: [{id: b, tcp: {host: 127.0.0.1}}]
                devices:
                  - id: m
                    bus: b
                    profile: acme-meter
                    points:
                      - {id: current, address: 4, min: 200}
                      - {id: reserved, table: input, address: 150, type: uint16}
                authorization: {view: [ops]}
                """);

        LoadResult r = loader.load(file);

        assertEquals(List.of(
                file + ":8:32: error: point 'current' of device 'm' overlaps the registers of point 'power' (input"
                        + " 4..5) [register-overlap]",
                file + ":8:40: error: point 'current' of device 'm': min 200 must be below max 100 [low-above-high]",
                file + ":9:47: error: point 'reserved' of device 'm' reads input 150, inside input 100..199, which"
                        + " the device rejects [forbidden-address]"),
                r.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void problemsInsideAProfileAreReportedAtTheProfileFileLineAndColumn() throws IOException {
        Path profiles = dir.resolve("profiles");
        writeProfile(profiles, "broken", """
                name: broken
                points:
                  - {id: a, table: input, address: 0, type: float32}
                  - {id: b, table: input, address: 1, type: uint16}
                  - {id: c, table: inptu, address: 2, type: uint16}
                """);
        Path file = dir.resolve("pod.yaml");
        Files.writeString(file, """
                pod: {site: lab, id: p1}
                buses: [{id: b, tcp: {host: 127.0.0.1}}]
                devices:
                  - {id: m1, bus: b, profile: broken, points: [{id: a, max: 3}]}
                  - {id: m2, bus: b, unitId: 2, profile: broken}
                authorization: {view: [ops]}
                """);

        LoadResult r = loader.load(file);

        Path pf = profiles.resolve("broken.yaml");
        assertEquals(List.of(
                file + ":4:31: error: profile 'broken' has errors (reported in its file) [profile-invalid]",
                file + ":5:42: error: profile 'broken' has errors (reported in its file) [profile-invalid]",
                pf + ":5:20: error: 'inptu' is not allowed for points[2].table; did you mean 'input'? Allowed: coil,"
                        + " discrete, input, holding [bad-enum]"),
                r.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void semanticProblemsOfAProfileAreReportedOnceInTheProfileFile() throws IOException {
        Path profiles = dir.resolve("profiles");
        writeProfile(profiles, "overlapping", """
                name: overlapping
                points:
                  - {id: a, table: input, address: 0, type: float32}
                  - {id: b, table: input, address: 1, type: uint16}
                """);
        Path file = dir.resolve("pod.yaml");
        Files.writeString(file, """
                pod: {site: lab, id: p1}
                buses: [{id: b, tcp: {host: 127.0.0.1}}]
                devices:
                  - {id: m1, bus: b, profile: overlapping}
                  - {id: m2, bus: b, unitId: 2, profile: overlapping}
                authorization: {view: [ops]}
                """);

        LoadResult r = loader.load(file);

        assertEquals(List.of(
                file + ":4:31: error: profile 'overlapping' has errors (reported in its file) [profile-invalid]",
                file + ":5:42: error: profile 'overlapping' has errors (reported in its file) [profile-invalid]",
                profiles.resolve("overlapping.yaml") + ":4:36: error: point 'b' of profile 'overlapping' overlaps the"
                        + " registers of point 'a' (input 0..1) [register-overlap]"),
                r.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void aManualStyleAddressOfAProfileIsReportedOnceInTheProfileFileAndAnOverrideInThePodFile() throws IOException {
        Path profiles = dir.resolve("profiles");
        writeProfile(profiles, "manual-numbers", """
                name: manual-numbers
                points:
                  - {id: temp, table: input, address: 30001, type: int16}
                  - {id: setpoint, table: holding, address: 0, type: int16}
                """);
        Path file = dir.resolve("pod.yaml");
        Files.writeString(file, """
                pod: {site: lab, id: p1}
                buses: [{id: b, tcp: {host: 127.0.0.1}}]
                devices:
                  - {id: m1, bus: b, profile: manual-numbers}
                  - {id: m2, bus: b, unitId: 2, profile: manual-numbers, points: [{id: setpoint, address: 40010}]}
                authorization: {view: [ops]}
                """);

        LoadResult r = loader.load(file);

        assertInstanceOf(LoadResult.Valid.class, r, "warnings only");
        assertEquals(List.of(
                file + ":5:91: warning: point 'setpoint' of device 'm2': holding address 40010 looks like the manual's"
                        + " 1-based register number, which is wire address 9; write 'address: 9', or set"
                        + " 'highAddressesAreWire: true' on the device if 40010 is the wire address [manual-address]",
                profiles.resolve("manual-numbers.yaml") + ":3:39: warning: point 'temp' of profile 'manual-numbers':"
                        + " input address 30001 looks like the manual's 1-based register number, which is wire address"
                        + " 0; write 'address: 0', or set 'highAddressesAreWire: true' on the profile if 30001 is the"
                        + " wire address [manual-address]"),
                r.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void aProfileThatDeclaresItsHighAddressesAsWireAddressesPassesThatToItsDevices() throws IOException {
        writeProfile(dir.resolve("profiles"), "sunspec-meter", """
                name: sunspec-meter
                highAddressesAreWire: true
                points:
                  - {id: marker, table: holding, address: 40000, type: uint32}
                  - {id: model, table: holding, address: 40002, type: uint16}
                """);

        LoadResult.Valid valid = loadValid("""
                pod: {site: lab, id: p1}
                buses: [{id: b, tcp: {host: 127.0.0.1}}]
                devices:
                  - id: m
                    bus: b
                    profile: sunspec-meter
                    points: [{id: power, table: holding, address: 40083, type: int16}]
                authorization: {view: [ops]}
                """);

        assertEquals(List.of(), valid.problems(), "no manual-address warning, in the profile or for the device");
        assertTrue(valid.config().devices().get(0).highAddressesAreWire());
    }

    @Test
    void aProfileNameMustMatchItsFileName() throws IOException {
        writeProfile(dir.resolve("profiles"), "acme", PROFILE);
        Path file = dir.resolve("pod.yaml");
        Files.writeString(file, """
                pod: {site: lab, id: p1}
                buses: [{id: b, tcp: {host: 127.0.0.1}}]
                devices: [{id: m, bus: b, profile: acme}]
                authorization: {view: [ops]}
                """);

        List<String> rules = loader.load(file).problems().stream().map(p -> p.file().endsWith("acme.yaml")
                ? "profile:" + p.line() + ":" + p.rule() : p.rule()).toList();

        assertEquals(List.of("profile-invalid", "profile:1:profile-name"), rules);
    }

    @Test
    void laterProfileDirectoriesReplaceShippedProfilesOfTheSameName() throws IOException {
        Path extra = dir.resolve("site-profiles");
        writeProfile(extra, "sdm630", """
                name: sdm630
                description: site variant with one point
                points:
                  - {id: totalPower, table: holding, address: 7, type: float32}
                """);
        Path file = dir.resolve("pod.yaml");
        Files.writeString(file, """
                pod: {site: lab, id: p1}
                buses: [{id: b, tcp: {host: 127.0.0.1}}]
                devices: [{id: m, bus: b, profile: sdm630}]
                authorization: {view: [ops]}
                """);

        DeviceConfig shipped = ((LoadResult.Valid) loader.load(file)).config().devices().get(0);
        DeviceConfig replaced = ((LoadResult.Valid) loader.load(file, List.of(extra))).config().devices().get(0);

        assertEquals(13, shipped.points().size());
        assertEquals(List.of(new PointConfig("totalPower", null, Table.HOLDING_REGISTER, 7, DataType.FLOAT32, null,
                null, null, null, null, null, null, null)), replaced.points());
    }

    @Test
    void anOverrideOfAnUnknownProfileReportsOnlyTheProfile() {
        LoadResult r = loader.parse("""
                pod: {site: lab, id: p1}
                buses: [{id: b, tcp: {host: 127.0.0.1}}]
                devices: [{id: m, bus: b, profile: sdm-630, points: [{id: totalPower, max: 10}]}]
                """, "t.yaml");

        assertEquals(List.of("t.yaml:3:36: error: unknown profile 'sdm-630'; did you mean 'sdm630'? Known profiles:"
                        + " liebert-dcd, pod-cdu, raritan-px, sdm630, seahawk-leak [unknown-profile]"),
                r.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void aProfileNameThatYamlReadsAsANumberIsStillAProfileName() {
        // Found by the mutation properties: 'profile: 630' used to be bound unmerged, with no error at all.
        LoadResult r = loader.parse("""
                pod: {site: lab, id: p1}
                buses: [{id: b, tcp: {host: 127.0.0.1}}]
                devices: [{id: m, bus: b, profile: 630}]
                """, "t.yaml");

        assertEquals(List.of("t.yaml:3:36: error: unknown profile '630'. Known profiles:"
                        + " liebert-dcd, pod-cdu, raritan-px, sdm630, seahawk-leak [unknown-profile]"),
                r.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void aProfileThatIsNotANameIsOneWrongTypeNotAlsoMissingKeysOfItsOverrides() {
        LoadResult r = loader.parse("""
                pod: {site: lab, id: p1}
                buses: [{id: b, tcp: {host: 127.0.0.1}}]
                devices: [{id: m, bus: b, profile: {name: sdm630}, points: [{id: totalPower, max: 10}]}]
                """, "t.yaml");

        assertEquals(List.of("t.yaml:3:36: error: expected a string for devices[0].profile, got a mapping"
                        + " [wrong-type]"), r.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void anOverrideWhoseIdIsNotTextIsOneWrongTypeNotAlsoMissingKeys() {
        LoadResult r = loader.parse("""
                pod: {site: lab, id: p1}
                buses: [{id: b, tcp: {host: 127.0.0.1}}]
                devices: [{id: m, bus: b, profile: sdm630, points: [{id: [totalPower], max: 10}]}]
                """, "t.yaml");

        assertEquals(List.of("t.yaml:3:58: error: expected a string for devices[0].points[13].id, got a list"
                        + " [wrong-type]"), r.problems().stream().map(ConfigProblem::toString).toList());
    }
}
