package io.podctl.controller.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.tinylog.configuration.Configuration;

/**
 * The one place where logging is configured: tinylog behind SLF4J, a console writer and, where the pod file names a
 * directory, a rolling file.
 * Logging goes through tinylog's writing thread, so a slow disk or terminal never blocks the control loop.
 *
 * <p>Must run before the first logger is used (tinylog freezes its configuration then): the launcher calls it
 * first thing.
 */
final class LoggingSetup {
    private LoggingSetup() {
    }

    /**
     * @param directory      directory of the rolling log file, or null for none
     * @param level          minimum level for the file (trace, debug, info, warn, error)
     * @param consoleLevel   minimum level on the console, or null for no console output (the live view owns
     *                       the terminal)
     */
    static void configure(Path directory, String level, String consoleLevel) {
        if (Configuration.isFrozen()) {
            return;
        }
        String lvl = level.toLowerCase(Locale.ROOT);
        Configuration.set("writingthread", "true");
        Configuration.set("autoshutdown", "true");
        Configuration.set("level", lvl);
        // Library chatter: the embedded broker's start-up banner, Pi4J's board detection on a non-Pi host.
        Configuration.set("level@com.hivemq", "warn");
        Configuration.set("level@com.pi4j.boardinfo", "off");
        Configuration.set("level@com.pi4j", "warn");
        if (directory != null) {
            Configuration.set("writer1", "rolling file");
            Configuration.set("writer1.level", lvl);
            Configuration.set("writer1.file", directory.resolve("podctl-{count}.log").toString());
            Configuration.set("writer1.latest", directory.resolve("podctl.log").toString());
            Configuration.set("writer1.policies", "startup, size: 10mb");
            Configuration.set("writer1.backups", "5");
            Configuration.set("writer1.buffered", "true");
            Configuration.set("writer1.format",
                    "{date: yyyy-MM-dd'T'HH:mm:ss.SSSZ} {level} [{thread}] {class-name}: {message}");
        }
        if (consoleLevel != null) {
            Configuration.set("writer2", "console");
            Configuration.set("writer2.level", consoleLevel.toLowerCase(Locale.ROOT));
            Configuration.set("writer2.stream", "err");
            Configuration.set("writer2.format", "{date: HH:mm:ss.SSS} {level} {class-name}: {message}");
        }
    }
}
