package io.podctl.controller.mqtt;

import io.podctl.hal.Clock;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.TextBoard;
import io.podctl.sensors.TextSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which text points (serial numbers, firmware versions) a publisher must publish now: each on first sight,
 * whenever its text or quality changed (turning STALE included), and all of them on a rebirth. Text changes
 * rarely, so there is no deadband and no maximum silence. Shared by every publishing profile.
 *
 * <p>Reads the {@link TextBoard} directly: the pollers write it, and text never passes through the loop. Not
 * thread-safe: owned by one publisher thread.
 */
public final class TextChanges {
    private final TextBoard board;
    private final Clock clock;
    private final TextSample[] last;

    /**
     * One text point to publish.
     *
     * @param point  its descriptor (the id is {@code {device}.{point}})
     * @param sample its reading now (no text unless GOOD)
     */
    public record Due(PointDescriptor point, TextSample sample) {
    }

    /** Changes of {@code board}, judging staleness with {@code clock} (the pollers' clock). */
    public TextChanges(TextBoard board, Clock clock) {
        this.board = Objects.requireNonNull(board, "board");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.last = new TextSample[board.size()];
    }

    /** No text points. */
    public static TextChanges none() {
        return new TextChanges(TextBoard.empty(), Clock.system());
    }

    /** The points on the board. */
    public int size() {
        return board.size();
    }

    /**
     * The points to publish now, recorded as published; empty (not allocated) when none is due.
     *
     * @param all every point (a rebirth, a birth certificate)
     */
    public List<Due> due(boolean all) {
        return collect(all, p -> true);
    }

    /** Every point {@code which} accepts, with its reading now, recorded as published: a device's birth. */
    public List<Due> all(Predicate<PointDescriptor> which) {
        return collect(true, which);
    }

    private List<Due> collect(boolean all, Predicate<PointDescriptor> which) {
        List<Due> out = List.of();
        long now = clock.nanoTime();
        for (int i = 0; i < last.length; i++) {
            if (!which.test(board.descriptor(i))) {
                continue;
            }
            TextSample s = board.read(i, now);
            TextSample before = last[i];
            boolean changed = before == null || before.quality() != s.quality()
                    || !Objects.equals(before.text(), s.text());
            if (!all && !changed) {
                continue;
            }
            last[i] = s;
            if (out.isEmpty()) {
                out = new ArrayList<>();
            }
            out.add(new Due(board.descriptor(i), s));
        }
        return out;
    }
}
