package io.podctl.hal.sim.internal;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import io.podctl.hal.gpio.InputPinSpec;
import io.podctl.hal.gpio.OutputPinSpec;
import io.podctl.hal.gpio.Pull;
import io.podctl.hal.gpio.internal.Pi4jDigitalOut;
import io.podctl.hal.gpio.internal.Pi4jGpioPlatform;
import io.podctl.hal.sim.MockGpioPlatform;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link MockGpioPlatform} over Pi4J's mock digital providers. Inputs are driven with
 * {@link MockDigitalInput#mockState}, which also fires Pi4J listeners as a real edge would; outputs are
 * read from the Pi4J output's state.
 *
 * <p>Threading: the pin tables are guarded by the platform's provisioning lock, so a level set before the
 * controller provisions a pin is applied atomically with the provisioning.
 */
public final class Pi4jMockGpioPlatform extends Pi4jGpioPlatform implements MockGpioPlatform {
    private final Map<Integer, Boolean> requestedInputLevels = new HashMap<>();
    private final Map<Integer, MockDigitalInput> inputs = new HashMap<>();
    private final Map<Integer, Pi4jDigitalOut> outputs = new HashMap<>();

    public Pi4jMockGpioPlatform() {
        super("pi4j mock", MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance());
    }

    @Override
    public void setInputLevel(int bcmPin, boolean high) {
        synchronized (lock()) {
            requestedInputLevels.put(bcmPin, high);
            MockDigitalInput in = inputs.get(bcmPin);
            if (in != null) {
                drive(in, high);
            }
        }
    }

    @Override
    public boolean outputLevel(int bcmPin) {
        Pi4jDigitalOut out;
        synchronized (lock()) {
            out = outputs.get(bcmPin);
        }
        return out != null && out.electricalLevelHigh();
    }

    @Override
    public void forceOutputsDeEnergized() {
        synchronized (lock()) {
            outputs.values().forEach(Pi4jDigitalOut::forceDeEnergizedLevel);
        }
    }

    @Override
    protected void onInputProvisioned(InputPinSpec spec, DigitalInput line) {
        MockDigitalInput in = (MockDigitalInput) line;
        inputs.put(spec.pin(), in);
        // With nothing driving it, a pin sits at its bias level.
        boolean level = requestedInputLevels.getOrDefault(spec.pin(), spec.pull() == Pull.UP);
        drive(in, level);
    }

    @Override
    protected void onOutputProvisioned(OutputPinSpec spec, Pi4jDigitalOut handle) {
        outputs.put(spec.pin(), handle);
    }

    @Override
    protected void onReleased(int pin) {
        inputs.remove(pin);
        outputs.remove(pin);
    }

    private static void drive(MockDigitalInput in, boolean high) {
        synchronized (in) {
            in.mockState(high ? DigitalState.HIGH : DigitalState.LOW);
        }
    }
}
