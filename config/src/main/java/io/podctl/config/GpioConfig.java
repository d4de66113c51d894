package io.podctl.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.podctl.config.schema.Doc;
import io.podctl.config.schema.Identifier;
import io.podctl.config.schema.IdKind;
import io.podctl.config.schema.DurationRange;
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
 * @param remote  where the pins are served over the network instead of the board's (a HIL rig's simulated
 *                plant, {@code podctl sim --plant-only}), or null for the board's own
 */
@Doc("GPIO pins of the controller board, BCM numbering.")
public record GpioConfig(
        @Doc("Digital inputs; each is a point with the input's id.") List<Input> inputs,
        @Doc("Energize-to-run outputs; de-energized is always the safe state.") List<Output> outputs,
        @Doc("The pins served over the network by a HIL rig's simulated plant (podctl sim --plant-only) instead"
                + " of the board's; unauthenticated, for a rig network only (docs/scenarios.md).") Remote remote) {
    public GpioConfig {
        inputs = inputs != null ? List.copyOf(inputs) : List.of();
        outputs = outputs != null ? List.copyOf(outputs) : List.of();
    }

    /**
     * The remote GPIO server of a simulated plant.
     *
     * @param host host name or address
     * @param port TCP port
     */
    @Doc("The remote GPIO server of a simulated plant.")
    public record Remote(
            @Doc("Host name or IP address.") @Required
            @Pattern(value = "\\S+", hint = "a host name or address", maxLength = 253) String host,
            @Doc("TCP port, 1..65535.") @Required @Range(min = 1, max = 65535) Integer port) {
    }

    /** Bias resistor. */
    public enum Pull {
        @JsonProperty("none") NONE,
        @JsonProperty("up") UP,
        @JsonProperty("down") DOWN
    }

    /**
     * How the field contact is wired. A <em>normally-closed</em> loop is supervised: the contact is closed while
     * all is well and opens when the input becomes active, so an open loop — the contact opening, a cut wire, a
     * loose terminal — reads as active and fails safe. A <em>normally-open</em> contact closes when active; a
     * broken wire is indistinguishable from "all well".
     */
    public enum Contact {
        @JsonProperty("normallyClosed") NORMALLY_CLOSED,
        @JsonProperty("normallyOpen") NORMALLY_OPEN;

        /**
         * The polarity of a contact biased by {@code pull}: the bias resistor sets the level of an open loop, so
         * a normally-closed input is active at the bias level (active low with a pull-down), a normally-open
         * one at the other level.
         *
         * @throws IllegalArgumentException for {@link Pull#NONE}, whose open-loop level the board cannot know
         */
        public boolean activeLowWith(Pull pull) {
            if (pull == Pull.NONE) {
                throw new IllegalArgumentException("without a bias resistor the open-loop level is unknown");
            }
            return (this == NORMALLY_CLOSED) == (pull == Pull.DOWN);
        }

        /** The contact a biased input with this polarity has (see {@link #activeLowWith}). */
        static Contact of(Pull pull, boolean activeLow) {
            return activeLow == (pull == Pull.DOWN) ? NORMALLY_CLOSED : NORMALLY_OPEN;
        }
    }

    /**
     * A digital input; its point value is 1 when the input is <em>active</em> (leak present, E-stop
     * pressed), 0 otherwise.
     *
     * <p>Polarity: give the {@code contact} (the default is a supervised normally-closed loop) and the
     * {@code pull}, and the active level follows; or give {@code activeLow} and the contact follows. With
     * {@code pull: none} the board cannot know what an open loop reads, so {@code activeLow} is required and the
     * contact is only what the file declares. The validator rejects a contact that contradicts the pull and
     * {@code activeLow}, and warns when a tripping protection watches an input that is not supervised.
     *
     * @param id          point id, e.g. {@code leak.rack1}
     * @param description free text
     * @param pin         BCM pin number
     * @param pull        bias resistor (default up)
     * @param contact     how the field contact is wired; null only with {@code pull: none} and no declaration
     * @param activeLow   true when a low level means active; null only with {@code pull: none} and no
     *                    declaration (a validation error)
     * @param debounce    a new level must hold this long before it is accepted (default 20 ms)
     */
    @Doc("A digital input; its point is 1 when active (leak present, E-stop pressed).")
    public record Input(
            @Doc("Point id, e.g. leak.rack1.") @Required
            @Identifier(IdKind.DOTTED) String id,
            @Doc("Free text for people.") String description,
            @Doc("BCM pin number, 0..27.") @Required @Range(min = 0, max = 27) Integer pin,
            @Doc("Bias resistor (default up); it sets what an open loop or a cut wire reads.") Pull pull,
            @Doc("How the field contact is wired (default normallyClosed: a supervised loop, so a cut wire reads "
                    + "active).") Contact contact,
            @Doc("True when a low level means active (default: from contact and pull; required with pull none).")
            Boolean activeLow,
            @Doc("A new level must hold this long before it is accepted, 0..1s (default 20ms).")
            @DurationRange(max = "1s") Duration debounce) {
        public Input {
            description = description != null ? description : "";
            pull = pull != null ? pull : Pull.UP;
            if (pull != Pull.NONE) {
                if (activeLow == null) {
                    contact = contact != null ? contact : Contact.NORMALLY_CLOSED;
                    activeLow = contact.activeLowWith(pull);
                } else if (contact == null) {
                    contact = Contact.of(pull, activeLow);
                }
            }
            debounce = debounce != null ? debounce : Duration.ofMillis(20);
        }

        /**
         * Whether a broken wire reads as active, so that a protection on this input also trips on a cut wire.
         * False for a normally-open contact and for an unbiased input whose contact was not declared.
         */
        public boolean supervised() {
            return contact == Contact.NORMALLY_CLOSED;
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
     * @param feedback    id of a GPIO input that is active while the load is energized (e.g. the contactor's
     *                    auxiliary contact), or null when none is wired
     * @param followTime  how long the feedback may disagree with the command before an alarm (default 500 ms)
     */
    @Doc("An energize-to-run output, de-energized at start-up, on a trip, on shutdown and when podctl dies.")
    public record Output(
            @Doc("Output id, e.g. rack1.power.") @Required
            @Identifier(IdKind.DOTTED) String id,
            @Doc("Free text for people.") String description,
            @Doc("BCM pin number, 0..27.") @Required @Range(min = 0, max = 27) Integer pin,
            @Doc("True when a low level energizes the load (default false).") Boolean activeLow,
            @Doc("Id of a GPIO input that is active while the load is energized, e.g. the contactor's auxiliary "
                    + "contact: a load that does not follow its command (a welded or dead contactor) raises an "
                    + "alarm.") @Identifier(IdKind.REF) String feedback,
            @Doc("How long the feedback may disagree with the command before the alarm, 0..10s (default 500ms).")
            @DurationRange(max = "10s") Duration followTime) {
        public Output {
            description = description != null ? description : "";
            activeLow = activeLow != null ? activeLow : Boolean.FALSE;
            followTime = followTime != null ? followTime : Duration.ofMillis(500);
        }
    }
}
