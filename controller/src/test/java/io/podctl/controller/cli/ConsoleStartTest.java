package io.podctl.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.config.ConfigLoader;
import io.podctl.config.LoadResult;
import io.podctl.config.PodConfig;
import io.podctl.controller.console.ConsoleServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** How the pod file's console section becomes a served console, for podctl run and podctl sim. */
class ConsoleStartTest {

    private static PodConfig pod(String console) {
        LoadResult r = new ConfigLoader().parse("pod: {site: lab, id: pod1, description: test pod}\n"
                + "authorization: {view: [viewer]}\n" + console, "t.yaml");
        assertTrue(r instanceof LoadResult.Valid, r.problems().toString());
        return ((LoadResult.Valid) r).config();
    }

    @Test
    void podctlRunServesNothingUnlessThePodFileEnablesIt() {
        assertNull(ConsoleStart.forRun(pod(""), LoggerFactory.getLogger(getClass())));
        assertNull(ConsoleStart.forRun(pod("console: {listen: 127.0.0.1:8080}\n"), LoggerFactory.getLogger(getClass())));
    }

    @Test
    void podctlRunServesTheBuiltPageWhereThePodFileSays() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        PodConfig config = pod("console: {enabled: true, listen: 127.0.0.1:" + port
                + ", brokerUrl: 'wss://broker.lab.example:8884/mqtt'}\n");
        try (ConsoleServer console = ConsoleStart.forRun(config, LoggerFactory.getLogger(getClass()))) {
            assertNotNull(console);
            assertEquals("http://127.0.0.1:" + port + "/", console.url());
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console.url()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(page.body().contains("podctl operator console"), "the console module's page: " + page.body());
            String json = new String(ConsoleServer.configJson(ConsoleStart.settings(config, port, 1,
                    config.console().brokerUrl())), StandardCharsets.UTF_8);
            assertEquals("{\"brokerUrl\":\"wss://broker.lab.example:8884/mqtt\",\"topicRoot\":\"podctl/lab/pod1\","
                    + "\"title\":\"lab/pod1 — test pod\"}", json);
        }
    }

    @Test
    void aTakenPortLeavesTheControllerRunningWithoutAConsole() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            PodConfig config = pod("console: {enabled: true, listen: 127.0.0.1:" + taken.getLocalPort() + "}\n");
            assertNull(ConsoleStart.forRun(config, LoggerFactory.getLogger(getClass())));
        }
    }

    @Test
    void podctlSimTakesTheNextFreePort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             ConsoleServer console = ConsoleStart.forSim(pod(""), taken.getLocalPort(), "ws://127.0.0.1:9001/mqtt")) {
            assertTrue(console.port() > taken.getLocalPort()
                    && console.port() < taken.getLocalPort() + ConsoleStart.SIM_PORT_ATTEMPTS, console.url());
        }
    }
}
