package io.podctl.controller.cli;

import io.podctl.config.ConsoleConfig;
import io.podctl.config.PodConfig;
import io.podctl.controller.console.ConsoleServer;
import io.podctl.controller.console.ConsoleSettings;
import io.podctl.controller.console.WebRoot;
import java.io.IOException;
import org.slf4j.Logger;

/**
 * How {@code podctl run} and {@code podctl sim} serve the operator console from the pod file's {@code console}
 * section. Runs on the calling (main) thread.
 */
final class ConsoleStart {
    /** Ports {@code podctl sim} tries from the configured one, as its embedded broker does. */
    static final int SIM_PORT_ATTEMPTS = 20;

    private ConsoleStart() {
    }

    /**
     * {@code podctl run}: the console when the pod file enables it, else null. A console that cannot start is
     * logged as an error and the controller runs on without it: protecting the pod never waits for a web page.
     */
    static ConsoleServer forRun(PodConfig config, Logger log) {
        ConsoleConfig c = config.console();
        if (!c.enabled()) {
            return null;
        }
        try {
            return ConsoleServer.start(settings(config, c.listenPort(), 1, c.brokerUrl()));
        } catch (IOException | RuntimeException e) {
            log.error("the operator console is not served on {}: {}", c.listen(), e.getMessage());
            return null;
        }
    }

    /**
     * {@code podctl sim}: always, on the configured address (or {@code port}), the next free port when taken.
     *
     * @param port      the port to try first, or null for the configured one
     * @param brokerUrl the WebSocket URL of the broker the page should use, or null for the configured one
     */
    static ConsoleServer forSim(PodConfig config, Integer port, String brokerUrl) throws IOException {
        ConsoleConfig c = config.console();
        return ConsoleServer.start(settings(config, port != null ? port : c.listenPort(), SIM_PORT_ATTEMPTS,
                brokerUrl != null ? brokerUrl : c.brokerUrl()));
    }

    static ConsoleSettings settings(PodConfig config, int port, int attempts, String brokerUrl) {
        String title = config.pod().site() + "/" + config.pod().id()
                + (config.pod().description().isEmpty() ? "" : " — " + config.pod().description());
        return new ConsoleSettings(config.console().listenHost(), port, attempts, brokerUrl, config.topicRoot(), title,
                WebRoot.CONSOLE);
    }
}
