package io.podctl.controller.bootstrap;

import io.podctl.config.DeviceConfig;
import io.podctl.config.EffectConfig;
import io.podctl.config.LoadSheddingConfig;
import io.podctl.config.MetricsConfig;
import io.podctl.config.PermissiveConfig;
import io.podctl.config.PodConfig;
import io.podctl.config.PointConfig;
import io.podctl.config.ProtectionConfig;
import io.podctl.controller.metrics.MetricsServer;
import io.podctl.controller.metrics.PodLayout;
import io.podctl.controller.safety.SafetyEngine;
import io.podctl.sensors.PointDescriptor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the metrics endpoint needs from the configuration: the pod's layout and where to listen. Stateless. */
public final class MetricsWiring {
    private MetricsWiring() {
    }

    /** Where and how the endpoint of {@code m} listens. */
    static MetricsServer.Settings settings(MetricsConfig m) {
        MetricsConfig.TlsConfig t = m.tls();
        return new MetricsServer.Settings(m.host(), m.port(),
                m.credentialsFile() == null ? null : Path.of(m.credentialsFile()),
                t == null ? null : new MetricsServer.Tls(Path.of(t.certFile()), Path.of(t.keyFile()),
                        t.clientCaFile() == null ? null : Path.of(t.clientCaFile())));
    }

    /** The exporter's view of {@code c}, whose points are {@code points} (board order). */
    public static PodLayout layout(PodConfig c, List<PointDescriptor> points, String version) {
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
        List<PodLayout.Rack> racks = new ArrayList<>();
        int power = -1;
        int flow = -1;
        double maxDeltaT = Double.NaN;
        double budget = Double.NaN;
        if (ls != null) {
            for (LoadSheddingConfig.Rack r : ls.racks()) {
                racks.add(new PodLayout.Rack(r.output(), index.getOrDefault(r.powerPoint(), -1)));
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
        return new PodLayout(c.pod().site(), c.pod().id(), version, List.copyOf(points),
                Collections.unmodifiableList(device), List.copyOf(racks),
                power, flow, maxDeltaT, budget, Collections.unmodifiableMap(derates), c.effects().stream().map(EffectConfig::id).toList(),
                c.permissives().stream().map(PermissiveConfig::id).toList(), List.copyOf(trips),
                c.loop().period().toNanos(),
                // as the output supervisor and the health judge count a stall: at least three periods
                Math.max(3 * c.loop().period().toNanos(), c.loop().stallTimeout().toNanos()));
    }
}
