package io.podctl.controller.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The metric families of one scrape, built with the pod's constant labels ({@code site}, {@code pod}) on every
 * sample. Counter names are given without {@code _total}: the exposition adds it.
 *
 * <p>Threading: one scrape's thread; not shared.
 */
final class Exposition {
    private final Labels constant;
    private final List<MetricSnapshot> families = new ArrayList<>();

    /** Samples of one family: a value and label name/value pairs. */
    interface Samples {
        void add(double value, String... labels);
    }

    Exposition(Labels constant) {
        this.constant = constant;
    }

    /** A gauge family. */
    void gauge(String name, String help, Consumer<Samples> samples) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        samples.accept((v, labels) -> b.dataPoint(GaugeDataPointSnapshot.builder().labels(labels(labels)).value(v)
                .build()));
        families.add(b.build());
    }

    /** A gauge family of one unlabelled sample. */
    void gauge(String name, String help, double value) {
        gauge(name, help, s -> s.add(value));
    }

    /** A counter family ({@code name} without {@code _total}). */
    void counter(String name, String help, Consumer<Samples> samples) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
        samples.accept((v, labels) -> b.dataPoint(CounterDataPointSnapshot.builder().labels(labels(labels)).value(v)
                .build()));
        families.add(b.build());
    }

    /** A counter family of one unlabelled sample. */
    void counter(String name, String help, double value) {
        counter(name, help, s -> s.add(value));
    }

    /** A histogram family of one unlabelled distribution over {@link LoopTiming#BOUNDS_SECONDS}. */
    void histogram(String name, String help, LoopTiming.Distribution d) {
        families.add(HistogramSnapshot.builder().name(name).help(help)
                .dataPoint(HistogramDataPointSnapshot.builder().labels(constant)
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(LoopTiming.BOUNDS_SECONDS, d.counts()))
                        .sum(d.sumSeconds()).build())
                .build());
    }

    /** 1 for {@code current}, 0 for every other state: an enumeration as Prometheus wants it. */
    static <E extends Enum<E>> void stateSet(Samples s, E[] states, E current, String label, String... labels) {
        for (E state : states) {
            String[] all = new String[labels.length + 2];
            System.arraycopy(labels, 0, all, 0, labels.length);
            all[labels.length] = label;
            all[labels.length + 1] = state.name();
            s.add(state == current ? 1 : 0, all);
        }
    }

    /** 1 or 0. */
    static double bit(boolean b) {
        return b ? 1 : 0;
    }

    MetricSnapshots snapshots() {
        return new MetricSnapshots(families);
    }

    private Labels labels(String... pairs) {
        return pairs.length == 0 ? constant : constant.merge(Labels.of(pairs));
    }
}
