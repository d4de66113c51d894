package io.podctl.controller.testing;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            assertTrue(broker.logContains("New client connected"), broker.logTail());
        }
    }

    @Test
    void stoppingABrokerThatHasAlreadyExitedIsNotAnError() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            // It ends on a SIGTERM of its own before stop() runs: stop() must see it gone, not fail to signal it.
            Process p = broker.process();
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor());
            broker.stop();
            assertFalse(p.isAlive());
            broker.restart();
            Process frozen = broker.process();
            broker.pause();
            broker.stop(); // a frozen broker still ends on stop()
            assertFalse(frozen.isAlive());
            broker.restart();
            assertTrue(broker.process().isAlive());
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
