package io.podctl.controller.metrics;

import static io.podctl.controller.metrics.Exposition.bit;

import io.podctl.controller.safety.LoadShedder;
import io.podctl.controller.state.PodStateView;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configured point's value and quality, and the power figures the workload scheduler acts on.
 *
 * <p>A value is exported only while its point is GOOD: a point of any other quality has no sample in its value
 * family (Prometheus then marks the series stale at once), only its {@code podctl_point_quality}. When the loop
 * has stalled, the last snapshot is not current, and every point is exported as STALE. Stateless.
 */
final class PointFamilies {
    private PointFamilies() {
    }

    static void add(Exposition out, ScrapeView v, PodLayout m) {
        Snapshot snap = v.snapshot();
        if (snap == null) {
            return;
        }
        boolean current = v.snapshotCurrent();
        Map<String, List<Sample>> byFamily = new LinkedHashMap<>();
        for (int i = 0; i < snap.size(); i++) {
            PointDescriptor d = snap.descriptor(i);
            if (current && snap.isGood(i)) {
                PointUnits.Target t = PointUnits.of(d.unit(), d.digital());
                byFamily.computeIfAbsent(t.family(), k -> new ArrayList<>())
                        .add(new Sample(snap.goodValue(i) * t.factor(), pointLabels(m, i, t.unit())));
            }
        }
        byFamily.forEach((family, samples) -> out.gauge(family, help(family), s -> {
            for (Sample x : samples) {
                s.add(x.value(), x.labels());
            }
        }));
        out.gauge("podctl_point_quality", "1 for each point's current quality (GOOD, NO_DATA, STALE, COMM_FAIL,"
                + " DEVICE_EXCEPTION, OUT_OF_RANGE, INVALID, FROZEN); only a GOOD point has a value.", s -> {
                    for (int i = 0; i < snap.size(); i++) {
                        Quality q = current ? snap.quality(i) : Quality.STALE;
                        Exposition.stateSet(s, Quality.values(), q, "quality", pointLabels(m, i, ""));
                    }
                });
        out.gauge("podctl_point_age_seconds", "How long ago the point was last sampled (monotonic clock).", s -> {
            for (int i = 0; i < snap.size(); i++) {
                if (snap.received(i)) {
                    s.add(Math.max(0, v.nowNanos() - snap.sampledAtNanos(i)) / 1e9, pointLabels(m, i, ""));
                }
            }
        });
        power(out, v, m, snap, current);
    }

    /** Pod power, per-rack power and shedding, the budget and its reasons: the derate of {@code {root}/derate}. */
    private static void power(Exposition out, ScrapeView v, PodLayout m, Snapshot snap, boolean current) {
        PodStateView st = v.state();
        if (m.podPowerIndex() >= 0 && current && snap.isGood(m.podPowerIndex())) {
            out.gauge("podctl_pod_power_watts", "The pod's measured total power (load shedding's power point), W.",
                    snap.goodValue(m.podPowerIndex()));
        }
        out.gauge("podctl_rack_power_watts", "Each sheddable rack's measured power, W (only while GOOD).", s -> {
            for (PodLayout.Rack r : m.racks()) {
                if (current && r.powerIndex() >= 0 && snap.isGood(r.powerIndex())) {
                    s.add(snap.goodValue(r.powerIndex()), "rack", r.id());
                }
            }
        });
        if (!Double.isNaN(m.siteBudgetW())) {
            out.gauge("podctl_power_site_budget_watts", "What the site feed allows the pod, W.", m.siteBudgetW());
        }
        if (m.flowIndex() >= 0 && current && snap.isGood(m.flowIndex())) {
            out.gauge("podctl_power_cooling_capacity_watts", "Heat the coolant loop can remove now (flow x 4.186"
                    + " kJ/kg.K x maxDeltaT), W.", LoadShedder.coolingCapacityW(snap.goodValue(m.flowIndex()),
                    m.maxDeltaT()));
        }
        out.gauge("podctl_derate_effect_limit_watts", "The power each derate effect leaves the pod while it acts, W.",
                s -> m.derateEffectsW().forEach((id, w) -> s.add(w, "effect", id)));
        if (st == null) {
            return;
        }
        out.gauge("podctl_power_available_watts", "The derate: what the pod can carry now (the lowest of the site"
                + " budget, the cooling capacity and every acting derate effect), W; +Inf when nothing limits it."
                + " The same figure as {root}/derate availableKw.", st.availablePowerW());
        out.gauge("podctl_derate_effect_active", "1 while the derate effect acts (a reason of the derate).",
                s -> m.derateEffectsW().keySet().forEach(id -> s.add(bit(st.effects().contains(id)), "effect", id)));
        out.gauge("podctl_racks_shed", "Racks shed now by load shedding.", st.shedRacks().size());
        out.gauge("podctl_rack_shed", "1 while load shedding holds the rack off.", s -> {
            for (PodLayout.Rack r : m.racks()) {
                s.add(bit(st.shedRacks().contains(r.id())), "rack", r.id());
            }
        });
    }

    private static String[] pointLabels(PodLayout m, int i, String unit) {
        List<String> l = new ArrayList<>(List.of("point", m.points().get(i).id()));
        String device = m.pointDevice().get(i);
        if (device != null) {
            l.add("device");
            l.add(device);
        }
        if (!unit.isEmpty()) {
            l.add("unit");
            l.add(unit);
        }
        return l.toArray(String[]::new);
    }

    private static String help(String family) {
        return switch (family) {
            case PointUnits.ACTIVE -> "A digital point's state while GOOD: 1 active, 0 not.";
            case PointUnits.VALUE -> "A point's value while GOOD, in the unit of its label (no base unit known).";
            default -> "A point's value while GOOD, in " + family.substring("podctl_point_".length()).replace('_', ' ')
                    + ".";
        };
    }

    private record Sample(double value, String[] labels) {
    }
}
