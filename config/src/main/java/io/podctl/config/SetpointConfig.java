package io.podctl.config;

import io.podctl.config.schema.Doc;
import io.podctl.config.schema.Identifier;
import io.podctl.config.schema.IdKind;
import io.podctl.config.schema.Required;

/**
 * A device point the {@code setpoint} command may write, and the engineering bounds it must respect: a value
 * outside them is refused (OUT_OF_RANGE), never clamped.
 *
 * @param point       writable point (holding register), {@code {device}.{point}}
 * @param min         lowest value allowed
 * @param max         highest value allowed
 * @param description free text
 */
@Doc("A writable setpoint and its engineering bounds.")
public record SetpointConfig(@Doc("Writable point: {device}.{point}.") @Required @Identifier(IdKind.REF) String point,
                             @Doc("Lowest value a command may write.") @Required Double min,
                             @Doc("Highest value a command may write.") @Required Double max,
                             @Doc("Free text.") String description) {
    public SetpointConfig {
        description = description != null ? description : "";
    }
}
