package io.podctl.controller.safety;

import io.podctl.sensors.Snapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The live state of one voting group: which channels are usable, which are excluded for disagreeing with
 * the others, the representative value (median of the usable channels), and trip votes.
 *
 * <p>A channel is suspect when it lies further than the band from the median of the GOOD channels (itself
 * included; with fewer than three there is no majority);
 * suspect for the exclusion time, it is excluded (as Lenovo's Neptune CDU excludes a supply sensor that
 * disagrees by more than 1 °C for 30 s). With two channels there is no majority to tell which one is wrong:
 * both stay in and the disagreement is only reported. A channel that is not GOOD or is excluded counts as a
 * trip vote (fail-safe), so 2oo3 with one bad channel acts as 1oo2 of the others.
 *
 * <p>Not thread-safe; loop thread. No allocation per cycle except when the degraded description changes.
 */
final class VotingGroup {
    final GroupSpec spec;
    private final int[] channels; // copied once: the spec's accessor clones on every call
    private final String[] channelIds;
    private final int n;
    private final boolean[] good;
    private final boolean[] excluded;
    private final boolean[] suspect;
    private final long[] suspectSince;
    private final long[] clearSince;
    private final double[] values;
    private final double[] scratch;
    private double median = Double.NaN;
    private double spread = Double.NaN;
    private int usable;
    private String degradedReason = "";
    // What the degraded description was last built from: it is rebuilt only when one of these changes.
    private final boolean[] describedGood;
    private final boolean[] describedExcluded;
    private boolean describedDisagreement;
    private boolean described;

    VotingGroup(GroupSpec spec) {
        this.spec = spec;
        this.channels = spec.channels();
        this.channelIds = spec.channelIds();
        this.n = channels.length;
        this.good = new boolean[n];
        this.excluded = new boolean[n];
        this.suspect = new boolean[n];
        this.suspectSince = new long[n];
        this.clearSince = new long[n];
        this.values = new double[n];
        this.scratch = new double[n];
        this.describedGood = new boolean[n];
        this.describedExcluded = new boolean[n];
    }

    /** Updates the group from the snapshot at {@code now} (ns); returns true when the degraded reason changed. */
    boolean update(Snapshot snap, long now) {
        int[] ch = channels;
        for (int i = 0; i < n; i++) {
            good[i] = snap.isGood(ch[i]) && Double.isFinite(snap.goodValue(ch[i]));
            values[i] = good[i] ? snap.goodValue(ch[i]) : Double.NaN;
        }
        if (n >= 3) {
            for (int i = 0; i < n; i++) {
                double ref = referenceFor(i);
                boolean s = good[i] && !Double.isNaN(ref) && Math.abs(values[i] - ref) > spec.band();
                if (s && !suspect[i]) {
                    suspectSince[i] = now;
                }
                if (!s && suspect[i]) {
                    clearSince[i] = now;
                }
                suspect[i] = s;
                if (s && !excluded[i] && now - suspectSince[i] >= spec.exclusionNanos()) {
                    excluded[i] = true;
                } else if (!s && excluded[i] && good[i] && now - clearSince[i] >= spec.exclusionNanos()) {
                    excluded[i] = false;
                }
            }
        }
        usable = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (isUsable(i)) {
                scratch[usable++] = values[i];
                lo = Math.min(lo, values[i]);
                hi = Math.max(hi, values[i]);
            }
        }
        median = usable == 0 ? Double.NaN : median(scratch, usable);
        spread = usable >= 2 ? hi - lo : Double.NaN;
        if (!descriptionInputsChanged()) {
            return false;
        }
        String reason = describeDegraded();
        boolean changed = !reason.equals(degradedReason);
        degradedReason = reason;
        return changed;
    }

    /**
     * Whether anything the degraded description depends on (which channels are GOOD or excluded, whether two
     * channels disagree) changed since it was last built; remembers the new inputs. Keeps the text, and so
     * every allocation, out of the cycles in which nothing changed.
     */
    private boolean descriptionInputsChanged() {
        boolean disagreement = twoChannelsDisagree();
        boolean changed = !described || disagreement != describedDisagreement;
        for (int i = 0; i < n; i++) {
            changed |= good[i] != describedGood[i] || excluded[i] != describedExcluded[i];
            describedGood[i] = good[i];
            describedExcluded[i] = excluded[i];
        }
        describedDisagreement = disagreement;
        described = true;
        return changed;
    }

    private boolean twoChannelsDisagree() {
        return n == 2 && good[0] && good[1] && Math.abs(values[0] - values[1]) > spec.band();
    }

    /** Board indexes of the channels. The group's own array: callers must not change it. */
    int[] channels() {
        return channels;
    }

    /**
     * The median of every GOOD channel, {@code c} included, NaN with fewer than three: with three channels one
     * outlier cannot move it, and because it does not depend on which channels are excluded, whether a channel
     * is suspect depends only on the snapshot, never on how often a snapshot is evaluated.
     */
    private double referenceFor(int c) {
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (good[i]) {
                scratch[k++] = values[i];
            }
        }
        return k < 3 ? Double.NaN : median(scratch, k);
    }

    private static double median(double[] a, int len) {
        Arrays.sort(a, 0, len);
        return len % 2 == 1 ? a[len / 2] : (a[len / 2 - 1] + a[len / 2]) / 2;
    }

    boolean isUsable(int channel) {
        return good[channel] && !excluded[channel];
    }

    /** Median of the usable channels, NaN when none is usable. */
    double representative() {
        return median;
    }

    /** max − min of the usable channels, NaN with fewer than two. */
    double spread() {
        return spread;
    }

    /** Number of usable channels. */
    int usable() {
        return usable;
    }

    /**
     * Trip votes for a level: a usable channel votes when its value is at or above {@code bound} ({@code high})
     * or at or below it; an unusable one votes when {@code badVotes} (fail-safe) is set.
     */
    int votes(boolean high, double bound, boolean badVotes) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            if (isUsable(i) ? high ? values[i] >= bound : values[i] <= bound : badVotes) {
                v++;
            }
        }
        return v;
    }

    /** Votes from unusable channels alone. */
    int badVotes() {
        return n - usable;
    }

    /** Empty when healthy, otherwise why the group is degraded. */
    String degradedReason() {
        return degradedReason;
    }

    /**
     * Why a voted trip acts, for its alarm and latch messages: how many channels vote and which are out, e.g.
     * "2 of 3 channels vote trip: b excluded (disagrees by more than 1.00), c not GOOD". Built only when a message
     * changes.
     *
     * @param votes the trip votes counted this cycle
     */
    String describeTripVotes(int votes) {
        List<String> out = channelsOut();
        return votes + " of " + n + " channels vote trip" + (out.isEmpty() ? "" : ": " + String.join(", ", out));
    }

    /** One phrase per channel that is not GOOD or is excluded. */
    private List<String> channelsOut() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!good[i]) {
                parts.add(channelIds[i] + " not GOOD");
            } else if (excluded[i]) {
                parts.add(channelIds[i] + " excluded (disagrees by more than "
                        + String.format(Locale.ROOT, "%.2f", spec.band()) + ")");
            }
        }
        return parts;
    }

    private String describeDegraded() {
        List<String> parts = channelsOut();
        if (twoChannelsDisagree()) {
            parts.add("the two channels disagree by more than " + String.format(Locale.ROOT, "%.2f", spec.band()));
        }
        if (parts.isEmpty()) {
            return "";
        }
        int remaining = Math.max(0, spec.votesToTrip() - badVotes());
        return String.join(", ", parts) + "; " + spec.architecture() + " now trips on " + remaining + " more vote"
                + (remaining == 1 ? "" : "s") + " of " + usable;
    }
}
