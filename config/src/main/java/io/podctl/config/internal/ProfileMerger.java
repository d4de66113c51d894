package io.podctl.config.internal;

import io.podctl.config.internal.YNode.Entry;
import io.podctl.config.internal.YNode.YMap;
import io.podctl.config.internal.YNode.YScalar;
import io.podctl.config.internal.YNode.YSeq;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands {@code profile:} in devices, on the trees (before the structural pass), so that every merged key
 * keeps the location it was written at, in the pod file or in the profile file.
 *
 * <p>Semantics: the device gets the profile's points in the profile's order; a device point whose id matches a
 * profile point replaces it field by field (in place); other device points are appended. Device-level keys the
 * device leaves out are taken from the profile.
 */
public final class ProfileMerger {
    /** Device-level keys a profile provides defaults for. */
    static final List<String> DEVICE_DEFAULTS = List.of("description", "wordOrder", "maxBlockRegisters", "maxHole",
            "forbidden", "highAddressesAreWire");

    private ProfileMerger() {
    }

    /**
     * The document with every resolvable profile merged into its devices. Unknown or broken profiles are
     * reported; their devices are left as written and their points excused from the missing-key check.
     */
    public static YNode mergeAll(YNode root, ProfileLibrary library, StructureChecker checker, Problems problems) {
        if (!(root instanceof YMap doc) || !(doc.get("devices") instanceof YSeq devices)) {
            return root;
        }
        List<YNode> merged = new ArrayList<>();
        boolean changed = false;
        for (YNode item : devices.items()) {
            YNode out = item;
            if (item instanceof YMap device && device.get("profile") != null
                    && !(device.get("profile") instanceof YScalar)) {
                // profile: {..} or [..] is reported once as a wrong type; its points are overrides of a profile
                // we cannot know, so they are not also reported for every key they leave to it.
                excusePoints(device, checker);
            } else if (item instanceof YMap device && device.get("profile") instanceof YScalar name
                    && name.kind() != YScalar.Kind.NULL) {
                // Any scalar names a profile, as the binder reads it: 'profile: 630' must not be bound unmerged.
                var loaded = library.get(name.text());
                if (loaded.isEmpty()) {
                    String known = String.join(", ", library.names());
                    problems.error(name.loc(), "unknown-profile", "unknown profile '" + name.text() + "'"
                            + Suggest.closest(name.text(), library.names()).map(g -> "; did you mean '" + g + "'?")
                                    .orElse(".") + " Known profiles: " + known);
                    excusePoints(device, checker);
                } else if (!loaded.get().ok() || !(loaded.get().root() instanceof YMap profile)) {
                    // The profile's own problems are already reported at its file's lines.
                    problems.error(name.loc(), "profile-invalid", "profile '" + name.text() + "' has errors (reported "
                            + "in its file)");
                    excusePoints(device, checker);
                } else {
                    out = merge(device, profile, checker);
                    changed = true;
                }
            }
            merged.add(out);
        }
        if (!changed) {
            return root;
        }
        Map<String, Entry> entries = new LinkedHashMap<>(doc.entries());
        Entry devicesEntry = doc.entry("devices");
        entries.put("devices", new Entry("devices", devicesEntry.keyLoc(), new YSeq(devices.loc(), merged)));
        return new YMap(doc.loc(), entries);
    }

    /** One device with its profile merged in. */
    static YMap merge(YMap device, YMap profile, StructureChecker checker) {
        Map<String, Entry> entries = new LinkedHashMap<>(device.entries());
        for (String key : DEVICE_DEFAULTS) {
            Entry fromProfile = profile.entry(key);
            if (!entries.containsKey(key) && fromProfile != null) {
                entries.put(key, fromProfile);
            }
        }
        Entry profilePoints = profile.entry("points");
        Entry devicePoints = device.entry("points");
        if (profilePoints != null && profilePoints.value() instanceof YSeq pSeq) {
            List<YNode> points = new ArrayList<>(pSeq.items());
            List<YNode> own = devicePoints != null && devicePoints.value() instanceof YSeq dSeq ? dSeq.items()
                    : List.of();
            for (YNode point : own) {
                int index = point instanceof YMap m && m.text("id") != null ? indexOf(points, m.text("id")) : -1;
                if (index >= 0) {
                    points.set(index, override((YMap) points.get(index), (YMap) point));
                } else {
                    if (point instanceof YMap m && m.get("id") != null && !(m.get("id") instanceof YScalar)) {
                        // An id that is not text is reported as a wrong type; whether the entry meant to override
                        // a profile point cannot be known, so it is not also reported for the keys it leaves out.
                        checker.skipRequiredKeys(m);
                    }
                    points.add(point);
                }
            }
            Entry keyFrom = devicePoints != null ? devicePoints : profilePoints;
            YNode seqFrom = devicePoints != null && devicePoints.value() instanceof YSeq ? devicePoints.value() : pSeq;
            if (devicePoints == null || devicePoints.value() instanceof YSeq
                    || devicePoints.value() instanceof YScalar s && s.kind() == YScalar.Kind.NULL) {
                entries.put("points", new Entry("points", keyFrom.keyLoc(), new YSeq(seqFrom.loc(), points)));
            }
            // Otherwise the device's points are not a list: leave them for the structural pass to report.
        }
        return new YMap(device.loc(), entries);
    }

    private static YMap override(YMap base, YMap over) {
        Map<String, Entry> entries = new LinkedHashMap<>(base.entries());
        entries.putAll(over.entries());
        return new YMap(over.loc(), entries);
    }

    private static int indexOf(List<YNode> points, String id) {
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i) instanceof YMap m && id.equals(m.text("id"))) {
                return i;
            }
        }
        return -1;
    }

    private static void excusePoints(YMap device, StructureChecker checker) {
        if (device.get("points") instanceof YSeq seq) {
            seq.items().forEach(checker::skipRequiredKeys);
        }
    }
}
