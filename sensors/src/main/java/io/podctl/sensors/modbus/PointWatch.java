package io.podctl.sensors.modbus;

import io.podctl.sensors.Quality;
import io.podctl.sensors.SuspectValues;
import io.podctl.sensors.SuspectValues.Kind;
import io.podctl.sensors.SuspectValues.Suspect;

/**
 * What one point's successive samples show beyond what a single sample does, judged on the polling thread
 * after {@link PointDecoder#quality}:
 *
 * <ul>
 *   <li><b>Implausible floats</b> ({@link Plausibility}): {@link Quality#INVALID}, and a
 *       {@link Kind#IMPLAUSIBLE} suspect while they last.</li>
 *   <li><b>Frozen values</b>: with {@link ModbusPointSpec#frozenAfter()} N &gt; 0, a value unchanged over its
 *       last N successful samples is {@link Quality#FROZEN} instead of GOOD until it changes (failed polls in
 *       between neither count nor reset the run).</li>
 *   <li><b>Counters</b> ({@link ModbusPointSpec#counter()}): a GOOD sample below the highest value accepted is
 *       {@link Quality#INVALID} ("went backwards"), with a {@link Kind#COUNTER_BACKWARDS} suspect. It stays so
 *       until the counter is back at that value (a device that restarted and restored its total) or has risen
 *       in {@value #REBASE_RISES} consecutive samples from its new base (a counter that was reset or replaced
 *       and counts again), which is then accepted as the new base. A device serving zeros after a restart
 *       never rises, so it is never accepted.</li>
 * </ul>
 *
 * <p>Allocation-free except when a suspect starts or ends (its text is built then). Not thread-safe: the
 * polling thread alone uses it.
 */
final class PointWatch {
    /** Consecutive rising samples after which a counter that went backwards is accepted from its new base. */
    static final int REBASE_RISES = 10;

    private final ModbusPointSpec spec;
    private final SuspectValues suspects;
    private final double ceiling;
    // frozen values
    private long lastBits;
    private int unchangedRuns;
    // counters
    private boolean counting;
    private double highest;
    private boolean backwards;
    private double lastBackwards;
    private int rises;
    // suspects raised
    private boolean implausibleRaised;

    PointWatch(ModbusPointSpec spec, SuspectValues suspects) {
        this.spec = spec;
        this.suspects = suspects;
        this.ceiling = Plausibility.ceiling(spec.unit());
    }

    /**
     * The quality of a successfully read sample: {@code q} from {@link PointDecoder#quality} for {@code value}
     * decoded from {@code raw[offset...]}, judged further as the class comment says.
     */
    Quality judge(int[] raw, int offset, double value, Quality q) {
        if (q == Quality.INVALID) {
            return q;
        }
        Plausibility p = Plausibility.of(spec, raw, offset, ceiling);
        if (p != Plausibility.PLAUSIBLE) {
            if (!implausibleRaised) {
                implausibleRaised = true;
                float f = spec.type() == PointType.FLOAT32
                        ? Float.intBitsToFloat((int) PointDecoder.combine(raw, offset, 2, spec.wordOrder())) : 0;
                String read = spec.type() == PointType.FLOAT32 ? Float.toString(f) : Double.toString(
                        Double.longBitsToDouble(PointDecoder.combine(raw, offset, 4, spec.wordOrder())));
                suspects.raise(new Suspect(spec.pointId(), Kind.IMPLAUSIBLE, spec.pointId() + " read " + read
                        + (spec.unit().isEmpty() ? "" : " (" + spec.unit() + ")") + ", " + p.why()
                        + ": is its address off by one, or its word order wrong? The value is not used"));
            }
            return Quality.INVALID;
        }
        if (implausibleRaised) {
            implausibleRaised = false;
            suspects.clear(spec.pointId(), Kind.IMPLAUSIBLE);
        }
        if (spec.frozenAfter() > 0) {
            long bits = Double.doubleToRawLongBits(value);
            if (unchangedRuns > 0 && bits == lastBits) {
                unchangedRuns = Math.min(unchangedRuns + 1, Integer.MAX_VALUE - 1);
            } else {
                unchangedRuns = 1;
                lastBits = bits;
            }
            if (q == Quality.GOOD && unchangedRuns >= spec.frozenAfter()) {
                q = Quality.FROZEN;
            }
        }
        if (spec.counter() && q == Quality.GOOD) {
            q = counter(value);
        }
        return q;
    }

    private Quality counter(double value) {
        if (!counting) {
            counting = true;
            highest = value;
            return Quality.GOOD;
        }
        if (!backwards) {
            if (value >= highest) {
                highest = value;
                return Quality.GOOD;
            }
            backwards = true;
            lastBackwards = value;
            rises = 0;
            suspects.raise(new Suspect(spec.pointId(), Kind.COUNTER_BACKWARDS, spec.pointId() + " went backwards from "
                    + highest + " to " + value + unitSuffix() + ": a device that restarted and serves zeros, or a "
                    + "counter that was reset. Not used until it is back at " + highest + " or has risen in "
                    + REBASE_RISES + " samples in a row"));
            return Quality.INVALID;
        }
        if (value >= highest) {
            return accept(value);
        }
        rises = value > lastBackwards ? rises + 1 : 0;
        lastBackwards = value;
        if (rises >= REBASE_RISES) {
            return accept(value); // reset or replaced, and counting again: its new base
        }
        return Quality.INVALID;
    }

    private Quality accept(double value) {
        backwards = false;
        highest = value;
        suspects.clear(spec.pointId(), Kind.COUNTER_BACKWARDS);
        return Quality.GOOD;
    }

    private String unitSuffix() {
        return spec.unit().isEmpty() ? "" : " " + spec.unit();
    }
}
