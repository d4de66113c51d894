package io.podctl.config.internal;

import io.podctl.config.AddressNotation;
import io.podctl.config.AddressRange;
import io.podctl.config.DataType;
import io.podctl.config.PointConfig;
import io.podctl.config.Table;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/** Rules on the points of one device or profile: addressing, types, bits, scaling, overlaps. Pure. */
public final class PointRules {
    /** Where a field of the i-th point is written; a null field means the point itself. */
    @FunctionalInterface
    public interface PointLocator {
        /** Location of {@code field} of point {@code index}. */
        Loc at(int index, String field);
    }

    private PointRules() {
    }

    /** Registers (or bits, in bit tables) a point occupies; 0 when not known (string without length). */
    public static int size(PointConfig p) {
        return p.registers();
    }

    /**
     * Checks the points of one device or profile.
     *
     * @param points               the points, merged
     * @param forbidden            ranges the device rejects
     * @param highAddressesAreWire the device or profile declares that addresses in the manual's 3xxxx/4xxxx
     *                             ranges are its wire addresses: no {@code manual-address} warning
     * @param owner                "device 'cdu'" or "profile 'sdm630'", for messages
     * @param at                   where each point's fields are written
     * @param mainFile             display name of the file being loaded (overlaps are reported there when
     *                             possible; address warnings only there)
     * @param problems             where problems go
     */
    public static void check(List<PointConfig> points, List<AddressRange> forbidden, boolean highAddressesAreWire,
                             String owner, PointLocator at, String mainFile, Problems problems) {
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < points.size(); i++) {
            PointConfig p = points.get(i);
            Integer first = ids.putIfAbsent(p.id(), i);
            if (first != null) {
                problems.error(at.at(i, "id"), "duplicate-id", "point id '" + p.id() + "' is used twice in " + owner
                        + " (first at line " + at.at(first, "id").line() + ")");
            }
            single(p, i, forbidden, owner, at, problems);
            if (!highAddressesAreWire) {
                manualAddress(p, i, owner, at, mainFile, problems);
            }
        }
        overlaps(points, owner, at, mainFile, problems);
    }

    /** Checks that each forbidden range is not empty. */
    public static void checkForbidden(List<AddressRange> forbidden, IntFunction<Loc> at, Problems problems) {
        for (int i = 0; i < forbidden.size(); i++) {
            AddressRange r = forbidden.get(i);
            if (r.from() > r.to()) {
                problems.error(at.apply(i), "low-above-high", "forbidden range " + r.fromText() + ".." + r.toText()
                        + " is empty: 'from' must not be above 'to'");
            }
        }
    }

    private static void single(PointConfig p, int i, List<AddressRange> forbidden, String owner, PointLocator at,
                               Problems problems) {
        String name = "point '" + p.id() + "' of " + owner;
        String table = tableName(p.table());
        if (p.table().isBitTable()) {
            if (p.type() != DataType.BOOL) {
                problems.error(at.at(i, "type"), "bit-table-type", name + " is in the " + table
                        + " table, which holds single bits: its type must be bool");
            }
            if (p.bit() != null) {
                problems.error(at.at(i, "bit"), "bit-not-allowed", name + ": 'bit' is only for bool points in "
                        + "input or holding registers; a " + table + " address is already one bit");
            }
        } else {
            if (p.type() == DataType.BOOL && p.bit() == null) {
                problems.error(at.at(i, null), "bit-required", name + " is a bool in the " + table
                        + " table: say which bit of the register with 'bit: 0..15'");
            }
            if (p.type() != DataType.BOOL && p.bit() != null) {
                problems.error(at.at(i, "bit"), "bit-not-allowed", name + ": 'bit' is only for type bool");
            }
        }
        if (p.type() == DataType.STRING && p.length() == null && !p.table().isBitTable()) {
            problems.error(at.at(i, null), "length-required", name + " is a string: give its length in registers "
                    + "with 'length'");
        }
        if (p.type() != DataType.STRING && p.length() != null) {
            problems.error(at.at(i, "length"), "length-not-allowed", name + ": 'length' is only for type string");
        }
        int size = size(p);
        if (p.address() + size > 65536) {
            problems.error(at.at(i, "address"), "address-overflow", name + " at "
                    + AddressNotation.of(p.table(), p.address(), p.addressText()) + " occupies " + size
                    + " registers, past the last address 65535");
        }
        numericOnly(p, i, name, at, problems);
        if (p.scale() == 0.0) {
            problems.error(at.at(i, "scale"), "zero-scale", name + ": scale 0 would make every reading 0");
        }
        if (p.min() != null && p.max() != null && p.min() >= p.max()) {
            problems.error(at.at(i, "min"), "low-above-high", name + ": min " + num(p.min())
                    + " must be below max " + num(p.max()));
        }
        for (AddressRange r : forbidden) {
            if (size > 0 && r.overlaps(p.table(), p.address(), size)) {
                problems.error(at.at(i, "address"), "forbidden-address", name + " reads " + p.where() + ", inside "
                        + r.where() + ", which the device rejects");
            }
        }
    }

    /** Rules on the keys that only numbers have: rounding, counting, frozen-value checks. */
    private static void numericOnly(PointConfig p, int i, String name, PointLocator at, Problems problems) {
        boolean numeric = p.type() != DataType.BOOL && p.type() != DataType.STRING;
        if (!numeric) {
            String type = Model.enumName(DataType.class, p.type());
            if (p.decimals() != null) {
                problems.error(at.at(i, "decimals"), "numeric-only", name + " is a " + type + ": 'decimals' is for "
                        + "numbers only");
            }
            if (p.counter()) {
                problems.error(at.at(i, "counter"), "numeric-only", name + " is a " + type + " and cannot count");
            }
            if (p.frozenCheckOff() != null) {
                problems.error(at.at(i, "frozenCheckOff"), "numeric-only", name + " is a " + type + ": frozen-value "
                        + "checks are for measured numbers only");
            }
        }
        if (p.frozenAfter() != null && p.frozenCheckOff() != null) {
            problems.error(at.at(i, "frozenCheckOff"), "frozen-conflict", name + " has both frozenAfter and "
                    + "frozenCheckOff: either it is checked after " + p.frozenAfter() + " unchanged samples or it is "
                    + "not checked");
        } else if (p.frozenCheckOff() != null && p.frozenCheckOff().isBlank()) {
            problems.error(at.at(i, "frozenCheckOff"), "missing-reason", name + ": frozenCheckOff needs the reason "
                    + "this value may hold still (it is shown to the safety reviewer)");
        }
    }

    /**
     * Warns about a register address in the manual's 1-based numbering: holding register 40001 (the manual's
     * "4xxxx" form) is wire address 0, input register 30001 is wire address 0. A profile point is judged once,
     * in the profile's file, not again in every device that uses the profile.
     */
    private static void manualAddress(PointConfig p, int i, String owner, PointLocator at, String mainFile,
                                      Problems problems) {
        int base = switch (p.table()) {
            case HOLDING_REGISTER -> 40001;
            case INPUT_REGISTER -> 30001;
            default -> -1;
        };
        // Five-digit form only: the six-digit one (400001..465536) is above 65535 and already refused. Manuals
        // number registers in decimal: an address written in hex is a wire address.
        if (base < 0 || p.address() < base || p.address() > base + 9998 || p.addressText().startsWith("0x")) {
            return;
        }
        Loc loc = at.at(i, "address");
        if (!loc.file().equals(mainFile)) {
            return;
        }
        int wire = p.address() - base;
        String ownerKind = owner.substring(0, owner.indexOf(' ')); // "device" or "profile"
        problems.warning(loc, "manual-address", "point '" + p.id() + "' of " + owner + ": " + tableName(p.table())
                + " address " + p.address() + " looks like the manual's 1-based register number, which is wire "
                + "address " + wire + "; write 'address: " + wire + "', or set 'highAddressesAreWire: true' on the "
                + ownerKind + " if " + p.address() + " is the wire address");
    }

    private static void overlaps(List<PointConfig> points, String owner, PointLocator at, String mainFile,
                                 Problems problems) {
        for (int j = 1; j < points.size(); j++) {
            PointConfig b = points.get(j);
            for (int i = 0; i < j; i++) {
                PointConfig a = points.get(i);
                String clash = clash(a, b);
                if (clash == null) {
                    continue;
                }
                // Report at the point the user most likely just wrote: the later one, unless only the earlier
                // one is in the file being loaded (a device override of a profile point).
                int here = j;
                int other = i;
                Loc li = at.at(i, "address");
                Loc lj = at.at(j, "address");
                if (!li.file().equals(lj.file()) && li.file().equals(mainFile)) {
                    here = i;
                    other = j;
                }
                PointConfig h = points.get(here);
                PointConfig o = points.get(other);
                problems.error(at.at(here, "address"), "register-overlap", "point '" + h.id() + "' of " + owner
                        + " " + clash + " point '" + o.id() + "' (" + describe(o) + ")");
                break;
            }
        }
    }

    /** How b collides with a, or null when they do not. */
    private static String clash(PointConfig a, PointConfig b) {
        if (a.table() != b.table()) {
            return null;
        }
        int sa = Math.max(size(a), 1);
        int sb = Math.max(size(b), 1);
        boolean overlap = a.address() < b.address() + sb && b.address() < a.address() + sa;
        if (!overlap) {
            return null;
        }
        if (a.table().isBitTable()) {
            return "uses the same " + tableName(a.table()) + " as";
        }
        boolean aBit = a.type() == DataType.BOOL;
        boolean bBit = b.type() == DataType.BOOL;
        if (aBit && bBit) {
            return a.bit() != null && a.bit().equals(b.bit()) ? "uses the same register bit as" : null;
        }
        // A status word and bool points on its bits may share a register; two numeric values may not.
        return aBit || bBit ? null : "overlaps the registers of";
    }

    private static String describe(PointConfig p) {
        String where = p.where();
        return p.type() == DataType.BOOL && p.bit() != null ? where + " bit " + p.bit() : where;
    }

    private static String tableName(Table t) {
        return Model.enumName(Table.class, t);
    }

    static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%s", d);
    }
}
