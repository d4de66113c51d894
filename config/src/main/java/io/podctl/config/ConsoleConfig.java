package io.podctl.config;

import io.podctl.config.schema.Doc;
import io.podctl.config.schema.Pattern;

/**
 * The operator console: a static web page that connects to the pod's broker over MQTT over WebSockets with the
 * operator's own broker credentials. podctl only serves the files (and a small generated {@code config.json}
 * without secrets); the broker's authentication and ACLs stay the only authority over what a person may see or
 * command.
 *
 * @param enabled   whether {@code podctl run} serves the console (default false); {@code podctl sim} always does
 * @param listen    {@code host:port} the web server binds (default {@code 127.0.0.1:8080}); an IPv6 address in
 *                  brackets
 * @param brokerUrl the broker's MQTT-over-WebSocket URL the page connects to ({@code ws://} or {@code wss://});
 *                  null when the operator types it into the page
 */
@Doc("The operator console in the browser (docs/console.md): a static page served by podctl that connects to the "
        + "broker over MQTT over WebSockets with the operator's own credentials.")
public record ConsoleConfig(
        @Doc("Serve the console with podctl run (default false); podctl sim always serves it.") Boolean enabled,
        @Doc("host:port the web server binds (default 127.0.0.1:8080). Anything but a loopback address lets the "
                + "network fetch the page: serve it through a TLS web server instead.")
        @Pattern(value = LISTEN, hint = "host:port, e.g. 127.0.0.1:8080 (IPv6 in brackets)", rule = "bad-listen")
        String listen,
        @Doc("The broker's MQTT-over-WebSocket URL the page connects to, ws://host:port/path or "
                + "wss://host:port/path; when absent the operator types it into the page.")
        @Pattern(value = WEBSOCKET_URL, hint = "ws://host:port/path or wss://host:port/path",
                rule = "bad-broker-uri") String brokerUrl) {

    /** A listen address: host name or IPv4 address, or an IPv6 address in brackets, and an explicit port. */
    static final String LISTEN = "([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]):[0-9]{1,5}";
    /** A WebSocket URL with an explicit port and an optional path. */
    static final String WEBSOCKET_URL = "wss?://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]):[0-9]{1,5}(/[^\\s?#]*)?";
    /** Where the console listens unless the file says otherwise. */
    public static final String DEFAULT_LISTEN = "127.0.0.1:8080";

    public ConsoleConfig {
        enabled = enabled != null ? enabled : Boolean.FALSE;
        listen = listen != null ? listen : DEFAULT_LISTEN;
    }

    /** Off, on 127.0.0.1:8080, no broker URL. */
    public static ConsoleConfig defaults() {
        return new ConsoleConfig(null, null, null);
    }

    /** The host part of {@link #listen}, without the brackets of an IPv6 address. */
    public String listenHost() {
        String host = listen.substring(0, listen.lastIndexOf(':'));
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** The port of {@link #listen}. */
    public int listenPort() {
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }
}
