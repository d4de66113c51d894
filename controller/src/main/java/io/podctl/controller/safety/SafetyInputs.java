package io.podctl.controller.safety;

import io.podctl.sensors.Snapshot;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The safety inputs: every point whose bad data trips a protection (a channel of a voting group whose bad data
 * trips, the setpoint point of such a deviation), and whether all of them were GOOD at the last evaluation.
 * The start-up trip cannot be reset before they are. Not thread-safe; loop thread; allocates nothing after
 * construction.
 */
final class SafetyInputs {
    private final int[] points;
    private boolean good;

    SafetyInputs(Protections protections, VotingGroup[] groups) {
        Set<Integer> inputs = new LinkedHashSet<>();
        for (int i = 0; i < protections.count(); i++) {
            ProtectionSpec s = protections.get(i);
            if (!s.tripsOnBadData()) {
                continue;
            }
            if (s.groupIndex() >= 0) {
                for (int ch : groups[s.groupIndex()].channels()) {
                    inputs.add(ch);
                }
            } else {
                inputs.add(s.pointIndex());
            }
            if (s.setpointIndex() >= 0) {
                // A deviation cannot be judged before its setpoint point has delivered (NO_DATA is not bad
                // data): without this the start-up reset would leave the protection blind.
                inputs.add(s.setpointIndex());
            }
        }
        this.points = inputs.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Judges every safety input on {@code snap}; returns whether {@link #good()} changed. */
    boolean update(Snapshot snap) {
        boolean all = true;
        for (int idx : points) {
            if (!snap.isGood(idx)) {
                all = false;
                break;
            }
        }
        boolean changed = all != good;
        good = all;
        return changed;
    }

    /** Whether every safety input was GOOD at the last {@link #update}. */
    boolean good() {
        return good;
    }

    /** Board indexes of the safety inputs. */
    int[] points() {
        return points.clone();
    }
}
