package io.podctl.controller.metrics;

import io.podctl.controller.journal.JournalStatus;
import io.podctl.controller.loop.LoopStats;
import io.podctl.controller.mqtt.LinkStatus;
import io.podctl.controller.safety.AlarmView;
import io.podctl.controller.state.ControllerHealth;
import io.podctl.controller.state.PodObserver;
import io.podctl.controller.state.PodStateView;
import io.podctl.hal.Clock;
import io.podctl.sensors.DeviceStatusBoard;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.function.Supplier;

/**
 * The pod's figures in Prometheus form, collected lazily at scrape time from what the loop and the other threads
 * already hand off: the last state view and alarm list, a copy of the latest snapshot, the pollers' device
 * status board, the MQTT link's and the journal's status, and the loop's timing counters ({@link LoopTiming}).
 * Nothing is pushed into the client's registry from the loop, and a scrape never takes a lock the loop takes.
 * The JVM's own metrics come from the client's JVM instrumentation.
 *
 * <p>Threading: the {@link PodObserver} methods and the {@link #timing()} sink are called on the loop thread;
 * they store a reference, or copy the snapshot into a pre-allocated buffer ({@link SnapshotExchange}), and
 * return. Scrapes run on the HTTP server's threads, one at a time.
 */
public final class PodMetrics implements PodObserver {
    private final PodLayout model;
    private final Sources sources;
    private final LoopTiming timing = new LoopTiming();
    private final SnapshotExchange snapshots;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private volatile PodStateView state;
    private volatile List<AlarmView> alarms = List.of();

    /**
     * Where the figures come from.
     *
     * @param layout  the pod as configured (identity, racks, effects, trips)
     * @param board   the sample board (its point descriptors; its snapshots arrive through {@link #onSnapshot})
     * @param devices the pollers' device status board (thread-safe)
     * @param link    the MQTT link's status (any thread)
     * @param journal the event journal's status (any thread), or null without a journal
     * @param health  the liveness and readiness judge
     * @param clock   the monotonic and wall clocks
     */
    public record Sources(PodLayout layout, SampleBoard board, DeviceStatusBoard devices, Supplier<LinkStatus> link,
                          Supplier<JournalStatus> journal, ControllerHealth health, Clock clock) {
    }

    /** Builds the exporter; nothing is served until a {@link MetricsServer} is started with it. */
    public PodMetrics(Sources sources) {
        this.sources = sources;
        this.model = sources.layout();
        this.snapshots = new SnapshotExchange(sources.board().newSnapshot());
        Labels pod = Labels.of("site", model.site(), "pod", model.pod());
        registry.register(new Collector(pod));
        JvmMetrics.builder().constLabels(pod).register(registry);
    }

    /** What the loop reports its timing to; attach with {@link LoopStats#timingSink}. */
    public LoopStats.TimingSink timing() {
        return timing;
    }

    /** The health judge the probes answer from. */
    public ControllerHealth health() {
        return sources.health();
    }

    // ---- PodObserver: loop thread, hand-off only ----

    @Override
    public void onState(PodStateView newState) {
        state = newState;
    }

    @Override
    public void onAlarms(List<AlarmView> newAlarms) {
        alarms = newAlarms; // a fresh list per call, never changed after it is handed over
    }

    @Override
    public void onSnapshot(Snapshot snapshot) {
        snapshots.publish(snapshot);
    }

    // ---- scrape threads ----

    /** The registry the HTTP server serves (package-private: the client's types stay in this package). */
    PrometheusRegistry registry() {
        return registry;
    }

    /** Builds every podctl family from one consistent gathering of the handed-off views. */
    private final class Collector implements MultiCollector {
        private final Labels constant;

        Collector(Labels constant) {
            this.constant = constant;
        }

        @Override
        public synchronized MetricSnapshots collect() {
            long now = sources.clock().nanoTime();
            Snapshot snap = snapshots.latest();
            boolean current = snap != null && now - snap.takenAtNanos() <= model.stallNanos();
            ControllerHealth h = sources.health();
            ScrapeView v = new ScrapeView(state, alarms, snap, current, now, sources.devices().all(),
                    sources.link().get(), sources.journal() == null ? null : sources.journal().get(), h.liveness(),
                    h.readiness(), h.nanosSinceLastCycle(), sources.clock().now().toEpochMilli(), timing);
            Exposition out = new Exposition(constant);
            SafetyFamilies.add(out, v, model);
            LoopFamilies.add(out, v, model);
            PointFamilies.add(out, v, model);
            DeviceFamilies.add(out, v);
            PublisherFamilies.add(out, v);
            return out.snapshots();
        }
    }
}
