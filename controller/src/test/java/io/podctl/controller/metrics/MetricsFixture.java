package io.podctl.controller.metrics;

import io.podctl.config.ConfigLoader;
import io.podctl.config.LoadResult;
import io.podctl.config.PodConfig;
import io.podctl.controller.bootstrap.MetricsWiring;
import io.podctl.controller.bootstrap.SafetyCompiler;
import io.podctl.controller.journal.JournalStatus;
import io.podctl.controller.mqtt.LinkStatus;
import io.podctl.controller.safety.AlarmView;
import io.podctl.controller.state.ControllerHealth;
import io.podctl.controller.state.LoopTimingView;
import io.podctl.controller.state.PodMode;
import io.podctl.controller.state.PodStateView;
import io.podctl.hal.ManualClock;
import io.podctl.sensors.DeviceStatusBoard;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The exporter of the simulated pod's configuration over a sample board the test fills, a manual clock and
 * fixed link and journal statuses; {@link #server} serves it on a free loopback port.
 */
final class MetricsFixture implements AutoCloseable {
    final PodConfig config;
    final ManualClock clock = new ManualClock();
    final SampleBoard board;
    final DeviceStatusBoard devices;
    final ControllerHealth health;
    final PodMetrics metrics;
    private final Snapshot snapshot;
    volatile LinkStatus link = new LinkStatus(true, "tcp://127.0.0.1:1883", 1, 0, 0, 0, 0, 10, "");
    volatile JournalStatus journal = new JournalStatus(10, 10, 0, 0, 1, 100, false, 0, 0, 0, 10, 0, 5, 300, 900, 0);
    private MetricsServer server;

    MetricsFixture() {
        LoadResult.Valid valid = (LoadResult.Valid) new ConfigLoader().loadExample("sim-pod.yaml");
        config = valid.config();
        List<PointDescriptor> points = SafetyCompiler.pointDescriptors(config);
        board = new SampleBoard(points);
        devices = new DeviceStatusBoard(config.devices().stream().map(d -> d.id()).toList(), clock.nanoTime());
        health = new ControllerHealth(clock, new int[] {board.requireIndex("leak.rack1")},
                points.stream().map(PointDescriptor::id).toList(), Duration.ofSeconds(1));
        metrics = new PodMetrics(new PodMetrics.Sources(MetricsWiring.layout(config, points, "test"), board, devices,
                () -> link, () -> journal, health, clock));
        snapshot = board.newSnapshot();
    }

    /** Publishes a GOOD sample of {@code point}, sampled now. */
    MetricsFixture good(String point, double value) {
        return sample(point, value, Quality.GOOD);
    }

    MetricsFixture sample(String point, double value, Quality quality) {
        board.publish(board.requireIndex(point), value, quality, clock.nanoTime(), clock.wallMillis());
        return this;
    }

    /** One loop cycle's hand-off: the snapshot to every observer, as the loop does. */
    void cycle() {
        board.snapshot(clock.nanoTime(), snapshot);
        metrics.onSnapshot(snapshot);
        health.onSnapshot(snapshot);
    }

    /** A state handed off by the loop. */
    void state(PodMode mode, double availablePowerW, List<String> effects, List<String> shed, List<AlarmView> alarms) {
        PodStateView s = new PodStateView(mode, "test", Instant.ofEpochMilli(clock.wallMillis()), true, List.of(),
                alarms, List.of(), devices.all(), new LoopTimingView(100_000, 10, 0, 200, 400, 900, 100, 300,
                "SAFETY"), "", List.of(), List.of(), List.of(), effects, availablePowerW, shed);
        metrics.onState(s);
        health.onState(s);
        metrics.onAlarms(alarms);
    }

    MetricsServer server() {
        if (server == null) {
            server = MetricsServer.start(new MetricsServer.Settings("127.0.0.1", 0, null, null), metrics);
        }
        return server;
    }

    /** GET {@code path} on the fixture's server. */
    HttpResponse<String> get(String path) {
        return get(server(), path, null);
    }

    static HttpResponse<String> get(MetricsServer s, String path, String authorization) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.url().replace("/metrics", path)))
                    .timeout(Duration.ofSeconds(20));
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The lines of a scrape that start with {@code prefix}. */
    List<String> lines(String prefix) {
        return get("/metrics").body().lines().filter(l -> l.startsWith(prefix)).toList();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
