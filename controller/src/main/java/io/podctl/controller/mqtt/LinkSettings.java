package io.podctl.controller.mqtt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a link connects.
 *
 * @param brokerUris             brokers in failover order, {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId               MQTT client id
 * @param keepAlive              keepalive interval
 * @param connectTimeout         deadline of one connection attempt
 * @param reconnectMin           first backoff after a failure (default 1 s)
 * @param reconnectMax           backoff cap (default 30 s)
 * @param will                   the Last Will (retained, QoS 1), or null
 * @param username               user name, or null
 * @param password               password, or null
 * @param tls                    TLS material for {@code ssl://} brokers, or null
 * @param telemetryQueueCapacity bound of the telemetry queue
 * @param reliableQueueCapacity  bound of the reliable queue
 * @param willSupplier           when not null, called before every connection attempt (on the link's thread) for
 *                               the Will of that attempt, overriding {@code will}: Sparkplug's NDEATH carries a
 *                               {@code bdSeq} that changes with every connection
 */
public record LinkSettings(List<String> brokerUris, String clientId, Duration keepAlive, Duration connectTimeout,
                           Duration reconnectMin, Duration reconnectMax, OutboundMessage will, String username,
                           char[] password, Tls tls, int telemetryQueueCapacity, int reliableQueueCapacity,
                           Supplier<OutboundMessage> willSupplier) {

    public LinkSettings {
        brokerUris = List.copyOf(brokerUris);
        if (brokerUris.isEmpty()) {
            throw new IllegalArgumentException("at least one broker URI is needed");
        }
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(reconnectMin, "reconnectMin");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        if (telemetryQueueCapacity < 1 || reliableQueueCapacity < 1) {
            throw new IllegalArgumentException("queue capacities must be positive");
        }
    }

    /** The form before {@code willSupplier}: a fixed Will. */
    public LinkSettings(List<String> brokerUris, String clientId, Duration keepAlive, Duration connectTimeout,
                        Duration reconnectMin, Duration reconnectMax, OutboundMessage will, String username,
                        char[] password, Tls tls, int telemetryQueueCapacity, int reliableQueueCapacity) {
        this(brokerUris, clientId, keepAlive, connectTimeout, reconnectMin, reconnectMax, will, username, password,
                tls, telemetryQueueCapacity, reliableQueueCapacity, null);
    }

    /** The Will of the next connection attempt: from {@link #willSupplier()} if set, else {@link #will()}. */
    public OutboundMessage willForNextAttempt() {
        return willSupplier != null ? willSupplier.get() : will;
    }

    /** These settings with a telemetry queue of {@code capacity} messages. */
    public LinkSettings withTelemetryQueueCapacity(int capacity) {
        return new LinkSettings(brokerUris, clientId, keepAlive, connectTimeout, reconnectMin, reconnectMax, will,
                username, password, tls, capacity, reliableQueueCapacity, willSupplier);
    }

    /** These settings with the Will of each attempt from {@code supplier} instead of a fixed one. */
    public LinkSettings withWillSupplier(Supplier<OutboundMessage> supplier) {
        return new LinkSettings(brokerUris, clientId, keepAlive, connectTimeout, reconnectMin, reconnectMax, null,
                username, password, tls, telemetryQueueCapacity, reliableQueueCapacity, supplier);
    }

    /** Defaults for one broker: keepalive 10 s, connect 5 s, backoff 1 s to 30 s, queues 10000 / 10000. */
    public static LinkSettings of(String brokerUri, String clientId, OutboundMessage will) {
        return new LinkSettings(List.of(brokerUri), clientId, Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofSeconds(1), Duration.ofSeconds(30), will, null, null, null, 10_000, 10_000);
    }

    /**
     * TLS material, PEM files.
     *
     * @param caFile   CA certificate(s) trusted for the broker
     * @param certFile client certificate, or null
     * @param keyFile  client private key, or null
     */
    public record Tls(Path caFile, Path certFile, Path keyFile) {
    }
}
