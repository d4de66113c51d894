package io.podctl.controller.bootstrap;

import io.podctl.config.BusConfig;
import io.podctl.config.LoadResult;
import io.podctl.config.DeviceConfig;
import io.podctl.config.GpioConfig;
import io.podctl.config.MetricsConfig;
import io.podctl.config.MqttConfig;
import io.podctl.config.PodConfig;
import io.podctl.config.PointConfig;
import io.podctl.config.ProtectionConfig;
import io.podctl.controller.clock.ClockWatch;
import io.podctl.controller.commands.CommandClass;
import io.podctl.controller.commands.CommandInbox;
import io.podctl.controller.commands.CommandIntake;
import io.podctl.controller.events.EventLog;
import io.podctl.controller.events.EventSequencer;
import io.podctl.controller.loop.ControlLoop;
import io.podctl.controller.loop.LoopInputs;
import io.podctl.controller.loop.LoopOutputs;
import io.podctl.controller.loop.LoopReporting;
import io.podctl.controller.loop.LoopRunner;
import io.podctl.controller.loop.LoopStats;
import io.podctl.controller.loop.SetpointBounds;
import io.podctl.controller.metrics.MetricsServer;
import io.podctl.controller.metrics.PodMetrics;
import io.podctl.controller.journal.EventJournal;
import io.podctl.controller.journal.JournalSettings;
import io.podctl.controller.mqtt.LinkSettings;
import io.podctl.controller.mqtt.MqttCredentials;
import io.podctl.controller.mqtt.MqttLink;
import io.podctl.controller.mqtt.OutboundMessage;
import io.podctl.controller.mqtt.PodPublisher;
import io.podctl.controller.mqtt.PublishPolicy;
import io.podctl.controller.mqtt.PublisherSources;
import io.podctl.controller.mqtt.Publisher;
import io.podctl.controller.mqtt.TextChanges;
import io.podctl.controller.mqtt.sparkplug.BdSeqStore;
import io.podctl.controller.mqtt.sparkplug.SparkplugCommands;
import io.podctl.controller.mqtt.sparkplug.SparkplugPublisher;
import io.podctl.controller.mqtt.paho.PahoMqttLink;
import io.podctl.controller.outputs.OutputBank;
import io.podctl.controller.outputs.OutputFeedback;
import io.podctl.controller.outputs.OutputSupervisor;
import io.podctl.controller.persistence.SafetyStateStore;
import io.podctl.controller.safety.EngineSpec;
import io.podctl.controller.safety.Severity;
import io.podctl.controller.safety.SafetyEngine;
import io.podctl.controller.state.ControllerHealth;
import io.podctl.controller.state.PodObserver;
import io.podctl.controller.state.PodObservers;
import io.podctl.controller.state.PodStateView;
import io.podctl.hal.Clock;
import io.podctl.hal.gpio.DigitalIn;
import io.podctl.hal.gpio.DigitalOut;
import io.podctl.hal.gpio.InputPinSpec;
import io.podctl.hal.gpio.OutputPinSpec;
import io.podctl.hal.gpio.Pull;
import io.podctl.hal.modbus.RegisterBus;
import io.podctl.hal.modbus.RegisterTable;
import io.podctl.hal.watchdog.Watchdog;
import io.podctl.sensors.DeviceStatusBoard;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.TextBoard;
import io.podctl.sensors.gpio.DigitalChannel;
import io.podctl.sensors.gpio.DigitalInputSampler;
import io.podctl.sensors.modbus.BusPoller;
import io.podctl.sensors.modbus.DevicePlan;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the one place that reads the configuration and wires the controller to real or
 * simulated hardware. Start-up order makes the outputs safe first and the loop last; shutdown reverses it
 * and leaves every output de-energized.
 *
 * <p>The constructor is the list of what the pod is made of, each part built by a step named for it: the
 * point boards, the outputs, the safety state file and engine, the MQTT link, journal and publisher, the event
 * log, the command intake, the loop with its supervisor, watchdog and runner, the clock watch, health and
 * metrics; then {@code startInOrder} starts them, field I/O before the loop.
 *
 * <p>Threading: {@link #start} and {@link #close} are called from the main thread (or a shutdown hook).
 */
public final class PodRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PodRuntime.class);
    /** Longest a point waits for a telemetry pass without a change: how late STALE and maxSilence may be seen. */
    private static final Duration POINT_SCAN = Duration.ofMillis(100);
    /** The software version, from the jar manifest when packaged. */
    public static final String VERSION = Build.VERSION;
    /** GPIO inputs are sampled this often; debounce times are multiples of it. */
    static final Duration GPIO_SAMPLE_PERIOD = Duration.ofMillis(5);
    /** Commands one identity may send: 5 a second, 10 at once. */
    static final CommandIntake.RateLimit COMMAND_RATE = new CommandIntake.RateLimit(5.0, 10);
    /** The controller alarm raised while the event journal is full. */
    public static final String JOURNAL_ALARM = "controller.journal";
    /** The controller alarm raised (and returned at once) when the safety state file was missing or corrupt. */
    public static final String STATE_FILE_ALARM = "controller.state-file";
    /** The controller alarm raised when the configured metrics endpoint could not start. */
    public static final String METRICS_ALARM = "controller.metrics";

    private final PodConfig config;
    private final Hardware hardware;
    private final Clock clock;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<AutoCloseable> pins = new ArrayList<>();
    private final SampleBoard board;
    private final TextBoard texts;
    private final DeviceStatusBoard devices;
    private final PodObservers observers = new PodObservers();
    private final OutputBank outputs;
    private final ControlLoop loop;
    private final LoopRunner runner;
    private final LoopStats stats;
    private final MqttLink link;
    private final Publisher publisher;
    private final EventJournal journal;
    private final EventLog eventLog;
    private final List<AutoCloseable> toCloseLast = new ArrayList<>();
    private final SafetyStateStore tripStore;
    private final ModbusActuators actuators = new ModbusActuators();
    private final String topicRoot;
    private final Watchdog watchdog;
    private final LiveReload reload;
    private boolean closed;
    private final ControllerHealth health;
    private final PodMetrics podMetrics;
    private volatile MetricsServer metricsServer;

    /**
     * Options that do not come from the configuration file.
     *
     * @param brokerOverride   broker URIs to use instead of the configuration's (e.g. the sim's broker), or empty
     * @param configHash       SHA-256 of the configuration file, published in the status topic
     * @param stateDirOverride persistence directory to use instead of the configuration's, or null
     * @param clientIdSuffix   appended to the MQTT client id (tests running several pods), or empty
     * @param tuning           queue and journal bounds (tests shrink them to overflow them quickly)
     * @param configFile       the configuration file, for reloads (SIGHUP, the reload command), or null
     * @param loaded           what {@code configFile} held when the controller started, or null
     */
    public record Options(List<String> brokerOverride, String configHash, Path stateDirOverride,
                          String clientIdSuffix, Tuning tuning, Path configFile, LoadResult.Valid loaded) {
        public Options {
            brokerOverride = List.copyOf(brokerOverride);
            tuning = tuning != null ? tuning : Tuning.DEFAULT;
        }

        /** Production bounds, no configuration file to reload. */
        public Options(List<String> brokerOverride, String configHash, Path stateDirOverride,
                       String clientIdSuffix) {
            this(brokerOverride, configHash, stateDirOverride, clientIdSuffix, Tuning.DEFAULT, null, null);
        }

        /** Other bounds, no configuration file to reload. */
        public Options(List<String> brokerOverride, String configHash, Path stateDirOverride,
                       String clientIdSuffix, Tuning tuning) {
            this(brokerOverride, configHash, stateDirOverride, clientIdSuffix, tuning, null, null);
        }

        /** A copy that can reload {@code file}, whose current valid contents are {@code current}. */
        public Options withReloadableFile(Path file, LoadResult.Valid current) {
            return new Options(brokerOverride, configHash, stateDirOverride, clientIdSuffix, tuning, file, current);
        }
    }

    /**
     * Bounds that are not configuration: the link's telemetry queue, the event journal's segments, how often the
     * clock's synchronization is read.
     *
     * @param telemetryQueueCapacity point messages the link buffers while the broker is slow or away
     * @param journalSegmentBytes    size of one journal segment file
     * @param journalMaxSegments     journal segments kept at most
     * @param clockCheckPeriod       how often the wall clock's synchronization is read
     */
    public record Tuning(int telemetryQueueCapacity, int journalSegmentBytes, int journalMaxSegments,
                         Duration clockCheckPeriod) {
        /** 10 000 messages; 16 segments of 1 MiB; the clock read every 30 s. */
        public static final Tuning DEFAULT = new Tuning(10_000, 1 << 20, 16, ClockWatch.PERIOD);

        /** These bounds, the clock read every {@link ClockWatch#PERIOD}. */
        public Tuning(int telemetryQueueCapacity, int journalSegmentBytes, int journalMaxSegments) {
            this(telemetryQueueCapacity, journalSegmentBytes, journalMaxSegments, ClockWatch.PERIOD);
        }
    }

    private PodRuntime(PodConfig config, Hardware hardware, Clock clock, Options options) {
        this.config = config;
        this.hardware = hardware;
        this.clock = clock;
        this.topicRoot = config.topicRoot();
        Instant startedAt = clock.now();
        Tuning tuning = options.tuning();

        // What the pod is made of, in the order it is built; nothing runs before startInOrder.
        // The points: every device point and every GPIO input on one board; text points (serial numbers,
        // firmware versions) on a board of their own, never seen by the loop; each device's health.
        List<PointDescriptor> descriptors = SafetyCompiler.pointDescriptors(config);
        this.board = new SampleBoard(descriptors);
        this.texts = new TextBoard(ModbusPlans.textPoints(config));
        this.devices = new DeviceStatusBoard(deviceIds(config), clock.nanoTime());
        // The outputs, de-energized first, so that nothing is driven while the rest starts.
        this.outputs = safeOutputs();
        // The safety state file (latched trips survive restarts) and the engine, compiled from the same spec the
        // cause-and-effect matrix is rendered from, holding what the file remembered.
        Path stateDir = options.stateDirOverride() != null ? options.stateDirOverride()
                : Path.of(config.persistence().directory());
        this.tripStore = new SafetyStateStore(stateDir);
        SafetyStateStore.Loaded loaded = tripStore.load();
        EngineSpec engineSpec = SafetyCompiler.compile(config, board);
        SafetyEngine engine = new SafetyEngine(engineSpec);
        List<String> restored = engine.restore(loaded.memory(), clock.nanoTime(), startedAt.toEpochMilli());
        this.stats = new LoopStats(config.loop().period().toNanos(), config.loop().overrunLogInterval().toNanos());
        // MQTT: the link, the journal (events on disk before they are sent), the publisher of the chosen profile,
        // and the event log that numbers every event and hands it to the observers.
        SparkplugIdentity sparkplug = SparkplugIdentity.of(config, stateDir);
        this.link = mqttLink(options, sparkplug);
        this.journal = openJournal(stateDir, tuning);
        this.publisher = publisher(options, startedAt, sparkplug);
        observers.add(publisher).add(tripStore);
        this.eventLog = eventLog(startedAt);
        // Commands: MQTT, then the intake (validate, authorize, audit), then the bounded inbox the loop drains.
        CommandInbox inbox = new CommandInbox(64, 16);
        CommandIntake intake = commandIntake(inbox, sparkplug);
        link.addConnectionListener(publisher);
        // The loop, and what makes the outputs safe when it stops: the output supervisor and the watchdog.
        Duration supervisorTimeout = max(config.loop().period().multipliedBy(3), config.loop().stallTimeout());
        OutputSupervisor supervisor = new OutputSupervisor(outputs, clock, supervisorTimeout);
        this.watchdog = hardware.watchdog(outputs::forceSafe, clock);
        this.loop = controlLoop(engine, inbox, supervisor);
        this.runner = new LoopRunner(loop, clock, config.loop().period(), stats);
        this.reload = new LiveReload(options.configFile(), options.loaded(),
                new LiveReload.Controller(loop, intake, stats, board, publisher::updateConfigHash,
                        publisher::updateStateInterval));
        loop.setReloadRequester(() -> requestReload("reload command"));
        ClockWatch clockWatch = clockWatch(intake, tuning);
        reportLostMemory(loaded);
        // Health, readiness and the metrics endpoint: adapters at the edge that only read what the loop hands off.
        this.health = new ControllerHealth(clock, engineSpec.safetyInputIndexes(),
                descriptors.stream().map(PointDescriptor::id).toList(), supervisorTimeout);
        observers.add(health);
        this.podMetrics = podMetrics(descriptors);

        startInOrder(clockWatch, supervisor);
        announceStart(startedAt, options.configHash(), loaded, restored, engineSpec.protections().size());
    }

    /**
     * The Sparkplug B identity of the pod: its group and the store of the birth/death sequence number.
     *
     * @param group the Sparkplug group id ({@code mqtt.sparkplugGroup}, else the site)
     * @param bdSeq the persisted {@code bdSeq}, one above the last connection's
     */
    private record SparkplugIdentity(String group, BdSeqStore bdSeq) {
        /** The identity when the configuration chooses the Sparkplug profile, else null (the plain profile). */
        static SparkplugIdentity of(PodConfig config, Path stateDir) {
            if (config.mqtt().profile() != MqttConfig.Profile.SPARKPLUG) {
                return null;
            }
            String group = config.mqtt().sparkplugGroup() != null ? config.mqtt().sparkplugGroup()
                    : config.pod().site();
            return new SparkplugIdentity(group, new BdSeqStore(stateDir.resolve("sparkplug-bdseq")));
        }
    }

    /** One pin per configured output, each forced safe (de-energized) before it is returned. */
    private OutputBank safeOutputs() {
        List<DigitalOut> outs = new ArrayList<>();
        for (GpioConfig.Output o : config.gpio().outputs()) {
            outs.add(hardware.gpio().output(new OutputPinSpec(o.id(), o.pin(), o.activeLow())));
        }
        pins.addAll(outs);
        OutputBank bank = new OutputBank(outs);
        bank.forceSafe();
        return bank;
    }

    /** The link to the configured (or overriding) brokers, with the Will of the chosen profile. Not started. */
    private MqttLink mqttLink(Options options, SparkplugIdentity sparkplug) {
        List<String> brokers = options.brokerOverride().isEmpty() ? config.mqtt().brokers() : options.brokerOverride();
        if (brokers.isEmpty()) {
            throw new IllegalArgumentException("no MQTT broker configured (mqtt.brokers) and none given");
        }
        // The publisher needs the link and the link needs the publisher's Will: the Will is a pure function
        // of the topic root, so it is built first from the same root.
        OutboundMessage will = new OutboundMessage(topicRoot + "/status", PodPublisher.offlinePayload(), 1, true,
                OutboundMessage.Delivery.LATEST);
        LinkSettings settings = linkSettings(config, brokers, clientId(config, options.clientIdSuffix()), will,
                System.getenv()).withTelemetryQueueCapacity(options.tuning().telemetryQueueCapacity());
        if (sparkplug != null) {
            settings = settings.withWillSupplier(SparkplugPublisher.willSupplier(sparkplug.group(), config.pod().id(),
                    sparkplug.bdSeq(), clock));
        }
        return new PahoMqttLink(settings, clock);
    }

    /** The event journal in {@code stateDir/journal}, with the segment bounds of {@code tuning}. Closed last. */
    private EventJournal openJournal(Path stateDir, Tuning tuning) {
        EventJournal opened = EventJournal.open(JournalSettings.defaults(stateDir.resolve("journal"))
                .withSegments(tuning.journalSegmentBytes(), tuning.journalMaxSegments()), clock);
        toCloseLast.add(opened);
        return opened;
    }

    /** The publisher of the configured topic profile: Sparkplug B, or podctl's own topics. Not started. */
    private Publisher publisher(Options options, Instant startedAt, SparkplugIdentity sparkplug) {
        PublisherSources sources = new PublisherSources(journal, publishPolicies(config),
                new TextChanges(texts, clock));
        if (sparkplug != null) {
            SparkplugPublisher.EdgeNode edge = new SparkplugPublisher.EdgeNode(sparkplug.group(), config.pod().id(),
                    deviceIds(config), sparkplug.bdSeq());
            return new SparkplugPublisher(link, edge, sources, clock);
        }
        PodPublisher.StatusInfo status = new PodPublisher.StatusInfo(VERSION, options.configHash(), startedAt,
                config.mqtt().stateInterval());
        return new PodPublisher(link, new PodPublisher.Topics(topicRoot, status, 10_000), sources)
                .followBoard(board, clock, POINT_SCAN);
    }

    /**
     * Where events enter the stream: numbered above every number used before a restart, handed to the observers.
     * A full journal is an event and the alarm {@value #JOURNAL_ALARM}, which clears below the bound.
     */
    private EventLog eventLog(Instant startedAt) {
        EventLog events = new EventLog(EventSequencer.startingAfter(journal.lastPersistedSeq(), startedAt),
                observers::onEvent);
        journal.onFull(() -> {
            events.append(clock.now(), "JOURNAL_FULL", "journal", "alarm",
                    "event journal full: the oldest unsent events were dropped to keep the newest", Map.of());
            onLoopThread(e -> e.raiseSystemAlarm(JOURNAL_ALARM, "event journal", Severity.ALARM,
                    "event journal full: the oldest unsent events are being dropped to keep the newest; the broker "
                            + "has been unreachable too long or the journal is too small"));
        });
        journal.onBelowBound(() -> onLoopThread(e -> e.clearSystemAlarm(JOURNAL_ALARM)));
        return events;
    }

    /** The command gate, subscribed to the command topics of podctl's profile and, if chosen, Sparkplug's. */
    private CommandIntake commandIntake(CommandInbox inbox, SparkplugIdentity sparkplug) {
        CommandIntake intake = new CommandIntake(topicRoot, authorization(config), COMMAND_RATE,
                new CommandIntake.Outlets(inbox, observers, eventLog), clock);
        link.subscribe(intake.subscription(), 1, intake::onMessage);
        if (sparkplug != null) {
            SparkplugCommands spCommands = new SparkplugCommands(sparkplug.group(), config.pod().id(), topicRoot,
                    config.mqtt().sparkplugIdentity(), intake::onMessage, clock);
            for (String filter : spCommands.subscriptions()) {
                link.subscribe(filter, 1, spCommands::onMessage);
            }
        }
        return intake;
    }

    /** The loop: reads the boards and the inbox, drives the outputs and device writes, reports to the observers. */
    private ControlLoop controlLoop(SafetyEngine engine, CommandInbox inbox, OutputSupervisor supervisor) {
        List<SetpointBounds> setpoints = config.setpoints().stream()
                .map(sp -> new SetpointBounds(sp.point(), sp.min(), sp.max())).toList();
        return new ControlLoop(new LoopInputs(board, devices, inbox, clock), engine,
                new LoopOutputs(outputs, supervisor, watchdog, actuators, setpoints, outputFeedback(config, board)),
                new LoopReporting(eventLog, observers, stats, config.mqtt().stateInterval()));
    }

    /**
     * The watch of the wall clock's synchronization: command expiry depends on it (docs/mqtt.md). Read off the
     * loop, judged by it; the intake names the doubt in its replies. Not started.
     */
    private ClockWatch clockWatch(CommandIntake intake, Tuning tuning) {
        ClockWatch watch = new ClockWatch(hardware.clockSync(), tuning.clockCheckPeriod())
                .onChange(c -> intake.setClockDoubt(c.isSynchronized() ? null : c.detail()));
        loop.watchClock(watch::latest);
        return watch;
    }

    /**
     * A missing or corrupt state file: the pod starts tripped anyway (start-up trip); the alarm
     * {@value #STATE_FILE_ALARM} says why it has no memory.
     */
    private void reportLostMemory(SafetyStateStore.Loaded loaded) {
        if (loaded.status() == SafetyStateStore.LoadStatus.LOADED) {
            return;
        }
        // The condition is over once it has been reported: the alarm returns at once and waits for an
        // acknowledgement (RETURNED_UNACKED), so that someone has seen it without holding the pod DEGRADED.
        // Handed to the loop, whose first cycle stamps it with the wall time (the engine has none before).
        String why = loaded.detail() + "; latched trips, acknowledgements and bypasses from before this start"
                + " are unknown";
        onLoopThread(e -> {
            e.raiseSystemAlarm(STATE_FILE_ALARM, "safety state file", Severity.ALARM, why);
            e.clearSystemAlarm(STATE_FILE_ALARM);
        });
    }

    /** The metrics an endpoint exports, fed as an observer and by the loop's timing; null when metrics are off. */
    private PodMetrics podMetrics(List<PointDescriptor> descriptors) {
        if (config.metrics() == null) {
            return null;
        }
        PodMetrics metrics = new PodMetrics(new PodMetrics.Sources(MetricsWiring.layout(config, descriptors, VERSION),
                board, devices, link::status, journal::status, health, clock));
        observers.add(metrics);
        stats.timingSink(metrics.timing());
        return metrics;
    }

    /** Start: publisher and link, then field I/O, then the supervisor and the loop, then the metrics endpoint. */
    private void startInOrder(ClockWatch clockWatch, OutputSupervisor supervisor) {
        publisher.start();
        journal.start(publisher.journalSender());
        tripStore.start();
        link.start();
        startFieldIo();
        clockWatch.start();
        toClose.add(clockWatch);
        supervisor.start();
        toClose.add(supervisor);
        runner.start();
        startMetricsEndpoint(config.metrics());
    }

    /** The STARTED event (and STATE_CORRUPT if so), and the log line that sums up the pod. */
    private void announceStart(Instant startedAt, String configHash, SafetyStateStore.Loaded loaded,
                               List<String> restored, int protections) {
        eventLog.append(startedAt, "STARTED", "pod", "info", "podctl " + VERSION + " started on "
                + hardware.describe() + "; state file: " + loaded.detail(), Map.of("configHash", configHash));
        if (loaded.status() == SafetyStateStore.LoadStatus.CORRUPT) {
            eventLog.append(startedAt, "STATE_CORRUPT", "persistence", "alarm", loaded.detail(), Map.of());
        }
        if (!restored.isEmpty()) {
            log.warn("restored latched trips from before the restart: {}", restored);
        }
        log.info("podctl {} running pod {}/{}: {} points, {} devices, {} outputs, {} protections, loop {} ms, topic root {}",
                VERSION, config.pod().site(), config.pod().id(), board.size(), devices.deviceIds().size(),
                outputs.size(), protections, config.loop().period().toMillis(), topicRoot);
    }

    private static List<String> deviceIds(PodConfig config) {
        return config.devices().stream().map(DeviceConfig::id).toList();
    }

    /**
     * Builds and starts the controller for {@code config} on {@code hardware}. Wiring problems (a reference the
     * validator should have caught, a pin the platform refuses) throw before any thread starts; the caller
     * then closes the hardware, which leaves every output de-energized.
     */
    public static PodRuntime start(PodConfig config, Hardware hardware, Clock clock, Options options) {
        return new PodRuntime(config, hardware, clock, options);
    }

    private void startFieldIo() {
        for (BusConfig bus : config.buses()) {
            List<DevicePlan> plans = new ArrayList<>();
            for (DeviceConfig d : config.devices()) {
                if (d.bus().equals(bus.id())) {
                    plans.add(ModbusPlans.plan(config, d));
                }
            }
            if (plans.isEmpty()) {
                log.warn("bus {} has no devices; not opened", bus.id());
                continue;
            }
            RegisterBus registerBus = hardware.openBus(bus, config, clock);
            toClose.add(registerBus);
            BusPoller poller = new BusPoller(bus.id(), registerBus, plans, new BusPoller.Boards(board, texts, devices),
                    clock, BusPoller.DEFAULT_WRITE_QUEUE);
            for (DevicePlan plan : plans) {
                actuators.register(poller, plan.deviceId(), plan.points());
            }
            toClose.add(0, poller); // pollers stop before their buses close
            poller.start();
        }
        List<DigitalChannel> channels = new ArrayList<>();
        for (GpioConfig.Input in : config.gpio().inputs()) {
            DigitalIn pin = hardware.gpio().input(new InputPinSpec(in.id(), in.pin(), Pull.valueOf(in.pull().name())));
            pins.add(pin);
            channels.add(new DigitalChannel(in.id(), pin, in.activeLow(), in.debounce()));
        }
        if (!channels.isEmpty()) {
            DigitalInputSampler sampler = new DigitalInputSampler(channels, board, clock, GPIO_SAMPLE_PERIOD);
            // A leak or the E-stop is acted on when its debounced change arrives, not up to a period later.
            sampler.wakeOnChange(trippingInputs(config), runner::wake);
            toClose.add(0, sampler);
            sampler.start();
        }
    }

    /**
     * Binds the metrics endpoint. A listener that cannot start (port in use, unusable TLS or credentials files)
     * does not stop the controller, whose job is the pod: it is logged, and the controller alarm
     * {@value #METRICS_ALARM} says why until a restart.
     */
    private void startMetricsEndpoint(MetricsConfig m) {
        if (podMetrics == null) {
            return;
        }
        try {
            metricsServer = MetricsServer.start(MetricsWiring.settings(m), podMetrics);
        } catch (MetricsServer.ListenFailure e) {
            log.error("{}", e.getMessage());
            onLoopThread(engine -> engine.raiseSystemAlarm(METRICS_ALARM, "metrics endpoint", Severity.WARNING,
                    e.getMessage()));
        }
    }

    /** The metrics endpoint's scrape URL, or null when it is off or could not start. Any thread. */
    public String metricsUrl() {
        MetricsServer s = metricsServer;
        return s == null ? null : s.url();
    }

    /** Liveness and readiness, judged once for every probe (the metrics endpoint, a service manager). */
    public ControllerHealth health() {
        return health;
    }

    /**
     * Hands a change of the engine's controller alarms to the loop thread, which alone touches the engine; it is
     * applied after the next evaluation and stamped with that cycle's wall time.
     */
    private void onLoopThread(Consumer<SafetyEngine> change) {
        ControlLoop running = loop;
        if (running == null || !running.changeControllerAlarm(change)) {
            log.error("could not hand a controller alarm change to the loop");
        }
    }

    /** GPIO inputs watched by a protection that can trip (so a change is worth an extra loop cycle). */
    static Set<String> trippingInputs(PodConfig config) {
        Set<String> inputs = new HashSet<>();
        config.gpio().inputs().forEach(in -> inputs.add(in.id()));
        Set<String> tripping = new HashSet<>();
        for (ProtectionConfig p : config.protections()) {
            if (p.hasTripLevel() && inputs.contains(p.point())) {
                tripping.add(p.point());
            }
        }
        return tripping;
    }

    /** The outputs whose feedback input the loop compares with their command. */
    private static OutputFeedback outputFeedback(PodConfig config, SampleBoard board) {
        List<OutputFeedback.Wiring> wirings = new ArrayList<>();
        List<GpioConfig.Output> outs = config.gpio().outputs();
        for (int o = 0; o < outs.size(); o++) {
            GpioConfig.Output out = outs.get(o);
            if (out.feedback() != null) {
                wirings.add(new OutputFeedback.Wiring(o, out.id(), board.requireIndex(out.feedback()), out.feedback(),
                        out.followTime().toNanos()));
            }
        }
        return wirings.isEmpty() ? OutputFeedback.NONE : new OutputFeedback(wirings);
    }

    /**
     * How the link connects: brokers, keepalive, the Will, credentials (from {@code mqtt.credentialsFile}, else
     * the environment variables {@link MqttCredentials#USERNAME_VARIABLE}/{@link MqttCredentials#PASSWORD_VARIABLE})
     * and TLS files. Package-private for tests.
     */
    static LinkSettings linkSettings(PodConfig config, List<String> brokers, String clientId, OutboundMessage will,
                                     Map<String, String> environment) {
        LinkSettings base = LinkSettings.of(brokers.get(0), clientId, will);
        MqttCredentials credentials = MqttCredentials.resolve(config.mqtt().credentialsFile(), environment);
        MqttConfig.TlsConfig t = config.mqtt().tls();
        LinkSettings.Tls tls = t == null || t.caFile() == null ? null : new LinkSettings.Tls(Path.of(t.caFile()),
                t.certFile() == null ? null : Path.of(t.certFile()), t.keyFile() == null ? null : Path.of(t.keyFile()));
        return new LinkSettings(brokers, clientId, config.mqtt().keepAlive(), base.connectTimeout(),
                base.reconnectMin(), base.reconnectMax(), will, credentials == null ? null : credentials.username(),
                credentials == null ? null : credentials.password(), tls, base.telemetryQueueCapacity(),
                base.reliableQueueCapacity());
    }

    /** The pod's MQTT client id: {@code mqtt.clientId}, else {@code podctl-{site}-{pod}}, with {@code suffix}. */
    static String clientId(PodConfig config, String suffix) {
        return (config.mqtt().clientId() != null ? config.mqtt().clientId()
                : "podctl-" + config.pod().site() + "-" + config.pod().id()) + suffix;
    }

    /** The report-by-exception policy of every Modbus point (GPIO inputs publish every change). */
    static List<PublishPolicy> publishPolicies(PodConfig config) {
        List<PublishPolicy> policies = new ArrayList<>();
        for (DeviceConfig d : config.devices()) {
            for (PointConfig p : d.points()) {
                double span = p.min() != null && p.max() != null ? p.max() - p.min() : Double.NaN;
                policies.add(new PublishPolicy(d.qualifiedPointId(p), p.deadband(), p.deadbandPercent(), span,
                        p.maxSilence()));
            }
        }
        return policies;
    }

    /** Who may issue which command class, as the configuration says. */
    static Map<CommandClass, Set<String>> authorization(PodConfig config) {
        Map<CommandClass, Set<String>> m = new EnumMap<>(CommandClass.class);
        m.put(CommandClass.VIEW, new LinkedHashSet<>(config.authorization().view()));
        m.put(CommandClass.OPERATE, new LinkedHashSet<>(config.authorization().operate()));
        m.put(CommandClass.ENGINEER, new LinkedHashSet<>(config.authorization().engineer()));
        m.put(CommandClass.SAFETY_RESET, new LinkedHashSet<>(config.authorization().safetyReset()));
        return m;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * Re-reads the configuration file off the loop thread and applies it between two cycles if it validates
     * completely and only changes what can change live (see {@link LiveReload}). Otherwise the running configuration
     * stays and an alarm says why. Requests while one is being read are merged into it. Any thread (the SIGHUP
     * watcher, the reload command).
     */
    public void requestReload(String trigger) {
        reload.request(trigger);
    }

    /** Adds an observer (status view, tests); safe while running. */
    public void addObserver(PodObserver observer) {
        observers.add(observer);
    }

    /** The state last handed to observers, or null before the first cycle. Any thread. */
    public PodStateView state() {
        return loop.lastState();
    }

    /** The resolved MQTT topic root. */
    public String topicRoot() {
        return topicRoot;
    }

    /** The MQTT link (status for views and tests). */
    public MqttLink link() {
        return link;
    }

    /** The event journal (status for views and tests). */
    public EventJournal journal() {
        return journal;
    }

    /** Where events enter the stream: numbered, journaled, published. Tests append bursts through it. */
    public EventLog eventLog() {
        return eventLog;
    }

    /** Loop timing statistics. */
    public LoopStats loopStats() {
        return stats;
    }

    /** The sample board, for views that show every point. */
    public SampleBoard board() {
        return board;
    }

    /** The text points (serial numbers, firmware versions) as the pollers last read them, for views. */
    public TextBoard texts() {
        return texts;
    }

    /** The clock the controller runs on (monotonic time for judging the boards' staleness). */
    public Clock clock() {
        return clock;
    }

    /**
     * Orderly stop: the loop stops, every output is de-energized, the final state and an "offline" status
     * are published, then field I/O, MQTT and the hardware are released. Safe to call twice.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("stopping: outputs go safe");
        MetricsServer endpoint = metricsServer;
        if (endpoint != null) {
            endpoint.close();
        }
        reload.close();
        try {
            runner.stop(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outputs.forceSafe();
        loop.publishShutdown(clock.nanoTime());
        watchdog.close(); // disarm only now that the outputs are safe
        try {
            // While the link and the publisher still run: let the journal hand over and see acknowledged what
            // is pending, so that a clean stop leaves nothing to replay.
            journal.flush(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.close();
        link.close(publisher.offlineMessage(), Duration.ofSeconds(2));
        for (AutoCloseable c : toCloseLast) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("error while closing {}", c, e);
            }
        }
        tripStore.close();
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("error while closing {}", c, e);
            }
        }
        for (AutoCloseable pin : pins) {
            try {
                pin.close(); // outputs de-energize on close
            } catch (Exception e) {
                log.warn("error while releasing {}", pin, e);
            }
        }
        hardware.close();
        log.info("stopped");
    }
}
