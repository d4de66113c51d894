package io.podctl.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code podctl schema} prints the same schemas the config module commits for editors. */
class SchemaCommandTest {
    /** The committed schemas, relative to this module's directory (where surefire runs). */
    private static final Path COMMITTED = Path.of("..", "config", "schema");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = PodctlCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void printsThePodSchemaThatIsCommitted() throws Exception {
        assertEquals(0, run("schema"), err.toString());

        JsonNode printed = JSON.readTree(out.toString());
        assertEquals(JSON.readTree(COMMITTED.resolve("pod.schema.json").toFile()), printed);
        assertEquals("http://json-schema.org/draft-07/schema#", printed.get("$schema").asText());
        assertTrue(printed.at("/properties/devices").isObject(), "describes the pod file");
    }

    @Test
    void printsTheProfileSchemaWithProfile() throws Exception {
        assertEquals(0, run("schema", "--profile"), err.toString());

        assertEquals(JSON.readTree(COMMITTED.resolve("profile.schema.json").toFile()), JSON.readTree(out.toString()));
    }

    @Test
    void writesTheSchemaToAFileByteForByteAsCommitted() throws Exception {
        Path file = dir.resolve("pod.schema.json");

        assertEquals(0, run("schema", "--output", file.toString()), err.toString());

        assertEquals(Files.readString(COMMITTED.resolve("pod.schema.json")), Files.readString(file));
        assertEquals("wrote " + file, out.toString().strip());
    }

    @Test
    void anUnwritableOutputFailsWithTheReason() {
        Path file = dir.resolve("missing-dir").resolve("pod.schema.json");

        assertEquals(1, run("schema", "-o", file.toString()));

        assertTrue(err.toString().contains("cannot write the schema"), err.toString());
    }
}
