package io.podctl.controller.outputs;

import io.podctl.sensors.Snapshot;
import java.util.List;
import java.util.Objects;

/**
 * Checks that outputs with a wired feedback (a contactor's auxiliary contact, read as a GPIO input point) follow
 * their command. Setting the pin proves nothing about the load: a welded contactor keeps a rack powered after a
 * trip, a dead coil or an open breaker leaves it dark. When the feedback disagrees with what the loop commanded
 * — or cannot be read — for longer than the output's follow time, counted from the later of the last command
 * change and the start of the disagreement, an alarm says which way it failed; it clears once the feedback
 * agrees again.
 *
 * <p>The alarm id is {@code output.{outputId}.feedback}. It does not latch or act on anything: the safety
 * function has already done what software can do (the pin is de-energized), and the people on site must now
 * open the upstream breaker. A feedback input is active (1) while the load is energized.
 *
 * <p>Threading: loop thread only.
 */
public final class OutputFeedback {

    /**
     * One output with a feedback input.
     *
     * @param output        the output's index in the {@link OutputBank}
     * @param outputId      its id
     * @param feedbackPoint the feedback input's index on the sample board
     * @param feedbackId    the feedback input's point id
     * @param followNanos   how long the feedback may disagree before the alarm, ns
     */
    public record Wiring(int output, String outputId, int feedbackPoint, String feedbackId, long followNanos) {
        public Wiring {
            Objects.requireNonNull(outputId, "outputId");
            Objects.requireNonNull(feedbackId, "feedbackId");
            if (followNanos < 0) {
                throw new IllegalArgumentException("follow time must not be negative: " + followNanos);
            }
        }
    }

    /** Where the alarms go (the safety engine's controller alarms). */
    public interface Alarms {
        /** Raises or updates alarm {@code id}. */
        void raise(String id, String description, String message);

        /** Clears alarm {@code id}'s condition. */
        void clear(String id);
    }

    /** No output has feedback. */
    public static final OutputFeedback NONE = new OutputFeedback(List.of());

    private final Wiring[] wirings;
    private final String[] alarmIds;
    private final boolean[] lastCommand;
    private final long[] commandChangedAt;
    private final long[] disagreeingSince;
    private final String[] raisedMessage;
    private boolean started;

    /** Checks the given outputs. */
    public OutputFeedback(List<Wiring> wirings) {
        this.wirings = wirings.toArray(Wiring[]::new);
        int n = this.wirings.length;
        this.alarmIds = new String[n];
        for (int k = 0; k < n; k++) {
            alarmIds[k] = alarmId(this.wirings[k].outputId());
        }
        this.lastCommand = new boolean[n];
        this.commandChangedAt = new long[n];
        this.disagreeingSince = new long[n];
        this.raisedMessage = new String[n];
    }

    /** The alarm id for output {@code outputId}'s feedback. */
    public static String alarmId(String outputId) {
        return "output." + outputId + ".feedback";
    }

    /**
     * Compares every wired output's command with its feedback in {@code snapshot}. Call once per cycle, after
     * the outputs were applied.
     *
     * @param nowNanos the cycle's monotonic time, ns
     */
    public void check(Snapshot snapshot, OutputBank outputs, long nowNanos, Alarms alarms) {
        for (int k = 0; k < wirings.length; k++) {
            Wiring w = wirings[k];
            boolean commanded = outputs.commanded(w.output());
            if (!started || commanded != lastCommand[k]) {
                lastCommand[k] = commanded;
                commandChangedAt[k] = nowNanos;
            }
            String problem = problem(w, commanded, snapshot);
            if (problem == null) {
                disagreeingSince[k] = Long.MIN_VALUE;
                if (raisedMessage[k] != null) {
                    raisedMessage[k] = null;
                    alarms.clear(alarmIds[k]);
                }
                continue;
            }
            if (disagreeingSince[k] == Long.MIN_VALUE) {
                disagreeingSince[k] = nowNanos;
            }
            long since = Math.max(disagreeingSince[k], commandChangedAt[k]);
            if (nowNanos - since >= w.followNanos() && !problem.equals(raisedMessage[k])) {
                raisedMessage[k] = problem;
                alarms.raise(alarmIds[k], "feedback of output " + w.outputId(), problem);
            }
        }
        started = true;
    }

    /** Why the output does not follow, or null when it does. */
    private static String problem(Wiring w, boolean commanded, Snapshot snapshot) {
        long followMs = w.followNanos() / 1_000_000;
        if (!snapshot.isGood(w.feedbackPoint())) {
            return w.outputId() + ": its feedback " + w.feedbackId() + " is " + snapshot.quality(w.feedbackPoint())
                    + ", so whether the load follows its command is unknown";
        }
        boolean energized = snapshot.goodValue(w.feedbackPoint()) >= 0.5;
        if (energized == commanded) {
            return null;
        }
        return commanded
                ? w.outputId() + " is commanded energized but its feedback " + w.feedbackId() + " still reads "
                        + "de-energized after " + followMs + " ms: the load did not close (coil, wiring, breaker?)"
                : w.outputId() + " is commanded de-energized but its feedback " + w.feedbackId() + " still reads "
                        + "energized after " + followMs + " ms: the load did not open (welded contact?); open it "
                        + "upstream";
    }
}
