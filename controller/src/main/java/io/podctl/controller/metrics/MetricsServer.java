package io.podctl.controller.metrics;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.podctl.controller.state.ControllerHealth;
import io.podctl.controller.tls.PemFiles;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics endpoint: {@code /metrics} in the Prometheus exposition formats (served by the Prometheus client's
 * HTTP server exporter handler, which negotiates text, OpenMetrics and protobuf), {@code /healthz} and
 * {@code /readyz} for probes, on its own listener and its own two daemon threads, never the loop's.
 *
 * <p>Paths are matched exactly: anything else is 404; methods other than GET and HEAD are 405. With a
 * credentials file, {@code /metrics} needs HTTP basic authentication (401 with {@code WWW-Authenticate}
 * otherwise); the probes and the index answer without it, with one line of text. With TLS, everything is
 * HTTPS (TLS 1.3 or 1.2), and with a client CA every client must present a certificate it signed. Requests that
 * are not HTTP are answered 400 by the JDK's server and closed; a request that does not arrive within 10 s
 * (unless {@code sun.net.httpserver.maxReqTime} says otherwise) is dropped, so a slow client cannot hold a
 * worker for long. At most 32 requests wait for the two workers; more are dropped.
 *
 * <p>Threading: {@link #start} and {@link #close} from the composition root; handlers on the server's workers.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    private static final int WORKERS = 2;
    private static final int QUEUE = 32;

    static {
        // Read once by the JDK's server when the first one starts (so they hold for every server of this JVM):
        // bound how long a request may take to arrive and a response to leave.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "10");
        }
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
            System.setProperty("sun.net.httpserver.maxRspTime", "60");
        }
        // A gzip scrape is sent chunked, its last chunk in a write of its own: with Nagle's algorithm that write
        // waits for the client's delayed ACK, about 40 ms per scrape. Send at once.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final String url;

    /**
     * Where and how to listen.
     *
     * @param host            address or name to bind (e.g. {@code 127.0.0.1})
     * @param port            port; 0 picks a free one
     * @param credentialsFile {@code username:password} file for basic authentication of /metrics, or null
     * @param tls             HTTPS material, or null for plain HTTP
     */
    public record Settings(String host, int port, Path credentialsFile, Tls tls) {
    }

    /**
     * HTTPS material, PEM files.
     *
     * @param certFile     the endpoint's certificate chain
     * @param keyFile      its private key
     * @param clientCaFile CA certificates clients must present a certificate of, or null for no client check
     */
    public record Tls(Path certFile, Path keyFile, Path clientCaFile) {
    }

    /** The listener could not start; the message says why and what to do. */
    public static final class ListenFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ListenFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private MetricsServer(HttpServer server, ThreadPoolExecutor workers, String url) {
        this.server = server;
        this.workers = workers;
        this.url = url;
    }

    /**
     * Binds and starts serving {@code metrics}.
     *
     * @throws ListenFailure when the address is in use or cannot be bound, or the TLS or credentials files are
     *                       unusable
     */
    public static MetricsServer start(Settings settings, PodMetrics metrics) {
        String where = (settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host()) + ":"
                + settings.port();
        BasicCredentials credentials;
        SSLContext tls;
        try {
            credentials = settings.credentialsFile() == null ? null
                    : BasicCredentials.fromFile(settings.credentialsFile());
            tls = settings.tls() == null ? null : sslContext(settings.tls());
        } catch (RuntimeException | IOException | GeneralSecurityException e) {
            throw new ListenFailure("metrics endpoint " + where + " not started: " + e.getMessage(), e);
        }
        HttpServer server;
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(settings.host()), settings.port());
            server = tls == null ? HttpServer.create(address, 16) : HttpsServer.create(address, 16);
        } catch (BindException e) {
            throw new ListenFailure("metrics endpoint not started: cannot listen on " + where + ": " + e.getMessage()
                    + " (another process holds the port, or the address is not this machine's; `ss -ltnp` names the"
                    + " holder): set metrics.listen to a free address", e);
        } catch (IOException e) {
            throw new ListenFailure("metrics endpoint not started: cannot listen on " + where + ": " + e, e);
        }
        if (server instanceof HttpsServer https) {
            https.setHttpsConfigurator(configurator(tls, settings.tls().clientCaFile() != null));
        }
        ControllerHealth health = metrics.health();
        HttpContext scrape = server.createContext("/metrics", exactly("/metrics",
                new MetricsHandler(metrics.registry())));
        if (credentials != null) {
            scrape.setAuthenticator(credentials);
        }
        server.createContext("/healthz", exactly("/healthz", probe(health::liveness)));
        server.createContext("/readyz", exactly("/readyz", probe(health::readiness)));
        server.createContext("/", exactly("/", MetricsServer::index));
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), daemonThreads(), new ThreadPoolExecutor.DiscardPolicy());
        server.setExecutor(workers);
        server.start();
        int port = server.getAddress().getPort();
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        String url = (tls == null ? "http" : "https") + "://" + host + ":" + port + "/metrics";
        log.info("metrics endpoint on {} ({}; /healthz, /readyz)", url, credentials == null
                ? "no authentication" : "basic authentication");
        return new MetricsServer(server, workers, url);
    }

    /** The scrape URL, e.g. {@code http://127.0.0.1:9464/metrics}. */
    public String url() {
        return url;
    }

    /** The port listened on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening (requests in progress get a second to finish) and ends the workers. */
    @Override
    public void close() {
        server.stop(1);
        workers.shutdownNow();
    }

    private static HttpHandler exactly(String path, HttpHandler handler) {
        return exchange -> {
            try (exchange) {
                String method = exchange.getRequestMethod();
                if (!exchange.getRequestURI().getPath().equals(path)) {
                    text(exchange, 404, "not found: " + path + " serves only itself; see / for the endpoints\n");
                } else if (!method.equals("GET") && !method.equals("HEAD")) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    text(exchange, 405, "method not allowed: " + method + "\n");
                } else {
                    handler.handle(exchange);
                }
            }
        };
    }

    private static HttpHandler probe(Supplier<ControllerHealth.Verdict> verdict) {
        return exchange -> {
            ControllerHealth.Verdict v = verdict.get();
            text(exchange, v.ok() ? 200 : 503, v.reason() + "\n");
        };
    }

    private static void index(HttpExchange exchange) throws IOException {
        text(exchange, 200, "podctl metrics endpoint\n/metrics  Prometheus exposition\n"
                + "/healthz  200 while the control loop runs\n/readyz   200 while the controller is ready\n");
    }

    private static void text(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static SSLContext sslContext(Tls tls) throws GeneralSecurityException, IOException {
        KeyManagerFactory identity = PemFiles.identity(tls.certFile(), tls.keyFile());
        TrustManagerFactory clients = tls.clientCaFile() == null ? null : PemFiles.trustOnly(tls.clientCaFile());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(identity.getKeyManagers(), clients == null ? null : clients.getTrustManagers(), null);
        return context;
    }

    private static HttpsConfigurator configurator(SSLContext context, boolean needClientCertificate) {
        return new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = context.getDefaultSSLParameters();
                p.setProtocols(PemFiles.PROTOCOLS.toArray(String[]::new));
                p.setNeedClientAuth(needClientCertificate);
                params.setSSLParameters(p);
            }
        };
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "metrics-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
