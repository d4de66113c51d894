package io.podctl.controller.state;

import java.util.Objects;

/**
 * One thing that limits the power the pod can carry now, as the workload scheduler sees it on
 * {@code {root}/derate}. Immutable.
 *
 * @param source      what limits it: {@link #SITE_BUDGET}, {@link #COOLING}, or the id of an acting derate effect
 * @param kind        which of these it is
 * @param description why, for people (the effect's description, or how the figure is made)
 * @param limitW      the power it allows now, W; NaN when its figure is unknown (the data behind it is not GOOD)
 */
public record PowerLimit(String source, Kind kind, String description, double limitW) {
    /** The source name of the site feed's budget. */
    public static final String SITE_BUDGET = "site-budget";
    /** The source name of what the coolant can remove now. */
    public static final String COOLING = "cooling";

    /** What kind of limit it is. */
    public enum Kind {
        /** The site feed's budget ({@code loadShedding.budgetW}). */
        BUDGET,
        /** The heat the coolant loop removes at the flow measured now ({@code loadShedding.cooling}). */
        COOLING,
        /** A derate effect acting now ({@code effects[].derateKw}). */
        EFFECT
    }

    public PowerLimit {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
    }

    /** Whether the figure is known. */
    public boolean known() {
        return !Double.isNaN(limitW);
    }
}
