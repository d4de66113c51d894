package io.podctl.controller.mqtt.paho;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Paho's {@code java.util.logging} logger, held strongly: JUL keeps loggers only weakly, and the configuration
 * given here would be lost with it. Kept apart from {@link PahoLogBridge}, which speaks SLF4J, so that each of the
 * two {@code Logger} types is imported where it is used.
 */
final class PahoJulLogger {
    /** The logger name Paho logs under. */
    static final String NAME = "org.eclipse.paho.client.mqttv3";
    private static final Logger LOGGER = Logger.getLogger(NAME);

    private PahoJulLogger() {
    }

    /** Sends Paho's records to {@code handler} only (not to JUL's console handler), from {@code level} up. */
    static void routeTo(Handler handler, Level level) {
        LOGGER.setUseParentHandlers(false);
        LOGGER.addHandler(handler);
        LOGGER.setLevel(level);
    }
}
