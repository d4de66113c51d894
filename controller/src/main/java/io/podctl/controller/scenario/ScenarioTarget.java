package io.podctl.controller.scenario;

import io.podctl.config.GpioConfig;
import io.podctl.config.PodConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one scenario runs against: a pod file, a plant to act on, an observer of what the pod shows, and — when the
 * run owns them — the pod's wall clock and the broker.
 *
 * <p>Threading: the runner's thread.
 */
interface ScenarioTarget extends AutoCloseable {

    /** The pod file the controller runs (ids of devices, points, inputs and outputs). */
    PodConfig config();

    /** The plant. */
    PlantControl plant();

    /** MQTT and output pins as an outsider sees them. */
    Observer observer();

    /** The pod's wall clock, or null when it is not this run's to step. */
    ShiftedClock clock();

    /** The broker this run started, or null. */
    ScenarioBroker broker();

    /** Whether the controller was started for this scenario (a fresh pod), rather than already running. */
    boolean freshPod();

    @Override
    void close();

    /** Output ids to their BCM pins, from the pod file. */
    static Map<String, Integer> outputPins(PodConfig config) {
        Map<String, Integer> pins = new LinkedHashMap<>();
        if (config.gpio() != null) {
            for (GpioConfig.Output o : config.gpio().outputs()) {
                pins.put(o.id(), o.pin());
            }
        }
        return pins;
    }
}
