package io.podctl.config.properties;

import io.podctl.config.AddressRange;
import io.podctl.config.ConfigLoader;
import io.podctl.config.DeviceConfig;
import io.podctl.config.LoadResult;
import io.podctl.config.PointConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shipped device profiles as the loader merges them, read once through the loader itself. */
final class ProfileCatalog {
    /** Every shipped profile. */
    static final List<String> NAMES = List.of("sdm630", "raritan-px", "pod-cdu", "seahawk-leak", "liebert-dcd");

    /**
     * One profile.
     *
     * @param points    its points
     * @param forbidden the ranges it rejects
     */
    record Profile(String name, List<PointConfig> points, List<AddressRange> forbidden) {
    }

    static final Map<String, Profile> PROFILES = load();

    private ProfileCatalog() {
    }

    private static Map<String, Profile> load() {
        Map<String, Profile> out = new LinkedHashMap<>();
        for (String name : NAMES) {
            String yaml = "pod: {site: s, id: p}\nbuses: [{id: b, tcp: {host: h}}]\n"
                    + "devices: [{id: d, bus: b, profile: " + name + "}]\n";
            LoadResult r = new ConfigLoader().parse(yaml, name);
            if (!(r instanceof LoadResult.Valid v)) {
                throw new IllegalStateException("shipped profile " + name + " does not load: " + r.problems());
            }
            DeviceConfig d = v.config().devices().get(0);
            out.put(name, new Profile(name, d.points(), d.forbidden()));
        }
        return Map.copyOf(out);
    }
}
