package io.podctl.controller.bootstrap;

import io.podctl.config.DataType;
import io.podctl.config.DeviceConfig;
import io.podctl.config.EffectConfig;
import io.podctl.config.GpioConfig;
import io.podctl.config.LoadSheddingConfig;
import io.podctl.config.PermissiveConfig;
import io.podctl.config.PodConfig;
import io.podctl.config.PointConfig;
import io.podctl.config.ProtectionConfig;
import io.podctl.config.VotingGroupConfig;
import io.podctl.controller.safety.EffectSpec;
import io.podctl.controller.safety.EngineSpec;
import io.podctl.controller.safety.GroupSpec;
import io.podctl.controller.safety.LoadShedder;
import io.podctl.controller.safety.PermissiveSpec;
import io.podctl.controller.safety.ProtectionSpec;
import io.podctl.controller.safety.Severity;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.SampleBoard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles the safety part of a validated configuration into the engine's {@link EngineSpec}: ids become
 * indexes into the sample board, the outputs and the effects. The cause-and-effect matrix is rendered from
 * the same compiled spec ({@code podctl matrix}), so the document a reviewer signs cannot drift from what
 * the engine does. Pure; any thread.
 */
public final class SafetyCompiler {
    private SafetyCompiler() {
    }

    /**
     * The points of the pod, in board order: every device point (strings excluded: text is not a process
     * value) and every GPIO input.
     */
    public static List<PointDescriptor> pointDescriptors(PodConfig config) {
        List<PointDescriptor> descriptors = new ArrayList<>();
        for (DeviceConfig d : config.devices()) {
            Duration staleAfter = PointDescriptor.staleAfterForPollPeriod(d.pollPeriod());
            for (PointConfig p : d.points()) {
                if (p.type() == DataType.STRING) {
                    continue;
                }
                descriptors.add(new PointDescriptor(d.qualifiedPointId(p), p.unit(), staleAfter,
                        p.type() == DataType.BOOL));
            }
        }
        for (GpioConfig.Input in : config.gpio().inputs()) {
            descriptors.add(new PointDescriptor(in.id(), "", Duration.ofSeconds(1), true));
        }
        return descriptors;
    }

    /** The output ids, in output-bank order. */
    public static List<String> outputIds(PodConfig config) {
        return config.gpio().outputs().stream().map(GpioConfig.Output::id).toList();
    }

    /** Compiles against a board built from {@link #pointDescriptors}. */
    public static EngineSpec compile(PodConfig config, SampleBoard board) {
        List<String> outputs = outputIds(config);
        List<String> groupIds = config.votingGroups().stream().map(VotingGroupConfig::id).toList();
        List<String> effectIds = config.effects().stream().map(EffectConfig::id).toList();

        List<GroupSpec> groups = new ArrayList<>();
        for (VotingGroupConfig g : config.votingGroups()) {
            int[] channels = g.points().stream().mapToInt(board::requireIndex).toArray();
            groups.add(new GroupSpec(g.id(), g.description(), channels, g.points().toArray(String[]::new),
                    g.vote().votesToTrip(), g.discrepancyBand(), g.discrepancyDelay().toNanos()));
        }

        List<EffectSpec> effects = new ArrayList<>();
        for (EffectConfig e : config.effects()) {
            effects.add(effect(e, outputs, config, board));
        }

        List<ProtectionSpec> protections = new ArrayList<>();
        for (ProtectionConfig p : config.protections()) {
            int group = groupIds.indexOf(p.point());
            ProtectionSpec.Builder b = group >= 0 ? ProtectionSpec.onGroup(p.id(), p.point(), group)
                    : ProtectionSpec.builder(p.id(), p.point(), board.requireIndex(p.point()));
            b.description(p.description())
                    .kind(ProtectionSpec.Kind.valueOf(p.condition().name()))
                    .levels(nan(p.warning()), nan(p.alarm()), nan(p.trip()))
                    .hysteresis(p.hysteresis())
                    .delay(p.delay().toNanos(), p.clearDelay().toNanos())
                    .inhibits(p.inhibitAfterStart().toNanos(), p.inhibitAfterModeChange().toNanos())
                    .onBadData(ProtectionSpec.BadData.valueOf(p.onBadData().name()))
                    .localReset(p.reset() == ProtectionConfig.ResetMode.LOCAL)
                    .bypassable(p.bypassable())
                    .rateWindow(p.rateWindow().toNanos())
                    .deenergize(indexes(p.deenergize(), outputs, p.id()))
                    .onAlarm(indexes(p.onAlarm(), effectIds, p.id()))
                    .onTrip(indexes(p.onTrip(), effectIds, p.id()));
            if (p.condition() == ProtectionConfig.Condition.ACTIVE) {
                b.active(Severity.valueOf(p.severity().name()));
            }
            if (p.setpoint() != null) {
                b.setpoint(p.setpoint());
            }
            if (p.setpointPoint() != null) {
                b.setpointPoint(board.requireIndex(p.setpointPoint()));
            }
            protections.add(b.build());
        }

        List<PermissiveSpec> permissives = new ArrayList<>();
        for (PermissiveConfig p : config.permissives()) {
            int group = groupIds.indexOf(p.point());
            List<String> gatedOutputs = p.gates().stream().filter(outputs::contains).toList();
            List<String> gatedEffects = p.gates().stream().filter(effectIds::contains).toList();
            permissives.add(new PermissiveSpec(p.id(), p.description(), p.point(),
                    group >= 0 ? -1 : board.requireIndex(p.point()), group, nan(p.min()), nan(p.max()),
                    p.active() == null ? -1 : p.active() ? 1 : 0, p.provenFor().toNanos(),
                    indexes(gatedOutputs, outputs, p.id()), indexes(gatedEffects, effectIds, p.id())));
        }

        EngineSpec.LoadShedSpec shedding = null;
        LoadSheddingConfig ls = config.loadShedding();
        if (ls != null) {
            List<String> rackIds = ls.racks().stream().map(LoadSheddingConfig.Rack::output).toList();
            LoadShedder.Spec shedder = new LoadShedder.Spec(rackIds, ls.budgetW(), ls.hysteresisW(),
                    ls.shedDelay().toNanos(), ls.restoreDelay().toNanos(),
                    ls.cooling() != null ? ls.cooling().maxDeltaT() : Double.NaN);
            shedding = new EngineSpec.LoadShedSpec(shedder, board.requireIndex(ls.powerPoint()),
                    ls.cooling() != null ? board.requireIndex(ls.cooling().flowPoint()) : -1,
                    indexes(rackIds, outputs, "loadShedding"),
                    ls.racks().stream().mapToInt(r -> board.requireIndex(r.powerPoint())).toArray());
        }

        int resetIndex = config.safety().localResetInput() == null ? -1
                : board.requireIndex(config.safety().localResetInput());
        return new EngineSpec(protections, groups, effects, permissives, outputs, resetIndex,
                config.safety().inputSettleTime().toNanos(), config.safety().startStagger().toNanos(),
                config.safety().maxBypass().toNanos(), config.safety().maxShelve().toNanos(),
                config.safety().maxOverride().toNanos(), shedding);
    }

    /** Compiles against a board of its own (for tools such as {@code podctl matrix}). */
    public static EngineSpec compile(PodConfig config) {
        return compile(config, new SampleBoard(pointDescriptors(config)));
    }

    private static EffectSpec effect(EffectConfig e, List<String> outputs, PodConfig config, SampleBoard board) {
        if (!e.deenergize().isEmpty()) {
            return new EffectSpec(e.id(), e.description(), EffectSpec.Kind.DEENERGIZE,
                    indexes(e.deenergize(), outputs, e.id()), null, Double.NaN);
        }
        if (!e.energize().isEmpty()) {
            return new EffectSpec(e.id(), e.description(), EffectSpec.Kind.ENERGIZE,
                    indexes(e.energize(), outputs, e.id()), null, Double.NaN);
        }
        if (e.write() != null) {
            EffectConfig.Write w = e.write();
            EffectSpec.Confirmation confirm = w.confirmPoint() == null ? null : new EffectSpec.Confirmation(
                    w.confirmPoint(), board.requireIndex(w.confirmPoint()), w.confirmValue(),
                    confirmTolerance(config, w.confirmPoint()));
            return new EffectSpec(e.id(), e.description(), EffectSpec.Kind.WRITE, new int[0],
                    new EffectSpec.WriteSpec(w.point(), w.value(), w.within().toNanos(), confirm), Double.NaN);
        }
        return new EffectSpec(e.id(), e.description(), EffectSpec.Kind.DERATE, new int[0], null, e.derateKw() * 1000);
    }

    private static double confirmTolerance(PodConfig config, String qualifiedPointId) {
        for (DeviceConfig d : config.devices()) {
            for (PointConfig p : d.points()) {
                if (d.qualifiedPointId(p).equals(qualifiedPointId)) {
                    return EffectSpec.Confirmation.toleranceFor(p.type() == DataType.BOOL, p.scale());
                }
            }
        }
        throw new IllegalArgumentException("unknown confirming point " + qualifiedPointId);
    }

    private static int[] indexes(List<String> ids, List<String> known, String who) {
        return ids.stream().mapToInt(id -> {
            int i = known.indexOf(id);
            if (i < 0) {
                throw new IllegalArgumentException(who + ": unknown reference " + id);
            }
            return i;
        }).toArray();
    }

    private static double nan(Double d) {
        return d == null ? Double.NaN : d;
    }
}
