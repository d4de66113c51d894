package io.podctl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.podctl.config.internal.ProfileLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every shipped example and profile loads without errors and validates against the generated JSON Schema
 * with an independent validator (networknt), after converting YAML to JSON as an editor would.
 */
class ExamplesAndProfilesTest {
    private static final Path EXAMPLES = Path.of("examples");
    private static final Path PROFILES = Path.of("src/main/resources", ProfileLibrary.RESOURCE_DIR);
    private static final YAMLMapper YAML = new YAMLMapper();

    private final ConfigLoader loader = new ConfigLoader();

    static Stream<String> exampleFiles() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList()
                    .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void exampleFileLoadsWithoutErrors(String name) {
        LoadResult result = loader.load(EXAMPLES.resolve(name));

        assertInstanceOf(LoadResult.Valid.class, result, () -> String.join("\n",
                result.problems().stream().map(ConfigProblem::toString).toList()));
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void exampleIsPackagedInTheJarUnchanged(String name) throws IOException {
        LoadResult fromDisk = loader.load(EXAMPLES.resolve(name));
        LoadResult fromJar = loader.loadExample(name);

        assertInstanceOf(LoadResult.Valid.class, fromJar, () -> fromJar.problems().toString());
        assertEquals(((LoadResult.Valid) fromDisk).sha256(), ((LoadResult.Valid) fromJar).sha256());
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void exampleValidatesAgainstTheJsonSchema(String name) throws IOException {
        List<Error> errors = schema(ConfigSchema.jsonSchema()).validate(YAML.readTree(EXAMPLES.resolve(name).toFile()));

        assertEquals(List.of(), errors.stream().map(Error::toString).toList());
    }

    @Test
    void simPodHasNoWarningsAndMatchesTheSimulatedPlant() {
        LoadResult.Valid valid = assertInstanceOf(LoadResult.Valid.class, loader.loadExample("sim-pod.yaml"));
        PodConfig c = valid.config();

        assertEquals(List.of(), valid.problems());
        assertEquals("podctl/lab/pod1", c.topicRoot());
        assertEquals(List.of("cdu-net", "meter-net", "pdu1-net", "pdu2-net", "pdu3-net", "pdu4-net"),
                c.buses().stream().map(BusConfig::id).toList());
        assertEquals(List.of(15020, 15021, 15022, 15023, 15024, 15025),
                c.buses().stream().map(b -> b.tcp().port()).toList());
        DeviceConfig cdu = c.device("cdu").orElseThrow();
        assertEquals(Duration.ofMillis(200), cdu.pollPeriod());
        assertEquals("pod-cdu", cdu.profile());
        assertEquals(Duration.ofSeconds(1), c.device("meter").orElseThrow().pollPeriod());
        assertEquals(Duration.ofMillis(500), c.device("pdu4").orElseThrow().pollPeriod());
        assertEquals(List.of(17, 27, 22, 23, 24, 25, 16, 20, 21, 18),
                c.gpio().inputs().stream().map(GpioConfig.Input::pin).toList());
        assertEquals(List.of("rack1.closed", "rack2.closed", "rack3.closed", "rack4.closed"),
                c.gpio().outputs().stream().limit(4).map(GpioConfig.Output::feedback).toList());
        assertEquals(List.of(5, 6, 13, 19, 26, 12), c.gpio().outputs().stream().map(GpioConfig.Output::pin).toList());
        assertEquals("reset.button", c.safety().localResetInput());
        VotingGroupConfig supply = c.votingGroups().stream().filter(g -> g.id().equals("cdu.supplyTemp.voted"))
                .findFirst().orElseThrow();
        assertEquals(List.of("cdu.supplyTemp", "cdu.supplyTempB", "cdu.supplyTempC"), supply.points(),
                "the simulated CDU's three supply sensors");
        assertEquals(VotingGroupConfig.Vote.TWO_OUT_OF_THREE, supply.vote());
        assertEquals(1.0, supply.discrepancyBand());
        assertEquals(Duration.ofSeconds(30), supply.discrepancyDelay());
        ProtectionConfig temp = c.protections().stream().filter(p -> p.id().equals("cdu.supplyTemp.high")).findFirst()
                .orElseThrow();
        assertEquals("cdu.supplyTemp.voted", temp.point(), "the supply protections act on the voted value");
        assertEquals(35.0, temp.alarm());
        assertEquals(40.0, temp.trip());
        ProtectionConfig estop = c.protections().stream().filter(p -> p.point().equals("estop")).findFirst()
                .orElseThrow();
        assertEquals(ProtectionConfig.ResetMode.LOCAL, estop.reset());
        assertEquals(List.of("viewer", "operator"), c.authorization().view());
        assertEquals("state", c.persistence().directory());
        assertEquals(Optional.of("logs"), c.logging().rollingFileDirectory());
    }

    @Test
    void templateWarnsOnlyAboutDeploymentFilesThatDoNotExistHere() {
        LoadResult.Valid valid = assertInstanceOf(LoadResult.Valid.class,
                loader.load(EXAMPLES.resolve("pod-template.yaml")));

        assertTrue(valid.problems().stream().allMatch(p -> p.rule().equals("file-missing")),
                () -> valid.problems().toString());
        assertEquals(5, valid.config().devices().size());
        assertEquals(3, valid.config().devices().stream().filter(d -> d.bus().equals("rs485-1")).count());
    }

    @Test
    void everyProfileFileIsShippedAndEveryShippedProfileExists() throws IOException {
        try (Stream<Path> files = Files.list(PROFILES)) {
            List<String> names = files.map(f -> f.getFileName().toString().replaceFirst("\\.yaml$", "")).sorted()
                    .toList();
            assertEquals(ProfileLibrary.SHIPPED.stream().sorted().toList(), names);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pod-cdu", "sdm630", "raritan-px", "seahawk-leak", "liebert-dcd"})
    void shippedProfileLoadsIntoADeviceWithoutProblems(String profile) {
        LoadResult result = loader.parse("""
                pod: {site: lab, id: p1}
                buses: [{id: b, tcp: {host: 127.0.0.1}}]
                devices: [{id: d, bus: b, profile: %s}]
                authorization: {view: [ops]}
                """.formatted(profile), "t.yaml");

        LoadResult.Valid valid = assertInstanceOf(LoadResult.Valid.class, result, () -> result.problems().toString());
        assertEquals(List.of(), valid.problems());
        assertTrue(valid.config().devices().get(0).points().size() >= 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pod-cdu", "sdm630", "raritan-px", "seahawk-leak", "liebert-dcd"})
    void shippedProfileValidatesAgainstTheProfileSchema(String profile) throws IOException {
        JsonNode doc = YAML.readTree(PROFILES.resolve(profile + ".yaml").toFile());

        List<Error> errors = schema(ConfigSchema.profileJsonSchema()).validate(doc);

        assertEquals(List.of(), errors.stream().map(Error::toString).toList());
    }

    @Test
    void shippedRegisterMapsUseTheDocumentedWireAddresses() {
        PodConfig c = ((LoadResult.Valid) loader.parse("""
                pod: {site: lab, id: p1}
                buses: [{id: b, tcp: {host: 127.0.0.1}}]
                devices:
                  - {id: meter, bus: b, unitId: 1, profile: sdm630}
                  - {id: pdu, bus: b, unitId: 2, profile: raritan-px}
                  - {id: door, bus: b, unitId: 3, profile: liebert-dcd}
                  - {id: leak, bus: b, unitId: 4, profile: seahawk-leak}
                  - {id: cdu, bus: b, unitId: 5, profile: pod-cdu}
                authorization: {view: [ops]}
                """, "t.yaml")).config();

        assertPoint(c, "meter", "totalEnergy", Table.INPUT_REGISTER, 342, DataType.FLOAT32);
        assertPoint(c, "meter", "totalPower", Table.INPUT_REGISTER, 52, DataType.FLOAT32);
        assertPoint(c, "pdu", "inletPower", Table.HOLDING_REGISTER, 0x3012, DataType.FLOAT32);
        assertPoint(c, "pdu", "outlet1Current", Table.HOLDING_REGISTER, 0x800A, DataType.FLOAT32);
        assertPoint(c, "door", "valvePosition", Table.INPUT_REGISTER, 162, DataType.FLOAT32);
        assertEquals(WordOrder.CDAB, c.device("door").orElseThrow().wordOrder());
        assertPoint(c, "leak", "leakDelay", Table.HOLDING_REGISTER, 15, DataType.UINT16);
        assertPoint(c, "leak", "resetAlarm", Table.HOLDING_REGISTER, 5, DataType.UINT16);
        assertPoint(c, "cdu", "heartbeat", Table.INPUT_REGISTER, 13, DataType.UINT16);
        assertPoint(c, "cdu", "supplyTempB", Table.INPUT_REGISTER, 14, DataType.INT16);
        assertPoint(c, "cdu", "supplyTempC", Table.INPUT_REGISTER, 15, DataType.INT16);
        assertEquals(20, point(c, "cdu", "heartbeat").frozenAfter(), "a hung CDU controller shows as FROZEN");
        PointConfig flow = point(c, "cdu", "flow");
        assertEquals(300, flow.frozenAfter(), "a flow sensor stuck at a healthy value shows as FROZEN");
        assertEquals(0.1, flow.scale());
        assertEquals("L/min", flow.unit());
        PointConfig pumpFault = point(c, "cdu", "pump1Fault");
        assertEquals(5, pumpFault.address());
        assertEquals(1, pumpFault.bit());
    }

    /**
     * The shipped pod checks its safety inputs for frozen values: the CDU's own sensors after the profile's 300
     * samples (1 min at its 200 ms poll), the feeder's power by default after 2 min of 1 s samples. Values that
     * legitimately hold still are exempt with a reason; setpoints and counters are not checked.
     */
    @Test
    void theShippedPodChecksItsAnalogSafetyInputsForFrozenValues() throws IOException {
        PodConfig c = ((LoadResult.Valid) loader.load(EXAMPLES.resolve("sim-pod.yaml"))).config();
        assertEquals(300, frozen(c, "cdu", "supplyTemp"));
        assertEquals(300, frozen(c, "cdu", "flow"));
        assertEquals(120, frozen(c, "meter", "totalPower"), "the default window: 2 min of 1 s polls");
        assertEquals(0, frozen(c, "pdu1", "inletCurrent"), "an idle inlet reads a steady 0 A");
        assertEquals(0, frozen(c, "cdu", "reservoirLevel"), "a closed loop's level holds still");
        assertEquals(0, frozen(c, "cdu", "supplyTempSetpoint"), "a setpoint is not a measurement");
        assertEquals(0, frozen(c, "meter", "totalEnergy"), "a counter is judged by its direction instead");
        assertEquals(20, frozen(c, "cdu", "heartbeat"));
        assertTrue(point(c, "meter", "totalEnergy").counter());
    }

    private static int frozen(PodConfig c, String device, String id) {
        return FrozenCheck.samples(c, c.device(device).orElseThrow(), point(c, device, id));
    }

    private static void assertPoint(PodConfig c, String device, String id, Table table, int address, DataType type) {
        PointConfig p = point(c, device, id);
        assertEquals(table, p.table(), id);
        assertEquals(address, p.address(), id);
        assertEquals(type, p.type(), id);
    }

    private static PointConfig point(PodConfig c, String device, String id) {
        return c.device(device).orElseThrow().points().stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow();
    }

    static Schema schema(String json) throws IOException {
        JsonNode node = new ObjectMapper().readTree(json);
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(node);
    }
}
