package io.podctl.controller.safety;

import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the unit tests of the engine's parts stand on: a sample board of named points on a manual monotonic
 * clock (a healthy poller re-delivers every point's sample as time moves on), the snapshot of now, and an
 * outbox whose events the test reads. Not thread-safe; one test at a time.
 */
final class PartBench {
    static final long MS = 1_000_000L;
    static final long S = 1_000 * MS;

    final SampleBoard board;
    final Snapshot snap;
    final EngineOutbox outbox = new EngineOutbox();
    long now = 5_000 * MS;

    /** Points named {@code ids}: analog ones with unit "degC", digital ones (ids starting with "d:") without. */
    PartBench(String... ids) {
        List<PointDescriptor> points = new ArrayList<>();
        for (String id : ids) {
            boolean digital = id.startsWith("d:");
            points.add(new PointDescriptor(digital ? id.substring(2) : id, digital ? "" : "degC",
                    Duration.ofSeconds(1), digital));
        }
        this.board = new SampleBoard(points);
        this.snap = board.newSnapshot();
    }

    /** A GOOD sample of {@code point} now. */
    PartBench set(int point, double value) {
        board.publish(point, value, Quality.GOOD, now, wall());
        return this;
    }

    /** A sample of {@code point} of quality {@code q} now (its value is not one). */
    PartBench bad(int point, Quality q) {
        board.publish(point, Double.NaN, q, now, wall());
        return this;
    }

    /** The snapshot of now. */
    Snapshot snapshot() {
        board.snapshot(now, snap);
        return snap;
    }

    /** Moves time on by {@code ms}; every point that has delivered delivers its sample again. */
    Snapshot advance(long ms) {
        board.snapshot(now, snap);
        now += ms * MS;
        for (int i = 0; i < board.size(); i++) {
            if (snap.received(i)) {
                board.publish(i, snap.lastValue(i), snap.quality(i) == Quality.STALE ? Quality.GOOD
                        : snap.quality(i), now, wall());
            }
        }
        return snapshot();
    }

    long wall() {
        return 1_750_000_000_000L + now / MS;
    }

    /** The events recorded since the last call. */
    List<SafetyEvent> events() {
        List<SafetyEvent> out = new ArrayList<>();
        outbox.drainEvents(out);
        return out;
    }

    /** The types of the events recorded since the last call, in order. */
    List<SafetyEvent.Type> eventTypes() {
        return events().stream().map(SafetyEvent::type).toList();
    }

    /** Reset rules that see every condition cleared, and the start-up trip resettable or not. */
    static TripLatches.Conditions conditionsCleared(boolean startupResettable) {
        return new TripLatches.Conditions() {
            @Override
            public boolean conditionActive(int i) {
                return false;
            }

            @Override
            public String condition(int i) {
                return "";
            }

            @Override
            public boolean startupResettable() {
                return startupResettable;
            }
        };
    }

    static Protections protections(int outputs, ProtectionSpec... specs) {
        return new Protections(List.of(specs), outputs);
    }
}
