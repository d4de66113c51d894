package io.podctl.controller.safety;

import java.util.Objects;

/**
 * A start condition, compiled: what it requires of a point and what it gates. Immutable.
 *
 * @param id             permissive id
 * @param description    for people
 * @param pointId        the proven point (or voting group)
 * @param pointIndex     its board index, or -1 for a group
 * @param groupIndex     the group's index, or -1
 * @param min            lowest allowed value, NaN for none
 * @param max            highest allowed value, NaN for none
 * @param active         for digital points: required value (1 or 0), or -1 for analog
 * @param provenForNanos how long it must hold
 * @param gatedOutputs   outputs that may only be energized while it holds
 * @param gatedEffects   write effects that may only be executed while it holds
 */
public record PermissiveSpec(String id, String description, String pointId, int pointIndex, int groupIndex,
                             double min, double max, int active, long provenForNanos, int[] gatedOutputs,
                             int[] gatedEffects) {
    public PermissiveSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(pointId, "pointId");
        gatedOutputs = gatedOutputs.clone();
        gatedEffects = gatedEffects.clone();
    }

    @Override
    public int[] gatedOutputs() {
        return gatedOutputs.clone();
    }

    @Override
    public int[] gatedEffects() {
        return gatedEffects.clone();
    }

    /** Whether output {@code o} may only be energized while this permissive holds. */
    boolean gatesOutput(int o) {
        return ProtectionSpec.contains(gatedOutputs, o);
    }

    /** Whether write effect {@code e} may only be executed while this permissive holds. */
    boolean gatesEffect(int e) {
        return ProtectionSpec.contains(gatedEffects, e);
    }

    /** Whether {@code value} (a GOOD sample) satisfies the condition. */
    public boolean satisfiedBy(double value) {
        if (active >= 0) {
            return (value >= 0.5) == (active == 1);
        }
        return (Double.isNaN(min) || value >= min) && (Double.isNaN(max) || value <= max);
    }
}
