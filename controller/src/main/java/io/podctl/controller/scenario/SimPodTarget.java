package io.podctl.controller.scenario;

import io.podctl.config.PodConfig;
import io.podctl.controller.bootstrap.PodRuntime;
import io.podctl.controller.bootstrap.SimHardware;
import io.podctl.hal.sim.MockGpioPlatform;
import io.podctl.hal.sim.SimPodSettings;
import io.podctl.hal.sim.SimulatedPod;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh simulated pod for one scenario: the plant (Modbus TCP devices on 127.0.0.1, GPIO through Pi4J's mock
 * provider), the production controller ({@link PodRuntime}) against it with a fresh state directory, a broker
 * (Mosquitto started for the run, unless one is given) and the observer.
 *
 * <p>Threading: start and close from the runner's thread.
 */
final class SimPodTarget implements ScenarioTarget {
    private final PodConfig config;
    private final SimulatedPod plant;
    private final MockGpioPlatform gpio;
    private final ShiftedClock clock = new ShiftedClock();
    private final ScenarioBroker broker;
    private final PodRuntime runtime;
    private final Observer observer;
    private final PlantControl control;
    private final List<AutoCloseable> resources = new ArrayList<>();

    private SimPodTarget(ScenarioLoader.Loaded loaded, String brokerOverride) throws IOException {
        this.config = loaded.pod();
        try {
            broker = brokerOverride == null ? ScenarioBroker.start() : null;
            if (broker != null) {
                resources.add(0, broker);
            }
            String uri = brokerOverride != null ? brokerOverride : broker.uri();
            gpio = MockGpioPlatform.create();
            resources.add(0, gpio);
            plant = SimulatedPod.start(SimHardware.plantSettings(SimPodSettings.defaults(), config), gpio, clock);
            resources.add(0, plant);
            plant.startRealtime(Duration.ofMillis(50), loaded.scenario().timeScale());
            control = new LocalPlantControl(plant, gpio, loaded.scenario().timeScale());
            SimHardware hardware = new SimHardware(plant, gpio);
            resources.add(0, hardware);
            PodRuntime.Options options = new PodRuntime.Options(List.of(uri), loaded.podHash(),
                    Files.createTempDirectory("podctl-scenario-state"), "-scenario");
            runtime = PodRuntime.start(config.withMetrics(null), hardware, clock, options);
            resources.add(0, runtime);
            observer = new Observer(uri, runtime.topicRoot(), gpio::outputLevel, ScenarioTarget.outputPins(config));
            resources.add(0, observer);
        } catch (RuntimeException | IOException e) {
            close();
            throw e;
        }
    }

    /** Starts everything; on failure whatever started is closed again. */
    static SimPodTarget start(ScenarioLoader.Loaded loaded, String brokerOverride) throws IOException {
        return new SimPodTarget(loaded, brokerOverride);
    }

    @Override
    public PodConfig config() {
        return config;
    }

    @Override
    public PlantControl plant() {
        return control;
    }

    @Override
    public Observer observer() {
        return observer;
    }

    @Override
    public ShiftedClock clock() {
        return clock;
    }

    @Override
    public ScenarioBroker broker() {
        return broker;
    }

    @Override
    public boolean freshPod() {
        return true;
    }

    @Override
    public void close() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                // closing the rest matters more than one that would not close
            }
        }
        resources.clear();
    }
}
