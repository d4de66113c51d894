package io.podctl.controller.sim.broker;

import com.hivemq.embedded.EmbeddedHiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The MQTT broker {@code podctl sim} runs in its own process when no broker URI is configured; the firmware on
 * a board never embeds one.
 *
 * <p>It is HiveMQ Community Edition embedded, listening on 127.0.0.1 only, with in-memory persistence, anonymous
 * usage statistics off, no extensions, and up to 100 000 queued messages per subscriber. Besides MQTT over TCP it
 * can listen for MQTT over WebSockets (path {@code /mqtt}, for the operator console in the browser), also on
 * 127.0.0.1 only. Without extensions HiveMQ authenticates nobody: every client may read and write everything,
 * which is what a simulator on loopback wants and never what a pod's broker may do.
 *
 * <p>Why HiveMQ: it passes the same contract tests as Mosquitto ({@code MqttLinkContract}: retained state,
 * Last Will of a killed process, a 2000-message QoS 1 burst in order, first connect before the broker is up,
 * SIGTERM and SIGKILL restarts during a burst, SIGSTOP, telemetry overflow, re-subscription, clean close; run
 * against it in a child JVM so that signals apply). The embeddable alternatives failed them when tried with Paho:
 * Moquette 0.17 corrupted payloads (topic bytes inside the payload) and Moquette 0.16 delivered 110 of a
 * 2000-message QoS 1 burst in 10 s and never delivered the Will of a killed client. Running Mosquitto itself
 * would need a binary the simulator cannot assume on every workstation. HiveMQ's costs: about 2 s to start
 * (3 to 4 s in a fresh JVM), about 4 s to stop (Netty's fixed 2 s quiet period, twice), about 140 MB RSS when
 * idle, and 60 MB of RocksDB natives on the classpath that its configuration classes reference even in
 * in-memory mode.
 *
 * <p>Logging: HiveMQ configures logback at start. podctl logs through SLF4J to tinylog only, so logback-classic
 * and metrics-logback are excluded from the dependency and the broker is built {@code withoutLoggingBootstrap()};
 * HiveMQ then logs through SLF4J to tinylog like everything else (its logback-only log-level filters and
 * diagnostic mode are unused). Xodus, HiveMQ's file persistence, is excluded too: unused in in-memory mode.
 *
 * <p>Found while testing: HiveMQ queues 1000 messages per subscriber by default and silently discards the rest,
 * also for a connected subscriber that falls momentarily behind a publisher (a QoS 1 subscriber got 1868 of
 * 2000); hence the larger bound. On SIGTERM it still acknowledges what is in its sockets while shutting down and
 * loses it, so {@code podctl sim} closes its MQTT link before this broker.
 *
 * <p>Thread-safe; {@link #close} is idempotent.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** How many consecutive ports {@link #start} tries, from the preferred one. */
    public static final int PORT_ATTEMPTS = 20;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final long STOP_TIMEOUT_SECONDS = 10;
    private static final String HOST = "127.0.0.1";
    /** Per subscriber; HiveMQ's default of 1000 drops messages under a burst (see the class comment). */
    private static final int MAX_QUEUED_MESSAGES_PER_CLIENT = 100_000;

    /** The path of the WebSocket listener. */
    public static final String WEBSOCKET_PATH = "/mqtt";
    /** {@link #start(int, int, Path)}'s WebSocket port that means: no WebSocket listener. */
    public static final int NO_WEBSOCKET = -1;

    private final EmbeddedHiveMQ hivemq;
    private final int port;
    private final int webSocketPort;
    private boolean closed;

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, int port, int webSocketPort) {
        this.hivemq = hivemq;
        this.port = port;
        this.webSocketPort = webSocketPort;
    }

    /**
     * Starts a broker on 127.0.0.1, on {@code preferredPort} if it is free, else on the next free one of
     * {@link #PORT_ATTEMPTS}; {@code preferredPort} 0 picks any free port. Blocks until the broker accepts
     * connections (about 2 to 3 s), at most 30 s.
     *
     * @param preferredPort TCP port to try first (1883 for {@code podctl sim}), or 0
     * @param dataDir       directory for the broker's configuration and data folders; created if missing
     * @throws IOException if no port was free or the broker did not start in time
     */
    public static EmbeddedBroker start(int preferredPort, Path dataDir) throws IOException {
        return start(preferredPort, NO_WEBSOCKET, dataDir);
    }

    /**
     * As {@link #start(int, Path)}, with a WebSocket listener as well: on {@code preferredWebSocketPort} if it is
     * free, else on the next free one of {@link #PORT_ATTEMPTS}; 0 picks any free port, {@link #NO_WEBSOCKET}
     * none.
     *
     * @param preferredWebSocketPort TCP port to try first for MQTT over WebSockets, 0, or {@link #NO_WEBSOCKET}
     */
    public static EmbeddedBroker start(int preferredPort, int preferredWebSocketPort, Path dataDir)
            throws IOException {
        if (preferredPort < 0 || preferredPort > 65_535) {
            throw new IllegalArgumentException("port out of range: " + preferredPort);
        }
        if (preferredWebSocketPort < NO_WEBSOCKET || preferredWebSocketPort > 65_535) {
            throw new IllegalArgumentException("WebSocket port out of range: " + preferredWebSocketPort);
        }
        int attempts = preferredPort == 0 ? 1 : Math.min(PORT_ATTEMPTS, 65_536 - preferredPort);
        IOException failure = null;
        for (int i = 0; i < attempts; i++) {
            int port = preferredPort == 0 ? freeEphemeralPort() : preferredPort + i;
            if (preferredPort != 0 && !isFree(port)) {
                log.info("port {} is taken, trying the next one", port);
                continue;
            }
            try {
                return startOn(port, webSocketPort(preferredWebSocketPort, port), dataDir);
            } catch (IOException e) {
                // Another process may have taken the port between the check and the bind.
                failure = e;
                log.warn("embedded broker could not start on port {}: {}", port, e.getMessage());
            }
        }
        throw failure != null ? failure
                : new IOException("no free port in " + preferredPort + ".." + (preferredPort + attempts - 1));
    }

    /** The first free port for the WebSocket listener from {@code preferred}, other than {@code tcpPort}. */
    private static int webSocketPort(int preferred, int tcpPort) throws IOException {
        if (preferred == NO_WEBSOCKET) {
            return NO_WEBSOCKET;
        }
        if (preferred == 0) {
            int port = freeEphemeralPort();
            return port != tcpPort ? port : freeEphemeralPort();
        }
        int attempts = Math.min(PORT_ATTEMPTS, 65_536 - preferred);
        for (int i = 0; i < attempts; i++) {
            int port = preferred + i;
            if (port != tcpPort && isFree(port)) {
                return port;
            }
            log.info("WebSocket port {} is taken, trying the next one", port);
        }
        throw new IOException("no free WebSocket port in " + preferred + ".." + (preferred + attempts - 1));
    }

    private static EmbeddedBroker startOn(int port, int webSocketPort, Path dataDir) throws IOException {
        Path conf = Files.createDirectories(dataDir.resolve("conf"));
        Path data = Files.createDirectories(dataDir.resolve("data"));
        Path extensions = Files.createDirectories(dataDir.resolve("extensions"));
        Files.writeString(conf.resolve("config.xml"), config(port, webSocketPort), StandardCharsets.UTF_8);

        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(extensions)
                .withoutLoggingBootstrap()
                .build();
        long t0 = System.nanoTime();
        try {
            hivemq.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            stopQuietly(hivemq);
            throw new IOException("embedded broker did not start on port " + port + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(hivemq);
            throw new IOException("interrupted while starting the embedded broker", e);
        }
        // HiveMQ reports a listener that failed to bind only in its log; check that it is ours.
        for (int p : new int[] {port, webSocketPort}) {
            if (p != NO_WEBSOCKET && !acceptsConnections(p)) {
                stopQuietly(hivemq);
                throw new IOException("embedded broker started but does not listen on " + HOST + ":" + p);
            }
        }
        log.info("embedded MQTT broker listening on tcp://{}:{}{} (started in {} ms)", HOST, port,
                webSocketPort == NO_WEBSOCKET ? "" : " and ws://" + HOST + ":" + webSocketPort + WEBSOCKET_PATH,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return new EmbeddedBroker(hivemq, port, webSocketPort);
    }

    static String config(int port, int webSocketPort) {
        String webSocket = webSocketPort == NO_WEBSOCKET ? "" : """
                        <websocket-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                            <path>%s</path>
                            <name>console</name>
                            <subprotocols>
                                <subprotocol>mqtt</subprotocol>
                            </subprotocols>
                            <allow-extensions>true</allow-extensions>
                        </websocket-listener>
                """.formatted(webSocketPort, HOST, WEBSOCKET_PATH);
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                        </tcp-listener>
                %s    </listeners>
                    <mqtt>
                        <queued-messages>
                            <max-queue-size>%d</max-queue-size>
                        </queued-messages>
                    </mqtt>
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, HOST, webSocket, MAX_QUEUED_MESSAGES_PER_CLIENT);
    }

    /** {@code tcp://127.0.0.1:port}. */
    public String uri() {
        return "tcp://" + HOST + ":" + port;
    }

    /** The TCP port it listens on. */
    public int port() {
        return port;
    }

    /** {@code ws://127.0.0.1:port/mqtt}, or null without a WebSocket listener. */
    public String webSocketUri() {
        return webSocketPort == NO_WEBSOCKET ? null : "ws://" + HOST + ":" + webSocketPort + WEBSOCKET_PATH;
    }

    /** Stops the broker (at most about 10 s); connected clients see their connection close. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopQuietly(hivemq);
        log.info("embedded MQTT broker on port {} stopped", port);
    }

    private static void stopQuietly(EmbeddedHiveMQ hivemq) {
        try {
            hivemq.stop().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            hivemq.close();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("embedded broker did not stop cleanly: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freeEphemeralPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    private static boolean acceptsConnections(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
