package io.podctl.controller.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * A real Mosquitto broker (the Debian package) on 127.0.0.1 and its own port, configured by a generated file:
 * anonymous access, persistence off (or on, in its temporary directory, to test restarts that keep retained
 * messages), logging to a file. Fails, not skips, when mosquitto is missing.
 */
public final class MosquittoBroker extends ProcessBroker {

    /** Brokers on an ephemeral port, persistence off. */
    public static final Factory FACTORY = new Factory() {
        @Override
        public TestBroker start(int port) {
            return MosquittoBroker.start(port, false);
        }

        @Override
        public String name() {
            return "mosquitto";
        }
    };

    private static final List<String> DIRECTORIES = List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin");

    private final boolean persistence;
    private final ServerTls tls;
    private Map<String, String> users;
    private String acl;
    private int webSocketPort;
    private IntFunction<String> customConfig;
    private boolean customSsl;

    /** PEM files of a TLS listener that requires a client certificate signed by {@code ca}. */
    private record ServerTls(Path ca, Path cert, Path key) {
    }

    private MosquittoBroker(int port, boolean persistence, ServerTls tls) {
        super("mosquitto", port, Duration.ofSeconds(10));
        this.persistence = persistence;
        this.tls = tls;
    }

    /** A broker with persistence off on a free ephemeral port. */
    public static MosquittoBroker start() {
        return start(0, false);
    }

    /**
     * A broker on {@code port} (0: a free ephemeral port).
     *
     * @param persistence keep retained messages and sessions in a file in its temporary directory across
     *                    {@link #stop()}/{@link #restart()}
     */
    public static MosquittoBroker start(int port, boolean persistence) {
        return launched(new MosquittoBroker(port, persistence, null));
    }

    /**
     * A TLS-only broker (TLS 1.2+) on a free ephemeral port that requires a client certificate signed by
     * {@code ca}; {@link #uri()} is {@code ssl://127.0.0.1:port}.
     */
    public static MosquittoBroker startTls(Path ca, Path cert, Path key) {
        return launched(new MosquittoBroker(0, false, new ServerTls(ca, cert, key)));
    }

    /** A broker that refuses anonymous clients and knows one user, on a free ephemeral port. */
    public static MosquittoBroker startWithPassword(String user, String password) {
        MosquittoBroker broker = new MosquittoBroker(0, false, null);
        broker.users = Map.of(user, password);
        return launched(broker);
    }

    /**
     * A broker for the operator console: password authentication of {@code users} (user name to password), the
     * {@code acl} (Mosquitto's acl_file syntax), and besides {@link #uri()} a listener for MQTT over WebSockets,
     * {@link #webSocketUri()}, on a second free port. Debian 12's Mosquitto 2.0.11 binds a websockets listener to
     * every interface whatever address it is given (and starts none without a plain listener beside it); the
     * passwords keep other hosts out of this test broker meanwhile.
     */
    public static MosquittoBroker startWithWebSockets(Map<String, String> users, String acl) {
        MosquittoBroker broker = new MosquittoBroker(0, false, null);
        broker.users = new LinkedHashMap<>(users);
        broker.acl = acl;
        broker.webSocketPort = FreePorts.reserve();
        return launched(broker);
    }

    /** {@code ws://127.0.0.1:port/mqtt} of a broker from {@link #startWithWebSockets}, else null. */
    public String webSocketUri() {
        return webSocketPort == 0 ? null : "ws://" + HOST + ":" + webSocketPort + "/mqtt";
    }

    /**
     * A broker running a given configuration (a documented one, say): {@code config} gets the port and returns
     * the configuration text, which must make Mosquitto listen on 127.0.0.1 at that port. Only the user to run
     * as and logging to this broker's log file are appended. {@code ssl} selects the scheme of {@link #uri()}.
     */
    public static MosquittoBroker startWithConfig(IntFunction<String> config, boolean ssl) {
        MosquittoBroker broker = new MosquittoBroker(0, false, null);
        broker.customConfig = config;
        broker.customSsl = ssl;
        return launched(broker);
    }

    private static MosquittoBroker launched(MosquittoBroker broker) {
        try {
            broker.launch();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** An executable of the mosquitto package; fails with how to install it when it is missing. */
    static Path executable(String name) {
        Stream<String> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).filter(s -> !s.isEmpty());
        return Stream.concat(DIRECTORIES.stream(), onPath).map(d -> Path.of(d, name)).filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " not found: apt-get install mosquitto"));
    }

    private void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(cmd + " failed: " + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String uri() {
        return tls == null && !customSsl ? super.uri() : "ssl://" + HOST + ":" + port();
    }

    @Override
    protected List<String> command() throws IOException {
        Path conf = dir.resolve("mosquitto.conf");
        if (customConfig != null) {
            String text = customConfig.apply(port()) + "\nuser " + System.getProperty("user.name") + "\n"
                    + "log_dest file " + log.toAbsolutePath() + "\nlog_type all\nconnection_messages true\n";
            Files.writeString(conf, text, StandardCharsets.UTF_8);
            return List.of(executable("mosquitto").toString(), "-c", conf.toString());
        }
        StringBuilder c = new StringBuilder()
                .append("listener ").append(port()).append(" ").append(HOST).append('\n')
                .append("allow_anonymous ").append(users == null).append('\n')
                // Started as root, mosquitto would switch to the 'mosquitto' user and lose access to our files.
                .append("user ").append(System.getProperty("user.name")).append('\n')
                .append("log_dest file ").append(log.toAbsolutePath()).append('\n')
                .append("log_type error\nlog_type warning\nlog_type notice\nlog_type information\n")
                .append("connection_messages true\n")
                .append("log_timestamp_format %H:%M:%S\n");
        if (tls != null) {
            c.append("cafile ").append(tls.ca().toAbsolutePath()).append('\n')
                    .append("certfile ").append(tls.cert().toAbsolutePath()).append('\n')
                    .append("keyfile ").append(tls.key().toAbsolutePath()).append('\n')
                    .append("require_certificate true\n")
                    .append("tls_version tlsv1.2\n");
        }
        if (users != null) {
            Path passwords = dir.resolve("passwords");
            boolean first = true;
            for (Map.Entry<String, String> u : users.entrySet()) {
                List<String> cmd = new ArrayList<>(List.of(executable("mosquitto_passwd").toString(), "-b"));
                if (first) {
                    cmd.add("-c");
                }
                cmd.addAll(List.of(passwords.toString(), u.getKey(), u.getValue()));
                run(cmd);
                first = false;
            }
            c.append("password_file ").append(passwords.toAbsolutePath()).append('\n');
        }
        if (acl != null) {
            Path aclFile = dir.resolve("acl");
            Files.writeString(aclFile, acl, StandardCharsets.UTF_8);
            c.append("acl_file ").append(aclFile.toAbsolutePath()).append('\n');
        }
        // A test consumer may get a whole burst at once: 2,000 QoS 1 messages, or the retained ones of a burst
        // replayed on its (re-)subscription beside the live ones, and a persistent session queues them while it
        // is away. Mosquitto's default of 1,000 queued messages per client would drop the rest, silently but for
        // a log line, and the test would blame the link.
        c.append("max_queued_messages 100000\n");
        if (persistence) {
            c.append("persistence true\n")
                    .append("persistence_location ").append(dir.toAbsolutePath()).append("/\n");
        } else {
            c.append("persistence false\n");
        }
        if (webSocketPort != 0) {
            // Last: listener options that follow a listener line belong to it.
            c.append("listener ").append(webSocketPort).append(' ').append(HOST).append("\nprotocol websockets\n");
        }
        Files.writeString(conf, c, StandardCharsets.UTF_8);
        return List.of(executable("mosquitto").toString(), "-c", conf.toString());
    }
}
