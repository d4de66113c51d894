package io.podctl.controller.mqtt;

import io.podctl.controller.mqtt.paho.PahoMqttLink;
import io.podctl.controller.testing.MosquittoBroker;
import io.podctl.hal.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** User name and password from the settings, against a Mosquitto that refuses anonymous clients. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialsLinkIT {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private MosquittoBroker broker;
    private final List<PahoMqttLink> links = new ArrayList<>();

    @BeforeAll
    void startBroker() {
        broker = MosquittoBroker.startWithPassword("pod-7", "s3cret");
    }

    @AfterAll
    void stopBroker() {
        broker.close();
    }

    @AfterEach
    void closeLinks() {
        links.forEach(l -> l.close(null, Duration.ofMillis(200)));
    }

    private PahoMqttLink start(String user, String password) {
        LinkSettings s = new LinkSettings(List.of(broker.uri()), "cred-" + links.size(), Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMillis(400), null, user,
                password == null ? null : password.toCharArray(), null, 100, 100);
        PahoMqttLink link = new PahoMqttLink(s, Clock.system());
        links.add(link);
        link.start();
        return link;
    }

    @Test
    void connectsWithTheRightPassword() {
        PahoMqttLink link = start("pod-7", "s3cret");
        await().atMost(DEADLINE).until(() -> link.status().connected());
    }

    @Test
    void aWrongPasswordIsRefusedAndRetriedWithBackoffAsStatus() {
        PahoMqttLink link = start("pod-7", "wrong");
        await().atMost(DEADLINE).until(() -> link.status().connectFailures() >= 3);
        assertFalse(link.status().connected());
        assertTrue(link.status().lastError().contains("(5)"), "CONNACK 5, not authorized: " + link.status());
    }

    @Test
    void anAnonymousLinkIsRefused() {
        PahoMqttLink link = start(null, null);
        await().atMost(DEADLINE).until(() -> link.status().connectFailures() >= 1);
        assertFalse(link.status().connected());
    }
}
