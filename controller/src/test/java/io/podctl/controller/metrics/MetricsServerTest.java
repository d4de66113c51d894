package io.podctl.controller.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.state.PodMode;
import io.podctl.controller.testing.Pki;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoint's paths, probes, authentication, TLS and its answers to bad input. */
class MetricsServerTest {
    private final MetricsFixture f = new MetricsFixture();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void metricsAreServedInTheTextFormatAndUnknownPathsAre404() {
        f.cycle();

        HttpResponse<String> metrics = f.get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), metrics.headers()
                .toString());
        assertTrue(metrics.body().contains("# TYPE podctl_loop_cycle_duration_seconds histogram"));
        for (String unknown : List.of("/nope", "/metrics/x", "/metricsx", "/healthz/", "/favicon.ico")) {
            assertEquals(404, f.get(unknown).statusCode(), unknown);
        }
        assertEquals(200, f.get("/").statusCode());
    }

    @Test
    void onlyGetAndHeadAreAllowed() throws Exception {
        HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(f.server().url()))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void healthzFollowsTheLoopAndReadyzWaitsForTheSafetyInputs() {
        assertEquals(503, f.get("/healthz").statusCode(), "before the first cycle");
        f.cycle();
        f.state(PodMode.STARTING, Double.POSITIVE_INFINITY, List.of(), List.of(), List.of());
        assertEquals(200, f.get("/healthz").statusCode());
        HttpResponse<String> waiting = f.get("/readyz");
        assertEquals(503, waiting.statusCode());
        assertEquals("waiting for safety input leak.rack1 (no data yet)\n", waiting.body());

        f.good("leak.rack1", 0).cycle();
        assertEquals(200, f.get("/readyz").statusCode());

        f.clock.advance(Duration.ofMillis(1500)); // no cycle for longer than the stall timeout
        HttpResponse<String> stalled = f.get("/healthz");
        assertEquals(503, stalled.statusCode());
        assertTrue(stalled.body().startsWith("control loop stalled: last cycle 1500 ms ago"), stalled.body());
        assertEquals(503, f.get("/readyz").statusCode());
    }

    @Test
    void withCredentialsAWrongPasswordIs401WithAChallengeAndTheProbesStayOpen() throws IOException {
        Path secret = dir.resolve("metrics.credentials");
        Files.writeString(secret, "prometheus:s3cr:et\n");
        try (MetricsServer s = MetricsServer.start(new MetricsServer.Settings("127.0.0.1", 0, secret, null),
                f.metrics)) {
            HttpResponse<String> none = MetricsFixture.get(s, "/metrics", null);
            assertEquals(401, none.statusCode());
            assertEquals("Basic realm=\"podctl metrics\", charset=\"UTF-8\"",
                    none.headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals(401, MetricsFixture.get(s, "/metrics", basic("prometheus", "wrong")).statusCode());
            assertEquals(401, MetricsFixture.get(s, "/metrics", basic("someone", "s3cr:et")).statusCode());
            assertEquals(200, MetricsFixture.get(s, "/metrics", basic("prometheus", "s3cr:et")).statusCode());
            assertEquals(503, MetricsFixture.get(s, "/healthz", null).statusCode(), "answered, without credentials");
        }
    }

    @Test
    void aMalformedRequestIsRefusedAndDisturbsNothing() throws IOException {
        f.cycle();
        int port = f.server().port();
        assertTrue(rawExchange(port, "GARBAGE\r\n\r\n").startsWith("HTTP/1.1 400"));
        assertTrue(rawExchange(port, "GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n")
                .startsWith("HTTP/1.1 400"));
        try (Socket half = new Socket(InetAddress.getLoopbackAddress(), port)) {
            half.getOutputStream().write("GET /met".getBytes(StandardCharsets.US_ASCII)); // and never finishes
            assertEquals(200, f.get("/metrics").statusCode(), "a half-sent request does not block the others");
        }
        assertEquals(200, f.get("/metrics").statusCode());
    }

    @Test
    void aPortInUseIsRefusedWithAClearMessage() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            MetricsServer.ListenFailure e = assertThrows(MetricsServer.ListenFailure.class, () -> MetricsServer.start(
                    new MetricsServer.Settings("127.0.0.1", taken.getLocalPort(), null, null), f.metrics));
            assertTrue(e.getMessage().startsWith("metrics endpoint not started: cannot listen on 127.0.0.1:"
                    + taken.getLocalPort() + ": Address already in use"), e.getMessage());
        }
    }

    @Test
    void withTlsTheEndpointIsHttpsOnly() throws Exception {
        Pki pki = new Pki(dir);
        Pki.Issued ca = pki.ca("test-ca");
        Pki.Issued server = pki.issue(ca, "localhost", "ec-pkcs8", "DNS:localhost,IP:127.0.0.1");
        try (MetricsServer s = MetricsServer.start(new MetricsServer.Settings("127.0.0.1", 0, null,
                new MetricsServer.Tls(server.cert(), server.key(), null)), f.metrics)) {
            assertTrue(s.url().startsWith("https://127.0.0.1:"));
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(ca.cert())).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(s.url()))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            String plain = rawExchange(s.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(!plain.startsWith("HTTP/1.1 200"), "plain HTTP on the TLS port: " + plain);
        }
    }

    @Test
    void unusableTlsFilesAreRefusedNamingTheFile() {
        Path missing = dir.resolve("missing.pem");
        MetricsServer.ListenFailure e = assertThrows(MetricsServer.ListenFailure.class, () -> MetricsServer.start(
                new MetricsServer.Settings("127.0.0.1", 0, null, new MetricsServer.Tls(missing, missing, null)),
                f.metrics));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Sends raw bytes and returns what comes back until the server closes (or 5 s pass). */
    private static String rawExchange(int port, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            StringBuilder sb = new StringBuilder();
            try {
                int n;
                while (sb.length() < 200 && (n = in.read(buf)) > 0) {
                    sb.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
            } catch (IOException e) {
                // reset or timeout: what arrived is the answer
            }
            return sb.toString();
        }
    }

    private static SSLContext trusting(Path caPem) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
            ks.setCertificateEntry("ca", ca);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }
}
