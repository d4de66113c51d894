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
 * Load shedding: when the pod draws more than it may — the site feed budget, or what the cooling can remove
 * now — racks are shed in priority order after a delay and restored one at a time once the power, with the
 * restored rack's expected draw, stays below the budget by the hysteresis.
 *
 * @param powerPoint     total pod power point, W
 * @param budgetW        what the site feed allows, W
 * @param cooling        what the cooling can remove now, or null to ignore cooling
 * @param hysteresisW    a rack is restored only if the predicted power stays this far below the budget, W
 * @param shedDelay      power above budget this long sheds the next rack (default 5 s)
 * @param restoreDelay   room for the next rack this long restores it (default 30 s)
 * @param racks          sheddable racks, first shed first
 */
@Doc("Load shedding by rack priority.")
public record LoadSheddingConfig(
        @Doc("Total pod power point, W.") @Required @Identifier(IdKind.REF) String powerPoint,
        @Doc("What the site feed allows, W.") @Required @Range(min = 0) Double budgetW,
        @Doc("What the cooling can remove now (optional).") Cooling cooling,
        @Doc("Restore only if the predicted power stays this far below the budget, W (default 5% of budget).")
        @Range(min = 0) Double hysteresisW,
        @Doc("Power above the budget this long sheds the next rack (default 5s).")
        @DurationRange(positive = true, max = "1h") Duration shedDelay,
        @Doc("Room for the next rack this long restores it (default 30s).")
        @DurationRange(positive = true, max = "1h") Duration restoreDelay,
        @Doc("Sheddable racks, shed first listed first.") @Required List<Rack> racks) {

    /** A copy with another restore delay. */
    public LoadSheddingConfig withRestoreDelay(Duration delay) {
        return new LoadSheddingConfig(powerPoint, budgetW, cooling, hysteresisW, shedDelay, delay, racks);
    }

    public LoadSheddingConfig {
        hysteresisW = hysteresisW != null ? hysteresisW : (budgetW != null ? budgetW * 0.05 : 0.0);
        shedDelay = shedDelay != null ? shedDelay : Duration.ofSeconds(5);
        restoreDelay = restoreDelay != null ? restoreDelay : Duration.ofSeconds(30);
        racks = racks != null ? List.copyOf(racks) : List.of();
    }

    /**
     * A sheddable rack.
     *
     * @param output     the rack's power output
     * @param powerPoint the rack's power point, W (remembered at shedding to predict its return)
     */
    @Doc("A sheddable rack.")
    public record Rack(@Doc("The rack's power output.") @Required @Identifier(IdKind.REF) String output,
                       @Doc("The rack's power point, W.") @Required @Identifier(IdKind.REF) String powerPoint) {
    }

    /**
     * Heat the cooling can remove now: flow × c_p × the largest allowed temperature rise.
     *
     * @param flowPoint  secondary coolant flow, L/min
     * @param maxDeltaT  the largest allowed rise across the racks, K
     */
    @Doc("Cooling capacity from coolant flow.")
    public record Cooling(@Doc("Secondary coolant flow point, L/min.") @Required
                          @Identifier(IdKind.REF) String flowPoint,
                          @Doc("Largest allowed temperature rise across the racks, K (typical 8-12).")
                          @Required @Range(min = 1, max = 40) Double maxDeltaT) {
    }
}
