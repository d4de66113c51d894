package io.podctl.controller.mqtt.paho;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * Paho logs through {@code java.util.logging} (its JSR47Logger), which would print to stderr beside tinylog.
 * This forwards Paho's JUL logger, and only it, to SLF4J: SEVERE and WARNING become warn (Paho reports events
 * such as a keepalive timeout as SEVERE; the link handles them and logs its own account), INFO stays info,
 * the rest debug. The JUL level follows SLF4J's so that Paho's many fine-level calls stay cheap.
 */
final class PahoLogBridge extends Handler {

    private static final Logger log = LoggerFactory.getLogger(PahoJulLogger.NAME);
    private static final Formatter FORMAT = new SimpleFormatter();

    static {
        PahoJulLogger.routeTo(new PahoLogBridge(),
                log.isDebugEnabled() ? Level.FINE : log.isInfoEnabled() ? Level.INFO : Level.WARNING);
    }

    private PahoLogBridge() {
    }

    /** Installs the bridge once per JVM; later calls do nothing. */
    static void install() {
        // The static initializer did the work.
    }

    @Override
    public void publish(LogRecord record) {
        int level = record.getLevel().intValue();
        if (level >= Level.WARNING.intValue()) {
            log.warn("{}", FORMAT.formatMessage(record), record.getThrown());
        } else if (level >= Level.INFO.intValue()) {
            log.info("{}", FORMAT.formatMessage(record), record.getThrown());
        } else if (log.isDebugEnabled()) {
            log.debug("{}", FORMAT.formatMessage(record), record.getThrown());
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
