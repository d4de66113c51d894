package io.podctl.controller.scenario;

import io.podctl.hal.sim.SimPodSettings;

/**
 * What a scenario does to the simulated plant and sees of its output pins, whether the plant runs in this process
 * ({@link LocalPlantControl}) or in another one, reached over its control channel ({@link RemotePlantControl}).
 *
 * <p>Actions are plant commands, one line of text each, in the plant's own terms (racks, BCM pins, register
 * addresses): the same lines the control channel carries (docs/scenarios.md lists them).
 *
 * <p>Threading: {@link #act} from the runner's thread; {@link #outputLevel} from any thread, never blocking.
 */
interface PlantControl extends AutoCloseable {

    /**
     * Carries out one plant command.
     *
     * @throws IllegalArgumentException when the plant refuses it (the message says why)
     */
    void act(String command);

    /** The electrical level of output {@code bcmPin} on the plant's side of the wiring now. */
    boolean outputLevel(int bcmPin);

    /** The plant's GPIO wiring. */
    SimPodSettings.Pins pins();

    /** The plant's physics speed relative to real time. */
    double timeScale();

    @Override
    void close();
}
