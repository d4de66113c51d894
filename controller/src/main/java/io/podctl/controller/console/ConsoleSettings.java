package io.podctl.controller.console;

import java.util.Objects;

/**
 * What the console's web server needs: where to listen and what the page is told in its {@code config.json}.
 * Nothing in here is a secret: the page asks the operator for their own broker credentials.
 *
 * @param host         address to bind, e.g. {@code 127.0.0.1}
 * @param port         TCP port to bind first
 * @param portAttempts how many consecutive ports to try from {@code port} when it is taken (1: only that one)
 * @param brokerUrl    the broker's MQTT-over-WebSocket URL offered to the page, or null (the operator types it)
 * @param topicRoot    the pod's resolved topic root, e.g. {@code podctl/lab/pod1}
 * @param title        what the page calls the pod, e.g. {@code lab/pod1 — simulated 4-rack pod}
 * @param web          where the page's files are
 */
public record ConsoleSettings(String host, int port, int portAttempts, String brokerUrl, String topicRoot,
                              String title, WebRoot web) {
    public ConsoleSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(topicRoot, "topicRoot");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(web, "web");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (portAttempts < 1) {
            throw new IllegalArgumentException("portAttempts must be at least 1: " + portAttempts);
        }
    }
}
