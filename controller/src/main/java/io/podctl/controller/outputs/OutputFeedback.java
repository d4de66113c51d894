package io.podctl.controller.outputs;

import io.podctl.sensors.Quality;
import io.podctl.sensors.Snapshot;
import java.util.Arrays;
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

    /** How an output fails to follow its command (or does follow it). */
    private static final int FOLLOWS = 0;
    private static final int UNREADABLE = 1;
    private static final int DID_NOT_CLOSE = 2;
    private static final int DID_NOT_OPEN = 3;

    /** No output has feedback. */
    public static final OutputFeedback NONE = new OutputFeedback(List.of());

    private final Wiring[] wirings;
    private final String[] alarmIds;
    private final boolean[] lastCommand;
    private final long[] commandChangedAt;
    private final long[] disagreeingSince;
    /** What is raised per output: {@link #FOLLOWS} when nothing, else the failure and, if unreadable, why. */
    private final int[] raisedFailure;
    private final Quality[] raisedQuality;
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
        Arrays.fill(disagreeingSince, Long.MIN_VALUE); // monotonic time may be negative
        this.raisedFailure = new int[n];
        this.raisedQuality = new Quality[n];
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
            int failure = failure(w, commanded, snapshot);
            if (failure == FOLLOWS) {
                disagreeingSince[k] = Long.MIN_VALUE;
                if (raisedFailure[k] != FOLLOWS) {
                    raisedFailure[k] = FOLLOWS;
                    alarms.clear(alarmIds[k]);
                }
                continue;
            }
            if (disagreeingSince[k] == Long.MIN_VALUE) {
                disagreeingSince[k] = nowNanos;
            }
            long since = Math.max(disagreeingSince[k], commandChangedAt[k]);
            Quality quality = snapshot.quality(w.feedbackPoint());
            if (nowNanos - since >= w.followNanos()
                    && (failure != raisedFailure[k] || (failure == UNREADABLE && quality != raisedQuality[k]))) {
                // Text only when the alarm changes: the loop thread does not allocate while a load stays stuck.
                raisedFailure[k] = failure;
                raisedQuality[k] = quality;
                alarms.raise(alarmIds[k], "feedback of output " + w.outputId(), message(w, failure, quality));
            }
        }
        started = true;
    }

    /** Whether the output follows its command, and if not, how it fails. */
    private static int failure(Wiring w, boolean commanded, Snapshot snapshot) {
        if (!snapshot.isGood(w.feedbackPoint())) {
            return UNREADABLE;
        }
        boolean energized = snapshot.goodValue(w.feedbackPoint()) >= 0.5;
        if (energized == commanded) {
            return FOLLOWS;
        }
        return commanded ? DID_NOT_CLOSE : DID_NOT_OPEN;
    }

    private static String message(Wiring w, int failure, Quality quality) {
        long followMs = w.followNanos() / 1_000_000;
        return switch (failure) {
            case UNREADABLE -> w.outputId() + ": its feedback " + w.feedbackId() + " is " + quality
                    + ", so whether the load follows its command is unknown";
            case DID_NOT_CLOSE -> w.outputId() + " is commanded energized but its feedback " + w.feedbackId()
                    + " still reads de-energized after " + followMs + " ms: the load did not close (coil, wiring, "
                    + "breaker?)";
            default -> w.outputId() + " is commanded de-energized but its feedback " + w.feedbackId()
                    + " still reads energized after " + followMs + " ms: the load did not open (welded contact?); "
                    + "open it upstream";
        };
    }
}
