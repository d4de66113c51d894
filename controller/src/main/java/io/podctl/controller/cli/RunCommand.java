package io.podctl.controller.cli;

import io.podctl.config.ConfigLoader;
import io.podctl.config.GpioConfig;
import io.podctl.config.LoadResult;
import io.podctl.config.PodConfig;
import io.podctl.controller.bootstrap.BoardHardware;
import io.podctl.controller.bootstrap.Hardware;
import io.podctl.controller.bootstrap.PodRuntime;
import io.podctl.controller.bootstrap.ServiceManagedHardware;
import io.podctl.controller.bootstrap.ServiceWatchdogFit;
import io.podctl.controller.service.ServiceNotifications;
import io.podctl.controller.console.ConsoleServer;
import io.podctl.controller.bootstrap.StartFailureNotice;
import io.podctl.hal.Clock;
import io.podctl.hal.gpio.GpioUnavailableException;
import io.podctl.hal.notify.ServiceNotifier;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code podctl run --config FILE}: the firmware on the board, against the hardware the config describes. A start
 * that fails (the configured GPIO is missing, the watchdog cannot be opened) is reported in one line naming what is
 * missing and the remedy — the stack trace only with {@code --verbose} — and, when a broker is reachable, as the
 * retained status with that reason, so that a console shows why the pod is down; then it exits 3.
 *
 * <p>Under systemd (the {@code podctl.service} unit that the Debian package ships: {@code Type=notify}) it tells the
 * service manager through {@code NOTIFY_SOCKET}: {@code READY=1} once the loop runs and every safety input has been
 * judged, {@code STATUS=} with the pod's mode, {@code WATCHDOG=1} from the loop's own watchdog feed while it is healthy
 * (so systemd restarts a stalled controller, {@code WatchdogSec=}), and {@code STOPPING=1} when SIGTERM
 * ({@code systemctl stop}) begins the orderly stop. {@code systemctl reload podctl} sends SIGHUP, which reloads the
 * configuration. Without {@code NOTIFY_SOCKET} none of this is sent.
 */
@Command(name = "run", description = "Run the controller against the hardware described in the configuration"
        + " (Modbus TCP/RTU devices, GPIO on the board). Stops cleanly on SIGTERM or Ctrl-C.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly (SIGTERM, Ctrl-C)",
                "2:invalid configuration (every problem is listed) or invalid options",
                "3:could not start: the reason in one line (and as the retained MQTT status when a broker is"
                        + " reachable)"})
final class RunCommand implements Callable<Integer> {
    /** How long a failed start waits for a broker to take its status. */
    static final Duration FAILED_START_NOTICE_TIMEOUT = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the pod's configuration")
    Path configFile;

    @Option(names = "--watchdog", paramLabel = "DEVICE",
            description = "hardware watchdog device, e.g. /dev/watchdog (overrides safety.watchdogDevice)")
    Path watchdogDevice;

    @Option(names = "--log-level", defaultValue = "info", description = "trace, debug, info, warn or error")
    String logLevel;

    @Option(names = "--mock-gpio", description = "GPIO through Pi4J's mock provider instead of the board's, to run"
            + " a configuration with a gpio section on a machine without it: inputs stay at their rest level,"
            + " outputs drive nothing")
    boolean mockGpio;

    @Option(names = "--verbose", description = "print the stack trace of a failed start")
    boolean verbose;

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
        LoggingSetup.configure(config.logging().rollingFileDirectory().map(Path::of).orElse(null), logLevel, logLevel);
        Logger log = LoggerFactory.getLogger(RunCommand.class);
        CommandConfig.logWarnings(valid, log);
        log.info("configuration {} sha256 {}", configFile, valid.sha256());
        ProcessSignals signals = ProcessSignals.install();
        Path watchdog = watchdogDevice != null ? watchdogDevice
                : config.safety().watchdogDevice() != null ? Path.of(config.safety().watchdogDevice()) : null;
        ServiceNotifier serviceManager = serviceManager(log);
        ServiceWatchdogFit.warnOnMismatch(serviceManager, config.loop(), log);
        GpioConfig.Remote remote = config.gpio().remote();
        Hardware hardware = new ServiceManagedHardware(new BoardHardware(watchdog, mockGpio,
                remote == null || mockGpio ? null : new InetSocketAddress(remote.host(), remote.port())), serviceManager);
        PodRuntime runtime;
        try {
            runtime = PodRuntime.start(config, hardware, Clock.system(),
                    new PodRuntime.Options(List.of(), valid.sha256(), null, "").withReloadableFile(configFile, valid));
        } catch (RuntimeException e) {
            hardware.close();
            String reason = startFailure(e, config);
            if (verbose) {
                log.error("could not start: {}", reason, e);
            } else {
                log.error("could not start: {}", reason);
            }
            serviceManager.status("could not start: " + reason);
            log.info("status {}", StartFailureNotice.publish(config, valid.sha256(), reason,
                    FAILED_START_NOTICE_TIMEOUT, Clock.system()));
            serviceManager.close();
            return 3;
        }
        PodRuntime running = runtime;
        ServiceNotifications notifications = new ServiceNotifications(serviceManager, running.health());
        running.addObserver(notifications);
        SighupWatcher hangup = installReload(running, log);
        // The operator console (off unless the pod file enables it); it reads nothing of the runtime.
        ConsoleServer console = ConsoleStart.forRun(config, log);
        signals.awaitStop();
        log.info("{} received: stopping", signals.reason());
        notifications.stopping(signals.reason() + " received");
        if (console != null) {
            console.close();
        }
        if (hangup != null) {
            hangup.close();
        }
        runtime.close();
        serviceManager.close();
        return 0;
    }

    /** The service manager that started this process, if it listens ({@code NOTIFY_SOCKET}). */
    private static ServiceNotifier serviceManager(Logger log) {
        try {
            return ServiceNotifier.fromEnvironment(System.getenv(), ProcessHandle.current().pid());
        } catch (IllegalArgumentException e) {
            log.error("not notifying the service manager: {}", e.getMessage());
            return ServiceNotifier.NONE;
        }
    }

    /** One line: what is missing and how to run without it. */
    private String startFailure(RuntimeException e, PodConfig config) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof GpioUnavailableException gpio) {
                return gpio.getMessage() + ", but " + configFile + " configures GPIO (" + config.gpio().inputs().size()
                        + " inputs, " + config.gpio().outputs().size() + " outputs): run it on the pod's board, add"
                        + " --mock-gpio to run it here without GPIO (inputs at rest, outputs drive nothing), or leave"
                        + " the gpio section out";
            }
        }
        String message = e.getMessage() != null ? e.getMessage() : e.toString();
        return message.replace('\n', ' ') + (verbose ? "" : " (--verbose for the stack trace)");
    }
}
