package io.podctl.controller.cli;

import io.podctl.config.ConfigLoader;
import io.podctl.config.LoadResult;
import io.podctl.config.PodConfig;
import io.podctl.controller.bootstrap.BoardHardware;
import io.podctl.controller.bootstrap.PodRuntime;
import io.podctl.controller.console.ConsoleServer;
import io.podctl.hal.Clock;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code podctl run --config FILE}: the firmware on the board, against the hardware the config describes. */
@Command(name = "run", description = "Run the controller against the hardware described in the configuration"
        + " (Modbus TCP/RTU devices, GPIO on the board). Stops cleanly on SIGTERM or Ctrl-C.")
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the pod's configuration")
    Path configFile;

    @Option(names = "--watchdog", paramLabel = "DEVICE",
            description = "hardware watchdog device, e.g. /dev/watchdog (overrides safety.watchdogDevice)")
    Path watchdogDevice;

    @Option(names = "--log-level", defaultValue = "info", description = "trace, debug, info, warn or error")
    String logLevel;

    /** SIGHUP reloads the configuration (as {@code systemctl reload podctl} sends it); null when unavailable. */
    static SighupWatcher installReload(PodRuntime runtime, Logger log) {
        try {
            return SighupWatcher.install(() -> runtime.requestReload("SIGHUP"));
        } catch (IllegalArgumentException e) {
            log.warn("SIGHUP is not available ({}): reload with the reload command instead", e.getMessage());
            return null;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        LoadResult.Valid valid = CommandConfig.validOrReport(new ConfigLoader().load(configFile), configFile,
                ", not starting", err);
        if (valid == null) {
            return 2;
        }
        PodConfig config = valid.config();
        LoggingSetup.configure(Path.of(config.logging().directory()), logLevel, logLevel);
        Logger log = LoggerFactory.getLogger(RunCommand.class);
        CommandConfig.logWarnings(valid, log);
        log.info("configuration {} sha256 {}", configFile, valid.sha256());
        ProcessSignals signals = ProcessSignals.install();
        Path watchdog = watchdogDevice != null ? watchdogDevice
                : config.safety().watchdogDevice() != null ? Path.of(config.safety().watchdogDevice()) : null;
        BoardHardware hardware = new BoardHardware(watchdog);
        PodRuntime runtime;
        try {
            runtime = PodRuntime.start(config, hardware, Clock.system(),
                    new PodRuntime.Options(List.of(), valid.sha256(), null, "").withReloadableFile(configFile, valid));
        } catch (RuntimeException e) {
            hardware.close();
            log.error("could not start: {}", e.getMessage(), e);
            return 3;
        }
        PodRuntime running = runtime;
        SighupWatcher hangup = installReload(running, log);
        // The operator console (off unless the pod file enables it); it reads nothing of the runtime.
        ConsoleServer console = ConsoleStart.forRun(config, log);
        signals.awaitStop();
        log.info("{} received: stopping", signals.reason());
        if (console != null) {
            console.close();
        }
        if (hangup != null) {
            hangup.close();
        }
        runtime.close();
        return 0;
    }
}
