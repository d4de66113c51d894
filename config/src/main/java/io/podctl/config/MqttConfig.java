package io.podctl.config;

import java.time.Duration;
import java.util.List;

/**
 * The broker connection.
 *
 * @param brokers          broker URIs tried in order ({@code tcp://host:1883}, {@code ssl://host:8883});
 *                         {@code podctl sim} uses its own broker when this is empty
 * @param clientId         MQTT client id (default {@code podctl-{site}-{pod}})
 * @param topicRoot        topic root; {@code {site}} and {@code {pod}} are replaced (default
 *                         {@code podctl/{site}/{pod}})
 * @param keepAlive        MQTT keepalive (default 10 s)
 * @param stateInterval    the retained state is re-published at least this often (default 5 s)
 * @param credentialsFile  file holding {@code username:password} on one line; never inline secrets
 * @param tls              TLS files, when a broker URI uses {@code ssl://}
 */
public record MqttConfig(List<String> brokers, String clientId, String topicRoot, Duration keepAlive,
                         Duration stateInterval, String credentialsFile, TlsConfig tls) {

    public MqttConfig {
        brokers = brokers != null ? List.copyOf(brokers) : List.of();
        topicRoot = topicRoot != null ? topicRoot : "podctl/{site}/{pod}";
        keepAlive = keepAlive != null ? keepAlive : Duration.ofSeconds(10);
        stateInterval = stateInterval != null ? stateInterval : Duration.ofSeconds(5);
    }

    /** Every value at its default, no broker. */
    public static MqttConfig defaults() {
        return new MqttConfig(null, null, null, null, null, null, null);
    }

    /**
     * TLS material, all PEM files.
     *
     * @param caFile   CA certificate(s) that signed the broker's certificate
     * @param certFile this pod's client certificate
     * @param keyFile  this pod's private key (must not be readable by others)
     */
    public record TlsConfig(String caFile, String certFile, String keyFile) {
    }
}
