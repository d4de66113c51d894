package io.podctl.config;

import io.podctl.config.schema.Doc;
import io.podctl.config.schema.Identifier;
import io.podctl.config.schema.IdKind;
import io.podctl.config.schema.DurationRange;
import io.podctl.config.schema.Required;
import java.time.Duration;
import java.util.List;

/**
 * A start condition: the outputs and write effects it gates may start (be energized, be written) only while
 * its point is GOOD and within bounds, and has been for {@code provenFor}. Losing it later does not stop
 * what is running — protections do that — but nothing gated starts again until it is proven anew.
 *
 * @param id          permissive id
 * @param description free text
 * @param point       the point that must be proven
 * @param min         the point must be at or above this (e.g. coolant flow)
 * @param max         the point must be at or below this
 * @param active      for digital points: the value it must have
 * @param provenFor   how long the condition must hold before it permits (default 0)
 * @param gates       GPIO output ids and effect ids it gates
 */
@Doc("A start condition (permissive) for outputs and write effects.")
public record PermissiveConfig(
        @Doc("Permissive id.") @Required
        @Identifier(IdKind.DOTTED) String id,
        @Doc("Free text.") String description,
        @Doc("The point that must be proven.") @Required @Identifier(IdKind.REF) String point,
        @Doc("The point must be at or above this.") Double min,
        @Doc("The point must be at or below this.") Double max,
        @Doc("For digital points: the value it must have.") Boolean active,
        @Doc("How long the condition must hold before it permits (default 0s).") @DurationRange(max = "1h")
        Duration provenFor,
        @Doc("GPIO output ids and effect ids it gates.") @Required @Identifier(IdKind.REF) List<String> gates) {

    public PermissiveConfig {
        description = description != null ? description : "";
        provenFor = provenFor != null ? provenFor : Duration.ZERO;
        gates = gates != null ? List.copyOf(gates) : List.of();
    }
}
