package io.podctl.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.podctl.config.schema.Doc;
import io.podctl.config.schema.DurationRange;
import io.podctl.config.schema.Names;
import io.podctl.config.schema.Pattern;
import io.podctl.config.schema.Range;
import io.podctl.config.schema.Required;
import java.time.Duration;
import java.util.List;

/**
 * GPIO pins of the controller board (BCM numbering).
 *
 * @param inputs  digital inputs; each is a point with the input's id
 * @param outputs energize-to-run outputs
 */
@Doc("GPIO pins of the controller board, BCM numbering.")
public record GpioConfig(
        @Doc("Digital inputs; each is a point with the input's id.") List<Input> inputs,
        @Doc("Energize-to-run outputs; de-energized is always the safe state.") List<Output> outputs) {
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
    @Doc("A digital input; its point is 1 when active (leak present, E-stop pressed).")
    public record Input(
            @Doc("Point id, e.g. leak.rack1.") @Required
            @Pattern(value = Names.DOTTED_ID, hint = Names.DOTTED_ID_HINT) String id,
            @Doc("Free text for people.") String description,
            @Doc("BCM pin number, 0..27.") @Required @Range(min = 0, max = 27) Integer pin,
            @Doc("Bias resistor (default up).") Pull pull,
            @Doc("True when a low level means active (default true: contact to ground).") Boolean activeLow,
            @Doc("A new level must hold this long before it is accepted, 0..1s (default 20ms).")
            @DurationRange(max = "1s") Duration debounce) {
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
    @Doc("An energize-to-run output, de-energized at start-up, on a trip, on shutdown and when podctl dies.")
    public record Output(
            @Doc("Output id, e.g. rack1.power.") @Required
            @Pattern(value = Names.DOTTED_ID, hint = Names.DOTTED_ID_HINT) String id,
            @Doc("Free text for people.") String description,
            @Doc("BCM pin number, 0..27.") @Required @Range(min = 0, max = 27) Integer pin,
            @Doc("True when a low level energizes the load (default false).") Boolean activeLow) {
        public Output {
            description = description != null ? description : "";
            activeLow = activeLow != null ? activeLow : Boolean.FALSE;
        }
    }
}
