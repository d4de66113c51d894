package io.podctl.config;

import io.podctl.config.schema.Doc;
import io.podctl.config.schema.Pattern;
import io.podctl.config.schema.Required;

/**
 * The HTTP endpoint for Prometheus ({@code /metrics}) and for health probes ({@code /healthz}, {@code /readyz}).
 * Off unless the pod file has a {@code metrics} section; with one, on {@value #DEFAULT_LISTEN} unless
 * {@code listen} says otherwise.
 *
 * @param listen          address and port to listen on, {@code host:port} or {@code [v6]:port}
 * @param credentialsFile file holding {@code username:password} on one line: HTTP basic authentication of
 *                        {@code /metrics}; null for none
 * @param tls             HTTPS from PEM files, or null for plain HTTP
 */
@Doc("Prometheus metrics (/metrics) and health probes (/healthz, /readyz) over HTTP; off without this section. "
        + "Say who may reach the port: see docs/metrics.md.")
public record MetricsConfig(
        @Doc("Address and port to listen on, host:port or [v6]:port (default 127.0.0.1:9464). Any other address "
                + "than loopback makes the port reachable from the network: set credentialsFile and tls then.")
        @Pattern(value = LISTEN, hint = "host:port, e.g. 127.0.0.1:9464 or [::1]:9464", rule = "bad-listen")
        String listen,
        @Doc("File holding username:password on one line, readable only by podctl (chmod 600): HTTP basic "
                + "authentication of /metrics; relative to this file's directory.") String credentialsFile,
        @Doc("HTTPS instead of HTTP, from PEM files.") TlsConfig tls) {

    /** Where the endpoint listens when the section gives no address: loopback only. */
    public static final String DEFAULT_LISTEN = "127.0.0.1:9464";
    /** A listen address: a host name or IPv4 address, or an IPv6 address in brackets, and a port. */
    static final String LISTEN = "([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]):[0-9]{1,5}";

    public MetricsConfig {
        listen = listen != null ? listen : DEFAULT_LISTEN;
    }

    /** The host part of {@link #listen}, without IPv6 brackets. */
    public String host() {
        String h = listen.substring(0, listen.lastIndexOf(':'));
        return h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
    }

    /** The port part of {@link #listen}. */
    public int port() {
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }

    /** A copy with other file names (resolved paths), the address unchanged. */
    public MetricsConfig withFiles(String newCredentialsFile, TlsConfig newTls) {
        return new MetricsConfig(listen, newCredentialsFile, newTls);
    }

    /**
     * The endpoint's TLS material, all PEM files.
     *
     * @param certFile     the endpoint's certificate (chain)
     * @param keyFile      its private key (must not be readable by others)
     * @param clientCaFile when set, clients must present a certificate signed by one of these CAs
     */
    @Doc("TLS material of the metrics endpoint, PEM files; paths are relative to this file's directory.")
    public record TlsConfig(
            @Doc("The endpoint's certificate (chain).") @Required String certFile,
            @Doc("Its private key; chmod 600.") @Required String keyFile,
            @Doc("Optional: clients must present a certificate signed by one of these CAs (mutual TLS).")
            String clientCaFile) {
    }
}
