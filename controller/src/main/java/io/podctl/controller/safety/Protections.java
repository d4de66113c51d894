package io.podctl.controller.safety;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The protections of one engine in evaluation order, found by index (as every part keeps its state) or by id
 * (as commands name them). A reload that changes only levels, hysteresis, delays and descriptions replaces
 * the specs in place, so every part sees the new values from the next evaluation. Not thread-safe; loop thread.
 */
final class Protections {
    private final ProtectionSpec[] specs;
    private final Map<String, Integer> index = new HashMap<>();

    /**
     * @param outputCount number of outputs, to check the outputs the protections de-energize
     * @throws IllegalArgumentException for a duplicate id or an output index out of range
     */
    Protections(List<ProtectionSpec> protections, int outputCount) {
        this.specs = protections.toArray(ProtectionSpec[]::new);
        for (int i = 0; i < specs.length; i++) {
            ProtectionSpec s = specs[i];
            if (index.put(s.id(), i) != null) {
                throw new IllegalArgumentException("duplicate protection " + s.id());
            }
            for (int o : s.outputIndexes()) {
                checkOutput(s.id(), o, outputCount);
            }
        }
    }

    /** Refuses an output index {@code who} names that is not one of the {@code outputCount} outputs. */
    static void checkOutput(String who, int o, int outputCount) {
        if (o < 0 || o >= outputCount) {
            throw new IllegalArgumentException(who + ": output index " + o + " out of range");
        }
    }

    int count() {
        return specs.length;
    }

    ProtectionSpec get(int i) {
        return specs[i];
    }

    String id(int i) {
        return specs[i].id();
    }

    /** The index of protection {@code id}, or -1. */
    int indexOf(String id) {
        Integer i = index.get(id);
        return i == null ? -1 : i;
    }

    /**
     * Why {@code next} cannot replace these protections live (empty when it can): it must list the same
     * protections in the same order, changed only in levels, hysteresis, delays, inhibits and descriptions.
     */
    String levelChangeRefusal(List<ProtectionSpec> next) {
        if (next.size() != specs.length) {
            return "protections were added or removed";
        }
        for (int i = 0; i < specs.length; i++) {
            ProtectionSpec a = specs[i];
            ProtectionSpec b = next.get(i);
            if (!a.id().equals(b.id()) || a.kind() != b.kind() || a.pointIndex() != b.pointIndex()
                    || a.groupIndex() != b.groupIndex() || a.onBadData() != b.onBadData()
                    || a.localResetOnly() != b.localResetOnly() || a.bypassable() != b.bypassable()
                    || !Arrays.equals(a.outputIndexes(), b.outputIndexes())
                    || !Arrays.equals(a.onAlarmEffects(), b.onAlarmEffects())
                    || !Arrays.equals(a.onTripEffects(), b.onTripEffects())
                    || a.activeSeverity() != b.activeSeverity() || a.setpointIndex() != b.setpointIndex()
                    || a.rateWindowNanos() != b.rateWindowNanos()) {
                return "protection " + a.id() + " changed beyond its levels, hysteresis and delays";
            }
        }
        return "";
    }

    /** Replaces every spec by its counterpart in {@code next}, which {@link #levelChangeRefusal} accepted. */
    void replace(List<ProtectionSpec> next) {
        for (int i = 0; i < specs.length; i++) {
            specs[i] = next.get(i);
        }
    }
}
