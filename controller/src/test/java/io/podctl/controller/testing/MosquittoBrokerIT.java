package io.podctl.controller.testing;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fixture itself: ports, persistence across restarts, log. */
class MosquittoBrokerIT {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void withPersistenceRetainedMessagesSurviveARestartOnTheSamePort() {
        try (MosquittoBroker broker = MosquittoBroker.start(0, true)) {
            int port = broker.port();
            assertNotEquals(1883, port);
            try (TestMqttClient c = TestMqttClient.subscribe(broker.uri(), "kept/#")) {
                c.publish("kept/state", "1", 1, true);
                c.await("kept/state", "1", WAIT);
            }
            broker.stop();
            broker.restart();
            assertEquals(port, broker.port());
            try (TestMqttClient late = TestMqttClient.subscribe(broker.uri(), "kept/#")) {
                assertTrue(late.await("kept/state", "1", WAIT).retained());
            }
            assertTrue(broker.logTail().contains("New client connected"), broker.logTail());
        }
    }

    @Test
    void withoutPersistenceARestartForgetsRetainedMessages() {
        try (MosquittoBroker broker = MosquittoBroker.start();
             TestMqttClient c = TestMqttClient.subscribe(broker.uri(), "gone/#")) {
            c.publish("gone/state", "1", 1, true);
            c.await("gone/state", "1", WAIT);
            broker.kill();
            broker.restart();
            c.reconnect(WAIT);
            // A marker published after the resubscription arrives; the old retained message does not.
            c.publish("gone/marker", "m", 1, false);
            c.await("gone/marker", "m", WAIT);
            assertEquals(1, c.messages("gone/state").size());
        }
    }
}
