package io.podctl.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code podctl schema} prints the same schemas the config module commits for editors. */
class SchemaCommandTest {
    /** The committed schemas, relative to this module's directory (where surefire runs). */
    private static final Path COMMITTED = Path.of("..", "config", "schema");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void printsThePodSchemaThatIsCommitted() throws Exception {
        assertEquals(0, cli.run("schema"), cli.err());

        JsonNode printed = JSON.readTree(cli.out());
        assertEquals(JSON.readTree(COMMITTED.resolve("pod.schema.json").toFile()), printed);
        assertEquals("http://json-schema.org/draft-07/schema#", printed.get("$schema").asText());
        assertTrue(printed.at("/properties/devices").isObject(), "describes the pod file");
    }

    @Test
    void printsTheProfileSchemaWithProfile() throws Exception {
        assertEquals(0, cli.run("schema", "--profile"), cli.err());

        assertEquals(JSON.readTree(COMMITTED.resolve("profile.schema.json").toFile()), JSON.readTree(cli.out()));
    }

    @Test
    void writesTheSchemaToAFileByteForByteAsCommitted() throws Exception {
        Path file = dir.resolve("pod.schema.json");

        assertEquals(0, cli.run("schema", "--output", file.toString()), cli.err());

        assertEquals(Files.readString(COMMITTED.resolve("pod.schema.json")), Files.readString(file));
        assertEquals("wrote " + file, cli.out().strip());
    }

    @Test
    void anUnwritableOutputFailsWithTheReason() {
        Path file = dir.resolve("missing-dir").resolve("pod.schema.json");

        assertEquals(1, cli.run("schema", "-o", file.toString()));

        assertTrue(cli.err().contains("cannot write the schema"), cli.err());
    }
}
