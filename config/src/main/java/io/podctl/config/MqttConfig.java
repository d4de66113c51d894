package io.podctl.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.podctl.config.schema.Doc;
import io.podctl.config.schema.Identifier;
import io.podctl.config.schema.IdKind;
import io.podctl.config.schema.DurationRange;
import io.podctl.config.schema.Names;
import io.podctl.config.schema.Pattern;
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
 * @param profile          publishing profile: the podctl JSON contract (default) or Sparkplug B
 * @param sparkplugGroup   Sparkplug group id (default: the pod's site)
 * @param sparkplugIdentity identity that Sparkplug NCMD/DCMD commands are authorized as (default
 *                          {@code scada}); the broker's ACL must let only that host publish them
 */
@Doc("The MQTT broker connection. Secrets are never written here: see credentialsFile.")
public record MqttConfig(
        @Doc("Broker URIs tried in order, tcp://host:port or ssl://host:port; ssl needs tls.caFile.")
        @Pattern(value = BROKER_URI, hint = "tcp://host:port or ssl://host:port", rule = "bad-broker-uri",
                maxLength = 270)
        List<String> brokers,
        @Doc("MQTT client id (default podctl-{site}-{pod}).")
        @Identifier(IdKind.CLIENT_ID) String clientId,
        @Doc("Topic root; {site} and {pod} are replaced (default podctl/{site}/{pod}).")
        @Pattern(value = TOPIC_ROOT, hint = "topic levels separated by single '/', each of letters, digits, '.', "
                + "'_', '-', {site} and {pod}; no spaces, '+', '#' or '$', no leading or trailing '/'",
                rule = "bad-topic", maxLength = Names.TOPIC_ROOT_MAX) String topicRoot,
        @Doc("MQTT keepalive (default 10s).") @DurationRange(positive = true) Duration keepAlive,
        @Doc("The retained state is re-published at least this often (default 5s).")
        @DurationRange(positive = true) Duration stateInterval,
        @Doc("File holding username:password on one line, readable only by podctl (chmod 600); relative "
                + "to this file's directory. Never put secrets inline.") String credentialsFile,
        @Doc("TLS files (PEM), needed when a broker URI uses ssl://.") TlsConfig tls,
        @Doc("Publishing profile: podctl (the JSON topic contract of docs/mqtt.md, default) or sparkplug "
                + "(Sparkplug B 3.0 for SCADA hosts).") Profile profile,
        @Doc("Sparkplug group id (default: the pod's site).")
        @Identifier(IdKind.GROUP) String sparkplugGroup,
        @Doc("Identity Sparkplug NCMD/DCMD commands are authorized as (default scada); the broker ACL must let "
                + "only that host application write them.")
        @Identifier(IdKind.IDENTITY) String sparkplugIdentity) {

    /** A broker URI: scheme, host name or address (IPv6 in brackets) and an explicit port. */
    static final String BROKER_URI = "(tcp|ssl)://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]):[0-9]{1,5}";

    /** Topic levels of letters, digits, '.', '_', '-' and the placeholders {site} and {pod}. */
    static final String TOPIC_ROOT = "([A-Za-z0-9._-]|\\{site\\}|\\{pod\\})+(/([A-Za-z0-9._-]|\\{site\\}|\\{pod\\})+)*";

    public MqttConfig {
        brokers = brokers != null ? List.copyOf(brokers) : List.of();
        topicRoot = topicRoot != null ? topicRoot : "podctl/{site}/{pod}";
        keepAlive = keepAlive != null ? keepAlive : Duration.ofSeconds(10);
        stateInterval = stateInterval != null ? stateInterval : Duration.ofSeconds(5);
        profile = profile != null ? profile : Profile.PODCTL;
        sparkplugIdentity = sparkplugIdentity != null ? sparkplugIdentity : "scada";
    }

    /** The shape before the publishing profile: the podctl profile. */
    public MqttConfig(List<String> brokers, String clientId, String topicRoot, Duration keepAlive,
                      Duration stateInterval, String credentialsFile, TlsConfig tls) {
        this(brokers, clientId, topicRoot, keepAlive, stateInterval, credentialsFile, tls, null, null, null);
    }

    /** A copy with other secret and TLS file names (resolved paths), every other value unchanged. */
    public MqttConfig withFiles(String newCredentialsFile, TlsConfig newTls) {
        return new MqttConfig(brokers, clientId, topicRoot, keepAlive, stateInterval, newCredentialsFile, newTls,
                profile, sparkplugGroup, sparkplugIdentity);
    }

    /** Every value at its default, no broker. */
    public static MqttConfig defaults() {
        return new MqttConfig(null, null, null, null, null, null, null);
    }

    /** What is published, and how. */
    public enum Profile {
        /** The podctl JSON topic contract (docs/mqtt.md). */
        @JsonProperty("podctl") PODCTL,
        /** Sparkplug B 3.0: NBIRTH/NDATA/NDEATH and D* per device, protobuf payloads. */
        @JsonProperty("sparkplug") SPARKPLUG
    }

    /**
     * TLS material, all PEM files.
     *
     * @param caFile   CA certificate(s) that signed the broker's certificate
     * @param certFile this pod's client certificate
     * @param keyFile  this pod's private key (must not be readable by others)
     */
    @Doc("TLS material, PEM files; paths are relative to this file's directory.")
    public record TlsConfig(
            @Doc("CA certificate(s) that signed the broker's certificate.") String caFile,
            @Doc("This pod's client certificate (with keyFile).") String certFile,
            @Doc("This pod's private key (with certFile); chmod 600.") String keyFile) {
    }
}
