package io.podctl.controller.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.config.MqttConfig;
import io.podctl.config.PodConfig;
import io.podctl.config.PodIdentity;
import io.podctl.controller.mqtt.LinkSettings;
import io.podctl.controller.mqtt.MqttCredentials;
import io.podctl.controller.mqtt.OutboundMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker credentials and TLS files reach the link, from a file or the environment, never inline. */
class LinkSettingsWiringTest {
    private static final OutboundMessage WILL = new OutboundMessage("r/status", new byte[] {1}, 1, true,
            OutboundMessage.Delivery.LATEST);

    private static PodConfig config(String credentialsFile, MqttConfig.TlsConfig tls) {
        MqttConfig mqtt = new MqttConfig(List.of("ssl://127.0.0.1:8883"), null, null, null, null, credentialsFile, tls);
        return new PodConfig(new PodIdentity("lab", "pod1", null), null, mqtt, null, null, null, null, null, null,
                null, null);
    }

    private static LinkSettings settings(PodConfig c, Map<String, String> env) {
        return PodRuntime.linkSettings(c, c.mqtt().brokers(), "id", WILL, env);
    }

    @Test
    void credentialsComeFromTheConfiguredFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mqtt.credentials");
        Files.writeString(file, "podctl-lab-pod1:s3cr:et\n");
        LinkSettings s = settings(config(file.toString(), null), Map.of(MqttCredentials.USERNAME_VARIABLE, "other",
                MqttCredentials.PASSWORD_VARIABLE, "x"));
        assertEquals("podctl-lab-pod1", s.username());
        assertArrayEquals("s3cr:et".toCharArray(), s.password(), "the password may contain ':'; the file wins");
    }

    @Test
    void credentialsComeFromTheEnvironmentWithoutAFile() {
        LinkSettings s = settings(config(null, null), Map.of(MqttCredentials.USERNAME_VARIABLE, "pod",
                MqttCredentials.PASSWORD_VARIABLE, "pw"));
        assertEquals("pod", s.username());
        assertArrayEquals("pw".toCharArray(), s.password());
    }

    @Test
    void noCredentialsAtAllMeansNone() {
        LinkSettings s = settings(config(null, null), Map.of());
        assertNull(s.username());
        assertNull(s.password());
    }

    @Test
    void aBrokenFileOrHalfTheVariablesIsRefusedWithoutShowingTheSecret(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad");
        Files.writeString(file, "no-colon-secret\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(config(file.toString(), null), Map.of()));
        assertTrue(!e.getMessage().contains("no-colon-secret"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> settings(config(null, null),
                Map.of(MqttCredentials.USERNAME_VARIABLE, "pod")));
        assertThrows(UncheckedIOException.class, () -> settings(config(dir.resolve("absent").toString(),
                null), Map.of()));
    }

    @Test
    void tlsFilesReachTheLink() {
        LinkSettings s = settings(config(null, new MqttConfig.TlsConfig("/c/ca.crt", "/c/pod.crt", "/c/pod.key")),
                Map.of());
        assertEquals(new LinkSettings.Tls(Path.of("/c/ca.crt"), Path.of("/c/pod.crt"), Path.of("/c/pod.key")),
                s.tls());
        assertEquals(List.of("ssl://127.0.0.1:8883"), s.brokerUris());
    }
}
