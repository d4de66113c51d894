package io.podctl.hal.sim;

import io.podctl.hal.Clock;
import io.podctl.hal.gpio.DigitalIn;
import io.podctl.hal.gpio.DigitalOut;
import io.podctl.hal.gpio.InputPinSpec;
import io.podctl.hal.gpio.OutputPinSpec;
import io.podctl.hal.gpio.Pull;

import java.util.ArrayList;
import java.util.List;

/**
 * A simulated pod plus the controller's side of its GPIO, provisioned as a controller would: leak, E-stop
 * and reset inputs, contactor and beacon outputs.
 */
final class PodFixture implements AutoCloseable {
    final MockGpioPlatform gpio = MockGpioPlatform.create();
    final SimulatedPod pod;
    final List<DigitalOut> contactors = new ArrayList<>();
    final List<DigitalIn> leaks = new ArrayList<>();
    final DigitalIn estop;
    final DigitalIn reset;
    final DigitalOut beacon;

    PodFixture(SimPodSettings settings, Clock clock) {
        pod = SimulatedPod.start(settings, gpio, clock);
        SimPodSettings.Pins pins = settings.pins();
        for (int r = 1; r <= settings.rackCount(); r++) {
            contactors.add(gpio.output(new OutputPinSpec("rack" + r + ".contactor", pins.contactorPin(r), false)));
            leaks.add(gpio.input(new InputPinSpec("rack" + r + ".leak", pins.leakPin(r), Pull.UP)));
        }
        estop = gpio.input(new InputPinSpec("estop", pins.estopPin(), Pull.UP));
        reset = gpio.input(new InputPinSpec("reset", pins.localResetPin(), Pull.DOWN));
        beacon = gpio.output(new OutputPinSpec("beacon", pins.beaconPin(), false));
    }

    PodFixture(Clock clock) {
        this(SimPodSettings.defaults(), clock);
    }

    void energizeAllRacks() {
        contactors.forEach(c -> c.setEnergized(true));
    }

    DigitalOut contactor(int rack) {
        return contactors.get(rack - 1);
    }

    DigitalIn leak(int rack) {
        return leaks.get(rack - 1);
    }

    @Override
    public void close() {
        pod.close();
        gpio.close();
    }
}
