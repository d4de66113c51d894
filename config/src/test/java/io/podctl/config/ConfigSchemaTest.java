package io.podctl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import io.podctl.config.internal.Model;
import io.podctl.config.schema.Doc;
import io.podctl.config.schema.SpellingOf;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigSchemaTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private final JsonNode schema = read(ConfigSchema.jsonSchema());

    @Test
    void isDraft07AndClosedEverywhere() {
        assertEquals("http://json-schema.org/draft-07/schema#", schema.get("$schema").asText());
        assertFalse(schema.get("additionalProperties").asBoolean(true));
        Iterator<Map.Entry<String, JsonNode>> defs = schema.get("definitions").fields();
        while (defs.hasNext()) {
            Map.Entry<String, JsonNode> d = defs.next();
            assertFalse(d.getValue().get("additionalProperties").asBoolean(true), d.getKey());
        }
    }

    @Test
    void describesEveryKeyForEditors() {
        List<String> undocumented = new ArrayList<>();
        collectUndocumented(schema.get("properties"), "", undocumented);
        schema.get("definitions").fields()
                .forEachRemaining(d -> collectUndocumented(d.getValue().get("properties"), d.getKey(), undocumented));
        assertEquals(List.of(), undocumented);
    }

    @Test
    void everyRecordComponentCarriesItsDoc() {
        List<String> missing = new ArrayList<>();
        for (Class<?> c : List.of(PodConfig.class, PodIdentity.class, LoopConfig.class, MqttConfig.class,
                MqttConfig.TlsConfig.class, BusConfig.class, BusConfig.Tcp.class, BusConfig.Rtu.class,
                DeviceConfig.class, PointConfig.class, AddressRange.class, GpioConfig.class, GpioConfig.Input.class,
                GpioConfig.Output.class, SafetyConfig.class, ProtectionConfig.class, AuthorizationConfig.class,
                PersistenceConfig.class, LoggingConfig.class, ConsoleConfig.class, DeviceProfile.class,
                MetricsConfig.class, MetricsConfig.TlsConfig.class)) {
            for (RecordComponent rc : c.getRecordComponents()) {
                if (!rc.isAnnotationPresent(Doc.class) && !rc.isAnnotationPresent(SpellingOf.class)) {
                    missing.add(c.getSimpleName() + "." + rc.getName());
                }
            }
            Model.of(c); // every component has a supported type
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void carriesEnumsBoundsPatternsAndDefaults() {
        JsonNode device = schema.at("/definitions/DeviceConfig/properties");
        assertEquals(1, device.at("/unitId/minimum").asInt());
        assertEquals(247, device.at("/unitId/maximum").asInt());
        assertEquals("1s", device.at("/pollPeriod/default").asText());
        assertTrue(device.at("/pollPeriod/pattern").asText().contains("(us|ms|s|min|m|h)"));
        JsonNode point = schema.at("/definitions/PointConfig/properties");
        assertEquals("[\"coil\",\"discrete\",\"input\",\"holding\"]", point.at("/table/enum").toString());
        assertEquals("[\"ABCD\",\"CDAB\",\"BADC\",\"DCBA\"]", point.at("/wordOrder/enum").toString());
        assertEquals("[1200,2400,4800,9600,19200,38400,57600,115200]",
                schema.at("/definitions/BusConfig.Rtu/properties/baud/enum").toString());
        assertEquals("even", schema.at("/definitions/BusConfig.Rtu/properties/parity/default").asText());
        assertEquals("300ms", schema.at("/definitions/BusConfig/properties/timeout/default").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown key            | 'pod: {site: lab, id: p1, colour: blue}'                                      | additionalProperties
            typo'd enum            | '{pod: {site: a, id: b}, buses: [{id: x, rtu: {port: p, parity: evn}}]}'     | enum
            bare-number duration   | '{pod: {site: a, id: b}, loop: {period: 100}}'                              | type
            zero period            | '{pod: {site: a, id: b}, loop: {period: 0ms}}'                              | pattern
            out-of-range unit id   | '{pod: {site: a, id: b}, devices: [{id: d, bus: x, unitId: 0, profile: p}]}' | minimum
            topic-unsafe site      | '{pod: {site: a/b, id: b}}'                                                 | pattern
            inline password        | '{pod: {site: a, id: b}, mqtt: {password: x}}'                              | additionalProperties
            missing pod            | '{loop: {period: 100ms}}'                                                   | required
            incomplete point       | '{pod: {site: a, id: b}, devices: [{id: d, bus: x, points: [{id: p}]}]}'    | required
            """)
    void anIndependentValidatorRejectsWhatTheLoaderRejects(String what, String yaml, String keyword)
            throws IOException {
        List<Error> errors = ExamplesAndProfilesTest.schema(ConfigSchema.jsonSchema()).validate(YAML.readTree(yaml));

        assertTrue(errors.stream().anyMatch(e -> e.getKeyword().equals(keyword)), errors::toString);
        assertTrue(new ConfigLoader().parse(yaml, "t.yaml") instanceof LoadResult.Invalid, what);
    }

    @Test
    void overridesOfProfilePointsMayBePartial() throws IOException {
        String yaml = "{pod: {site: a, id: b}, devices: [{id: d, bus: x, profile: p, points: [{id: p, max: 3}]}]}";

        assertEquals(List.of(), ExamplesAndProfilesTest.schema(ConfigSchema.jsonSchema()).validate(YAML.readTree(yaml))
                .stream().map(Error::toString).toList());
    }

    /**
     * The schema files in {@code config/schema/} (which the examples point editors at) are the generated ones.
     * After changing a record, refresh them with {@code -Dpodctl.updateSchemas=true} on this test.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"pod.schema.json, pod", "profile.schema.json, profile"})
    void committedSchemaFilesAreCurrent(String file, String which) throws IOException {
        String generated = (which.equals("pod") ? ConfigSchema.jsonSchema() : ConfigSchema.profileJsonSchema()) + "\n";
        Path path = Path.of("schema", file);
        if (Boolean.getBoolean("podctl.updateSchemas")) {
            Files.createDirectories(path.getParent());
            Files.writeString(path, generated);
        }
        assertEquals(generated, Files.exists(path) ? Files.readString(path) : "",
                "config/" + path + " is stale: run mvn -pl config test -Dtest=ConfigSchemaTest -Dpodctl.updateSchemas=true");
    }

    private static void collectUndocumented(JsonNode properties, String owner, List<String> out) {
        if (properties == null) {
            return;
        }
        properties.fields().forEachRemaining(p -> {
            if (!p.getValue().hasNonNull("description")) {
                out.add(owner + "." + p.getKey());
            }
        });
    }

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
