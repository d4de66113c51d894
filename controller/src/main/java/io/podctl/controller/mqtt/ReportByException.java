package io.podctl.controller.mqtt;

import io.podctl.sensors.Quality;
import io.podctl.sensors.Snapshot;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, point by point, whether the latest snapshot value must be published: on the first sight, on any
 * quality change (at once, whatever the deadband), on a GOOD value that moved beyond the point's deadband, and
 * when the point has been silent for its {@code maxSilence}. Shared by every publishing profile.
 *
 * <p>Time is the snapshot's monotonic {@link Snapshot#takenAtNanos()}. Not thread-safe: owned by one
 * publisher thread.
 */
public final class ReportByException {
    private final Map<String, PublishPolicy> policies = new HashMap<>();
    private PublishPolicy[] byIndex;
    private double[] lastValue;
    private Quality[] lastQuality;
    private long[] lastPublishedNanos;

    /** Policies by point id; points without one publish every change and are never re-sent unchanged. */
    public ReportByException(List<PublishPolicy> policies) {
        for (PublishPolicy p : policies) {
            this.policies.put(p.pointId(), p);
        }
    }

    private void init(Snapshot s) {
        int n = s.size();
        byIndex = new PublishPolicy[n];
        for (int i = 0; i < n; i++) {
            String id = s.descriptor(i).id();
            byIndex[i] = policies.getOrDefault(id, PublishPolicy.everyChange(id));
        }
        lastValue = new double[n];
        lastQuality = new Quality[n];
        lastPublishedNanos = new long[n];
        Arrays.fill(lastValue, Double.NaN);
    }

    /**
     * Whether point {@code i} of {@code s} is to be published now; when true, it is recorded as published.
     *
     * @param all publish regardless (rebirth)
     */
    public boolean due(Snapshot s, int i, boolean all) {
        if (byIndex == null) {
            init(s);
        }
        Quality q = s.quality(i);
        double v = s.goodValue(i);
        long now = s.takenAtNanos();
        PublishPolicy p = byIndex[i];
        boolean publish = all || lastQuality[i] != q
                || (q == Quality.GOOD && p.exceedsDeadband(lastValue[i], v))
                || (!p.maxSilence().isZero() && now - lastPublishedNanos[i] >= p.maxSilence().toNanos());
        if (publish) {
            lastQuality[i] = q;
            lastValue[i] = v;
            lastPublishedNanos[i] = now;
        }
        return publish;
    }

    /** The policy applied to point {@code i} (after the first {@link #due} call). */
    public PublishPolicy policy(int i) {
        return byIndex[i];
    }
}
