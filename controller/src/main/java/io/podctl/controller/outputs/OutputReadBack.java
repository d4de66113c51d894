package io.podctl.controller.outputs;

import java.time.Duration;
import java.util.Arrays;

/**
 * Checks that every output pin follows its command: the level the GPIO line reads back must be the level the
 * loop drove. A line that does not follow — claimed by another process, a driver fault, a shorted or
 * back-fed pin — means the loop no longer controls that contactor, whichever way it failed; a pin that stays
 * energized after the loop de-energized it is the case that matters. When the read-back disagrees for longer
 * than {@link #BOUND} the alarm {@code output.{outputId}.readback} is raised; it clears when the read-back agrees
 * again.
 *
 * <p>This is the pin itself, distinct from {@link OutputFeedback}, which compares the load (a contactor's
 * auxiliary contact) with the command. The alarm does not latch or act: the loop has already commanded what it
 * can, and the people on site must isolate the load.
 *
 * <p>Threading: loop thread only; nothing is allocated unless an alarm changes.
 */
public final class OutputReadBack {
    /**
     * How long a read-back may disagree before the alarm: long enough to ride over the output supervisor forcing
     * the pins safe between the loop's write and its read-back (the loop latches a trip the next cycle and
     * agrees again), short enough to be a few cycles.
     */
    public static final Duration BOUND = Duration.ofMillis(250);

    private final OutputBank outputs;
    private final String[] alarmIds;
    private final long[] disagreeingSince;
    private final boolean[] raised;
    private final long boundNanos;

    /** Checks every output of {@code outputs}. */
    public OutputReadBack(OutputBank outputs) {
        this.outputs = outputs;
        int n = outputs.size();
        this.alarmIds = new String[n];
        for (int o = 0; o < n; o++) {
            alarmIds[o] = alarmId(outputs.ids().get(o));
        }
        this.disagreeingSince = new long[n];
        Arrays.fill(disagreeingSince, Long.MIN_VALUE); // monotonic time may be negative
        this.raised = new boolean[n];
        this.boundNanos = BOUND.toNanos();
    }

    /** The alarm id for output {@code outputId}'s read-back. */
    public static String alarmId(String outputId) {
        return "output." + outputId + ".readback";
    }

    /**
     * Compares each output's read-back with its command, as the loop applied them this cycle.
     *
     * @param nowNanos the cycle's monotonic time, ns
     */
    public void check(long nowNanos, OutputFeedback.Alarms alarms) {
        for (int o = 0; o < alarmIds.length; o++) {
            if (!outputs.readBackDisagrees(o)) {
                disagreeingSince[o] = Long.MIN_VALUE;
                if (raised[o]) {
                    raised[o] = false;
                    alarms.clear(alarmIds[o]);
                }
                continue;
            }
            if (disagreeingSince[o] == Long.MIN_VALUE) {
                disagreeingSince[o] = nowNanos;
            }
            if (!raised[o] && nowNanos - disagreeingSince[o] >= boundNanos) {
                raised[o] = true;
                alarms.raise(alarmIds[o], "read-back of output " + outputs.ids().get(o), message(o));
            }
        }
    }

    private String message(int o) {
        boolean commanded = outputs.commanded(o);
        return outputs.ids().get(o) + " is commanded " + level(commanded) + " but its pin reads back "
                + level(!commanded) + " for more than " + BOUND.toMillis() + " ms: the GPIO line does not follow"
                + " (claimed by another process, a driver fault, a shorted pin?)"
                + (commanded ? "" : "; the load may still be powered: isolate it upstream");
    }

    private static String level(boolean energized) {
        return energized ? "energized" : "de-energized";
    }
}
