package io.podctl.controller.metrics;

import io.podctl.config.DeviceConfig;
import io.podctl.config.EffectConfig;
import io.podctl.config.LoadSheddingConfig;
import io.podctl.config.PermissiveConfig;
import io.podctl.config.PodConfig;
import io.podctl.config.PointConfig;
import io.podctl.config.ProtectionConfig;
import io.podctl.controller.safety.SafetyEngine;
import io.podctl.sensors.PointDescriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the exporter knows of the pod from its configuration, fixed for the life of the controller: identity,
 * which device each point belongs to, the racks and their power points, the power and cooling points of load
 * shedding, the derate effects, and the ids of every trip, effect and permissive (so that their series exist,
 * at 0, before anything happens). Immutable.
 *
 * @param site            pod site (label {@code site})
 * @param pod             pod id (label {@code pod})
 * @param version         software version
 * @param points          every point, by board index
 * @param pointDevice     device id of each point by board index, or null for GPIO inputs
 * @param racks           the sheddable racks, in shed order
 * @param podPowerIndex   board index of the pod's total power point, or -1
 * @param flowIndex       board index of the coolant flow point of the cooling budget, or -1
 * @param maxDeltaT       largest allowed coolant temperature rise of the cooling budget, K
 * @param siteBudgetW     what the site feed allows, W; NaN without load shedding
 * @param derateEffectsW  derate effects and the power each leaves, W
 * @param effects         every declared effect
 * @param permissives     every permissive
 * @param trips           every trip that can latch
 * @param periodNanos     loop period
 * @param stallNanos      the loop counts as stalled after this long without a cycle
 */
record PodModel(String site, String pod, String version, List<PointDescriptor> points, List<String> pointDevice,
                List<Rack> racks, int podPowerIndex, int flowIndex, double maxDeltaT, double siteBudgetW,
                Map<String, Double> derateEffectsW, List<String> effects, List<String> permissives, List<String> trips,
                long periodNanos, long stallNanos) {

    /**
     * A sheddable rack.
     *
     * @param id         its label: the rack's power output id
     * @param powerIndex board index of its power point
     */
    record Rack(String id, int powerIndex) {
    }

    static PodModel of(PodConfig c, List<PointDescriptor> points, String version) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < points.size(); i++) {
            index.put(points.get(i).id(), i);
        }
        List<String> device = new ArrayList<>(Collections.nCopies(points.size(), (String) null));
        for (DeviceConfig d : c.devices()) {
            for (PointConfig p : d.points()) {
                Integer i = index.get(d.qualifiedPointId(p));
                if (i != null) {
                    device.set(i, d.id());
                }
            }
        }
        LoadSheddingConfig ls = c.loadShedding();
        List<Rack> racks = new ArrayList<>();
        int power = -1;
        int flow = -1;
        double maxDeltaT = Double.NaN;
        double budget = Double.NaN;
        if (ls != null) {
            for (LoadSheddingConfig.Rack r : ls.racks()) {
                racks.add(new Rack(r.output(), index.getOrDefault(r.powerPoint(), -1)));
            }
            power = index.getOrDefault(ls.powerPoint(), -1);
            budget = ls.budgetW();
            if (ls.cooling() != null) {
                flow = index.getOrDefault(ls.cooling().flowPoint(), -1);
                maxDeltaT = ls.cooling().maxDeltaT();
            }
        }
        Map<String, Double> derates = new LinkedHashMap<>();
        for (EffectConfig e : c.effects()) {
            if (e.derateKw() != null) {
                derates.put(e.id(), e.derateKw() * 1000);
            }
        }
        List<String> trips = new ArrayList<>(List.of(SafetyEngine.STARTUP_TRIP, SafetyEngine.LOOP_STALL_TRIP));
        for (ProtectionConfig p : c.protections()) {
            if (p.hasTripLevel() || p.onBadData() == ProtectionConfig.BadDataAction.TRIP) {
                trips.add(p.id());
            }
        }
        return new PodModel(c.pod().site(), c.pod().id(), version, List.copyOf(points),
                Collections.unmodifiableList(device), List.copyOf(racks),
                power, flow, maxDeltaT, budget, Collections.unmodifiableMap(derates), c.effects().stream().map(EffectConfig::id).toList(),
                c.permissives().stream().map(PermissiveConfig::id).toList(), List.copyOf(trips),
                c.loop().period().toNanos(), c.loop().stallTimeout().toNanos());
    }
}
