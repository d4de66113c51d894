package io.podctl.hil;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.podctl.config.MqttConfig;
import io.podctl.controller.bootstrap.PodRuntime;
import io.podctl.controller.commands.InboundMessage;
import io.podctl.controller.mqtt.LinkSettings;
import io.podctl.controller.mqtt.OutboundMessage;
import io.podctl.controller.mqtt.paho.PahoMqttLink;
import io.podctl.controller.testing.MosquittoBroker;
import io.podctl.controller.testing.Pki;
import io.podctl.hal.Clock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Mosquitto configuration of docs/mosquitto.md, run as written (only the file paths and the listener are
 * changed): TLS with client certificates, the certificate's CN as user name, and the per-pod ACL. The pod
 * connects with its certificate; an operator's command under its own name is accepted end to end; the same
 * operator's command under another name is dropped by the broker and never reaches the pod.
 */
class MosquittoDocumentedConfigIT {
    private static final Path DOC = Path.of("..", "docs", "mosquitto.md");

    /** The fenced block after the marker comment {@code <!-- name -->}. */
    static String block(String doc, String name) {
        Matcher m = Pattern.compile("<!-- " + Pattern.quote(name) + " -->\\s*```[a-z]*\\n(.*?)```", Pattern.DOTALL)
                .matcher(doc);
        if (!m.find()) {
            throw new AssertionError("docs/mosquitto.md has no block marked <!-- " + name + " -->");
        }
        return m.group(1);
    }

    @Test
    void theDocumentedBrokerAuthenticatesByCertificateAndItsAclKeepsIdentitiesHonest(@TempDir Path dir)
            throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        Pki pki = new Pki(dir);
        Pki.Issued ca = pki.ca("ca");
        Pki.Issued server = pki.issue(ca, "broker", "rsa-pkcs8", "IP:127.0.0.1");
        Pki.Issued podCert = pki.issue(ca, "podctl-lab-pod1", "rsa-pkcs8", null);
        Pki.Issued operatorCert = pki.issue(ca, "operator", "ec-pkcs8", null);
        Path certs = Files.createDirectories(dir.resolve("etc/certs"));
        Files.copy(ca.cert(), certs.resolve("ca.crt"));
        Files.copy(server.cert(), certs.resolve("broker.crt"));
        Files.copy(server.key(), certs.resolve("broker.key"));
        Files.writeString(dir.resolve("etc/podctl.acl"), block(doc, "acl"), StandardCharsets.UTF_8);
        String conf = block(doc, "mosquitto.conf").replace("/etc/mosquitto/", dir.resolve("etc") + "/");
        assertTrue(conf.contains("listener 8883\n"), conf);

        try (MosquittoBroker broker = MosquittoBroker.startWithConfig(
                port -> conf.replace("listener 8883\n", "listener " + port + " 127.0.0.1\n"), true)) {
            MqttConfig.TlsConfig tls = new MqttConfig.TlsConfig(ca.cert().toString(), podCert.cert().toString(),
                    podCert.key().toString());
            try (SimPod pod = SimPod.start(broker.uri(), c -> SimPod.withMqtt(c, new MqttConfig(List.of(),
                    null, null, null, null, null, tls)), PodRuntime.Tuning.DEFAULT)) {
                await("the pod connects with its certificate").atMost(Duration.ofSeconds(15))
                        .until(() -> pod.runtime().link().status().connected());

                List<String> replies = new CopyOnWriteArrayList<>();
                LinkSettings s = new LinkSettings(List.of(broker.uri()), "console-1", Duration.ofSeconds(10),
                        Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(1), null, null, null,
                        new LinkSettings.Tls(ca.cert(), operatorCert.cert(), operatorCert.key()), 100, 100);
                PahoMqttLink operator = new PahoMqttLink(s, Clock.system());
                try {
                    operator.subscribe(SimPod.ROOT + "/replies", 1, (InboundMessage m) ->
                            replies.add(new String(m.payload(), StandardCharsets.UTF_8)));
                    operator.start();
                    await("the operator connects with its certificate").atMost(Duration.ofSeconds(10))
                            .until(() -> operator.status().connected());

                    // Under someone else's name: the ACL drops it (MQTT 3.1.1 still acknowledges the publish).
                    String forged = "forged-" + System.nanoTime();
                    operator.publish(command("reset", "engineer", forged));
                    // Under its own name: accepted end to end. Sent after the forged one, on the same connection,
                    // so the forged one would have arrived first had the broker let it through.
                    String own = "own-" + System.nanoTime();
                    operator.publish(command("ack", "operator", own));
                    await("the reply to the operator's own command").atMost(Duration.ofSeconds(10))
                            .until(() -> replies.stream().anyMatch(r -> r.contains(own)));
                    JsonNode reply = SimPod.json(replies.stream().filter(r -> r.contains(own)).findFirst()
                            .orElseThrow());
                    assertEquals("ACCEPTED", reply.path("code").asText(), reply.toString());
                    assertEquals("operator", reply.path("identity").asText());
                    assertTrue(replies.stream().noneMatch(r -> r.contains(forged)),
                            "the forged command never reached the pod: " + replies);
                    await("the broker logged the refusal").atMost(Duration.ofSeconds(5))
                            .until(() -> broker.logContains("Denied PUBLISH"));
                } finally {
                    operator.close(null, Duration.ofMillis(500));
                }
            }
        }
    }

    private static OutboundMessage command(String name, String identity, String id) {
        Instant now = Instant.now();
        return new OutboundMessage(SimPod.ROOT + "/cmd/" + name + "/" + identity,
                SimPod.envelope(id, now, Duration.ofSeconds(5), null).getBytes(StandardCharsets.UTF_8), 1, false,
                OutboundMessage.Delivery.RELIABLE);
    }
}
