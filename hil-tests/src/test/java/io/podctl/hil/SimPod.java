package io.podctl.hil;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podctl.config.ConfigLoader;
import io.podctl.config.LoadResult;
import io.podctl.config.MqttConfig;
import io.podctl.config.PodConfig;
import io.podctl.controller.bootstrap.PodRuntime;
import io.podctl.controller.bootstrap.SimHardware;
import io.podctl.controller.state.PodMode;
import io.podctl.controller.state.PodStateView;
import io.podctl.controller.testing.TestMqttClient;
import io.podctl.hal.Clock;
import io.podctl.hal.sim.MockGpioPlatform;
import io.podctl.hal.sim.SimPodSettings;
import io.podctl.hal.sim.SimulatedPod;
import io.podctl.hal.sim.SupplySensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A whole simulated pod for scenario tests: the plant serving its devices over real Modbus TCP on loopback,
 * GPIO through Pi4J's mock provider, the production controller against it, and a subscriber on a real MQTT
 * broker. Tests drive the plant (leaks, E-stop, devices off-line) and observe the controller only through
 * what a real pod would show: output pins and MQTT. The bench ({@code io.podctl.bench}) drives the same
 * harness with {@link Settings} of its own.
 *
 * <p>Threading: start, stop and close from one thread; the queries may be called from any thread.
 */
public final class SimPod implements AutoCloseable {
    public static final String ROOT = "podctl/lab/pod1";
    /** BCM pins of the rack contactors in the simulated pod. */
    public static final int[] RACK_PINS = {5, 6, 13, 19};
    /** BCM pin of the coolant isolation valve (energized = open). */
    public static final int ISOLATION_VALVE_PIN = 12;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    final PodConfig config;
    final String configHash;
    final String brokerUri;
    final Path stateDir;
    final MockGpioPlatform gpio;
    final SimulatedPod plant;
    final TestMqttClient mqtt;
    private PodRuntime runtime;
    private SimHardware hardware;

    private final PodRuntime.Tuning tuning;
    private Path configFile;
    private LoadResult.Valid loadedFile;

    /**
     * How the harness is built.
     *
     * @param plantTick     real time between plant steps
     * @param timeScale     simulated seconds per real second of the plant's physics (1 = real time)
     * @param gpioDecorator wraps the mock GPIO platform shared by plant and controller (e.g. to record output
     *                      changes); identity for none
     * @param mqttFilter    topic filter of the harness's MQTT subscriber
     */
    public record Settings(Duration plantTick, double timeScale, UnaryOperator<MockGpioPlatform> gpioDecorator,
                           String mqttFilter) {
        /** What the scenario tests use: 50 ms ticks in real time, plain GPIO, every topic of the pod. */
        public static Settings defaults() {
            return new Settings(Duration.ofMillis(50), 1.0, UnaryOperator.identity(), ROOT + "/#");
        }

        /** The defaults with plant physics {@code scale} times faster than real time. */
        public Settings withTimeScale(double scale) {
            return new Settings(plantTick, scale, gpioDecorator, mqttFilter);
        }
    }

    private SimPod(String brokerUri, Path stateDir, UnaryOperator<PodConfig> customize, PodRuntime.Tuning tuning) {
        this(brokerUri, stateDir, customize, tuning, new ConfigLoader().loadExample("sim-pod.yaml"),
                Settings.defaults());
    }

    private SimPod(String brokerUri, Path stateDir, UnaryOperator<PodConfig> customize, PodRuntime.Tuning tuning,
                   LoadResult loaded, Settings settings) {
        if (!(loaded instanceof LoadResult.Valid valid)) {
            throw new IllegalStateException("the pod configuration is invalid: " + loaded.problems());
        }
        this.config = customize.apply(valid.config());
        this.tuning = tuning;
        this.configHash = valid.sha256();
        this.brokerUri = brokerUri;
        this.stateDir = stateDir;
        // The plain test subscriber cannot talk TLS: a TLS test observes the pod with clients of its own.
        this.mqtt = brokerUri.startsWith("ssl://") ? null : TestMqttClient.subscribe(brokerUri, settings.mqttFilter());
        this.gpio = settings.gpioDecorator().apply(MockGpioPlatform.create());
        this.plant = SimulatedPod.start(SimPodSettings.defaults(), gpio, Clock.system());
        plant.startRealtime(settings.plantTick(), settings.timeScale());
    }

    /** A pod with a fresh state directory, its controller started. */
    static SimPod start(String brokerUri) {
        return start(brokerUri, UnaryOperator.identity(), PodRuntime.Tuning.DEFAULT);
    }

    /** A pod built with {@code settings} and a fresh state directory, its controller started. */
    public static SimPod start(String brokerUri, Settings settings) {
        try {
            SimPod pod = new SimPod(brokerUri, Files.createTempDirectory("podctl-hil-state"), UnaryOperator.identity(),
                    PodRuntime.Tuning.DEFAULT, new ConfigLoader().loadExample("sim-pod.yaml"), settings);
            pod.startController();
            return pod;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A pod whose bundled configuration is changed by {@code customize}, with {@code tuning} bounds. */
    static SimPod start(String brokerUri, UnaryOperator<PodConfig> customize, PodRuntime.Tuning tuning) {
        try {
            SimPod pod = new SimPod(brokerUri, Files.createTempDirectory("podctl-hil-state"), customize, tuning);
            pod.startController();
            return pod;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A pod whose plant physics run {@code timeScale} times faster than real time (thermal scenarios that would
     * take minutes); the controller, its polling and its delays run in real time.
     */
    static SimPod startFastPhysics(String brokerUri, double timeScale) {
        return start(brokerUri, Settings.defaults().withTimeScale(timeScale));
    }

    /** A pod run from {@code file} (a copy of the simulated pod's configuration), which it can reload. */
    static SimPod startFromFile(String brokerUri, Path file) {
        try {
            LoadResult loaded = new ConfigLoader().load(file);
            SimPod pod = new SimPod(brokerUri, Files.createTempDirectory("podctl-hil-state"), UnaryOperator.identity(),
                    PodRuntime.Tuning.DEFAULT, loaded, Settings.defaults());
            pod.configFile = file;
            pod.loadedFile = (LoadResult.Valid) loaded;
            pod.startController();
            return pod;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The shipped rule set with faster recoveries, for scenario classes that trip and restore the pod many
     * times: racks restart 200 ms apart instead of 2 s, and a shed rack returns after 5 s instead of 30 s.
     * Every cause, level and delay that the scenarios check is the shipped one.
     */
    static PodConfig fastRecovery(PodConfig c) {
        return c.withSafety(c.safety().withStartStagger(Duration.ofMillis(200)),
                c.loadShedding() == null ? null : c.loadShedding().withRestoreDelay(Duration.ofSeconds(5)));
    }

    /** {@code config} with its MQTT section replaced. */
    static PodConfig withMqtt(PodConfig c, MqttConfig mqtt) {
        return c.withMqtt(mqtt);
    }

    /** {@code config} with a shorter MQTT keepalive (a frozen broker is detected in about two of them). */
    static PodConfig withKeepAlive(PodConfig c, Duration keepAlive) {
        MqttConfig m = c.mqtt();
        return withMqtt(c, new MqttConfig(m.brokers(), m.clientId(), m.topicRoot(), keepAlive, m.stateInterval(),
                m.credentialsFile(), m.tls(), m.profile(), m.sparkplugGroup(), m.sparkplugIdentity()));
    }

    /** The simulated plant. */
    public SimulatedPod plant() {
        return plant;
    }

    /** The GPIO shared by plant and controller (decorated as the settings asked). */
    public MockGpioPlatform gpio() {
        return gpio;
    }

    /** The configuration the controller runs (the bundled sim-pod.yaml). */
    public PodConfig config() {
        return config;
    }

    /** The harness's MQTT subscriber. */
    public TestMqttClient mqtt() {
        return mqtt;
    }

    /** Starts (or restarts) the controller process's runtime against the same plant and state directory. */
    public void startController() {
        hardware = new SimHardware(plant, gpio);
        PodRuntime.Options options = new PodRuntime.Options(List.of(brokerUri), configHash, stateDir,
                "-hil" + INSTANCES.incrementAndGet(), tuning);
        runtime = PodRuntime.start(config, hardware, Clock.system(),
                configFile != null ? options.withReloadableFile(configFile, loadedFile) : options);
    }

    /**
     * Stops the controller as an orderly shutdown would, leaving the plant running. The GPIO platform is the
     * plant's wiring and stays; only the controller's pins are released.
     */
    public void stopController() {
        runtime.close();
        runtime = null;
    }

    /** The running controller's runtime (null while stopped). */
    public PodRuntime runtime() {
        return runtime;
    }

    /** The state the controller last published (null before its first cycle). */
    public PodStateView state() {
        return runtime.state();
    }

    /** Waits for the start-up latch to be resettable, pushes the local reset button, waits for RUNNING. */
    public void commission() {
        await("all safety inputs GOOD after start-up").atMost(Duration.ofSeconds(15))
                .until(() -> state() != null && state().mode() == PodMode.STARTING && state().safetyInputsGood());
        pushLocalReset();
        await("pod RUNNING with every rack powered").atMost(Duration.ofSeconds(20))
                .until(() -> state().mode() == PodMode.RUNNING && allRacksPowered());
    }

    /**
     * Puts the plant back to normal (no leak, E-stop released, every device on-line without overrides, every
     * supply sensor healthy, pumps as at start, design load, 20 degC facility water), waits for the pod to see it,
     * then resets at the pod and waits for every rack to be powered again. Lets scenario tests share one pod.
     */
    void restoreNormal() {
        for (int r = 1; r <= 4; r++) {
            plant.setLeak(r, false);
            plant.setRackDemandKw(r, 80);
        }
        plant.setEstopPressed(false);
        for (int r = 1; r <= 4; r++) {
            plant.repairWire(plant.settings().pins().leakPin(r));
            plant.repairWire(plant.settings().pins().auxContactPin(r));
            plant.setContactorStuck(r, null);
        }
        plant.repairWire(plant.settings().pins().estopPin());
        for (SupplySensor sensor : SupplySensor.values()) {
            plant.repairSupplySensor(sensor);
        }
        plant.setFacilityWaterTemperature(20);
        plant.setValveStuck(null);
        plant.setPumpFault(1, false);
        plant.setPumpFault(2, false);
        plant.startPump(1);
        for (String d : plant.deviceIds()) {
            plant.setDeviceOffline(d, false);
            plant.clearOverrides(d);
            plant.freezeDevice(d, false);
        }
        await("the pod sees a healthy plant").atMost(Duration.ofSeconds(90))
                .until(() -> state() != null && state().safetyInputsGood()
                        && state().trips().stream().noneMatch(t -> t.conditionActive()));
        if (!allRacksPowered() || state().mode() != PodMode.RUNNING) {
            pushLocalReset();
        }
        try {
            await("pod RUNNING with every rack powered and the isolation valve open (a shed rack returns after the"
                    + " restore delay, and the coolant needs time after a thermal test)").atMost(Duration.ofSeconds(120))
                    .until(() -> state().mode() == PodMode.RUNNING && allRacksPowered()
                            && gpio.outputLevel(ISOLATION_VALVE_PIN));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the pod did not return to normal: " + state(), e);
        }
        restStandbyPump();
        mqtt.clear();
    }

    /**
     * Stops pump 2, as at start, once no start of it by the controller is in flight. The standby effect may
     * have commanded it during the last test or during the restore (the flow dips while pump 1 restarts);
     * stopping it before the controller has read back that it runs would fail the controller's own check
     * (the effect's "command not followed" alarm). With every rack powered the flow has been proven for 10 s,
     * so no new start is coming.
     */
    private void restStandbyPump() {
        await("the controller's start of pump 2, if any, verified").atMost(Duration.ofSeconds(30))
                .until(() -> !effectWriteInFlight("pump2.start"));
        plant.stopPump(2);
    }

    /**
     * Whether write effect {@code effectId} may have a device write in flight, judged from the events received
     * since the observer was last cleared: it started (its write submitted, or waiting for its permissive) and
     * no {@code WRITE} event has reported the write's outcome since; an effect that ended while still waiting for
     * its permissive wrote nothing.
     */
    boolean effectWriteInFlight(String effectId) {
        boolean inFlight = false;
        boolean waiting = false;
        for (String payload : mqtt.payloads(ROOT + "/events")) {
            JsonNode event = json(payload);
            String type = event.path("type").asText();
            boolean ofEffect = event.path("source").asText().equals(effectId);
            if (type.equals("EFFECT_STARTED") && ofEffect) {
                inFlight = true;
                waiting = false;
            } else if (type.equals("EFFECT_WAITING") && ofEffect) {
                waiting = true;
            } else if (type.equals("EFFECT_ENDED") && ofEffect && waiting) {
                inFlight = false;
            } else if (type.equals("WRITE") && event.path("details").path("source").asText().equals(effectId)) {
                inFlight = false;
            }
        }
        return inFlight;
    }

    /** A momentary push of the reset button at the pod, long enough for the 20 ms debounce. */
    public void pushLocalReset() {
        plant.setLocalResetPressed(true);
        await().pollDelay(Duration.ofMillis(150)).atMost(Duration.ofSeconds(1)).until(() -> true);
        plant.setLocalResetPressed(false);
    }

    /** The electrical level the controller drives on rack {@code n}'s contactor (1-based). */
    public boolean rackPowered(int n) {
        return gpio.outputLevel(RACK_PINS[n - 1]);
    }

    /** Whether every rack contactor is energized. */
    public boolean allRacksPowered() {
        for (int n = 1; n <= 4; n++) {
            if (!rackPowered(n)) {
                return false;
            }
        }
        return true;
    }

    /** Whether every rack contactor is de-energized. */
    public boolean noRackPowered() {
        for (int n = 1; n <= 4; n++) {
            if (rackPowered(n)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Publishes a command as {@code identity} and returns its reply (waiting for the one with its id).
     *
     * @param args JSON object text, or null for none
     */
    JsonNode command(String name, String identity, String args) {
        String id = "t-" + UUID.randomUUID();
        Instant now = Instant.now();
        String payload = "{\"id\":\"" + id + "\",\"issuedAt\":\"" + now + "\",\"expiresAt\":\"" + now.plusSeconds(4)
                + "\"" + (args == null ? "" : ",\"args\":" + args) + "}";
        mqtt.publish(ROOT + "/cmd/" + name + "/" + identity, payload, 1, false);
        TestMqttClient.Received reply = mqtt.await(ROOT + "/replies", p -> p.contains("\"id\":\"" + id + "\""),
                Duration.ofSeconds(5));
        return json(reply.payload());
    }

    /** Publishes a raw command payload (any bytes) and returns the reply that names {@code id}, or the first. */
    JsonNode rawCommand(String name, String identity, String payload, boolean retained, String id) {
        long before = mqtt.messages(ROOT + "/replies").size();
        mqtt.publish(ROOT + "/cmd/" + name + "/" + identity, payload, 1, retained);
        TestMqttClient.Received reply = id != null
                ? mqtt.await(ROOT + "/replies", p -> p.contains("\"id\":\"" + id + "\""), Duration.ofSeconds(5))
                : awaitNthReply(before);
        return json(reply.payload());
    }

    private TestMqttClient.Received awaitNthReply(long index) {
        await("a reply").atMost(Duration.ofSeconds(5)).until(() -> mqtt.messages(ROOT + "/replies").size() > index);
        return mqtt.messages(ROOT + "/replies").get((int) index);
    }

    /** A command envelope with the given id, valid from now for {@code validity}. */
    static String envelope(String id, Instant issuedAt, Duration validity, String args) {
        return "{\"id\":\"" + id + "\",\"issuedAt\":\"" + issuedAt + "\",\"expiresAt\":\""
                + issuedAt.plus(validity) + "\"" + (args == null ? "" : ",\"args\":" + args) + "}";
    }

    /** The latest retained-topic payload received on {@code topic}, parsed. */
    JsonNode latest(String topic) {
        List<String> payloads = mqtt.payloads(topic);
        if (payloads.isEmpty()) {
            throw new AssertionError("nothing received on " + topic);
        }
        return json(payloads.get(payloads.size() - 1));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    @Override
    public void close() {
        if (runtime != null) {
            runtime.close();
        }
        plant.close();
        gpio.close();
        if (mqtt != null) {
            mqtt.close();
        }
    }
}
