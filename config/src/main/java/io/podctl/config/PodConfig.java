package io.podctl.config;

import io.podctl.config.schema.Doc;
import io.podctl.config.schema.Required;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole configuration of one pod, as loaded from its YAML file and validated completely
 * ({@link ConfigLoader}). Immutable.
 *
 * <p>Records in this package are built only from documents that passed validation, so their compact
 * constructors merely fill in defaults and freeze lists; range and cross-field rules live in the validator,
 * which reports every problem with its file, line and column instead of stopping at the first.
 *
 * @param pod            identity of the pod
 * @param loop           control loop timing
 * @param mqtt           broker connection and topic root
 * @param buses          Modbus TCP connections and RTU lines
 * @param devices        Modbus devices on those buses, with their points (profiles already expanded)
 * @param gpio           GPIO inputs and outputs
 * @param safety         pod-wide safety settings
 * @param protections    limits and trips
 * @param authorization  which MQTT identities may issue which command class
 * @param persistence    where state is kept across restarts
 * @param logging        where logs go
 * @param votingGroups   redundant sensors voted 1oo2 or 2oo3
 * @param effects        declared effects
 * @param permissives    start conditions
 * @param loadShedding   load shedding, or null
 * @param setpoints      writable device points
 * @param console        the operator console's web server (off by default for {@code podctl run})
 * @param metrics        the Prometheus and health endpoint, or null when off
 */
@Doc("podctl configuration of one pod.")
public record PodConfig(
        @Doc("Identity of the pod.") @Required PodIdentity pod,
        @Doc("Control loop timing.") LoopConfig loop,
        @Doc("Broker connection and topic root.") MqttConfig mqtt,
        @Doc("Modbus TCP connections and RTU lines.") List<BusConfig> buses,
        @Doc("Modbus devices on those buses and their points.") List<DeviceConfig> devices,
        @Doc("GPIO inputs and outputs.") GpioConfig gpio,
        @Doc("Pod-wide safety settings.") SafetyConfig safety,
        @Doc("Alarms and trips.") List<ProtectionConfig> protections,
        @Doc("Which MQTT identities may issue which command class; missing means deny-all.")
        AuthorizationConfig authorization,
        @Doc("Where state is kept across restarts.") PersistenceConfig persistence,
        @Doc("Where logs go.") LoggingConfig logging,
        @Doc("Redundant sensors voted 1oo2 or 2oo3.") List<VotingGroupConfig> votingGroups,
        @Doc("Declared effects, the columns of the cause-and-effect matrix.") List<EffectConfig> effects,
        @Doc("Start conditions of outputs and write effects.") List<PermissiveConfig> permissives,
        @Doc("Load shedding by rack priority (optional).") LoadSheddingConfig loadShedding,
        @Doc("Device points the setpoint command may write, with their engineering bounds.")
        List<SetpointConfig> setpoints,
        @Doc("The operator console in the browser (off by default for podctl run).") ConsoleConfig console,
        @Doc("Prometheus metrics and health probes over HTTP (optional; off without this section).")
        MetricsConfig metrics) {

    /** The shape before the metrics endpoint: no metrics. */
    public PodConfig(PodIdentity pod, LoopConfig loop, MqttConfig mqtt, List<BusConfig> buses,
                     List<DeviceConfig> devices, GpioConfig gpio, SafetyConfig safety,
                     List<ProtectionConfig> protections, AuthorizationConfig authorization,
                     PersistenceConfig persistence, LoggingConfig logging, List<VotingGroupConfig> votingGroups,
                     List<EffectConfig> effects, List<PermissiveConfig> permissives,
                     LoadSheddingConfig loadShedding, List<SetpointConfig> setpoints, ConsoleConfig console) {
        this(pod, loop, mqtt, buses, devices, gpio, safety, protections, authorization, persistence, logging,
                votingGroups, effects, permissives, loadShedding, setpoints, console, null);
    }

    /** The shape before voting, effects, permissives, load shedding and setpoints. */
    public PodConfig(PodIdentity pod, LoopConfig loop, MqttConfig mqtt, List<BusConfig> buses,
                     List<DeviceConfig> devices, GpioConfig gpio, SafetyConfig safety,
                     List<ProtectionConfig> protections, AuthorizationConfig authorization,
                     PersistenceConfig persistence, LoggingConfig logging) {
        this(pod, loop, mqtt, buses, devices, gpio, safety, protections, authorization, persistence, logging, null,
                null, null, null, null, null, null);
    }

    /** The shape before the console section: the console off. */
    public PodConfig(PodIdentity pod, LoopConfig loop, MqttConfig mqtt, List<BusConfig> buses,
                     List<DeviceConfig> devices, GpioConfig gpio, SafetyConfig safety,
                     List<ProtectionConfig> protections, AuthorizationConfig authorization,
                     PersistenceConfig persistence, LoggingConfig logging, List<VotingGroupConfig> votingGroups,
                     List<EffectConfig> effects, List<PermissiveConfig> permissives, LoadSheddingConfig loadShedding,
                     List<SetpointConfig> setpoints) {
        this(pod, loop, mqtt, buses, devices, gpio, safety, protections, authorization, persistence, logging,
                votingGroups, effects, permissives, loadShedding, setpoints, null, null);
    }

    public PodConfig {
        Objects.requireNonNull(pod, "pod");
        loop = loop != null ? loop : LoopConfig.DEFAULT;
        mqtt = mqtt != null ? mqtt : MqttConfig.defaults();
        buses = buses != null ? List.copyOf(buses) : List.of();
        devices = devices != null ? List.copyOf(devices) : List.of();
        gpio = gpio != null ? gpio : new GpioConfig(null, null, null);
        safety = safety != null ? safety : new SafetyConfig(null, null);
        protections = protections != null ? List.copyOf(protections) : List.of();
        authorization = authorization != null ? authorization : AuthorizationConfig.DENY_ALL;
        persistence = persistence != null ? persistence : new PersistenceConfig(null);
        logging = logging != null ? logging : new LoggingConfig(null, null);
        votingGroups = votingGroups != null ? List.copyOf(votingGroups) : List.of();
        effects = effects != null ? List.copyOf(effects) : List.of();
        permissives = permissives != null ? List.copyOf(permissives) : List.of();
        setpoints = setpoints != null ? List.copyOf(setpoints) : List.of();
        console = console != null ? console : ConsoleConfig.defaults();
    }

    /** A copy with another MQTT section, every other section unchanged. */
    public PodConfig withMqtt(MqttConfig newMqtt) {
        return new PodConfig(pod, loop, newMqtt, buses, devices, gpio, safety, protections, authorization, persistence,
                logging, votingGroups, effects, permissives, loadShedding, setpoints, console, metrics);
    }

    /** A copy with another safety section and load shedding, every other section unchanged. */
    public PodConfig withSafety(SafetyConfig newSafety, LoadSheddingConfig newLoadShedding) {
        return new PodConfig(pod, loop, mqtt, buses, devices, gpio, newSafety, protections, authorization,
                persistence, logging, votingGroups, effects, permissives, newLoadShedding, setpoints, console, metrics);
    }

    /** A copy with another metrics section (null: off), every other section unchanged. */
    public PodConfig withMetrics(MetricsConfig newMetrics) {
        return new PodConfig(pod, loop, mqtt, buses, devices, gpio, safety, protections, authorization, persistence,
                logging, votingGroups, effects, permissives, loadShedding, setpoints, console, newMetrics);
    }

    /** The bus with this id. */
    public Optional<BusConfig> bus(String id) {
        return buses.stream().filter(b -> b.id().equals(id)).findFirst();
    }

    /** The device with this id. */
    public Optional<DeviceConfig> device(String id) {
        return devices.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /**
     * The MQTT topic root with placeholders resolved: {@code {site}} and {@code {pod}} are replaced by the
     * pod identity.
     */
    public String topicRoot() {
        return mqtt.topicRoot().replace("{site}", pod.site()).replace("{pod}", pod.id());
    }
}
