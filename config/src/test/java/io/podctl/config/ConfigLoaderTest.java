package io.podctl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String MINIMAL = "pod: {site: lab, id: p1}\n";

    private final ConfigLoader loader = new ConfigLoader();

    @TempDir
    Path dir;

    @Test
    void validResultCarriesTheSha256OfTheFileBytes() throws IOException {
        Path file = dir.resolve("pod.yaml");
        Files.writeString(file, MINIMAL);

        LoadResult.Valid valid = assertInstanceOf(LoadResult.Valid.class, loader.load(file));

        // printf 'pod: {site: lab, id: p1}\n' | sha256sum
        assertEquals("82bdbc7a873bf0d75dd521d2dfd3e148d0be571dbaf36e55cf9bddd77d34cedf", valid.sha256());
        assertEquals(valid.sha256(), ((LoadResult.Valid) loader.parse(MINIMAL, "x")).sha256());
    }

    @Test
    void aCommentChangesTheSha256ButNotTheConfiguration() throws IOException {
        LoadResult.Valid a = (LoadResult.Valid) loader.parse(MINIMAL, "a");
        LoadResult.Valid b = (LoadResult.Valid) loader.parse(MINIMAL + "# tuned on site\n", "b");

        assertNotEquals(a.sha256(), b.sha256());
        assertEquals(a.config(), b.config());
    }

    @Test
    void defaultsFillEverythingLeftOut() {
        PodConfig c = ((LoadResult.Valid) loader.parse(MINIMAL, "t.yaml")).config();

        assertEquals(Duration.ofMillis(100), c.loop().period());
        assertEquals(AuthorizationConfig.DENY_ALL, c.authorization());
        assertEquals("podctl/lab/p1", c.topicRoot());
        assertEquals(List.of("t.yaml:1:1: warning: no authorization section: all commands will be refused"
                + " (deny-all) [deny-all]"), loader.parse(MINIMAL, "t.yaml").problems().stream()
                .map(ConfigProblem::toString).toList());
    }

    @Test
    void valuesAreBoundWithTheirUnitsAndEnums() {
        PodConfig c = ((LoadResult.Valid) loader.parse("""
                pod: {site: lab, id: p1}
                loop: {period: 10ms, overrunLogInterval: 1.5min}
                buses:
                  - {id: line, rtu: {port: /dev/ttyUSB0, baud: 9600, parity: none, stopBits: 2}, timeout: 250us}
                devices:
                  - id: d
                    bus: line
                    unitId: 247
                    pollPeriod: 1h
                    wordOrder: DCBA
                    points:
                      - {id: status, table: holding, address: 0x10, type: uint16, scale: 2, offset: -1.5}
                      - {id: run, table: coil, address: 3, type: bool}
                gpio:
                  inputs: [{id: door, pin: 0, pull: none, activeLow: False, debounce: 0ms}]
                authorization: {view: [ops]}
                """, "t.yaml")).config();

        assertEquals(Duration.ofMillis(10), c.loop().period());
        assertEquals(Duration.ofSeconds(90), c.loop().overrunLogInterval());
        BusConfig line = c.buses().get(0);
        assertEquals(Duration.ofNanos(250_000), line.timeout());
        assertEquals(new BusConfig.Rtu("/dev/ttyUSB0", 9600, Parity.NONE, 8, 2), line.rtu());
        DeviceConfig d = c.devices().get(0);
        assertEquals(Duration.ofHours(1), d.pollPeriod());
        assertEquals(WordOrder.DCBA, d.wordOrder());
        assertEquals(new PointConfig("status", "", Table.HOLDING_REGISTER, 16, DataType.UINT16, null, null, null, 2.0,
                -1.5, "", null, null, null, null, null, null, "0x10"), d.points().get(0));
        assertEquals("holding 0x10 (wire 16)", d.points().get(0).where());
        assertEquals(Table.COIL, d.points().get(1).table());
        assertEquals(new GpioConfig.Input("door", "", 0, GpioConfig.Pull.NONE, null, false, Duration.ZERO),
                c.gpio().inputs().get(0));
    }

    @Test
    void anUnreadableFileIsOneProblemNotAnException() {
        Path missing = dir.resolve("nope.yaml");

        LoadResult r = loader.load(missing);

        assertEquals(1, r.problems().size());
        assertEquals("unreadable", r.problems().get(0).rule());
        assertEquals(missing.toString(), r.problems().get(0).file());
    }

    @Test
    void invalidUtf8IsOneProblem() throws IOException {
        Path file = dir.resolve("pod.yaml");
        Files.write(file, new byte[] {'p', 'o', 'd', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});

        assertEquals(List.of(file + ":0:0: error: the file is not valid UTF-8 [encoding]"),
                loader.load(file).problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void aSecretReadableByOthersIsAWarningAndA600FileIsNot() throws IOException {
        Path secret = dir.resolve("mqtt.credentials");
        Files.writeString(secret, "pod1:hunter2\n", StandardCharsets.UTF_8);
        Path file = dir.resolve("pod.yaml");
        Files.writeString(file, """
                pod: {site: lab, id: p1}
                mqtt: {brokers: ['tcp://127.0.0.1:1883'], credentialsFile: mqtt.credentials}
                authorization: {view: [ops]}
                """);

        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        LoadResult.Valid open = assertInstanceOf(LoadResult.Valid.class, loader.load(file));
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        LoadResult.Valid closed = assertInstanceOf(LoadResult.Valid.class, loader.load(file));

        assertEquals(List.of(file + ":2:60: warning: mqtt.credentialsFile '" + secret + "' is accessible by group or"
                + " others (rw-r--r--): chmod 600 it [secret-readable]"),
                open.problems().stream().map(ConfigProblem::toString).toList());
        assertEquals(List.of(), closed.problems());
        assertEquals(secret.toString(), closed.config().mqtt().credentialsFile(),
                "relative file names are resolved against the file's directory");
    }

    @Test
    void aWorldWritableCaFileIsAWarning() throws IOException {
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n");
        Files.setPosixFilePermissions(ca, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path file = dir.resolve("pod.yaml");
        Files.writeString(file, """
                pod: {site: lab, id: p1}
                mqtt: {brokers: ['ssl://127.0.0.1:8883'], tls: {caFile: ca.pem}}
                authorization: {view: [ops]}
                """);

        assertEquals(List.of("file-writable"), loader.load(file).problems().stream().map(ConfigProblem::rule).toList());
    }

    @Test
    void anUnknownExampleIsOneProblem() {
        assertEquals("unreadable", loader.loadExample("nope.yaml").problems().get(0).rule());
    }

    @Test
    void loadingFromAFileKeepsEverySectionOfTheConfiguration() {
        // The file loader rebuilds the MQTT section with resolved file names; nothing else may be lost on the way.
        LoadResult fromFile = new ConfigLoader().load(Path.of("examples/sim-pod.yaml"));
        LoadResult fromJar = new ConfigLoader().loadExample("sim-pod.yaml");
        PodConfig a = ((LoadResult.Valid) fromFile).config();
        PodConfig b = ((LoadResult.Valid) fromJar).config();
        assertFalse(a.effects().isEmpty());
        assertEquals(b, a);
    }
}
