package io.podctl.controller.mqtt;

import io.podctl.controller.mqtt.paho.PahoMqttLink;
import io.podctl.controller.testing.MosquittoBroker;
import io.podctl.controller.testing.Pki;
import io.podctl.hal.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The link over TLS to a Mosquitto that requires client certificates: PEM material read with plain JDK APIs,
 * TLS 1.2+, hostname verification on. Refusals end as status (not connected, the reason in lastError).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsLinkIT {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private Path dir;
    private Pki.Issued ca;
    private Pki.Issued otherCa;
    private Pki pki;
    private MosquittoBroker broker;
    private final List<PahoMqttLink> links = new ArrayList<>();

    @BeforeAll
    void startTlsBroker(@TempDir Path dir) {
        this.dir = dir;
        pki = new Pki(dir);
        ca = pki.ca("pod-ca");
        otherCa = pki.ca("other-ca");
        Pki.Issued server = pki.issue(ca, "broker", "rsa-pkcs8", "IP:127.0.0.1");
        broker = MosquittoBroker.startTls(ca.cert(), server.cert(), server.key());
    }

    @AfterAll
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void closeLinks() {
        links.forEach(l -> l.close(null, Duration.ofMillis(200)));
        links.clear();
    }

    private PahoMqttLink start(String uri, LinkSettings.Tls tls) {
        LinkSettings s = new LinkSettings(List.of(uri), "tls-" + links.size(), Duration.ofSeconds(5),
                Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofSeconds(1), null, null, null, tls, 100, 100);
        PahoMqttLink link = new PahoMqttLink(s, Clock.system());
        links.add(link);
        link.start();
        return link;
    }

    private static OutboundMessage event() {
        return new OutboundMessage("podctl-test/tls", "1".getBytes(StandardCharsets.UTF_8), 1, false,
                OutboundMessage.Delivery.RELIABLE);
    }

    private void connectsAndDelivers(Pki.Issued client) {
        PahoMqttLink link = start(broker.uri(), new LinkSettings.Tls(ca.cert(), client.cert(), client.key()));
        await("TLS connection").atMost(DEADLINE).until(() -> link.status().connected());
        assertTrue(link.publish(event()));
        await("acknowledged over TLS").atMost(DEADLINE).until(() -> link.status().published() >= 1);
    }

    private void isRefused(PahoMqttLink link, String reason) {
        await("a refused attempt").atMost(DEADLINE).until(() -> link.status().connectFailures() >= 1);
        assertFalse(link.status().connected());
        assertTrue(link.status().lastError().contains(reason), "lastError: " + link.status().lastError());
    }

    @Test
    void connectsWithAnRsaClientKeyInTraditionalPkcs1Form() {
        connectsAndDelivers(pki.issue(ca, "pod-rsa", "rsa-pkcs1", null));
    }

    @Test
    void connectsWithAnEcClientKeyInPkcs8Form() {
        connectsAndDelivers(pki.issue(ca, "pod-ec", "ec-pkcs8", null));
    }

    @Test
    void refusesABrokerCertificateFromAnotherCa() {
        Pki.Issued client = pki.issue(ca, "pod-a", "rsa-pkcs8", null);
        isRefused(start(broker.uri(), new LinkSettings.Tls(otherCa.cert(), client.cert(), client.key())),
                "PKIX");
    }

    @Test
    void refusesABrokerWhoseCertificateDoesNotNameTheHost() {
        Pki.Issued client = pki.issue(ca, "pod-b", "rsa-pkcs8", null);
        String byName = broker.uri().replace("127.0.0.1", "localhost");
        isRefused(start(byName, new LinkSettings.Tls(ca.cert(), client.cert(), client.key())),
                "No name matching localhost");
    }

    @Test
    void theBrokerRefusesALinkWithoutAClientCertificate() {
        PahoMqttLink link = start(broker.uri(), new LinkSettings.Tls(ca.cert(), null, null));
        await("a refused attempt").atMost(DEADLINE).until(() -> link.status().connectFailures() >= 1);
        assertFalse(link.status().connected());
    }

    @Test
    void theBrokerRefusesAnExpiredClientCertificate() {
        Pki.Issued expired = pki.issueExpired(ca, "pod-expired", null);
        PahoMqttLink link = start(broker.uri(), new LinkSettings.Tls(ca.cert(), expired.cert(), expired.key()));
        await("a refused attempt").atMost(DEADLINE).until(() -> link.status().connectFailures() >= 1);
        assertFalse(link.status().connected());
        assertTrue(link.status().connects() == 0, "never connected with an expired certificate");
    }

    @Test
    void refusesABrokerWhoseCertificateExpired() {
        Pki.Issued expiredServer = pki.issueExpired(ca, "broker-expired", "IP:127.0.0.1");
        try (MosquittoBroker stale = MosquittoBroker.startTls(ca.cert(), expiredServer.cert(), expiredServer.key())) {
            Pki.Issued client = pki.issue(ca, "pod-c", "rsa-pkcs8", null);
            PahoMqttLink link = start(stale.uri(), new LinkSettings.Tls(ca.cert(), client.cert(), client.key()));
            isRefused(link, "valid");
            assertTrue(link.status().connects() == 0);
        }
    }

    @Test
    void missingTlsMaterialIsAStatusNotACrash() {
        PahoMqttLink link = start(broker.uri(), new LinkSettings.Tls(dir.resolve("absent.crt"), null, null));
        isRefused(link, "absent.crt");
        await().atMost(DEADLINE).until(() -> link.status().connectFailures() >= 2);
    }
}
