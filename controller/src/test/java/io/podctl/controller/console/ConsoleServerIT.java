package io.podctl.controller.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The console's web server over real HTTP on loopback, serving a small test page from the class path: what it
 * serves, with which headers, and everything it refuses (other methods, directories, hidden or unknown files,
 * every spelling of a step outside its root).
 */
class ConsoleServerIT {
    private static final WebRoot TEST_WEB = new WebRoot(ConsoleServerIT.class.getClassLoader(),
            "io/podctl/controller/console/web/");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws IOException {
        server = ConsoleServer.start(settings(0, 1, "ws://127.0.0.1:9001/mqtt"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ConsoleSettings settings(int port, int attempts, String brokerUrl) {
        return new ConsoleSettings("127.0.0.1", port, attempts, brokerUrl, "podctl/lab/pod1", "lab/pod1", TEST_WEB);
    }

    private static HttpResponse<byte[]> request(String method, String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(server.url() + path.substring(1)))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesThePageOnLoopbackWithItsContentTypeAndAStrictPolicy() throws Exception {
        assertTrue(server.url().startsWith("http://127.0.0.1:"), server.url());
        HttpResponse<byte[]> r = request("GET", "/");
        assertEquals(200, r.statusCode());
        assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("<title>test console</title>"));
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElseThrow());
        String policy = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(policy.contains("script-src 'self'") && policy.contains("connect-src 'self' ws: wss:")
                && policy.contains("frame-ancestors 'none'"), policy);
        assertEquals(200, request("GET", "/index.html").statusCode());
    }

    @Test
    void servesHashedAssetsAsImmutable() throws Exception {
        HttpResponse<byte[]> r = request("GET", "/assets/app-1234.js");
        assertEquals(200, r.statusCode());
        assertEquals("text/javascript; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("public, max-age=31536000, immutable", r.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("console.log(\"app\");\n", new String(r.body(), StandardCharsets.UTF_8));
    }

    @Test
    void headAnswersTheHeadersWithoutABody() throws Exception {
        HttpResponse<byte[]> r = request("HEAD", "/assets/app-1234.js");
        assertEquals(200, r.statusCode());
        assertEquals(0, r.body().length);
        assertEquals("20", r.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(404, request("HEAD", "/nothing.js").statusCode());
    }

    @Test
    void tellsThePageTheBrokerAndTopicRootAndNoSecret() throws Exception {
        HttpResponse<byte[]> r = request("GET", "/config.json");
        assertEquals(200, r.statusCode());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElseThrow());
        JsonNode config = new ObjectMapper().readTree(r.body());
        assertEquals("ws://127.0.0.1:9001/mqtt", config.path("brokerUrl").asText());
        assertEquals("podctl/lab/pod1", config.path("topicRoot").asText());
        assertEquals("lab/pod1", config.path("title").asText());
        assertEquals(3, config.size(), config.toString());
        JsonNode none = new ObjectMapper().readTree(ConsoleServer.configJson(settings(0, 1, null)));
        assertTrue(none.get("brokerUrl").isNull(), none.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "OPTIONS", "PATCH"})
    void refusesEveryMethodButGetAndHead(String method) throws Exception {
        HttpResponse<byte[]> r = request(method, "/");
        assertEquals(405, r.statusCode());
        assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nothing.html", "/assets", "/assets/", "/assets//app-1234.js", "/.hidden.txt",
            "/notes.md", "/index", "/assets/app-1234.js/", "/ConsoleServerIT.class"})
    void answersNotFoundForWhatIsNotAPlainFileOfTheRoot(String path) throws Exception {
        assertEquals(404, request("GET", path).statusCode(), path);
    }

    /** Sent byte for byte on a socket, so that no client library normalizes the path first. */
    @ParameterizedTest
    @ValueSource(strings = {"/../outside.txt", "/assets/../../outside.txt", "/%2e%2e/outside.txt",
            "/%2E%2E/outside.txt", "/assets/%2e%2e%2f%2e%2e%2foutside.txt", "/..%2foutside.txt",
            "/..%5coutside.txt", "/assets/..\\..\\outside.txt", "/%2e%2e%2f%2e%2e%2f%2e%2e%2fConsoleServerIT.class",
            "/index.html%00.js", "/./index.html", "//outside.txt", "/.%2e/outside.txt",
            "/../../../../../../etc/passwd"})
    void neverStepsOutsideItsRoot(String path) throws Exception {
        String response = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        String status = response.lines().findFirst().orElse("");
        assertTrue(status.contains(" 404 ") || status.contains(" 400 "), path + " -> " + status);
        assertFalse(response.contains("outside the web root") || response.contains("root:"), response);
    }

    @Test
    void takesTheNextFreePortWhenAllowedAndSaysWhichOtherwise() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            IOException e = assertThrows(IOException.class, () -> ConsoleServer.start(settings(port, 1, null)));
            assertTrue(e.getMessage().contains("no free port in 127.0.0.1:" + port), e.getMessage());
            if (port < 65_535) {
                try (ConsoleServer next = ConsoleServer.start(settings(port, 2, null))) {
                    assertTrue(next.port() != port, next.url());
                }
            }
        }
    }

    @Test
    void refusesToStartWithoutThePage() {
        WebRoot empty = new WebRoot(getClass().getClassLoader(), "io/podctl/controller/console/none/");
        IOException e = assertThrows(IOException.class, () -> ConsoleServer.start(new ConsoleSettings("127.0.0.1",
                0, 1, null, "podctl/lab/pod1", "lab/pod1", empty)));
        assertTrue(e.getMessage().contains("no podctl-console jar"), e.getMessage());
    }

    private static String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
