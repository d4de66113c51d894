package io.podctl.sensors.modbus;

import io.podctl.hal.modbus.RegisterTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Coalesces a device's points into the fewest block reads. Pure; thread-safe.
 *
 * <p>Rules: a block reads one table, at most {@link DevicePlan#maxBlock} items, bridges no gap between points
 * longer than {@link DevicePlan#maxHole} and touches no address in a forbidden range. A multi-register value
 * is never split across blocks; points that overlap (several bits of one register, a register read both as a
 * word and as bits) always share a block.
 *
 * <p>Why greedy is minimal: overlapping points are first merged into "atoms" that must be read together.
 * A block reads a contiguous range, so any set of blocks covering the atoms can be rearranged into a partition
 * of the sorted atoms into consecutive runs with no more blocks; and every sub-run of a feasible run is
 * feasible (shorter span, a subset of its gaps, a subset of its addresses). For such partitions extending
 * each run as far as it can go never needs more runs than any other partition (the usual exchange argument:
 * the greedy k-th run always ends at or after the k-th run of any feasible partition).
 */
public final class BlockPlanner {
    private BlockPlanner() {
    }

    /**
     * The blocks for {@code plan}, grouped by table (in {@link RegisterTable} order) and sorted by address; in
     * each table the {@link PointType#STRING} points get blocks of their own ({@link ReadBlock#isText()}), after
     * the numeric ones, because the poller reads text far less often than values.
     *
     * @throws IllegalArgumentException if a point lies in a forbidden range or a group of overlapping points
     *     is larger than one block may be
     */
    public static List<ReadBlock> plan(DevicePlan plan) {
        List<ReadBlock> blocks = new ArrayList<>();
        for (RegisterTable table : RegisterTable.values()) {
            for (boolean text : new boolean[] {false, true}) {
                List<ModbusPointSpec> points = new ArrayList<>();
                for (ModbusPointSpec p : plan.points()) {
                    if (p.table() == table && (p.type() == PointType.STRING) == text) {
                        points.add(p);
                    }
                }
                if (!points.isEmpty()) {
                    planTable(plan, table, points, blocks);
                }
            }
        }
        return blocks;
    }

    private static void planTable(DevicePlan plan, RegisterTable table, List<ModbusPointSpec> points,
                                  List<ReadBlock> out) {
        points.sort(Comparator.comparingInt(ModbusPointSpec::address).thenComparingInt(ModbusPointSpec::lastAddress));
        int limit = plan.maxBlock(table);
        for (ModbusPointSpec p : points) {
            for (AddressRange f : plan.forbidden()) {
                if (f.overlaps(table, p.address(), p.lastAddress())) {
                    throw new IllegalArgumentException(plan.deviceId() + ": point " + p.pointId() + " at "
                            + RegisterNames.of(p) + " lies in forbidden range " + f.first() + ".." + f.last());
                }
            }
        }
        // Atoms: maximal groups of overlapping points, as [first, last] address ranges.
        List<int[]> atoms = new ArrayList<>();
        List<List<ModbusPointSpec>> atomPoints = new ArrayList<>();
        for (ModbusPointSpec p : points) {
            int[] last = atoms.isEmpty() ? null : atoms.get(atoms.size() - 1);
            if (last != null && p.address() <= last[1]) {
                last[1] = Math.max(last[1], p.lastAddress());
                atomPoints.get(atomPoints.size() - 1).add(p);
            } else {
                atoms.add(new int[] {p.address(), p.lastAddress()});
                List<ModbusPointSpec> group = new ArrayList<>();
                group.add(p);
                atomPoints.add(group);
            }
        }
        int i = 0;
        while (i < atoms.size()) {
            int first = atoms.get(i)[0];
            int last = atoms.get(i)[1];
            if (last - first + 1 > limit) {
                throw new IllegalArgumentException(plan.deviceId() + ": points at "
                        + RegisterNames.span(table, first, last - first + 1, atomPoints.get(i).get(0).addressText()) + " need " + (last - first + 1) + " items in one read, more than the device's " + limit);
            }
            List<ModbusPointSpec> blockPoints = new ArrayList<>(atomPoints.get(i));
            int j = i + 1;
            while (j < atoms.size()) {
                int[] next = atoms.get(j);
                int hole = next[0] - last - 1;
                if (hole > plan.maxHole() || next[1] - first + 1 > limit || forbiddenBetween(plan, table, last + 1, next[0] - 1)) {
                    break;
                }
                last = Math.max(last, next[1]);
                blockPoints.addAll(atomPoints.get(j));
                j++;
            }
            out.add(new ReadBlock(table, first, last - first + 1, blockPoints));
            i = j;
        }
    }

    private static boolean forbiddenBetween(DevicePlan plan, RegisterTable table, int from, int to) {
        if (from > to) {
            return false;
        }
        for (AddressRange f : plan.forbidden()) {
            if (f.overlaps(table, from, to)) {
                return true;
            }
        }
        return false;
    }
}
