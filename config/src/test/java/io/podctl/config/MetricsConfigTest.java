package io.podctl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code metrics} section: off without it, loopback by default, validated like every other section. */
class MetricsConfigTest {
    private static final String POD = "pod: {site: lab, id: p1}\nauthorization: {view: [ops]}\n";

    private final ConfigLoader loader = new ConfigLoader();

    @TempDir
    Path dir;

    @Test
    void withoutTheSectionMetricsAreOff() {
        assertNull(valid(POD).metrics());
    }

    @Test
    void anEmptySectionListensOnLoopbackPort9464() {
        MetricsConfig m = valid(POD + "metrics: {}\n").metrics();

        assertEquals("127.0.0.1:9464", m.listen());
        assertEquals("127.0.0.1", m.host());
        assertEquals(9464, m.port());
        assertNull(m.credentialsFile());
        assertNull(m.tls());
    }

    @Test
    void anIpv6AddressIsWrittenInBrackets() {
        MetricsConfig m = valid(POD + "metrics: {listen: '[::1]:9500'}\n").metrics();

        assertEquals("::1", m.host());
        assertEquals(9500, m.port());
    }

    @Test
    void aMalformedAddressAndAnOutOfRangePortAreErrorsAtTheirValue() {
        assertEquals(List.of("t.yaml:3:19: error: '9464' is not a valid metrics.listen: host:port, e.g. 127.0.0.1:9464"
                        + " or [::1]:9464 [bad-listen]"),
                problems(POD + "metrics: {listen: '9464'}\n"));
        assertEquals(List.of("t.yaml:3:19: error: metrics.listen port 70000 must be between 1 and 65535 [bad-listen]"),
                problems(POD + "metrics: {listen: '127.0.0.1:70000'}\n"));
    }

    @Test
    void unknownKeysAndAnIncompleteTlsBlockAreErrors() {
        assertEquals(List.of("unknown-key", "missing-required"),
                rules(POD + "metrics: {lsten: '127.0.0.1:1', tls: {certFile: c.pem}}\n"));
    }

    @Test
    void listeningBeyondLoopbackWithoutCredentialsOrTlsIsAWarning() {
        assertEquals(List.of("t.yaml:3:19: warning: metrics.listen '0.0.0.0:9464' is reachable from the network"
                        + " without authentication: set metrics.credentialsFile and metrics.tls, or listen on 127.0.0.1"
                        + " [metrics-exposed]"),
                problems(POD + "metrics: {listen: '0.0.0.0:9464'}\n"));
    }

    @Test
    void aReadableCredentialsFileIsAWarningAndFileNamesAreResolvedAgainstThePodFile() throws IOException {
        Path secret = dir.resolve("metrics.credentials");
        Files.writeString(secret, "prometheus:s3cret\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(dir.resolve("cert.pem"), "x");
        Path key = dir.resolve("key.pem");
        Files.writeString(key, "x");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path file = dir.resolve("pod.yaml");
        Files.writeString(file, POD + "metrics:\n  credentialsFile: metrics.credentials\n"
                + "  tls: {certFile: cert.pem, keyFile: key.pem}\n");

        LoadResult result = loader.load(file);

        assertEquals(List.of(file + ":4:20: warning: metrics.credentialsFile '" + secret + "' is accessible by group or"
                + " others (rw-r--r--): chmod 600 it [secret-readable]"),
                result.problems().stream().map(ConfigProblem::toString).toList());
        MetricsConfig m = assertInstanceOf(LoadResult.Valid.class, result).config().metrics();
        assertEquals(secret.toString(), m.credentialsFile());
        assertEquals(key.toString(), m.tls().keyFile());
        assertEquals(dir.resolve("cert.pem").toString(), m.tls().certFile());
        assertNull(m.tls().clientCaFile());
    }

    private PodConfig valid(String yaml) {
        LoadResult r = loader.parse(yaml, "t.yaml");
        return assertInstanceOf(LoadResult.Valid.class, r, () -> r.problems().toString()).config();
    }

    private List<String> problems(String yaml) {
        return loader.parse(yaml, "t.yaml").problems().stream().map(ConfigProblem::toString).toList();
    }

    private List<String> rules(String yaml) {
        return loader.parse(yaml, "t.yaml").problems().stream().map(ConfigProblem::rule).toList();
    }
}
