package io.podctl.controller.safety;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the safety engine is built from, compiled from configuration: protections (causes), voting
 * groups, effects, permissives, the outputs, load shedding, and the limits of what people may do. Immutable.
 *
 * @param protections           causes, in evaluation and display order
 * @param groups                voting groups
 * @param effects               declared effects
 * @param permissives           start conditions
 * @param outputIds             output ids, in output-bank order
 * @param localResetIndex       board index of the local reset input, or -1
 * @param inputSettleNanos      the start-up trip cannot be reset earlier than this after start
 * @param startStaggerNanos     run permissive outputs energize at least this far apart
 * @param maxBypassNanos        longest bypass
 * @param maxShelveNanos        longest shelving (and out of service)
 * @param maxOverrideNanos      longest output override
 * @param loadShedding          load shedding, or null
 */
public record EngineSpec(List<ProtectionSpec> protections, List<GroupSpec> groups, List<EffectSpec> effects,
                         List<PermissiveSpec> permissives, List<String> outputIds, int localResetIndex,
                         long inputSettleNanos, long startStaggerNanos, long maxBypassNanos, long maxShelveNanos,
                         long maxOverrideNanos, LoadShedSpec loadShedding) {
    public EngineSpec {
        protections = List.copyOf(protections);
        groups = List.copyOf(groups);
        effects = List.copyOf(effects);
        permissives = List.copyOf(permissives);
        outputIds = List.copyOf(outputIds);
    }

    /**
     * Board indexes of the safety inputs: the points (or voting-group channels) of protections whose bad data
     * trips, and the setpoint points of such protections; in protection order, each once. These are the inputs
     * that must all deliver before the start-up trip may be reset, and that readiness waits for.
     */
    public int[] safetyInputIndexes() {
        Set<Integer> inputs = new LinkedHashSet<>();
        for (ProtectionSpec p : protections) {
            if (!p.tripsOnBadData()) {
                continue;
            }
            if (p.groupIndex() >= 0) {
                for (int channel : groups.get(p.groupIndex()).channels()) {
                    inputs.add(channel);
                }
            } else {
                inputs.add(p.pointIndex());
            }
            if (p.setpointIndex() >= 0) {
                inputs.add(p.setpointIndex());
            }
        }
        return inputs.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Protections and outputs only, with default limits (8 h bypass and shelve, 10 min override). */
    public static EngineSpec of(List<ProtectionSpec> protections, List<String> outputIds, int localResetIndex,
                                long inputSettleNanos) {
        long hour = 3_600_000_000_000L;
        return new EngineSpec(protections, List.of(), List.of(), List.of(), outputIds, localResetIndex,
                inputSettleNanos, 0, 8 * hour, 8 * hour, hour / 6, null);
    }

    /**
     * Load shedding wired to the board and the outputs.
     *
     * @param shedder          the shedder's own parameters (rack ids in shed order)
     * @param powerIndex       board index of the total power point, W
     * @param flowIndex        board index of the coolant flow point, L/min, or -1
     * @param rackOutputs      output index of each rack, in shed order
     * @param rackPowerIndexes board index of each rack's power point, in shed order
     */
    public record LoadShedSpec(LoadShedder.Spec shedder, int powerIndex, int flowIndex, int[] rackOutputs,
                               int[] rackPowerIndexes) {
        public LoadShedSpec {
            Objects.requireNonNull(shedder, "shedder");
            rackOutputs = rackOutputs.clone();
            rackPowerIndexes = rackPowerIndexes.clone();
        }

        @Override
        public int[] rackOutputs() {
            return rackOutputs.clone();
        }

        @Override
        public int[] rackPowerIndexes() {
            return rackPowerIndexes.clone();
        }
    }
}
