package io.podctl.controller.scenario;

import io.podctl.config.PodConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * A controller that is already running elsewhere (another process, the board), against a plant served on its own
 * ({@code podctl sim --plant-only}): the scenario acts through the plant's control channel and observes the
 * controller's MQTT on the given broker and the output pins the plant reports. The plant is put back to its start
 * ({@code restore}) before the scenario and after it; the controller is not restarted, so what it latched before
 * is still latched (the runner's commissioning resets it with the reset button).
 *
 * <p>Threading: start and close from the runner's thread.
 */
final class RemoteTarget implements ScenarioTarget {
    private final PodConfig config;
    private final RemotePlantControl plant;
    private final Observer observer;

    private RemoteTarget(PodConfig config, RemotePlantControl plant, Observer observer) {
        this.config = config;
        this.plant = plant;
        this.observer = observer;
    }

    /**
     * Connects to the plant and the broker.
     *
     * @throws IOException              when the plant's control channel cannot be reached
     * @throws IllegalArgumentException when the plant's time scale is not the scenario's
     */
    static RemoteTarget connect(ScenarioLoader.Loaded loaded, InetSocketAddress plantAddress, String brokerUri)
            throws IOException {
        RemotePlantControl plant = RemotePlantControl.connect(plantAddress);
        try {
            if (plant.timeScale() != loaded.scenario().timeScale()) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "the plant at %s runs at time scale %s,"
                        + " the scenario at %s: start it with --time-scale %s", plantAddress, plant.timeScale(),
                        loaded.scenario().timeScale(), loaded.scenario().timeScale()));
            }
            plant.act("restore");
            PodConfig config = loaded.pod();
            Observer observer = new Observer(brokerUri, config.topicRoot(), plant::outputLevel,
                    ScenarioTarget.outputPins(config));
            return new RemoteTarget(config, plant, observer);
        } catch (RuntimeException e) {
            plant.close();
            throw e;
        }
    }

    @Override
    public PodConfig config() {
        return config;
    }

    @Override
    public PlantControl plant() {
        return plant;
    }

    @Override
    public Observer observer() {
        return observer;
    }

    /** The controller's wall clock is its host's: not this run's to step. */
    @Override
    public ShiftedClock clock() {
        return null;
    }

    @Override
    public ScenarioBroker broker() {
        return null;
    }

    @Override
    public boolean freshPod() {
        return false;
    }

    @Override
    public void close() {
        observer.close();
        try {
            plant.act("restore");
        } catch (RuntimeException e) {
            // the plant is gone: nothing left to put back
        }
        plant.close();
    }
}
