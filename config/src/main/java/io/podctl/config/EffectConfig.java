package io.podctl.config;

import io.podctl.config.schema.Doc;
import io.podctl.config.schema.Identifier;
import io.podctl.config.schema.IdKind;
import io.podctl.config.schema.DurationRange;
import io.podctl.config.schema.Range;
import io.podctl.config.schema.Required;
import java.time.Duration;
import java.util.List;

/**
 * A declared effect, the column of the cause-and-effect matrix. Protections name it in {@code onAlarm} or
 * {@code onTrip}; it acts while any of its causes is active. Exactly one kind of action per effect.
 *
 * @param id          effect id
 * @param description for people (and the matrix)
 * @param deenergize  GPIO outputs held de-energized (racks, isolation valves: energize-to-run/open)
 * @param energize    GPIO outputs energized while the effect acts (a beacon or horn)
 * @param write       a Modbus write done once when the effect starts (start the standby pump, a safe setpoint)
 * @param derateKw    the power the pod can still carry while the effect acts, published to the workload
 *                    scheduler
 */
@Doc("A declared effect (a column of the cause-and-effect matrix).")
public record EffectConfig(
        @Doc("Effect id.") @Required
        @Identifier(IdKind.DOTTED) String id,
        @Doc("For people and the matrix.") String description,
        @Doc("GPIO outputs held de-energized while the effect acts.") @Identifier(IdKind.REF) List<String> deenergize,
        @Doc("GPIO outputs energized while the effect acts (beacon, horn).")
        @Identifier(IdKind.REF) List<String> energize,
        @Doc("A Modbus write done once when the effect starts, verified by read-back.") Write write,
        @Doc("The power the pod can still carry while the effect acts, kW (published as a derate request).")
        @Range(min = 0) Double derateKw) {

    public EffectConfig {
        description = description != null ? description : "";
        deenergize = deenergize != null ? List.copyOf(deenergize) : List.of();
        energize = energize != null ? List.copyOf(energize) : List.of();
    }

    /**
     * A write to a device point.
     *
     * @param point        a writable point (holding register or coil), {@code {device}.{point}}
     * @param value        engineering value to write
     * @param within       the device must read back the value (and {@code confirmPoint}, if given) within this
     *                     time, else the effect raises "command not followed" (default 5 s)
     * @param confirmPoint a point that confirms the action (e.g. the standby pump's running bit)
     * @param confirmValue the value {@code confirmPoint} must reach
     */
    @Doc("A verified write to a device point.")
    public record Write(
            @Doc("A writable point (holding register or coil): {device}.{point}.") @Required
            @Identifier(IdKind.REF) String point,
            @Doc("Engineering value to write.") @Required Double value,
            @Doc("Read-back deadline (default 5s): the N+1 changeover time for a standby pump.")
            @DurationRange(positive = true, max = "10min") Duration within,
            @Doc("A point that confirms the action, e.g. the standby pump's running bit.")
            @Identifier(IdKind.REF) String confirmPoint,
            @Doc("The value confirmPoint must reach.") Double confirmValue) {
        public Write {
            within = within != null ? within : Duration.ofSeconds(5);
        }
    }
}
