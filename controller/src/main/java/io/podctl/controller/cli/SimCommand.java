package io.podctl.controller.cli;

import io.podctl.config.ConfigLoader;
import io.podctl.config.Durations;
import io.podctl.config.LoadResult;
import io.podctl.config.MetricsConfig;
import io.podctl.config.PodConfig;
import io.podctl.controller.bootstrap.PodRuntime;
import io.podctl.controller.bootstrap.SimHardware;
import io.podctl.controller.console.ConsoleServer;
import io.podctl.controller.sim.broker.EmbeddedBroker;
import io.podctl.controller.state.PodMode;
import io.podctl.controller.state.PodStateView;
import io.podctl.hal.Clock;
import io.podctl.hal.sim.MockGpioPlatform;
import io.podctl.hal.sim.PlantState;
import io.podctl.hal.sim.SimPodSettings;
import io.podctl.hal.sim.SimulatedPod;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code podctl sim}: the simulated plant, the real controller against it through real protocols (Modbus TCP
 * on loopback, GPIO through Pi4J's mock provider, MQTT), and an embedded broker when none is given, with a
 * live status view in the terminal.
 */
@Command(name = "sim", description = "Run a simulated pod end to end: plant, controller and (unless --broker is"
        + " given) an embedded MQTT broker on 127.0.0.1, and the operator console on http://127.0.0.1:8080/. Shows a"
        + " live status view; type plant commands (help"
        + " on screen); stop with Ctrl-C.")
final class SimCommand implements Callable<Integer> {
    private static final List<String> KEY_POINTS = List.of("cdu.supplyTemp", "cdu.supplyTempB", "cdu.supplyTempC",
            "cdu.returnTemp", "cdu.flow", "cdu.diffPressure", "cdu.reservoirLevel", "cdu.valvePosition",
            "cdu.pump1Speed", "cdu.pump2Speed",
            "meter.totalPower", "pdu1.inletPower", "pdu2.inletPower", "pdu3.inletPower", "pdu4.inletPower",
            "leak.rack1", "leak.rack2", "leak.rack3", "leak.rack4", "estop");

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "pod configuration (default: the bundled simulated pod, examples/sim-pod.yaml)")
    Path configFile;

    @Option(names = "--broker", paramLabel = "URI", description = "use this broker (tcp://host:port) instead of"
            + " starting one; may be repeated for failover")
    List<String> brokers = new ArrayList<>();

    @Option(names = "--port", defaultValue = "1883", description = "preferred port of the embedded broker; the next"
            + " free one is used when taken (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--ws-port", defaultValue = "9001", description = "preferred port of the embedded broker's MQTT"
            + " over WebSockets listener, for the operator console; the next free one is used when taken (default:"
            + " ${DEFAULT-VALUE})")
    int webSocketPort;

    @Option(names = "--console-port", paramLabel = "PORT", description = "preferred port of the operator console"
            + " (default: the pod file's console.listen, 8080); the next free one is used when taken")
    Integer consolePort;

    @Option(names = "--no-console", description = "do not serve the operator console")
    boolean noConsole;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "where latched trips are kept (default: the"
            + " configuration's persistence.directory)")
    Path stateDir;

    @Option(names = "--time-scale", defaultValue = "1", description = "plant physics speed relative to real time"
            + " (default: ${DEFAULT-VALUE})")
    double timeScale;

    @Option(names = "--hold", description = "do not push the local reset button once the inputs are healthy: the"
            + " pod stays in STARTING until you type 'reset' or send a reset command")
    boolean hold;

    @Option(names = "--no-view", description = "log to the console instead of showing the live view")
    boolean noView;

    @Option(names = "--duration", paramLabel = "DURATION", description = "stop by itself after this long, e.g."
            + " 30s (default: run until Ctrl-C)")
    String duration;

    @Option(names = "--log-level", defaultValue = "info", description = "trace, debug, info, warn or error")
    String logLevel;

    @Option(names = "--metrics-port", defaultValue = "9464", description = "preferred port of the metrics endpoint"
            + " (/metrics, /healthz, /readyz) on 127.0.0.1 when the configuration has no metrics section; the next"
            + " free one is used when taken; 0 picks any (default: ${DEFAULT-VALUE})")
    int metricsPort;

    @Option(names = "--no-metrics", description = "do not serve the metrics endpoint")
    boolean noMetrics;

    @Option(names = "--plant-only", description = "serve only the simulated plant, for a controller in another"
            + " process or on the board: its control channel, remote GPIO and Modbus TCP devices on --listen's host"
            + " (docs/scenarios.md); unauthenticated, for a rig network only")
    boolean plantOnly;

    @Option(names = "--listen", paramLabel = "HOST[:PORT]", defaultValue = "127.0.0.1:" + PlantOnly.DEFAULT_PORT,
            description = "with --plant-only: the control channel's address; the GPIO listens on PORT+1, the devices"
                    + " on PORT-10 .. PORT-5; port 0 makes them all ephemeral (default: ${DEFAULT-VALUE})")
    String listen;

    @Option(names = "--write-pod", paramLabel = "FILE", description = "with --plant-only: write the pod file for"
            + " podctl run against this plant (--config's, or the bundled one, repointed; with the --broker given)")
    Path writePod;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (plantOnly) {
            LoggingSetup.configure(Files.createTempDirectory("podctl-plant-logs"), logLevel, logLevel);
            return PlantOnly.run(new PlantOnly.Settings(listen, timeScale, configFile, writePod, brokers),
                    ProcessSignals.install(), out, err);
        }
        ConfigLoader loader = new ConfigLoader();
        LoadResult result = configFile != null ? loader.load(configFile) : loader.loadExample("sim-pod.yaml");
        String source = configFile != null ? configFile.toString() : "bundled examples/sim-pod.yaml";
        LoadResult.Valid valid = CommandConfig.validOrReport(result, source, ", not starting", err);
        if (valid == null) {
            return 2;
        }
        PodConfig config = simMetrics(valid.config());
        boolean view = !noView && System.console() != null;
        // The live view owns the terminal: the log needs a file even when the pod file names none.
        Path logs = Path.of(config.logging().rollingFileDirectory().orElse("logs"));
        LoggingSetup.configure(logs, logLevel, view ? null : logLevel);
        Logger log = LoggerFactory.getLogger(SimCommand.class);
        CommandConfig.logWarnings(valid, log);
        Duration runFor = duration == null ? null : parseDuration(duration);
        ProcessSignals signals = ProcessSignals.install();

        List<AutoCloseable> resources = new ArrayList<>();
        try {
            List<String> brokerUris = new ArrayList<>(brokers);
            String webSocketUri = null;
            if (brokerUris.isEmpty()) {
                if (!embeddedBrokerAvailable()) {
                    err.println("this distribution has no embedded MQTT broker (the board build leaves it out):"
                            + " give one with --broker tcp://host:port");
                    return 2;
                }
                Path brokerDir = Files.createTempDirectory("podctl-broker");
                EmbeddedBroker broker = EmbeddedBroker.start(port, noConsole ? EmbeddedBroker.NO_WEBSOCKET
                        : webSocketPort, brokerDir);
                resources.add(0, broker);
                brokerUris.add(broker.uri());
                webSocketUri = broker.webSocketUri();
                out.printf("embedded MQTT broker on %s  (watch: mosquitto_sub -h 127.0.0.1 -p %d -v -t '%s/#')%n",
                        broker.uri(), broker.port(), config.topicRoot().split("/")[0]);
                out.flush();
            }
            MockGpioPlatform gpio = MockGpioPlatform.create();
            resources.add(0, gpio);
            SimulatedPod plant;
            try {
                plant = SimulatedPod.start(SimHardware.plantSettings(SimPodSettings.defaults(), config), gpio,
                        Clock.system());
            } catch (IllegalStateException | UncheckedIOException e) {
                // a port taken, or an RS-485 line without socat: say which, not a stack trace
                err.println("podctl sim: the simulated plant cannot start: " + e.getMessage());
                return 1;
            }
            resources.add(0, plant);
            plant.startRealtime(Duration.ofMillis(100), timeScale);
            SimHardware hardware = new SimHardware(plant, gpio);
            resources.add(0, hardware);
            PodRuntime.Options options = new PodRuntime.Options(brokerUris, valid.sha256(), stateDir, "");
            PodRuntime runtime = PodRuntime.start(config, hardware, Clock.system(),
                    configFile != null ? options.withReloadableFile(configFile, valid) : options);
            resources.add(0, runtime);
            SighupWatcher hangup = RunCommand.installReload(runtime, log);
            if (hangup != null) {
                resources.add(0, hangup);
            }
            out.printf("podctl %s: simulated pod %s/%s, topic root %s, config %s%n", PodRuntime.VERSION,
                    config.pod().site(), config.pod().id(), runtime.topicRoot(), source);
            // The operator console: the page, served beside the broker's WebSocket listener it connects to.
            if (!noConsole) {
                ConsoleServer console = ConsoleStart.forSim(config, consolePort, webSocketUri);
                resources.add(0, console);
                out.printf("operator console on %s  (broker %s)%n", console.url(),
                        webSocketUri != null ? webSocketUri : config.console().brokerUrl() != null
                                ? config.console().brokerUrl() : "typed into the page");
            }
            if (runtime.metricsUrl() != null) {
                out.printf("metrics on %s  (probes: /healthz, /readyz)%n", runtime.metricsUrl());
            } else if (config.metrics() != null) {
                out.printf("metrics endpoint not started: see the log and the alarm %s%n", PodRuntime.METRICS_ALARM);
            }
            out.flush();

            ScheduledExecutorService helper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sim-operator");
                t.setDaemon(true);
                return t;
            });
            resources.add(0, helper::shutdownNow);
            if (!hold) {
                pushResetOnceHealthy(runtime, plant, helper, log);
            }
            String[] lastConsole = {""};
            SimConsole console = new SimConsole(plant, () -> signals.requestStop("quit"));
            if (view) {
                StatusView statusView = new StatusView(System.out, new StatusView.Screen("podctl sim — "
                        + config.pod().site() + "/" + config.pod().id() + "   (" + brokerUris.get(0) + ", topic root "
                        + runtime.topicRoot() + ")", KEY_POINTS, () -> plantLines(plant, lastConsole[0])),
                        new StatusView.Sources(() -> runtime.link().status(), runtime.texts(), runtime.clock()));
                runtime.addObserver(statusView);
                statusView.start(500);
                resources.add(0, statusView);
            }
            // Plant commands are read from standard input with or without the view (scripts and rigs pipe them).
            startConsoleReader(console, lastConsole, view ? null : log);
            if (runFor != null) {
                helper.schedule(() -> signals.requestStop("--duration elapsed"), runFor.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            signals.awaitStop();
            log.info("{}: stopping the simulated pod", signals.reason());
        } finally {
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception e) {
                    log.warn("error while stopping {}", r, e);
                }
            }
        }
        out.println("stopped: outputs de-energized, offline published");
        out.flush();
        return 0;
    }

    /**
     * The sim is a laptop tool: unless told otherwise it serves the metrics endpoint on 127.0.0.1, on the
     * preferred port or the next free one. A metrics section in the configuration is used as written.
     */
    private PodConfig simMetrics(PodConfig config) {
        if (noMetrics) {
            return config.withMetrics(null);
        }
        if (config.metrics() != null) {
            return config;
        }
        return config.withMetrics(new MetricsConfig("127.0.0.1:" + freeLoopbackPort(metricsPort), null, null));
    }

    /** {@code preferred} if nothing listens there on 127.0.0.1, else the next free one of 20; 0 stays 0. */
    private static int freeLoopbackPort(int preferred) {
        for (int port = preferred; preferred != 0 && port < preferred + 20 && port <= 65535; port++) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException e) {
                // taken: try the next one
            }
        }
        return preferred; // all taken: the endpoint reports the port in use
    }

    /**
     * Plays the technician who commissions the pod: once every safety input is healthy after start-up, pushes
     * the local reset button once (a momentary push). Nothing else is ever reset automatically.
     */
    private static void pushResetOnceHealthy(PodRuntime runtime, SimulatedPod plant, ScheduledExecutorService helper,
                                             Logger log) {
        AtomicInteger phase = new AtomicInteger();
        helper.scheduleAtFixedRate(() -> {
            PodStateView s = runtime.state();
            switch (phase.get()) {
                case 0 -> {
                    if (s != null && s.mode() == PodMode.STARTING && s.safetyInputsGood()) {
                        log.info("every safety input is healthy: pushing the local reset button to start the pod");
                        plant.setLocalResetPressed(true);
                        phase.set(1);
                    }
                }
                case 1 -> {
                    plant.setLocalResetPressed(false);
                    phase.set(2);
                }
                default -> {
                    // done: one push only
                }
            }
        }, 500, 200, TimeUnit.MILLISECONDS);
    }

    private static boolean embeddedBrokerAvailable() {
        try {
            Class.forName("com.hivemq.embedded.EmbeddedHiveMQ", false, SimCommand.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static List<String> plantLines(SimulatedPod plant, String lastConsole) {
        PlantState p = plant.state();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "plant (simulated %.0f s): facility water %.1f degC, IT load %.0f kW",
                p.simTime().toMillis() / 1000.0, p.facilityWaterC(),
                p.racks().stream().mapToDouble(r -> r.powerKw()).sum()));
        lines.addAll(SimConsole.HELP);
        if (!lastConsole.isEmpty()) {
            lines.add("> " + lastConsole);
        }
        return lines;
    }

    /** Reads plant commands from standard input; {@code log}, when given, reports what each one did. */
    private static void startConsoleReader(SimConsole console, String[] lastConsole, Logger log) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lastConsole[0] = console.execute(line);
                    if (log != null && !lastConsole[0].isEmpty()) {
                        log.info("plant: {}", lastConsole[0]);
                    }
                }
            } catch (IOException e) {
                lastConsole[0] = "console closed: " + e.getMessage();
            }
        }, "sim-console");
        t.setDaemon(true);
        t.start();
    }

    private static Duration parseDuration(String text) {
        return Durations.parse(text.trim()).orElseThrow(() -> new picocli.CommandLine
                .ParameterException(new picocli.CommandLine(new SimCommand()), "--duration: " + Durations.HINT));
    }
}
