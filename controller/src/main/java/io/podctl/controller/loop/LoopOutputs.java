package io.podctl.controller.loop;

import io.podctl.controller.outputs.ActuatorPort;
import io.podctl.controller.outputs.OutputBank;
import io.podctl.controller.outputs.OutputFeedback;
import io.podctl.controller.outputs.OutputSupervisor;
import io.podctl.hal.watchdog.Watchdog;
import java.util.List;

/**
 * What the {@link ControlLoop} drives: the output pins, the supervisor and the watchdog it feeds every cycle,
 * and the device writes (effects, setpoints) it hands to the pollers.
 *
 * @param outputs    the energize-to-run pins, set from the engine's demand every cycle
 * @param supervisor forces the outputs safe when the loop stops feeding it
 * @param watchdog   the hardware watchdog, fed once per cycle after the outputs
 * @param actuators  where device writes go (queued, verified by read-back on the poller's thread)
 * @param setpoints  the setpoints the {@code setpoint} command may write, with their bounds
 * @param feedback   the outputs whose feedback input is compared with their command every cycle
 */
public record LoopOutputs(OutputBank outputs, OutputSupervisor supervisor, Watchdog watchdog, ActuatorPort actuators,
                          List<SetpointBounds> setpoints, OutputFeedback feedback) {
    public LoopOutputs {
        setpoints = List.copyOf(setpoints);
    }

    /** Pins only: no device writes, no setpoints, no feedback inputs. */
    public LoopOutputs(OutputBank outputs, OutputSupervisor supervisor, Watchdog watchdog) {
        this(outputs, supervisor, watchdog, ActuatorPort.NONE, List.of(), OutputFeedback.NONE);
    }
}
