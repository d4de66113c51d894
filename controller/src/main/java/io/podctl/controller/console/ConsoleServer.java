package io.podctl.controller.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the operator console: the static page from a {@link WebRoot} and a generated {@code config.json} that
 * tells the page the broker's WebSocket URL, the topic root and the pod's name (no secrets: the operator types
 * their own broker credentials into the page, and the broker's ACLs decide what they may do).
 *
 * <p>GET and HEAD only (405 otherwise), no directory listing, request paths resolved strictly by
 * {@link WebRoot} (404 for anything else), content types by extension, {@code nosniff}, a restrictive
 * Content-Security-Policy, and no caching of {@code index.html} and {@code config.json}. It reads nothing of the
 * controller: the page gets everything it shows from the broker.
 *
 * <p>Threading: the JDK's HTTP server, its own dispatcher thread and two worker threads (daemons, named
 * {@code console-http-N}) behind a bounded queue; when the queue is full the dispatcher serves the request
 * itself, which slows accepting down rather than growing memory. {@link #close} is idempotent.
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsoleServer.class);
    /** Where the page fetches what it is told. */
    public static final String CONFIG_PATH = "/config.json";
    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self' ws: wss:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";
    private static final int WORKERS = 2;
    private static final int QUEUE = 64;
    private static final int STOP_DELAY_SECONDS = 1;

    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final String url;
    private boolean closed;

    private ConsoleServer(HttpServer server, ThreadPoolExecutor workers, String url) {
        this.server = server;
        this.workers = workers;
        this.url = url;
    }

    /**
     * Binds and starts the server: on {@code settings.port()}, or when it is taken on the next free one of
     * {@code settings.portAttempts()}.
     *
     * @throws IOException when no port could be bound, or the page is not on the class path
     */
    public static ConsoleServer start(ConsoleSettings settings) throws IOException {
        if (!settings.web().present()) {
            throw new IOException("the console's files are not on the class path (" + settings.web().prefix()
                    + "index.html): this build has no podctl-console jar");
        }
        byte[] config = configJson(settings);
        HttpServer server = bind(settings);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "console-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(workers);
        server.createContext("/", exchange -> handle(exchange, settings.web(), config));
        server.start();
        InetSocketAddress bound = server.getAddress();
        String host = bound.getAddress() instanceof Inet6Address
                ? "[" + bound.getAddress().getHostAddress() + "]" : bound.getAddress().getHostAddress();
        String url = "http://" + host + ":" + bound.getPort() + "/";
        log.info("operator console on {} (broker {}, topic root {})", url,
                settings.brokerUrl() != null ? settings.brokerUrl() : "typed by the operator", settings.topicRoot());
        return new ConsoleServer(server, workers, url);
    }

    private static HttpServer bind(ConsoleSettings settings) throws IOException {
        InetAddress address = InetAddress.getByName(settings.host());
        int attempts = settings.port() == 0 ? 1 : Math.min(settings.portAttempts(), 65_536 - settings.port());
        BindException last = null;
        for (int i = 0; i < attempts; i++) {
            int port = settings.port() == 0 ? 0 : settings.port() + i;
            try {
                return HttpServer.create(new InetSocketAddress(address, port), 16);
            } catch (BindException e) {
                last = e;
                log.info("console port {} is taken{}", port, i + 1 < attempts ? ", trying the next one" : "");
            }
        }
        throw new IOException("console: no free port in " + settings.host() + ":" + settings.port()
                + (attempts > 1 ? ".." + (settings.port() + attempts - 1) : "") + ": " + last.getMessage(), last);
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        return url;
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting, lets requests in progress finish for up to a second, and ends the workers. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(STOP_DELAY_SECONDS);
        workers.shutdownNow();
        log.info("operator console on {} stopped", url);
    }

    /** The page's {@code config.json}: broker URL (or null), topic root and title; public so tests compare it. */
    public static byte[] configJson(ConsoleSettings settings) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode n = json.createObjectNode();
        if (settings.brokerUrl() == null) {
            n.putNull("brokerUrl");
        } else {
            n.put("brokerUrl", settings.brokerUrl());
        }
        n.put("topicRoot", settings.topicRoot());
        n.put("title", settings.title());
        try {
            return json.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void handle(HttpExchange exchange, WebRoot web, byte[] config) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            Headers h = exchange.getResponseHeaders();
            h.set("X-Content-Type-Options", "nosniff");
            h.set("Referrer-Policy", "no-referrer");
            if (!head && !method.equals("GET")) {
                h.set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", text("method not allowed"), false);
                return;
            }
            String path = requestPath(exchange.getRequestURI());
            if (CONFIG_PATH.equals(path)) {
                h.set("Cache-Control", "no-store");
                send(exchange, 200, "application/json; charset=utf-8", config, head);
                return;
            }
            Optional<WebRoot.File> file = path == null ? Optional.empty() : web.resolve(path);
            if (file.isEmpty()) {
                send(exchange, 404, "text/plain; charset=utf-8", text("not found"), head);
                return;
            }
            // Vite names every asset by its content hash: those never change; the page itself always may.
            h.set("Cache-Control", path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
            if (file.get().contentType().startsWith("text/html")) {
                h.set("Content-Security-Policy", POLICY);
                h.set("X-Frame-Options", "DENY");
            }
            send(exchange, 200, file.get().contentType(), file.get().bytes(), head);
        } catch (IOException e) {
            // The browser went away mid-response; nothing to tell anyone.
            log.debug("console request failed: {}", e.toString());
        }
    }

    /** The decoded path of a request, or null when it does not parse (a bad escape, say). */
    private static String requestPath(URI uri) {
        String raw = uri.getRawPath();
        if (raw == null || raw.contains("%00") || raw.contains("\\")) {
            return null;
        }
        return uri.getPath();
    }

    private static byte[] text(String line) {
        return (line + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body, boolean head)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
