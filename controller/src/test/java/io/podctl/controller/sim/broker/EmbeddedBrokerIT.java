package io.podctl.controller.sim.broker;

import io.podctl.controller.testing.TestMqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The broker as {@code podctl sim} runs it: in-process. The MQTT contract itself is in MqttLinkContract. */
class EmbeddedBrokerIT {

    @TempDir
    Path dir;

    @Test
    void startsOnTheNextFreePortWhenThePreferredOneIsTakenAndServesMqttOnLoopback() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int preferred = taken.getLocalPort();
            int port;
            try (EmbeddedBroker broker = EmbeddedBroker.start(preferred, dir)) {
                port = broker.port();
                assertTrue(port > preferred && port < preferred + EmbeddedBroker.PORT_ATTEMPTS,
                        "port " + port + " after the taken " + preferred);
                assertEquals("tcp://127.0.0.1:" + port, broker.uri());
                assertTrue(Files.readString(dir.resolve("conf/config.xml")).contains("<enabled>false</enabled>"),
                        "anonymous usage statistics off");

                try (TestMqttClient client = TestMqttClient.subscribe(broker.uri(), "sim/#")) {
                    client.publish("sim/state", "{\"ok\":true}", 1, true);
                    client.await("sim/state", "{\"ok\":true}", Duration.ofSeconds(5));
                }
                broker.close();
                broker.close(); // idempotent
            }
            try (ServerSocket again = new ServerSocket()) {
                again.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            }
        }
    }

    /** The operator console's way in: MQTT over WebSockets, on loopback, beside the TCP listener. */
    @Test
    void servesMqttOverWebSocketsOnLoopbackBesideTcp() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int preferred = taken.getLocalPort();
            try (EmbeddedBroker broker = EmbeddedBroker.start(0, preferred, dir)) {
                String ws = broker.webSocketUri();
                assertTrue(ws.startsWith("ws://127.0.0.1:") && ws.endsWith(EmbeddedBroker.WEBSOCKET_PATH), ws);
                int wsPort = Integer.parseInt(ws.substring("ws://127.0.0.1:".length(), ws.lastIndexOf('/')));
                assertTrue(wsPort > preferred && wsPort < preferred + EmbeddedBroker.PORT_ATTEMPTS,
                        "WebSocket port " + wsPort + " after the taken " + preferred);
                String config = Files.readString(dir.resolve("conf/config.xml"));
                assertTrue(config.contains("<websocket-listener>") && !config.contains("0.0.0.0"), config);

                try (TestMqttClient tcp = TestMqttClient.subscribe(broker.uri(), "sim/#");
                     TestMqttClient browser = TestMqttClient.subscribe(ws, "sim/#")) {
                    browser.publish("sim/cmd", "from the browser", 1, false);
                    tcp.await("sim/cmd", "from the browser", Duration.ofSeconds(5));
                    tcp.publish("sim/state", "to the browser", 1, true);
                    browser.await("sim/state", "to the browser", Duration.ofSeconds(5));
                }
            }
        }
    }

    @Test
    void hasNoWebSocketListenerUnlessAskedFor() throws IOException {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, dir)) {
            assertEquals(null, broker.webSocketUri());
            assertTrue(!Files.readString(dir.resolve("conf/config.xml")).contains("websocket"));
        }
    }
}
