package io.podctl.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;

/**
 * GPIO pins of the controller board (BCM numbering).
 *
 * @param inputs  digital inputs; each is a point with the input's id
 * @param outputs energize-to-run outputs
 */
public record GpioConfig(List<Input> inputs, List<Output> outputs) {
    public GpioConfig {
        inputs = inputs != null ? List.copyOf(inputs) : List.of();
        outputs = outputs != null ? List.copyOf(outputs) : List.of();
    }

    /** Bias resistor. */
    public enum Pull {
        @JsonProperty("none") NONE,
        @JsonProperty("up") UP,
        @JsonProperty("down") DOWN
    }

    /**
     * A digital input; its point value is 1 when the input is <em>active</em> (leak present, E-stop
     * pressed), 0 otherwise.
     *
     * @param id          point id, e.g. {@code leak.rack1}
     * @param description free text
     * @param pin         BCM pin number
     * @param pull        bias resistor (default up)
     * @param activeLow   true when a low level means active (default true: contact to ground)
     * @param debounce    a new level must hold this long before it is accepted (default 20 ms)
     */
    public record Input(String id, String description, Integer pin, Pull pull, Boolean activeLow,
                        Duration debounce) {
        public Input {
            description = description != null ? description : "";
            pull = pull != null ? pull : Pull.UP;
            activeLow = activeLow != null ? activeLow : Boolean.TRUE;
            debounce = debounce != null ? debounce : Duration.ofMillis(20);
        }
    }

    /**
     * An energize-to-run output. Its safe state is de-energized, always: at start-up, on a trip, on
     * shutdown, and when the process or the board dies.
     *
     * @param id          output id, e.g. {@code rack1.power}
     * @param description free text
     * @param pin         BCM pin number
     * @param activeLow   true when a low level energizes the load (default false)
     */
    public record Output(String id, String description, Integer pin, Boolean activeLow) {
        public Output {
            description = description != null ? description : "";
            activeLow = activeLow != null ? activeLow : Boolean.FALSE;
        }
    }
}
